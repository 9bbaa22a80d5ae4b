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

// consumerState is the state of a created consumer of queue "dome-jobs" with
// inputs a (which may leave the queue's name unset).
func consumerState(a QueueConsumerArgs, queueName string) QueueConsumerState {
	st := QueueConsumerState{QueueConsumerArgs: a, ConsumerID: "c-1"}
	st.QueueName = &queueName
	return st
}

// TestQueueConsumerDiffQueueName: the queue's name, an input the program
// gives so that a create is one request, is no change when left unset (the
// state's is what the provider learnt) and an in-place update when the
// queue's name is another.
func TestQueueConsumerDiffQueueName(t *testing.T) {
	base := consumerArgs(t)
	state := consumerState(base, "dome-jobs")
	require.Nil(t, base.QueueName)
	assert.False(t, diffQueueConsumer(state, base).HasChanges, "unset queueName")
	base.QueueName = ptr("dome-jobs")
	assert.False(t, diffQueueConsumer(state, base).HasChanges, "the same queueName")
	base.QueueName = ptr("dome-jobs-renamed")
	d := diffQueueConsumer(state, base)
	assert.True(t, d.HasChanges)
	assert.Equal(t, map[string]p.PropertyDiff{"queueName": {Kind: p.Update}}, d.DetailedDiff)
	assert.Equal(t, p.DiffResponse{}.DeleteBeforeReplace, d.DeleteBeforeReplace)
}

func TestQueueConsumerDiff(t *testing.T) {
	base := consumerArgs(t)
	state := consumerState(base, "dome-jobs")

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
		{"delay removed", func(a *QueueConsumerArgs) { a.RetryDelay = nil }, "retryDelay", p.Delete},
		{"concurrency removed", func(a *QueueConsumerArgs) { a.MaxConcurrency = nil }, "maxConcurrency", p.Delete},
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
		in := consumerArgs(t)
		in.BatchSize = ptr(50)
		d := diffQueueConsumer(st, in)
		assert.Equal(t, map[string]p.PropertyDiff{"batchSize": {Kind: p.Add}}, d.DetailedDiff)
	})
}

// TestQueueConsumerDiffUnsetIsDefault: an unset setting is Cloudflare's default, so
// setting the default explicitly, or removing a setting that was at its default, is no
// change; moving away from the default is, whichever side leaves the setting unset.
func TestQueueConsumerDiffUnsetIsDefault(t *testing.T) {
	required := QueueConsumerArgs{AccountID: "acc", QueueID: "q-123", ScriptName: "silo"}
	defaults := required
	defaults.BatchSize, defaults.MaxRetries, defaults.MaxWaitTimeMs, defaults.RetryDelay = ptr(10), ptr(3), ptr(5000), ptr(0)
	state := func(a QueueConsumerArgs) QueueConsumerState {
		return consumerState(a, "dome-jobs")
	}

	d := diffQueueConsumer(state(required), defaults)
	assert.False(t, d.HasChanges, "unset → the defaults set explicitly: %v", d.DetailedDiff)
	d = diffQueueConsumer(state(defaults), required)
	assert.False(t, d.HasChanges, "the defaults set explicitly → unset: %v", d.DetailedDiff)

	cases := []struct {
		name   string
		mutate func(*QueueConsumerArgs)
		prop   string
		// toDefaults is the kind of the change from the non-default value to the explicit
		// defaults (maxConcurrency has no default value, so it is unset there).
		toDefaults p.DiffKind
	}{
		{"batchSize", func(a *QueueConsumerArgs) { a.BatchSize = ptr(50) }, "batchSize", p.Update},
		{"maxRetries", func(a *QueueConsumerArgs) { a.MaxRetries = ptr(0) }, "maxRetries", p.Update},
		{"maxWaitTimeMs", func(a *QueueConsumerArgs) { a.MaxWaitTimeMs = ptr(1000) }, "maxWaitTimeMs", p.Update},
		{"retryDelay", func(a *QueueConsumerArgs) { a.RetryDelay = ptr(30) }, "retryDelay", p.Update},
		{"maxConcurrency (no default: unset is automatic)", func(a *QueueConsumerArgs) { a.MaxConcurrency = ptr(5) },
			"maxConcurrency", p.Delete},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			changed := required
			tc.mutate(&changed)
			assert.Equal(t, map[string]p.PropertyDiff{tc.prop: {Kind: p.Add}},
				diffQueueConsumer(state(required), changed).DetailedDiff, "unset → non-default")
			assert.Equal(t, map[string]p.PropertyDiff{tc.prop: {Kind: p.Delete}},
				diffQueueConsumer(state(changed), required).DetailedDiff, "non-default (drift) → unset")
			withDefaults := defaults
			tc.mutate(&withDefaults)
			assert.Equal(t, map[string]p.PropertyDiff{tc.prop: {Kind: tc.toDefaults}},
				diffQueueConsumer(state(withDefaults), defaults).DetailedDiff, "non-default → the explicit defaults")
		})
	}
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
		"settings": {"batch_size": 10, "max_retries": 3, "max_wait_time_ms": 5000, "retry_delay": 30, "max_concurrency": null}
	}`, string(body), "unset settings are sent as Cloudflare's defaults, max_concurrency as null (automatic)")

	in = QueueConsumerArgs{AccountID: "acc", QueueID: "q-123", ScriptName: "silo"}
	body, err = json.Marshal(queues.ConsumerNewParams{AccountID: cloudflare.F("acc"), Body: consumerNewBody(in)})
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"script_name": "silo",
		"type": "worker",
		"settings": {"batch_size": 10, "max_retries": 3, "max_wait_time_ms": 5000, "retry_delay": 0, "max_concurrency": null}
	}`, string(body), "a create sends every setting too: whether Cloudflare merges or resets does not matter")
}

func TestMergeRemoteConsumer(t *testing.T) {
	decode := func(t *testing.T, settings string) *queues.Consumer {
		t.Helper()
		var c queues.Consumer
		require.NoError(t, json.Unmarshal([]byte(`{
			"consumer_id": "c-1", "queue_id": "q-123", "script": "silo", "type": "worker",
			"dead_letter_queue": "dome-jobs-dlq", "settings": `+settings+`}`), &c))
		return &c
	}
	atDefaults := decode(t, `{"batch_size": 10, "max_retries": 3, "max_wait_time_ms": 5000, "retry_delay": 0}`)
	required := QueueConsumerArgs{AccountID: "acc", QueueID: "q-123", ScriptName: "silo", DeadLetterQueue: ptr("dome-jobs-dlq")}

	t.Run("refresh keeps the settings the program sets", func(t *testing.T) {
		prev := consumerArgs(t)
		prev.RetryDelay = nil // not declared, and at its default: stays unset
		got := mergeRemoteConsumer("acc", "q-123", atDefaults, prev)
		assert.Equal(t, QueueConsumerArgs{
			AccountID: "acc", QueueID: "q-123", ScriptName: "silo",
			BatchSize: ptr(10), MaxRetries: ptr(3), MaxWaitTimeMs: ptr(5000),
			DeadLetterQueue: ptr("dome-jobs-dlq"),
		}, got)
	})

	t.Run("import of a consumer at Cloudflare's defaults sets nothing", func(t *testing.T) {
		assert.Equal(t, required, mergeRemoteConsumer("acc", "q-123", atDefaults, QueueConsumerArgs{}))
	})

	nonDefault := decode(t, `{"batch_size": 50, "max_retries": 0, "max_wait_time_ms": 1000, "retry_delay": 30,
		"max_concurrency": 5}`)
	want := required
	want.BatchSize, want.MaxRetries, want.MaxWaitTimeMs, want.RetryDelay, want.MaxConcurrency =
		ptr(50), ptr(0), ptr(1000), ptr(30), ptr(5)

	t.Run("import of non-default settings takes them", func(t *testing.T) {
		assert.Equal(t, want, mergeRemoteConsumer("acc", "q-123", nonDefault, QueueConsumerArgs{}))
	})

	t.Run("refresh sees drift away from a default the program leaves unset", func(t *testing.T) {
		assert.Equal(t, want, mergeRemoteConsumer("acc", "q-123", nonDefault, required))
	})

	t.Run("a legacy consumer reported with service and environment", func(t *testing.T) {
		var c queues.Consumer
		require.NoError(t, json.Unmarshal([]byte(`{
			"consumer_id": "c-1", "queue_id": "q-123", "service": "silo", "environment": "production",
			"type": "worker", "dead_letter_queue": "dome-jobs-dlq", "settings": {"batch_size": 10}}`), &c))
		assert.Equal(t, required, mergeRemoteConsumer("acc", "q-123", &c, QueueConsumerArgs{}),
			"the service is the script (as wrangler shows script ?? service)")
	})

	t.Run("an absent setting is unset", func(t *testing.T) {
		got := mergeRemoteConsumer("acc", "q-123", decode(t, `{}`), consumerArgs(t))
		assert.Equal(t, required, got)
	})
}
