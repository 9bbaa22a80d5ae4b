package provider

// Lifecycle tests: create → read → update (or replace) → diff → delete of every
// resource through the provider's gRPC-level surface (pulumi-go-provider's integration
// server) against the cloudflaretest emulator, asserting after each step both the
// outputs and what the emulator stored, and the exact requests each step made.

import (
	"fmt"
	"sync"
	"testing"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/companion"
)

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func TestWorkerScriptLifecycle(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seedWorkerTargets(h.cf)
	const script = "/accounts/" + acct + "/workers/scripts/silo"

	in := workerInputs()
	inputs := h.check(workerURN, in)
	h.calls()

	// Preview (dry-run create): no request.
	preview, err := h.srv.Create(p.CreateRequest{Urn: workerURN, Properties: inputs, DryRun: true})
	require.NoError(t, err)
	assert.Equal(t, companion.WorkerScriptID(acct, "silo"), preview.ID)
	assert.Empty(t, h.calls(), "a preview makes no request")

	// Create: one read that the name is free (an upload would overwrite a Worker
	// nobody imported), then exactly one multipart PUT.
	created := h.create(workerURN, inputs)
	assert.Equal(t, []string{"GET " + script + "/settings", "PUT " + script}, h.calls(), "create is one existence read and one upload")
	assert.Equal(t, companion.WorkerScriptID(acct, "silo"), created.ID)

	sc, ok := h.cf.Script(acct, "silo")
	require.True(t, ok)
	assert.Equal(t, "index.js", sc.MainModule)
	require.Len(t, sc.Modules, 1)
	assert.Equal(t, in["content"], string(sc.Modules[0].Content))
	assert.Equal(t, ModuleContentType, sc.Modules[0].ContentType)
	assert.Equal(t, "2025-01-15", sc.CompatibilityDate)
	assert.Equal(t, []string{"nodejs_compat"}, sc.CompatibilityFlags)
	assert.Equal(t, []string{"dome"}, sc.Tags)
	require.NotNil(t, sc.Observability)
	assert.True(t, sc.Observability.Enabled)
	require.NotNil(t, sc.Observability.HeadSamplingRate)
	assert.Equal(t, 0.25, *sc.Observability.HeadSamplingRate)
	assert.Equal(t, []cloudflaretest.Binding{
		{Name: "AI", Type: "ai"},
		{Name: "DB", Type: "d1", ID: "d1-uuid"},
		{Name: "BUCKET", Type: "r2_bucket", BucketName: "dome-blobs"},
		{Name: "VECTORS", Type: "vectorize", IndexName: "dome-embeddings"},
		{Name: "JOBS", Type: "queue", QueueName: "dome-jobs"},
		{Name: "AUTH", Type: "service", Service: "auth"},
		{Name: "BILLING", Type: "service", Service: "billing", Environment: "production"},
		{Name: "CACHE", Type: "kv_namespace", NamespaceID: "kv-id"},
		{Name: "METRICS", Type: "analytics_engine", Dataset: "dome_metrics"},
		{Name: "MODE", Type: "plain_text", Text: "prod"},
		{Name: "API_KEY", Type: "secret_text", Text: "s3cr3t-one"},
		{Name: "OTHER_KEY", Type: "secret_text", Text: "s3cr3t-two"},
	}, sc.Bindings, "every binding went up with the code, in kind order")

	out := created.Properties
	assert.Equal(t, contentSha256(in["content"].(string)), str(out, "contentSha256"))
	assert.Equal(t, sc.Etag, str(out, "etag"), "etag comes from the upload response")
	assert.Equal(t, rfc3339(sc.ModifiedOn), str(out, "modifiedOn"))
	assert.Equal(t, "index.js", str(out, "mainModule"))
	_, hasContent := out.GetOk("content")
	assert.False(t, hasContent, "the source is not kept in the state")

	// Read (refresh) with no drift: two GETs, inputs identical to the program's, state
	// identical to the create's.
	read := h.read(workerURN, created.ID, created.Properties, inputs)
	assert.ElementsMatch(t, []string{"GET " + script + "/settings", "GET " + script + "/content/v2"}, h.calls())
	assert.Equal(t, created.ID, read.ID)
	assertProps(t, inputs, read.Inputs, "refresh recovers the program's inputs")
	assertProps(t, created.Properties, read.Properties, "refresh keeps the state")

	// Update: new code, changed plain text, one service binding removed, observability
	// changed, a flag added.
	in["content"] = "export default { fetch() { return new Response('v2') } }"
	set(t, in, "plainTextBindings[0].text", "staging")
	in["serviceBindings"] = []any{map[string]any{"name": "AUTH", "service": "auth"}}
	in["observability"] = map[string]any{"enabled": true, "headSamplingRate": 0.5}
	in["compatibilityFlags"] = []any{"nodejs_compat", "streams_enable_constructors"}
	newInputs := h.check(workerURN, in)
	h.calls()

	d := h.diff(workerURN, created.ID, read.Properties, newInputs)
	assert.Empty(t, h.calls(), "diff makes no request")
	assert.True(t, d.HasChanges)
	assert.False(t, d.DeleteBeforeReplace)
	assert.Equal(t, []string{
		"compatibilityFlags:update", "content:update", "observability:update",
		"plainTextBindings:update", "serviceBindings:update",
	}, changedKeys(d))

	_, err = h.srv.Update(p.UpdateRequest{ID: created.ID, Urn: workerURN, State: read.Properties, Inputs: newInputs, DryRun: true})
	require.NoError(t, err)
	assert.Empty(t, h.calls(), "a preview of the update makes no request")

	updated := h.update(workerURN, created.ID, read.Properties, newInputs)
	assert.Equal(t, []string{"PUT " + script}, h.calls(), "update is one upload, no read")
	sc, ok = h.cf.Script(acct, "silo")
	require.True(t, ok)
	assert.Equal(t, in["content"], string(sc.Modules[0].Content))
	assert.Equal(t, []string{"nodejs_compat", "streams_enable_constructors"}, sc.CompatibilityFlags)
	require.NotNil(t, sc.Observability)
	require.NotNil(t, sc.Observability.HeadSamplingRate)
	assert.Equal(t, 0.5, *sc.Observability.HeadSamplingRate)
	assert.Len(t, sc.Bindings, 11, "BILLING is gone")
	for _, b := range sc.Bindings {
		assert.NotEqual(t, "BILLING", b.Name)
		if b.Name == "MODE" {
			assert.Equal(t, "staging", b.Text)
		}
	}
	assert.Equal(t, contentSha256(in["content"].(string)), str(updated.Properties, "contentSha256"))
	assert.Equal(t, sc.Etag, str(updated.Properties, "etag"))
	assert.NotEqual(t, str(created.Properties, "etag"), str(updated.Properties, "etag"))

	// Diff of the updated state against the same inputs: nothing, no request.
	d = h.diff(workerURN, created.ID, updated.Properties, newInputs)
	assert.False(t, d.HasChanges, "%v", changedKeys(d))
	assert.Empty(t, h.calls())

	// A new name is a replacement, created before the old one is deleted.
	in["name"] = "silo-next"
	d = h.diff(workerURN, created.ID, updated.Properties, h.check(workerURN, in))
	assert.Equal(t, []string{"name:update&replace"}, changedKeys(d))
	assert.False(t, d.DeleteBeforeReplace)
	h.calls()

	// Delete: one DELETE with force=true.
	h.delete(workerURN, created.ID, updated.Properties)
	reqs := h.cf.Requests()
	assert.Equal(t, []string{"DELETE " + script}, h.calls())
	require.Len(t, reqs, 1)
	assert.Equal(t, "true", reqs[0].Query.Get("force"))
	_, ok = h.cf.Script(acct, "silo")
	assert.False(t, ok)

	gone := h.read(workerURN, created.ID, updated.Properties, newInputs)
	assert.Empty(t, gone.ID, "a deleted Worker reads as gone")
}

func TestQueueConsumerLifecycle(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	queueID := h.cf.SeedQueue(acct, "dome-jobs")
	queuePath := "/accounts/" + acct + "/queues/" + queueID

	in := consumerInputs(queueID)
	inputs := h.check(consumerURN, in)
	h.calls()

	_, err := h.srv.Create(p.CreateRequest{Urn: consumerURN, Properties: inputs, DryRun: true})
	require.NoError(t, err)
	assert.Empty(t, h.calls(), "a preview makes no request")

	// Create: one POST (the program gives the queue's name, which the
	// consumer response lacks).
	created := h.create(consumerURN, inputs)
	assert.Equal(t, []string{"POST " + queuePath + "/consumers"}, h.calls())
	consumers := h.cf.Consumers(acct, queueID)
	require.Len(t, consumers, 1)
	c := consumers[0]
	assert.Equal(t, "silo", c.ScriptName)
	assert.Equal(t, "worker", c.Type)
	assert.Equal(t, "dome-jobs-dlq", c.DeadLetterQueue)
	assert.Equal(t, cloudflaretest.ConsumerSettings{
		BatchSize: 10, MaxRetries: 3, MaxWaitTimeMs: 5000, RetryDelay: 30, MaxConcurrency: 5,
		VisibilityTimeoutMs: 30000, // the emulator's default for a field the provider never sends
	}, c.Settings)
	_, dlqExists := h.cf.QueueByName(acct, "dome-jobs-dlq")
	assert.True(t, dlqExists, "Cloudflare creates a missing dead letter queue")

	assert.Equal(t, c.ConsumerID, str(created.Properties, "consumerId"))
	assert.Equal(t, "dome-jobs", str(created.Properties, "queueName"))
	assert.Equal(t, companion.QueueConsumerID(acct, queueID, c.ConsumerID), created.ID)

	// Read: the consumer GET (the state knows the queue's name); no drift.
	read := h.read(consumerURN, created.ID, created.Properties, inputs)
	assert.Equal(t, []string{"GET " + queuePath + "/consumers/" + c.ConsumerID}, h.calls())
	assert.Equal(t, created.ID, read.ID)
	assertProps(t, inputs, read.Inputs)
	assertProps(t, created.Properties, read.Properties)

	// Update: another Worker, a bigger batch, maxConcurrency unset (back to autoscaling).
	in["scriptName"], in["batchSize"] = "silo-v2", 50
	delete(in, "maxConcurrency")
	newInputs := h.check(consumerURN, in)
	h.calls()
	d := h.diff(consumerURN, created.ID, read.Properties, newInputs)
	assert.Empty(t, h.calls())
	assert.Equal(t, []string{"batchSize:update", "maxConcurrency:delete", "scriptName:update"}, changedKeys(d))

	updated := h.update(consumerURN, created.ID, read.Properties, newInputs)
	assert.Equal(t, []string{"PUT " + queuePath + "/consumers/" + c.ConsumerID}, h.calls(),
		"update is one PUT, no read")
	consumers = h.cf.Consumers(acct, queueID)
	require.Len(t, consumers, 1)
	assert.Equal(t, c.ConsumerID, consumers[0].ConsumerID, "updated in place")
	assert.Equal(t, "silo-v2", consumers[0].ScriptName)
	assert.Equal(t, 50, consumers[0].Settings.BatchSize)
	assert.Equal(t, 0, consumers[0].Settings.MaxConcurrency, "PUT replaces: unset is unset")
	assert.Equal(t, 50.0, updated.Properties.Get("batchSize").AsNumber())
	_, hasMC := updated.Properties.GetOk("maxConcurrency")
	assert.False(t, hasMC)
	assert.Equal(t, c.ConsumerID, str(updated.Properties, "consumerId"))
	assert.Equal(t, "dome-jobs", str(updated.Properties, "queueName"))

	d = h.diff(consumerURN, created.ID, updated.Properties, newInputs)
	assert.False(t, d.HasChanges, "%v", changedKeys(d))
	assert.Empty(t, h.calls())

	// Another queue is a replacement, created first.
	in["queueId"] = "0123456789abcdef0123456789abcdef"
	d = h.diff(consumerURN, created.ID, updated.Properties, h.check(consumerURN, in))
	assert.Equal(t, []string{"queueId:update&replace"}, changedKeys(d))
	assert.False(t, d.DeleteBeforeReplace)
	h.calls()

	h.delete(consumerURN, created.ID, updated.Properties)
	assert.Equal(t, []string{"DELETE " + queuePath + "/consumers/" + c.ConsumerID}, h.calls())
	assert.Empty(t, h.cf.Consumers(acct, queueID))
	gone := h.read(consumerURN, created.ID, updated.Properties, newInputs)
	assert.Empty(t, gone.ID)
}

func TestVectorizeIndexLifecycle(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const indexes = "/accounts/" + acct + "/vectorize/v2/indexes"

	in := indexInputs()
	inputs := h.check(indexURN, in)
	h.calls()

	created := h.create(indexURN, inputs)
	assert.Equal(t, []string{"POST " + indexes}, h.calls(), "create is one POST")
	assert.Equal(t, companion.VectorizeIndexID(acct, "dome-embeddings"), created.ID)
	idx, ok := h.cf.VectorizeIndex(acct, "dome-embeddings")
	require.True(t, ok)
	assert.Equal(t, cloudflaretest.VectorizeConfig{Dimensions: 768, Metric: "cosine"}, idx.Config)
	assert.Equal(t, "document chunks", idx.Description)
	assert.Equal(t, rfc3339(idx.CreatedOn), str(created.Properties, "createdOn"))
	assert.Equal(t, rfc3339(idx.ModifiedOn), str(created.Properties, "modifiedOn"))

	read := h.read(indexURN, created.ID, created.Properties, inputs)
	assert.Equal(t, []string{"GET " + indexes + "/dome-embeddings"}, h.calls(), "read is one GET")
	assertProps(t, inputs, read.Inputs)
	assertProps(t, created.Properties, read.Properties)

	// Vectorize has no update: new dimensions (and description) replace the index, and
	// since the name stays the same, the old one must go first.
	in["dimensions"], in["description"] = 1024, "bigger chunks"
	newInputs := h.check(indexURN, in)
	h.calls()
	d := h.diff(indexURN, created.ID, read.Properties, newInputs)
	assert.Empty(t, h.calls())
	assert.Equal(t, []string{"description:update&replace", "dimensions:update&replace"}, changedKeys(d))
	assert.True(t, d.DeleteBeforeReplace)

	// The engine's delete-before-replace: Delete the old, Create the new.
	h.delete(indexURN, created.ID, read.Properties)
	_, ok = h.cf.VectorizeIndex(acct, "dome-embeddings")
	assert.False(t, ok)
	replaced := h.create(indexURN, newInputs)
	assert.Equal(t, []string{"DELETE " + indexes + "/dome-embeddings", "POST " + indexes}, h.calls(),
		"a replacement is one DELETE and one POST")
	assert.Equal(t, created.ID, replaced.ID)
	idx, ok = h.cf.VectorizeIndex(acct, "dome-embeddings")
	require.True(t, ok)
	assert.Equal(t, cloudflaretest.VectorizeConfig{Dimensions: 1024, Metric: "cosine"}, idx.Config)
	assert.Equal(t, "bigger chunks", idx.Description)
	assert.Equal(t, 1024.0, replaced.Properties.Get("dimensions").AsNumber())

	d = h.diff(indexURN, replaced.ID, replaced.Properties, newInputs)
	assert.False(t, d.HasChanges, "%v", changedKeys(d))

	// A new name can be created before the old index is deleted.
	in["name"] = "dome-embeddings-v2"
	d = h.diff(indexURN, replaced.ID, replaced.Properties, h.check(indexURN, in))
	assert.Equal(t, []string{"name:update&replace"}, changedKeys(d))
	assert.False(t, d.DeleteBeforeReplace)
	assert.Empty(t, h.calls())

	h.delete(indexURN, replaced.ID, replaced.Properties)
	assert.Equal(t, []string{"DELETE " + indexes + "/dome-embeddings"}, h.calls())
	assert.Empty(t, h.cf.VectorizeIndexes(acct))
	gone := h.read(indexURN, replaced.ID, replaced.Properties, newInputs)
	assert.Empty(t, gone.ID)
}

func TestR2EventNotificationLifecycle(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.cf.SeedBucket(acct, "dome-blobs")
	queueID := h.cf.SeedQueue(acct, "dome-jobs")
	path := "/accounts/" + acct + "/event_notifications/r2/dome-blobs/configuration/queues/" + queueID

	in := notificationInputs(queueID)
	inputs := h.check(notifURN, in)
	h.calls()

	created := h.create(notifURN, inputs)
	assert.Equal(t, []string{"GET " + path, "PUT " + path}, h.calls(), "create reads that no rule exists (a PUT adds to them), then one PUT")
	assert.Equal(t, companion.R2EventNotificationID(acct, "dome-blobs", queueID), created.ID)
	assertRules(t, h.cf, queueID, []cloudflaretest.EventNotificationRule{
		{Actions: []string{"PutObject", "CompleteMultipartUpload"}, Prefix: "uploads/", Description: "new uploads"},
		{Actions: []string{"DeleteObject", "LifecycleDeletion"}, Suffix: ".pdf"},
	})

	read := h.read(notifURN, created.ID, created.Properties, inputs)
	assert.Equal(t, []string{"GET " + path}, h.calls(), "read is one GET")
	assertProps(t, inputs, read.Inputs)
	assertProps(t, created.Properties.Set("queueName", property.New("dome-jobs")), read.Properties,
		"read adds the queue name")

	in["rules"] = []any{map[string]any{"actions": []any{"CopyObject"}, "prefix": "copies/"}}
	newInputs := h.check(notifURN, in)
	h.calls()
	d := h.diff(notifURN, created.ID, read.Properties, newInputs)
	assert.Empty(t, h.calls())
	assert.Equal(t, []string{"rules:update"}, changedKeys(d))

	updated := h.update(notifURN, created.ID, read.Properties, newInputs)
	assert.Equal(t, []string{"DELETE " + path, "PUT " + path}, h.calls(),
		"update deletes the old rules, then puts the new ones (Cloudflare's PUT appends)")
	assertRules(t, h.cf, queueID, []cloudflaretest.EventNotificationRule{
		{Actions: []string{"CopyObject"}, Prefix: "copies/"},
	})
	assert.Equal(t, "dome-jobs", str(updated.Properties, "queueName"))

	d = h.diff(notifURN, created.ID, updated.Properties, newInputs)
	assert.False(t, d.HasChanges, "%v", changedKeys(d))

	in["bucketName"] = "dome-archive"
	d = h.diff(notifURN, created.ID, updated.Properties, h.check(notifURN, in))
	assert.Equal(t, []string{"bucketName:update&replace"}, changedKeys(d))
	assert.True(t, d.DeleteBeforeReplace)
	assert.Empty(t, h.calls())

	h.delete(notifURN, created.ID, updated.Properties)
	assert.Equal(t, []string{"DELETE " + path}, h.calls())
	assert.Empty(t, h.cf.EventNotifications(acct, "dome-blobs"))
	gone := h.read(notifURN, created.ID, updated.Properties, newInputs)
	assert.Empty(t, gone.ID)
}

// assertRules compares the rules the emulator holds for the bucket "dome-blobs" and the
// queue, ignoring the server-assigned rule IDs and creation times.
func assertRules(t *testing.T, cf *cloudflaretest.Server, queueID string, want []cloudflaretest.EventNotificationRule) {
	t.Helper()
	configs := cf.EventNotifications(acct, "dome-blobs")
	require.Len(t, configs, 1)
	assert.Equal(t, queueID, configs[0].QueueID)
	got := configs[0].Rules
	for i := range got {
		assert.NotEmpty(t, got[i].RuleID)
		got[i].RuleID, got[i].CreatedAt = "", time.Time{}
	}
	assert.Equal(t, want, got)
}

// TestLifeCycleTest drives each resource through integration.LifeCycleTest (check,
// preview, create, then check/diff/preview/update — or replace — per step, then delete),
// checking the emulator's state in the hooks.
func TestLifeCycleTest(t *testing.T) {
	t.Parallel()
	type step struct {
		mutate func(in map[string]any)
		hook   func(t *testing.T, cf *cloudflaretest.Server, out property.Map)
	}
	cases := []struct {
		name   string
		typ    string
		seed   func(cf *cloudflaretest.Server) map[string]any
		hook   func(t *testing.T, cf *cloudflaretest.Server, out property.Map)
		steps  []step
		finish func(t *testing.T, cf *cloudflaretest.Server)
	}{
		{
			name: "WorkerScript", typ: companion.WorkerScriptType,
			seed: func(cf *cloudflaretest.Server) map[string]any { seedWorkerTargets(cf); return workerInputs() },
			hook: func(t *testing.T, cf *cloudflaretest.Server, out property.Map) {
				sc, ok := cf.Script(acct, "silo")
				require.True(t, ok)
				assert.Len(t, sc.Bindings, 12)
				assert.Equal(t, sc.Etag, str(out, "etag"))
			},
			steps: []step{{
				mutate: func(in map[string]any) { delete(in, "secretTextBindings"); in["tags"] = []any{"dome", "v2"} },
				hook: func(t *testing.T, cf *cloudflaretest.Server, out property.Map) {
					sc, _ := cf.Script(acct, "silo")
					assert.Len(t, sc.Bindings, 10, "the secrets are gone")
					assert.Equal(t, []string{"dome", "v2"}, sc.Tags)
				},
			}},
			finish: func(t *testing.T, cf *cloudflaretest.Server) { assert.Empty(t, cf.Scripts(acct)) },
		},
		{
			name: "QueueConsumer", typ: companion.QueueConsumerType,
			seed: func(cf *cloudflaretest.Server) map[string]any {
				return consumerInputs(cf.SeedQueue(acct, "dome-jobs"))
			},
			hook: func(t *testing.T, cf *cloudflaretest.Server, out property.Map) {
				cs := cf.Consumers(acct, str(out, "queueId"))
				require.Len(t, cs, 1)
				assert.Equal(t, cs[0].ConsumerID, str(out, "consumerId"))
			},
			steps: []step{{
				mutate: func(in map[string]any) { in["retryDelay"] = 120 },
				hook: func(t *testing.T, cf *cloudflaretest.Server, out property.Map) {
					cs := cf.Consumers(acct, str(out, "queueId"))
					require.Len(t, cs, 1)
					assert.Equal(t, 120, cs[0].Settings.RetryDelay)
				},
			}},
			finish: func(t *testing.T, cf *cloudflaretest.Server) {
				q, _ := cf.QueueByName(acct, "dome-jobs")
				assert.Empty(t, cf.Consumers(acct, q.QueueID))
			},
		},
		{
			name: "VectorizeIndex", typ: companion.VectorizeIndexType,
			seed: func(*cloudflaretest.Server) map[string]any { return indexInputs() },
			hook: func(t *testing.T, cf *cloudflaretest.Server, out property.Map) {
				idx, ok := cf.VectorizeIndex(acct, "dome-embeddings")
				require.True(t, ok)
				assert.Equal(t, 768, idx.Config.Dimensions)
			},
			steps: []step{{
				mutate: func(in map[string]any) { in["metric"] = "dot-product" },
				hook: func(t *testing.T, cf *cloudflaretest.Server, out property.Map) {
					idx, ok := cf.VectorizeIndex(acct, "dome-embeddings")
					require.True(t, ok)
					assert.Equal(t, "dot-product", idx.Config.Metric, "replaced")
				},
			}},
			finish: func(t *testing.T, cf *cloudflaretest.Server) { assert.Empty(t, cf.VectorizeIndexes(acct)) },
		},
		{
			name: "R2EventNotification", typ: companion.R2EventNotificationType,
			seed: func(cf *cloudflaretest.Server) map[string]any {
				cf.SeedBucket(acct, "dome-blobs")
				return notificationInputs(cf.SeedQueue(acct, "dome-jobs"))
			},
			hook: func(t *testing.T, cf *cloudflaretest.Server, out property.Map) {
				configs := cf.EventNotifications(acct, "dome-blobs")
				require.Len(t, configs, 1)
				assert.Len(t, configs[0].Rules, 2)
			},
			steps: []step{{
				mutate: func(in map[string]any) { in["rules"] = []any{map[string]any{"actions": []any{"PutObject"}}} },
				hook: func(t *testing.T, cf *cloudflaretest.Server, out property.Map) {
					configs := cf.EventNotifications(acct, "dome-blobs")
					require.Len(t, configs, 1)
					require.Len(t, configs[0].Rules, 1)
					assert.Equal(t, []string{"PutObject"}, configs[0].Rules[0].Actions)
				},
			}},
			finish: func(t *testing.T, cf *cloudflaretest.Server) {
				assert.Empty(t, cf.EventNotifications(acct, "dome-blobs"))
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			in := tc.seed(h.cf)
			lc := integration.LifeCycleTest{
				Resource: tokens.Type(tc.typ),
				Create: integration.Operation{
					Inputs: props(in),
					Hook:   func(_, out property.Map) { tc.hook(t, h.cf, out) },
				},
			}
			for _, s := range tc.steps {
				next := clone(in).(map[string]any)
				s.mutate(next)
				lc.Updates = append(lc.Updates, integration.Operation{
					Inputs: props(next),
					Hook:   func(_, out property.Map) { s.hook(t, h.cf, out) },
				})
				in = next
			}
			lc.Run(t, h.srv)
			tc.finish(t, h.cf)
		})
	}
}

// TestConcurrentOperations: the engine runs independent steps in parallel against one
// provider process. Eight Workers, an index and a notification are created, read and
// deleted concurrently through one configured provider (run with -race).
func TestConcurrentOperations(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seedWorkerTargets(h.cf)
	queueID := h.cf.SeedQueue(acct, "dome-events")

	type job struct {
		urn presource.URN
		in  map[string]any
	}
	var jobs []job
	for i := range 8 {
		in := workerInputs()
		in["name"] = fmt.Sprintf("silo-%d", i)
		jobs = append(jobs, job{urnOf(companion.WorkerScriptType, fmt.Sprintf("silo-%d", i)), in})
	}
	idx := indexInputs()
	idx["name"] = "dome-concurrent"
	jobs = append(jobs, job{indexURN, idx}, job{notifURN, notificationInputs(queueID)})

	errs := make(chan error, len(jobs))
	var wg sync.WaitGroup
	for _, j := range jobs {
		inputs := h.check(j.urn, j.in)
		wg.Add(1)
		go func() {
			defer wg.Done()
			created, err := h.srv.Create(p.CreateRequest{Urn: j.urn, Properties: inputs})
			if err != nil {
				errs <- err
				return
			}
			read, err := h.srv.Read(p.ReadRequest{ID: created.ID, Urn: j.urn, Properties: created.Properties, Inputs: inputs})
			if err != nil {
				errs <- err
				return
			}
			if read.ID != created.ID {
				errs <- fmt.Errorf("%s: read ID %q, want %q", j.urn, read.ID, created.ID)
				return
			}
			errs <- h.srv.Delete(p.DeleteRequest{ID: created.ID, Urn: j.urn, Properties: read.Properties})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	assert.Empty(t, h.cf.Scripts(acct))
	assert.Len(t, h.cf.VectorizeIndexes(acct), 1, "only the seeded index is left")
	assert.Empty(t, h.cf.EventNotifications(acct, "dome-blobs"))
	// create+read+delete each; Worker reads are 2 GETs; a Worker's or notification's
	// create first reads that the name is free (8 + 1).
	assert.Equal(t, len(jobs)*3+8+9, len(h.cf.Requests()), "requests of the concurrent lifecycles")
}
