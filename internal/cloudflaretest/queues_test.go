package cloudflaretest_test

import (
	"net/http"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/cloudflare/cloudflare-go/v6/queues"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cfapi/queuelimits"
	"github.com/dome/dome-infra/internal/cloudflaretest"
)

func TestQueueLifecycle(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()

	q, err := client.Queues.New(ctx, queues.QueueNewParams{AccountID: acct, QueueName: cloudflare.F("orders")})
	require.NoError(t, err)
	assert.Equal(t, "orders", q.QueueName)
	assert.Regexp(t, `^[0-9a-f]{32}$`, q.QueueID)
	assert.NotEmpty(t, q.CreatedOn)
	assert.EqualValues(t, 345600, q.Settings.MessageRetentionPeriod)
	assert.Empty(t, q.Consumers)
	assert.Zero(t, q.ConsumersTotalCount)

	_, err = client.Queues.New(ctx, queues.QueueNewParams{AccountID: acct, QueueName: cloudflare.F("orders")})
	requireAPIError(t, err, http.StatusConflict, 0)

	updated, err := client.Queues.Update(ctx, q.QueueID, queues.QueueUpdateParams{AccountID: acct, Queue: queues.QueueParam{
		QueueName: cloudflare.F("orders"),
		Settings:  cloudflare.F(queues.QueueSettingsParam{DeliveryDelay: cloudflare.F(30.0), MessageRetentionPeriod: cloudflare.F(3600.0)}),
	}})
	require.NoError(t, err)
	assert.EqualValues(t, 30, updated.Settings.DeliveryDelay)
	assert.EqualValues(t, 3600, updated.Settings.MessageRetentionPeriod)

	// PATCH merges: retention stays, delay changes.
	edited, err := client.Queues.Edit(ctx, q.QueueID, queues.QueueEditParams{AccountID: acct, Queue: queues.QueueParam{
		Settings: cloudflare.F(queues.QueueSettingsParam{DeliveryDelay: cloudflare.F(5.0)}),
	}})
	require.NoError(t, err)
	assert.EqualValues(t, 5, edited.Settings.DeliveryDelay)
	assert.EqualValues(t, 3600, edited.Settings.MessageRetentionPeriod)

	// PUT replaces: omitted settings go back to their defaults.
	replaced, err := client.Queues.Update(ctx, q.QueueID, queues.QueueUpdateParams{AccountID: acct, Queue: queues.QueueParam{QueueName: cloudflare.F("orders")}})
	require.NoError(t, err)
	assert.Zero(t, replaced.Settings.DeliveryDelay)
	assert.EqualValues(t, 345600, replaced.Settings.MessageRetentionPeriod)

	_, err = client.Queues.Edit(ctx, q.QueueID, queues.QueueEditParams{AccountID: acct, Queue: queues.QueueParam{
		Settings: cloudflare.F(queues.QueueSettingsParam{MessageRetentionPeriod: cloudflare.F(1.0)}),
	}})
	requireAPIError(t, err, http.StatusBadRequest, 0)

	got, err := client.Queues.Get(ctx, q.QueueID, queues.QueueGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, "orders", got.QueueName)

	_, err = client.Queues.Delete(ctx, q.QueueID, queues.QueueDeleteParams{AccountID: acct})
	require.NoError(t, err)
	_, err = client.Queues.Get(ctx, q.QueueID, queues.QueueGetParams{AccountID: acct})
	requireAPIError(t, err, http.StatusNotFound, 11000)
	assert.Empty(t, s.Queues(cloudflaretest.AccountID))
}

func TestQueueList(t *testing.T) {
	s, client := start(t)
	for _, name := range []string{"a", "b", "c"} {
		s.SeedQueue(cloudflaretest.AccountID, name)
	}
	var names []string
	pager := client.Queues.ListAutoPaging(t.Context(), queues.QueueListParams{AccountID: acct})
	for pager.Next() {
		names = append(names, pager.Current().QueueName)
	}
	require.NoError(t, pager.Err())
	assert.Equal(t, []string{"a", "b", "c"}, names)

	// The SDK's list is a single page; page/per_page are still honoured.
	page, err := client.Queues.List(t.Context(), queues.QueueListParams{AccountID: acct},
		option.WithQuery("per_page", "2"), option.WithQuery("page", "2"))
	require.NoError(t, err)
	require.Len(t, page.Result, 1)
	assert.Equal(t, "c", page.Result[0].QueueName)
}

func workerConsumer(script string, batch float64, dlq string) queues.ConsumerNewParams {
	body := queues.ConsumerNewParamsBodyMqWorkerConsumer{
		ScriptName: cloudflare.F(script),
		Type:       cloudflare.F(queues.ConsumerNewParamsBodyMqWorkerConsumerTypeWorker),
		Settings: cloudflare.F(queues.ConsumerNewParamsBodyMqWorkerConsumerSettings{
			BatchSize: cloudflare.F(batch), MaxRetries: cloudflare.F(5.0), MaxWaitTimeMs: cloudflare.F(2000.0),
			RetryDelay: cloudflare.F(10.0), MaxConcurrency: cloudflare.F(4.0),
		}),
	}
	if dlq != "" {
		body.DeadLetterQueue = cloudflare.F(dlq)
	}
	return queues.ConsumerNewParams{AccountID: acct, Body: body}
}

func TestConsumerLifecycle(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()
	qid := s.SeedQueue(cloudflaretest.AccountID, "jobs")

	created, err := client.Queues.Consumers.New(ctx, qid, workerConsumer("job-runner", 25, "jobs-dlq"))
	require.NoError(t, err)
	assert.Equal(t, "job-runner", created.Script)
	assert.Equal(t, queues.ConsumerTypeWorker, created.Type)
	assert.Equal(t, qid, created.QueueID)
	w, ok := created.AsUnion().(queues.ConsumerMqWorkerConsumer)
	require.True(t, ok, "worker consumer decodes as ConsumerMqWorkerConsumer, got %T", created.AsUnion())
	assert.EqualValues(t, 25, w.Settings.BatchSize)
	assert.EqualValues(t, 5, w.Settings.MaxRetries)
	assert.EqualValues(t, 2000, w.Settings.MaxWaitTimeMs)
	assert.EqualValues(t, 10, w.Settings.RetryDelay)
	assert.EqualValues(t, 4, w.Settings.MaxConcurrency)
	assert.Contains(t, created.JSON.RawJSON(), `"dead_letter_queue":"jobs-dlq"`)

	_, ok = s.QueueByName(cloudflaretest.AccountID, "jobs-dlq")
	assert.True(t, ok, "a missing dead letter queue is created")

	// One consumer per queue.
	_, err = client.Queues.Consumers.New(ctx, qid, workerConsumer("other-worker", 10, ""))
	requireAPIError(t, err, http.StatusConflict, 0)
	assert.Contains(t, errorMessage(t, err), "job-runner")
	assert.Equal(t, 2, s.Count("POST", "/accounts/*/queues/*/consumers"), "the 409 is not retried")

	q, err := client.Queues.Get(ctx, qid, queues.QueueGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.EqualValues(t, 1, q.ConsumersTotalCount)
	require.Len(t, q.Consumers, 1)
	assert.Equal(t, created.ConsumerID, q.Consumers[0].ConsumerID)

	list, err := client.Queues.Consumers.List(ctx, qid, queues.ConsumerListParams{AccountID: acct})
	require.NoError(t, err)
	require.Len(t, list.Result, 1)

	got, err := client.Queues.Consumers.Get(ctx, qid, created.ConsumerID, queues.ConsumerGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, "job-runner", got.Script)

	updated, err := client.Queues.Consumers.Update(ctx, qid, created.ConsumerID, queues.ConsumerUpdateParams{
		AccountID: acct,
		Body: queues.ConsumerUpdateParamsBodyMqWorkerConsumer{
			ScriptName: cloudflare.F("job-runner"),
			Type:       cloudflare.F(queues.ConsumerUpdateParamsBodyMqWorkerConsumerTypeWorker),
			Settings:   cloudflare.F(queues.ConsumerUpdateParamsBodyMqWorkerConsumerSettings{BatchSize: cloudflare.F(50.0)}),
		},
	})
	require.NoError(t, err)
	uw := updated.AsUnion().(queues.ConsumerMqWorkerConsumer)
	assert.EqualValues(t, 50, uw.Settings.BatchSize)
	assert.EqualValues(t, 3, uw.Settings.MaxRetries, "PUT resets omitted settings to defaults")

	// Drift behind the client's back.
	require.NoError(t, s.UpdateConsumerSettings(cloudflaretest.AccountID, qid, created.ConsumerID,
		cloudflaretest.ConsumerSettings{BatchSize: 99, MaxRetries: 1, MaxWaitTimeMs: 100}))
	got, err = client.Queues.Consumers.Get(ctx, qid, created.ConsumerID, queues.ConsumerGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.EqualValues(t, 99, got.AsUnion().(queues.ConsumerMqWorkerConsumer).Settings.BatchSize)

	_, err = client.Queues.Consumers.Delete(ctx, qid, created.ConsumerID, queues.ConsumerDeleteParams{AccountID: acct})
	require.NoError(t, err)
	_, err = client.Queues.Consumers.Get(ctx, qid, created.ConsumerID, queues.ConsumerGetParams{AccountID: acct})
	requireAPIError(t, err, http.StatusNotFound, 0)
	assert.Empty(t, s.Consumers(cloudflaretest.AccountID, qid))

	// With the consumer gone, a new one may attach.
	_, err = client.Queues.Consumers.New(ctx, qid, workerConsumer("other-worker", 10, ""))
	require.NoError(t, err)
}

// TestConsumerDefaults: a worker consumer created without settings reports Cloudflare's
// documented defaults (developers.cloudflare.com/queues/configuration/batching-retries/:
// batch size 10, 3 retries, 5 s batch wait, no retry delay; no max_concurrency, i.e.
// automatic scaling), which are cfapi's, the one definition the provider uses too.
func TestConsumerDefaults(t *testing.T) {
	s, client := start(t)
	qid := s.SeedQueue(cloudflaretest.AccountID, "defaults")
	created, err := client.Queues.Consumers.New(t.Context(), qid, queues.ConsumerNewParams{
		AccountID: acct,
		Body: queues.ConsumerNewParamsBodyMqWorkerConsumer{
			ScriptName: cloudflare.F("w"),
			Type:       cloudflare.F(queues.ConsumerNewParamsBodyMqWorkerConsumerTypeWorker),
		},
	})
	require.NoError(t, err)
	w := created.AsUnion().(queues.ConsumerMqWorkerConsumer)
	assert.EqualValues(t, 10, w.Settings.BatchSize)
	assert.EqualValues(t, 3, w.Settings.MaxRetries)
	assert.EqualValues(t, 5000, w.Settings.MaxWaitTimeMs)
	assert.EqualValues(t, 0, w.Settings.RetryDelay)
	assert.True(t, w.Settings.JSON.MaxConcurrency.IsNull(), "no max_concurrency: automatic scaling")

	assert.Equal(t, cloudflaretest.ConsumerSettings{
		BatchSize:           queuelimits.QueueConsumerDefaultBatchSize,
		MaxRetries:          queuelimits.QueueConsumerDefaultMaxRetries,
		MaxWaitTimeMs:       queuelimits.QueueConsumerDefaultMaxWaitTimeMs,
		RetryDelay:          queuelimits.QueueConsumerDefaultRetryDelay,
		VisibilityTimeoutMs: 30000,
	}, s.Consumers(cloudflaretest.AccountID, qid)[0].Settings)
}

func TestConsumerOnMissingQueue(t *testing.T) {
	_, client := start(t)
	_, err := client.Queues.Consumers.New(t.Context(), "0123456789abcdef0123456789abcdef", workerConsumer("w", 10, ""))
	requireAPIError(t, err, http.StatusNotFound, 11000)
}

func TestHTTPPullConsumer(t *testing.T) {
	s, client := start(t)
	qid := s.SeedQueue(cloudflaretest.AccountID, "pull")
	c, err := client.Queues.Consumers.New(t.Context(), qid, queues.ConsumerNewParams{AccountID: acct, Body: queues.ConsumerNewParamsBodyMqHTTPConsumer{
		Type:     cloudflare.F(queues.ConsumerNewParamsBodyMqHTTPConsumerTypeHTTPPull),
		Settings: cloudflare.F(queues.ConsumerNewParamsBodyMqHTTPConsumerSettings{VisibilityTimeoutMs: cloudflare.F(60000.0)}),
	}})
	require.NoError(t, err)
	assert.Equal(t, queues.ConsumerTypeHTTPPull, c.Type)
	assert.Contains(t, c.JSON.RawJSON(), `"visibility_timeout_ms":60000`)
	assert.Empty(t, c.Script)
}

func TestSeedConsumer(t *testing.T) {
	s, client := start(t)
	qid := s.SeedQueue(cloudflaretest.AccountID, "seeded")
	cid, err := s.SeedConsumer(cloudflaretest.AccountID, qid, cloudflaretest.ConsumerState{ScriptName: "w", Settings: cloudflaretest.ConsumerSettings{BatchSize: 7}})
	require.NoError(t, err)
	_, err = s.SeedConsumer(cloudflaretest.AccountID, qid, cloudflaretest.ConsumerState{ScriptName: "w2"})
	require.Error(t, err, "one consumer per queue applies to seeding too")

	got, err := client.Queues.Consumers.Get(t.Context(), qid, cid, queues.ConsumerGetParams{AccountID: acct})
	require.NoError(t, err)
	settings := got.AsUnion().(queues.ConsumerMqWorkerConsumer).Settings
	assert.EqualValues(t, 7, settings.BatchSize)
	assert.EqualValues(t, 3, settings.MaxRetries)

	require.NoError(t, s.UpdateQueueSettings(cloudflaretest.AccountID, qid, cloudflaretest.QueueSettings{DeliveryDelay: 9, MessageRetentionPeriod: 60}))
	q, err := client.Queues.Get(t.Context(), qid, queues.QueueGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.EqualValues(t, 9, q.Settings.DeliveryDelay)

	assert.True(t, s.DeleteConsumer(cloudflaretest.AccountID, qid, cid))
	assert.True(t, s.DeleteQueue(cloudflaretest.AccountID, qid))
	_, err = client.Queues.Get(t.Context(), qid, queues.QueueGetParams{AccountID: acct})
	requireAPIError(t, err, http.StatusNotFound, 11000)
}
