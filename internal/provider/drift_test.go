package provider

// Drift tests: after the provider created a resource, the emulator's state is changed
// behind its back; a Read (refresh) must report the change (in the returned inputs, so
// the next Diff against the program shows it), or an empty ID when the resource is gone.

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

func TestDrift(t *testing.T) {
	t.Parallel()
	type env struct {
		h       *harness
		queueID string // of "dome-jobs"
		l       live
	}
	withoutBinding := func(t *testing.T, cf *cloudflaretest.Server, name string) {
		sc, ok := cf.Script(acct, "silo")
		require.True(t, ok)
		var keep []cloudflaretest.Binding
		for _, b := range sc.Bindings {
			if b.Name != name {
				keep = append(keep, b)
			}
		}
		require.Len(t, keep, len(sc.Bindings)-1)
		require.NoError(t, cf.SetScriptBindings(acct, "silo", keep...))
	}
	cases := []struct {
		name   string
		create func(e *env) live
		drift  func(t *testing.T, e *env)
		// wantGone: Read returns an empty ID. Otherwise wantInputs checks the returned
		// inputs and wantDiff is the Diff of the refreshed state against the program.
		wantGone   bool
		wantInputs func(t *testing.T, in property.Map)
		wantDiff   []string
	}{
		{
			name: "WorkerScript binding removed",
			drift: func(t *testing.T, e *env) {
				withoutBinding(t, e.h.cf, "JOBS")
			},
			wantInputs: func(t *testing.T, in property.Map) {
				_, ok := in.GetOk("queueBindings")
				assert.False(t, ok, "the queue binding is gone")
				assert.Equal(t, 11, countBindings(in))
			},
			wantDiff: []string{"queueBindings:add"},
		},
		{
			name: "WorkerScript service binding retargeted",
			drift: func(t *testing.T, e *env) {
				sc, _ := e.h.cf.Script(acct, "silo")
				for i := range sc.Bindings {
					if sc.Bindings[i].Name == "BILLING" {
						sc.Bindings[i].Environment = "staging"
					}
				}
				require.NoError(t, e.h.cf.SetScriptBindings(acct, "silo", sc.Bindings...))
			},
			wantInputs: func(t *testing.T, in property.Map) {
				assert.Equal(t, "staging",
					in.Get("serviceBindings").AsArray().Get(1).AsMap().Get("environment").AsString())
			},
			wantDiff: []string{"serviceBindings:update"},
		},
		{
			name: "WorkerScript secret removed",
			drift: func(t *testing.T, e *env) {
				withoutBinding(t, e.h.cf, "OTHER_KEY")
			},
			wantInputs: func(t *testing.T, in property.Map) {
				secrets := in.Get("secretTextBindings").AsArray()
				require.Equal(t, 1, secrets.Len())
				assert.Equal(t, "API_KEY", secrets.Get(0).AsMap().Get("name").AsString())
				assert.Equal(t, "s3cr3t-one", secrets.Get(0).AsMap().Get("text").AsString(),
					"the remaining secret keeps its value from the state")
			},
			wantDiff: []string{"secretTextBindings:update"},
		},
		{
			name: "WorkerScript observability turned off",
			drift: func(t *testing.T, e *env) {
				require.NoError(t, e.h.cf.UpdateScript(acct, "silo", func(sc *cloudflaretest.ScriptState) {
					sc.Observability = &cloudflaretest.Observability{Enabled: false}
				}))
			},
			wantInputs: func(t *testing.T, in property.Map) {
				assert.Equal(t, map[string]any{"enabled": false, "headSamplingRate": 1.0}, plain(in.Get("observability")))
			},
			wantDiff: []string{"observability:update"},
		},
		{
			name: "WorkerScript code and compatibility date changed",
			drift: func(t *testing.T, e *env) {
				require.NoError(t, e.h.cf.UpdateScript(acct, "silo", func(sc *cloudflaretest.ScriptState) {
					sc.Modules[0].Content = []byte("export default { fetch() { return new Response('hacked') } }")
					sc.CompatibilityDate = "2024-06-01"
				}))
			},
			wantInputs: func(t *testing.T, in property.Map) {
				assert.Contains(t, str(in, "content"), "hacked")
				assert.Equal(t, "2024-06-01", str(in, "compatibilityDate"))
			},
			wantDiff: []string{"compatibilityDate:update", "content:update"},
		},
		{
			name:     "WorkerScript deleted",
			drift:    func(t *testing.T, e *env) { require.True(t, e.h.cf.DeleteScript(acct, "silo")) },
			wantGone: true,
		},
		{
			name: "QueueConsumer setting changed",
			create: func(e *env) live {
				return e.h.createLive(consumerURN, consumerInputs(e.queueID))
			},
			drift: func(t *testing.T, e *env) {
				require.NoError(t, e.h.cf.UpdateConsumerSettings(acct, e.queueID, str(e.l.state, "consumerId"),
					cloudflaretest.ConsumerSettings{BatchSize: 99, MaxRetries: 3, MaxWaitTimeMs: 5000, RetryDelay: 30}))
			},
			wantInputs: func(t *testing.T, in property.Map) {
				assert.Equal(t, 99.0, in.Get("batchSize").AsNumber())
				_, ok := in.GetOk("maxConcurrency")
				assert.False(t, ok, "maxConcurrency was reset to autoscaling")
				assert.Equal(t, 30.0, in.Get("retryDelay").AsNumber())
			},
			wantDiff: []string{"batchSize:update", "maxConcurrency:add"},
		},
		{
			// The program leaves every setting at Cloudflare's default (unset); a batch size
			// changed away from it is drift all the same.
			name: "QueueConsumer at the defaults, batch size changed",
			create: func(e *env) live {
				in := consumerInputs(e.queueID)
				for _, k := range []string{"batchSize", "maxRetries", "maxWaitTimeMs", "retryDelay", "maxConcurrency"} {
					delete(in, k)
				}
				return e.h.createLive(consumerURN, in)
			},
			drift: func(t *testing.T, e *env) {
				settings := cloudflaretest.DefaultConsumerSettings
				settings.BatchSize = 50
				require.NoError(t, e.h.cf.UpdateConsumerSettings(acct, e.queueID, str(e.l.state, "consumerId"), settings))
			},
			wantInputs: func(t *testing.T, in property.Map) {
				assert.Equal(t, 50.0, in.Get("batchSize").AsNumber())
				for _, k := range []string{"maxRetries", "maxWaitTimeMs", "retryDelay", "maxConcurrency"} {
					_, ok := in.GetOk(k)
					assert.False(t, ok, "%s is still at Cloudflare's default", k)
				}
			},
			wantDiff: []string{"batchSize:delete"},
		},
		{
			name: "QueueConsumer deleted",
			create: func(e *env) live {
				return e.h.createLive(consumerURN, consumerInputs(e.queueID))
			},
			drift: func(t *testing.T, e *env) {
				require.True(t, e.h.cf.DeleteConsumer(acct, e.queueID, str(e.l.state, "consumerId")))
			},
			wantGone: true,
		},
		{
			name: "QueueConsumer queue deleted",
			create: func(e *env) live {
				return e.h.createLive(consumerURN, consumerInputs(e.queueID))
			},
			drift:    func(t *testing.T, e *env) { require.True(t, e.h.cf.DeleteQueue(acct, e.queueID)) },
			wantGone: true,
		},
		{
			name:   "VectorizeIndex deleted",
			create: func(e *env) live { return e.h.createLive(indexURN, indexInputs()) },
			drift: func(t *testing.T, e *env) {
				require.True(t, e.h.cf.DeleteVectorizeIndex(acct, "dome-embeddings"))
			},
			wantGone: true,
		},
		{
			name:   "VectorizeIndex recreated with other dimensions",
			create: func(e *env) live { return e.h.createLive(indexURN, indexInputs()) },
			drift: func(t *testing.T, e *env) {
				require.True(t, e.h.cf.DeleteVectorizeIndex(acct, "dome-embeddings"))
				e.h.cf.SeedVectorizeIndex(acct, "dome-embeddings", 384, "euclidean")
			},
			wantInputs: func(t *testing.T, in property.Map) {
				assert.Equal(t, 384.0, in.Get("dimensions").AsNumber())
				assert.Equal(t, "euclidean", str(in, "metric"))
				_, ok := in.GetOk("description")
				assert.False(t, ok)
			},
			wantDiff: []string{"description:add&replace", "dimensions:update&replace", "metric:update&replace"},
		},
		{
			name: "R2EventNotification deleted",
			create: func(e *env) live {
				return e.h.createLive(notifURN, notificationInputs(e.queueID))
			},
			drift: func(t *testing.T, e *env) {
				require.True(t, e.h.cf.DeleteEventNotification(acct, "dome-blobs", e.queueID))
			},
			wantGone: true,
		},
		{
			name: "R2EventNotification rules changed",
			create: func(e *env) live {
				return e.h.createLive(notifURN, notificationInputs(e.queueID))
			},
			drift: func(t *testing.T, e *env) {
				require.NoError(t, e.h.cf.SeedEventNotification(acct, "dome-blobs", e.queueID,
					cloudflaretest.EventNotificationRule{Actions: []string{"PutObject"}, Prefix: "uploads/"}))
			},
			wantInputs: func(t *testing.T, in property.Map) {
				assert.Equal(t, []any{map[string]any{"actions": []any{"PutObject"}, "prefix": "uploads/"}},
					plain(in.Get("rules")))
			},
			wantDiff: []string{"rules:update"},
		},
		{
			name: "R2EventNotification bucket deleted",
			create: func(e *env) live {
				return e.h.createLive(notifURN, notificationInputs(e.queueID))
			},
			drift:    func(t *testing.T, e *env) { require.True(t, e.h.cf.DeleteBucket(acct, "dome-blobs")) },
			wantGone: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			e := &env{h: h}
			if tc.create == nil {
				seedWorkerTargets(h.cf)
				q, _ := h.cf.QueueByName(acct, "dome-jobs")
				e.queueID = q.QueueID
				e.l = h.createLive(workerURN, workerInputs())
			} else {
				h.cf.SeedBucket(acct, "dome-blobs")
				e.queueID = h.cf.SeedQueue(acct, "dome-jobs")
				e.l = tc.create(e)
			}

			// No drift yet: a refresh changes nothing.
			before := h.refresh(e.l)
			assertProps(t, e.l.inputs, before.Inputs, "refresh before the drift")
			d := h.diff(e.l.urn, e.l.id, before.Properties, e.l.inputs)
			require.False(t, d.HasChanges, "before the drift: %v", changedKeys(d))

			tc.drift(t, e)
			h.calls()
			read := h.refresh(e.l)
			assert.Empty(t, h.cf.WriteRequests(), "a refresh never writes")
			if tc.wantGone {
				assert.Empty(t, read.ID, "gone")
				// `pulumi destroy` without a refresh: deleting what is already gone succeeds
				// (with a warning), with one request.
				h.calls()
				h.delete(e.l.urn, e.l.id, e.l.state)
				assert.Len(t, h.calls(), 1, "delete of a gone resource")
				return
			}
			require.Equal(t, e.l.id, read.ID)
			tc.wantInputs(t, read.Inputs)
			d = h.diff(e.l.urn, read.ID, read.Properties, e.l.inputs)
			assert.Equal(t, tc.wantDiff, changedKeys(d), "the program's next update corrects the drift")
		})
	}
}

// TestWorkerScriptCustomMainModuleRefresh: a Worker uploaded with mainModule
// "worker.mjs" must refresh without drift. Cloudflare's content/v2 names the main module
// in the cf-entrypoint response header; a Read that ignores it reports the default
// "index.js" and so a perpetual mainModule diff.
func TestWorkerScriptCustomMainModuleRefresh(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seedWorkerTargets(h.cf)
	in := workerInputs()
	in["mainModule"] = "worker.mjs"
	l := h.createLive(workerURN, in)
	sc, _ := h.cf.Script(acct, "silo")
	assert.Equal(t, "worker.mjs", sc.MainModule)

	read := h.refresh(l)
	assert.Equal(t, "worker.mjs", str(read.Inputs, "mainModule"))
	assert.Equal(t, "worker.mjs", str(read.Properties, "mainModule"))
	d := h.diff(workerURN, l.id, read.Properties, l.inputs)
	assert.False(t, d.HasChanges, "%v", changedKeys(d))
}

// TestReadScriptContentEntrypointHeader pins the parsing of content/v2 responses that
// name the main module in the cf-entrypoint header (raw and multipart).
func TestReadScriptContentEntrypointHeader(t *testing.T) {
	t.Parallel()
	res := &http.Response{
		Header: http.Header{"Content-Type": {ModuleContentType}, "Cf-Entrypoint": {"worker.mjs"}},
		Body:   io.NopCloser(strings.NewReader("export default {}")),
	}
	content, module, err := readScriptContent(res, "index.js")
	require.NoError(t, err)
	assert.Equal(t, "export default {}", content)
	assert.Equal(t, "worker.mjs", module)
}
