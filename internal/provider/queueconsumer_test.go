package provider

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/queues"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func validConsumerInputs() map[string]any {
	return map[string]any{
		"accountId":       "acc",
		"queueId":         "q-123",
		"scriptName":      "silo",
		"batchSize":       10,
		"maxRetries":      3,
		"maxWaitTimeMs":   5000,
		"retryDelay":      30,
		"maxConcurrency":  5,
		"deadLetterQueue": "dome-jobs-dlq",
	}
}

func checkConsumer(ctx context.Context, in map[string]any) ([]p.CheckFailure, error) {
	resp, err := (&QueueConsumer{}).Check(ctx, infer.CheckRequest{Name: "c", NewInputs: props(in)})
	return resp.Failures, err
}

func TestQueueConsumerCheck(t *testing.T) {
	runCheckCases(t, checkConsumer, validConsumerInputs(), []checkCase{
		{name: "valid"},
		{name: "only required", mutate: map[string]any{
			"batchSize": nil, "maxRetries": nil, "maxWaitTimeMs": nil, "retryDelay": nil,
			"maxConcurrency": nil, "deadLetterQueue": nil,
		}},
		{name: "missing script", mutate: map[string]any{"scriptName": nil}, wantProps: []string{"scriptName"}},
		{name: "bad script", mutate: map[string]any{"scriptName": "Silo"}, wantProps: []string{"scriptName"}},
		{name: "empty queue", mutate: map[string]any{"queueId": ""}, wantProps: []string{"queueId"}},
		{name: "batch 0", mutate: map[string]any{"batchSize": 0}, wantProps: []string{"batchSize"}, wantIn: "between 1 and 100"},
		{name: "batch 101", mutate: map[string]any{"batchSize": 101}, wantProps: []string{"batchSize"}},
		{name: "batch 100 ok", mutate: map[string]any{"batchSize": 100}},
		{name: "retries 101", mutate: map[string]any{"maxRetries": 101}, wantProps: []string{"maxRetries"}},
		{name: "retries 0 ok", mutate: map[string]any{"maxRetries": 0}},
		{name: "wait 60001", mutate: map[string]any{"maxWaitTimeMs": 60001}, wantProps: []string{"maxWaitTimeMs"}},
		{name: "wait negative", mutate: map[string]any{"maxWaitTimeMs": -1}, wantProps: []string{"maxWaitTimeMs"}},
		{name: "retry delay above 12h", mutate: map[string]any{"retryDelay": 43201}, wantProps: []string{"retryDelay"}},
		{name: "concurrency 0", mutate: map[string]any{"maxConcurrency": 0}, wantProps: []string{"maxConcurrency"}},
		{name: "concurrency 251", mutate: map[string]any{"maxConcurrency": 251}, wantProps: []string{"maxConcurrency"}},
		{name: "bad dead letter queue", mutate: map[string]any{"deadLetterQueue": "DLQ!"}, wantProps: []string{"deadLetterQueue"}},
		{name: "unknown script during preview", mutate: map[string]any{"scriptName": unknown, "queueId": unknown}},
	})
}

func consumerArgs(t *testing.T) QueueConsumerArgs {
	t.Helper()
	resp, err := (&QueueConsumer{}).Check(context.Background(), infer.CheckRequest{NewInputs: props(validConsumerInputs())})
	require.NoError(t, err)
	require.Empty(t, resp.Failures)
	return resp.Inputs
}

func TestQueueConsumerDiff(t *testing.T) {
	base := consumerArgs(t)
	state := QueueConsumerState{QueueConsumerArgs: base, ConsumerID: "c-1", QueueName: "dome-jobs"}

	d := diffQueueConsumer(state, base)
	assert.False(t, d.HasChanges)
	assert.Empty(t, d.DetailedDiff)

	in := consumerArgs(t)
	in.BatchSize = ptr(10) // different pointer, same value
	assert.False(t, diffQueueConsumer(state, in).HasChanges)

	cases := []struct {
		name   string
		mutate func(*QueueConsumerArgs)
		prop   string
		kind   p.DiffKind
	}{
		{"account replaces", func(a *QueueConsumerArgs) { a.AccountID = "other" }, "accountId", p.UpdateReplace},
		{"queue replaces", func(a *QueueConsumerArgs) { a.QueueID = "q-2" }, "queueId", p.UpdateReplace},
		{"script updates in place", func(a *QueueConsumerArgs) { a.ScriptName = "silo-2" }, "scriptName", p.Update},
		{"batch size", func(a *QueueConsumerArgs) { a.BatchSize = ptr(50) }, "batchSize", p.Update},
		{"retries removed", func(a *QueueConsumerArgs) { a.MaxRetries = nil }, "maxRetries", p.Delete},
		{"wait", func(a *QueueConsumerArgs) { a.MaxWaitTimeMs = ptr(1) }, "maxWaitTimeMs", p.Update},
		{"delay", func(a *QueueConsumerArgs) { a.RetryDelay = ptr(1) }, "retryDelay", p.Update},
		{"concurrency", func(a *QueueConsumerArgs) { a.MaxConcurrency = ptr(1) }, "maxConcurrency", p.Update},
		{"dlq", func(a *QueueConsumerArgs) { a.DeadLetterQueue = ptr("other-dlq") }, "deadLetterQueue", p.Update},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := consumerArgs(t)
			tc.mutate(&in)
			d := diffQueueConsumer(state, in)
			require.Equal(t, map[string]p.PropertyDiff{tc.prop: {Kind: tc.kind}}, d.DetailedDiff)
			assert.False(t, d.DeleteBeforeReplace)
		})
	}

	t.Run("added setting", func(t *testing.T) {
		st := state
		st.BatchSize = nil
		d := diffQueueConsumer(st, base)
		assert.Equal(t, p.Add, d.DetailedDiff["batchSize"].Kind)
	})
}

func TestConsumerBodies(t *testing.T) {
	in := consumerArgs(t)
	body, err := json.Marshal(queues.ConsumerNewParams{AccountID: cloudflare.F("acc"), Body: consumerNewBody(in)})
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"script_name": "silo",
		"type": "worker",
		"dead_letter_queue": "dome-jobs-dlq",
		"settings": {"batch_size": 10, "max_retries": 3, "max_wait_time_ms": 5000, "retry_delay": 30, "max_concurrency": 5}
	}`, string(body))

	in.BatchSize, in.MaxConcurrency, in.DeadLetterQueue = nil, nil, nil
	body, err = json.Marshal(queues.ConsumerUpdateParams{AccountID: cloudflare.F("acc"), Body: consumerUpdateBody(in)})
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"script_name": "silo",
		"type": "worker",
		"settings": {"max_retries": 3, "max_wait_time_ms": 5000, "retry_delay": 30}
	}`, string(body), "unset settings are omitted")
}

func TestMergeRemoteConsumer(t *testing.T) {
	var c queues.Consumer
	require.NoError(t, json.Unmarshal([]byte(`{
		"consumer_id": "c-1", "queue_id": "q-123", "script": "silo", "type": "worker",
		"dead_letter_queue": "dome-jobs-dlq",
		"settings": {"batch_size": 10, "max_retries": 3, "max_wait_time_ms": 5000, "retry_delay": 0}
	}`), &c))

	prev := consumerArgs(t)
	prev.RetryDelay = nil // not declared: Cloudflare's value is not adopted
	got := mergeRemoteConsumer("acc", "q-123", &c, prev, false)
	assert.Equal(t, QueueConsumerArgs{
		AccountID: "acc", QueueID: "q-123", ScriptName: "silo",
		BatchSize: ptr(10), MaxRetries: ptr(3), MaxWaitTimeMs: ptr(5000),
		DeadLetterQueue: ptr("dome-jobs-dlq"),
	}, got)

	imported := mergeRemoteConsumer("acc", "q-123", &c, QueueConsumerArgs{}, true)
	assert.Equal(t, ptr(0), imported.RetryDelay, "an import adopts every reported setting")
	assert.Nil(t, imported.MaxConcurrency, "absent settings stay unset")
}
