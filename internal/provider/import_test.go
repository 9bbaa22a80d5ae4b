package provider

// Import tests: the emulator is seeded directly (as if the resource had been made
// outside Pulumi), then Read is called with only the ID, as `pulumi import` does. The
// canonical ID, the inputs and the state must be what the equivalent program would
// produce, so the Diff that follows the import shows no change.

import (
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/companion"
)

func f64(v float64) *float64 { return &v }

// seedWorker stores, directly in the emulator, the Worker that workerInputs (without
// secrets) describes, with its main module named mainModule.
func seedWorker(cf *cloudflaretest.Server, mainModule string, secrets ...cloudflaretest.Binding) {
	seedWorkerTargets(cf)
	in := workerInputs()
	cf.SeedScript(acct, cloudflaretest.ScriptState{
		Name:       "silo",
		MainModule: mainModule,
		Modules: []cloudflaretest.Module{{
			Name: mainModule, ContentType: ModuleContentType, Content: []byte(in["content"].(string)),
		}},
		Bindings: append([]cloudflaretest.Binding{
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
		}, secrets...),
		CompatibilityDate:  "2025-01-15",
		CompatibilityFlags: []string{"nodejs_compat"},
		Tags:               []string{"dome"},
		Observability:      &cloudflaretest.Observability{Enabled: true, HeadSamplingRate: f64(0.25)},
	})
}

// seeded is a resource seeded in the emulator for an import.
type seeded struct {
	id      string         // the ID given to `pulumi import`
	program map[string]any // what the program declares for the same resource
	reads   []string       // the requests the import makes
	outputs map[string]any // server-populated outputs the program cannot know
}

func TestImportByID(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		urn  presource.URN
		seed func(t *testing.T, cf *cloudflaretest.Server) seeded
	}{
		{
			name: "WorkerScript",
			urn:  workerURN,
			seed: func(t *testing.T, cf *cloudflaretest.Server) seeded {
				seedWorker(cf, "index.js")
				program := workerInputs()
				delete(program, "secretTextBindings")
				// An import reads the workers.dev route too, so the first preview
				// sees it (a Worker uploaded through the API has it off).
				program["workersDev"] = false
				script := "/accounts/" + acct + "/workers/scripts/silo"
				return seeded{
					id: companion.WorkerScriptID(acct, "silo"), program: program,
					reads: []string{"GET " + script + "/settings", "GET " + script + "/content/v2", "GET " + script + "/subdomain"},
				}
			},
		},
		{
			name: "WorkerScript with a custom main module",
			urn:  workerURN,
			seed: func(t *testing.T, cf *cloudflaretest.Server) seeded {
				seedWorker(cf, "worker.mjs")
				program := workerInputs()
				delete(program, "secretTextBindings")
				program["mainModule"] = "worker.mjs"
				program["workersDev"] = false
				script := "/accounts/" + acct + "/workers/scripts/silo"
				return seeded{
					id: companion.WorkerScriptID(acct, "silo"), program: program,
					reads: []string{"GET " + script + "/settings", "GET " + script + "/content/v2", "GET " + script + "/subdomain"},
				}
			},
		},
		{
			// An unset setting is Cloudflare's default: the program leaves them all unset.
			name: "QueueConsumer at Cloudflare's defaults",
			urn:  consumerURN,
			seed: func(t *testing.T, cf *cloudflaretest.Server) seeded {
				program := importedConsumerInputs()
				for _, k := range []string{"batchSize", "maxRetries", "maxWaitTimeMs", "retryDelay", "maxConcurrency"} {
					delete(program, k)
				}
				return seedConsumer(t, cf, cloudflaretest.ConsumerSettings{}, program)
			},
		},
		{
			name: "QueueConsumer with settings other than the defaults",
			urn:  consumerURN,
			seed: func(t *testing.T, cf *cloudflaretest.Server) seeded {
				program := importedConsumerInputs()
				program["batchSize"], program["maxRetries"], program["maxWaitTimeMs"] = 50, 5, 1000
				return seedConsumer(t, cf, cloudflaretest.ConsumerSettings{
					BatchSize: 50, MaxRetries: 5, MaxWaitTimeMs: 1000, RetryDelay: 30, MaxConcurrency: 5,
				}, program)
			},
		},
		{
			name: "VectorizeIndex",
			urn:  indexURN,
			seed: func(t *testing.T, cf *cloudflaretest.Server) seeded {
				cf.SeedVectorizeIndex(acct, "dome-embeddings", 768, "cosine")
				idx, _ := cf.VectorizeIndex(acct, "dome-embeddings")
				program := indexInputs()
				delete(program, "description") // SeedVectorizeIndex sets none
				return seeded{
					id: companion.VectorizeIndexID(acct, "dome-embeddings"), program: program,
					reads:   []string{"GET /accounts/" + acct + "/vectorize/v2/indexes/dome-embeddings"},
					outputs: map[string]any{"createdOn": rfc3339(idx.CreatedOn), "modifiedOn": rfc3339(idx.ModifiedOn)},
				}
			},
		},
		{
			name: "R2EventNotification",
			urn:  notifURN,
			seed: func(t *testing.T, cf *cloudflaretest.Server) seeded {
				cf.SeedBucket(acct, "dome-blobs")
				queueID := cf.SeedQueue(acct, "dome-jobs")
				require.NoError(t, cf.SeedEventNotification(acct, "dome-blobs", queueID,
					cloudflaretest.EventNotificationRule{
						Actions: []string{"PutObject", "CompleteMultipartUpload"}, Prefix: "uploads/", Description: "new uploads",
					},
					cloudflaretest.EventNotificationRule{Actions: []string{"DeleteObject", "LifecycleDeletion"}, Suffix: ".pdf"},
				))
				return seeded{
					id: companion.R2EventNotificationID(acct, "dome-blobs", queueID), program: notificationInputs(queueID),
					reads: []string{
						"GET /accounts/" + acct + "/event_notifications/r2/dome-blobs/configuration/queues/" + queueID,
					},
					outputs: map[string]any{"queueName": "dome-jobs"},
				}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			s := tc.seed(t, h.cf)
			program := h.check(tc.urn, s.program)
			h.calls()

			// `pulumi import`: only the ID.
			imported := h.read(tc.urn, s.id, property.Map{}, property.Map{})
			assert.Equal(t, s.reads, h.calls(), "an import is the documented reads, no write")
			assert.Equal(t, s.id, imported.ID, "canonical ID")

			// Inputs: exactly what the program declares (after Check's defaults).
			assertProps(t, program, imported.Inputs, "imported inputs")

			// State: what creating the program would store (a preview of Create makes no
			// request and gives the state the provider derives from the inputs), plus the
			// outputs only Cloudflare knows.
			preview, err := h.srv.Create(p.CreateRequest{Urn: tc.urn, Properties: program, DryRun: true})
			require.NoError(t, err)
			assert.Empty(t, h.calls())
			// (A preview leaves contentSha256 unknown; it is checked below.)
			serverSide := []string{"etag", "modifiedOn", "createdOn", "consumerId", "queueName", "contentSha256"}
			assertProps(t, without(preview.Properties, serverSide...), without(imported.Properties, serverSide...),
				"imported state")
			if tc.urn == workerURN {
				s.outputs = map[string]any{"contentSha256": contentSha256(s.program["content"].(string))}
			}
			for k, v := range s.outputs {
				assert.Equal(t, v, plain(imported.Properties.Get(k)), "output %s", k)
			}

			d := h.diff(tc.urn, imported.ID, imported.Properties, program)
			assert.False(t, d.HasChanges, "diff after import: %v", changedKeys(d))
			assert.Empty(t, h.calls(), "diff makes no request")
		})
	}
}

// seedConsumer stores, directly in the emulator, a consumer of a new queue "dome-jobs"
// with the given settings (zero: Cloudflare's default), run by "silo" with the dead
// letter queue "dome-jobs-dlq", and returns the import case of the program (whose
// queueId it sets).
func seedConsumer(t *testing.T, cf *cloudflaretest.Server, settings cloudflaretest.ConsumerSettings,
	program map[string]any) seeded {
	queueID := cf.SeedQueue(acct, "dome-jobs")
	consumerID, err := cf.SeedConsumer(acct, queueID, cloudflaretest.ConsumerState{
		ScriptName: "silo", DeadLetterQueue: "dome-jobs-dlq", Settings: settings,
	})
	require.NoError(t, err)
	program["queueId"] = queueID
	queuePath := "/accounts/" + acct + "/queues/" + queueID
	return seeded{
		id: companion.QueueConsumerID(acct, queueID, consumerID), program: program,
		reads:   []string{"GET " + queuePath + "/consumers/" + consumerID, "GET " + queuePath},
		outputs: map[string]any{"consumerId": consumerID, "queueName": "dome-jobs"},
	}
}

// TestImportQueueConsumerExplicitDefaults: a program may also spell out Cloudflare's
// defaults. The import cannot know it does (Cloudflare reports the same values), so the
// imported inputs leave them unset, and the diff against that program is still empty:
// unset and the default are the same setting.
func TestImportQueueConsumerExplicitDefaults(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	queueID := h.cf.SeedQueue(acct, "dome-jobs")
	consumerID, err := h.cf.SeedConsumer(acct, queueID, cloudflaretest.ConsumerState{
		ScriptName: "silo", DeadLetterQueue: "dome-jobs-dlq",
		Settings: cloudflaretest.ConsumerSettings{RetryDelay: 30, MaxConcurrency: 5},
	})
	require.NoError(t, err)
	program := h.check(consumerURN, consumerInputs(queueID)) // batchSize 10, maxRetries 3, maxWaitTimeMs 5000
	for _, k := range []string{"batchSize", "maxRetries", "maxWaitTimeMs"} {
		_, ok := program.GetOk(k)
		require.True(t, ok, k)
	}

	imported := h.read(consumerURN, companion.QueueConsumerID(acct, queueID, consumerID), property.Map{}, property.Map{})
	require.NotEmpty(t, imported.ID)
	assert.Equal(t, map[string]any{
		"accountId": acct, "queueId": queueID, "scriptName": "silo", "deadLetterQueue": "dome-jobs-dlq",
		"retryDelay": 30.0, "maxConcurrency": 5.0,
	}, plain(property.New(imported.Inputs)), "Cloudflare's defaults import as unset")

	h.calls()
	d := h.diff(consumerURN, imported.ID, imported.Properties, program)
	assert.False(t, d.HasChanges, "diff after import: %v", changedKeys(d))
	assert.Empty(t, h.calls(), "diff makes no request")
}

func TestImportWorkerSecretIsExternal(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seedWorker(h.cf, "index.js", cloudflaretest.Binding{Name: "API_KEY", Type: "secret_text", Text: "s3cr3t-one"})
	imported := h.read(workerURN, companion.WorkerScriptID(acct, "silo"), property.Map{}, property.Map{})
	require.Equal(t, companion.WorkerScriptID(acct, "silo"), imported.ID)
	// Pulumi never set it and Cloudflare never returns its text: an imported secret
	// is reported by name, as set outside Pulumi, and never as a value.
	if v, ok := imported.Inputs.GetOk("secretTextBindings"); ok && v.IsArray() {
		assert.Zero(t, v.AsArray().Len(), "no declared secret after an import")
	}
	external := imported.Inputs.Get("externalSecrets").AsArray()
	require.Equal(t, 1, external.Len())
	assert.Equal(t, "API_KEY", external.Get(0).AsString())

	// A program that keeps it external previews clean.
	program := workerInputs()
	delete(program, "secretTextBindings")
	program["externalSecrets"] = []any{"API_KEY"}
	assert.Empty(t, changedKeys(h.diff(workerURN, imported.ID, imported.Properties, h.check(workerURN, program))))

	// A program that declares it: an update of secretTextBindings (its value is
	// unknown, so the update writes it), and nothing else changes in Cloudflare.
	program = workerInputs()
	program["secretTextBindings"] = []any{map[string]any{"name": "API_KEY", "text": "s3cr3t-one"}}
	d := h.diff(workerURN, imported.ID, imported.Properties, h.check(workerURN, program))
	assert.Equal(t, []string{"externalSecrets:delete", "secretTextBindings:add"}, changedKeys(d))
}

func TestImportErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	queueID := h.cf.SeedQueue(acct, "dome-jobs")
	h.cf.SeedBucket(acct, "dome-blobs")
	h.calls()

	t.Run("malformed IDs fail before any request", func(t *testing.T) {
		for _, tc := range []struct {
			urn     presource.URN
			id      string
			wantErr string
		}{
			{workerURN, "silo", `invalid WorkerScript ID "silo": want <accountId>/<name>`},
			{workerURN, acct + "/", "name is empty"},
			{consumerURN, acct + "/" + queueID, "want <accountId>/<queueId>/<consumerId>"},
			{indexURN, "a/b/c", "invalid VectorizeIndex ID"},
			{notifURN, acct + "/dome-blobs", "want <accountId>/<bucketName>/<queueId>"},
		} {
			_, err := h.srv.Read(p.ReadRequest{ID: tc.id, Urn: tc.urn})
			if assert.Error(t, err, tc.id) {
				assert.Contains(t, err.Error(), tc.wantErr)
			}
		}
		assert.Empty(t, h.calls())
	})

	t.Run("a missing resource imports as gone", func(t *testing.T) {
		for _, tc := range []struct {
			urn presource.URN
			id  string
		}{
			{workerURN, companion.WorkerScriptID(acct, "nope")},
			{consumerURN, companion.QueueConsumerID(acct, queueID, "0123456789abcdef0123456789abcdef")},
			{indexURN, companion.VectorizeIndexID(acct, "nope")},
			{notifURN, companion.R2EventNotificationID(acct, "dome-blobs", queueID)},
		} {
			got := h.read(tc.urn, tc.id, property.Map{}, property.Map{})
			assert.Empty(t, got.ID, tc.id)
		}
	})
}

// importedConsumerInputs are a consumer's inputs as the program gives them, but
// for queueName: `pulumi import` has only the ID, so the imported inputs
// leave it unset (Read puts the queue's name in the state, and the diff
// compares the program's with it: TestQueueConsumerDiffQueueName).
func importedConsumerInputs() map[string]any {
	in := consumerInputs("")
	delete(in, "queueName")
	return in
}
