package provider

import (
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/companion"
)

// What a WorkerScript must never do to a Worker made outside Pulumi: overwrite it,
// replace its code, or lose a secret somebody set with `wrangler secret put`.
//
// These run against the emulator, so the Cloudflare behaviour they rely on is
// the documented one, checked independently elsewhere:
//   - keep_bindings keeps the existing bindings of the listed types that an upload
//     does not name (Cloudflare's "multipart upload metadata" docs); wrangler's own
//     deploy relies on it for secrets, and `make conformance` checks that a secret
//     put with wrangler survives wrangler's redeploy against the emulator.
//   - a settings PATCH binding {"type":"inherit","name":N} keeps binding N as it is
//     (cloudflare-go v6: ScriptScriptAndVersionSettingEditParamsSettingsBindingsTypeInherit;
//     workers-sdk sends it with ?bindings_inherit=strict).
//   - a second consumer of a queue, and a second index of a name, are refused with a
//     409 (Cloudflare: "a queue can have only one consumer"; Vectorize's
//     vectorize.index.duplicate_name); a Worker upload and an R2 notification PUT are
//     upserts, which is why their create reads first.

const scriptPath = "/accounts/" + acct + "/workers/scripts/silo"

// wranglerSecret is a secret set outside Pulumi, as `wrangler secret put` does.
var wranglerSecret = cloudflaretest.Binding{Name: "STRIPE_KEY", Type: "secret_text", Text: "sk-live-outside"}

func secretsOf(t *testing.T, cf *cloudflaretest.Server) map[string]string {
	t.Helper()
	return mustScript(t, cf).SecretTexts()
}

func TestCreateNeverOverwrites(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		urn     func() (string, map[string]any)
		seed    func(cf *cloudflaretest.Server) map[string]any
		wantErr string
	}{
		{
			name: "Worker",
			seed: func(cf *cloudflaretest.Server) map[string]any {
				seedWorker(cf, "index.js", wranglerSecret)
				return workerInputs()
			},
			wantErr: `Worker "silo" exists in Cloudflare: import it (scripts/import)`,
		},
		{
			name: "queue consumer",
			seed: func(cf *cloudflaretest.Server) map[string]any {
				seedWorkerTargets(cf)
				queueID := cf.SeedQueue(acct, "dome-events")
				_, err := cf.SeedConsumer(acct, queueID, cloudflaretest.ConsumerState{Type: "worker", ScriptName: "someone-else"})
				require.NoError(t, err)
				return consumerInputsNamed(queueID, "dome-events")
			},
			wantErr: `the consumer of queue "dome-events" exists in Cloudflare: import it (scripts/import)`,
		},
		{
			name: "Vectorize index",
			seed: func(cf *cloudflaretest.Server) map[string]any {
				cf.SeedVectorizeIndex(acct, "dome-embeddings", 768, "cosine")
				return indexInputs()
			},
			wantErr: `Vectorize index "dome-embeddings" exists in Cloudflare: import it (scripts/import)`,
		},
		{
			name: "R2 event notification",
			seed: func(cf *cloudflaretest.Server) map[string]any {
				cf.SeedBucket(acct, "dome-blobs")
				queueID := cf.SeedQueue(acct, "dome-jobs")
				require.NoError(t, cf.SeedEventNotification(acct, "dome-blobs", queueID,
					cloudflaretest.EventNotificationRule{Actions: []string{"PutObject"}, Prefix: "by-hand/"}))
				return notificationInputs(queueID)
			},
			wantErr: `exists in Cloudflare: import it (scripts/import)`,
		},
	}
	urns := map[string]string{"Worker": companion.WorkerScriptType, "queue consumer": companion.QueueConsumerType,
		"Vectorize index": companion.VectorizeIndexType, "R2 event notification": companion.R2EventNotificationType}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, withMaxRetries(0))
			in := tt.seed(h.cf)
			urn := urnOf(urns[tt.name], "x")
			inputs := h.check(urn, in)
			h.calls()
			_, err := h.srv.Create(p.CreateRequest{Urn: urn, Properties: inputs})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
			for _, c := range h.calls() {
				assert.NotRegexp(t, `^(PUT|PATCH|DELETE) `, c, "a refused create writes nothing")
			}
		})
	}
}

func TestExternalWorker(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seedWorker(h.cf, "index.js", wranglerSecret)
	before, _ := h.cf.Script(acct, "silo")

	in := workerInputs()
	delete(in, "content")
	delete(in, "secretTextBindings")
	in["external"] = true
	in["externalSecrets"] = []any{"STRIPE_KEY"}

	t.Run("create refuses: the code is not Pulumi's to upload", func(t *testing.T) {
		other := newHarness(t)
		seedWorkerTargets(other.cf)
		_, err := other.srv.Create(p.CreateRequest{Urn: workerURN, Properties: other.check(workerURN, in)})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "its code is external")
		assert.Empty(t, other.cf.Scripts(acct))
	})

	// Imported, then a setting changes: one settings PATCH, the code and the
	// secret set outside Pulumi untouched.
	imported := h.read(workerURN, companion.WorkerScriptID(acct, "silo"), property.Map{}, property.Map{})
	in["compatibilityDate"] = "2025-06-01"
	in["compatibilityFlags"] = []any{"nodejs_compat", "nodejs_als"}
	inputs := h.check(workerURN, in)
	d := h.diff(workerURN, imported.ID, imported.Properties, inputs)
	assert.Equal(t, []string{"compatibilityDate:update", "compatibilityFlags:update"}, changedKeys(d),
		"the code is no difference: it is not Pulumi's")
	h.calls()
	h.update(workerURN, imported.ID, imported.Properties, inputs)
	assert.Equal(t, []string{"GET " + scriptPath + "/settings", "PATCH " + scriptPath + "/settings"}, h.calls(),
		"an external Worker's update reads its bindings (to inherit the secrets), then patches its settings")

	after, _ := h.cf.Script(acct, "silo")
	assert.Equal(t, before.Modules, after.Modules, "the code is untouched")
	assert.Equal(t, "2025-06-01", after.CompatibilityDate)
	assert.Equal(t, map[string]string{"STRIPE_KEY": "sk-live-outside"}, secretsOf(t, h.cf), "the secret set outside Pulumi survives")
	assert.Len(t, after.Bindings, len(before.Bindings), "every binding is still there")
}

func TestSecretsSurviveAndRotateAlone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seedWorkerTargets(h.cf)
	l := h.createLive(workerURN, workerInputs()) // declares API_KEY and OTHER_KEY
	require.NoError(t, h.cf.SetScriptBindings(acct, "silo",
		append(mustScript(t, h.cf).Bindings, wranglerSecret)...))

	// A code change: one upload that keeps every secret (keep_bindings).
	in := workerInputs()
	in["content"] = "export default { fetch() { return new Response('v2') } }"
	in["externalSecrets"] = []any{"STRIPE_KEY"}
	inputs := h.check(workerURN, in)
	h.calls()
	updated := h.update(workerURN, l.id, l.state, inputs)
	assert.Equal(t, []string{"PUT " + scriptPath}, h.calls(), "a code change is one upload")
	assert.Equal(t, map[string]string{"API_KEY": "s3cr3t-one", "OTHER_KEY": "s3cr3t-two", "STRIPE_KEY": "sk-live-outside"},
		secretsOf(t, h.cf), "every secret survives the upload")

	// A rotation: one PUT to the secrets endpoint, no upload, the others unchanged.
	in["secretTextBindings"] = []any{
		map[string]any{"name": "API_KEY", "text": "s3cr3t-rotated"},
		map[string]any{"name": "OTHER_KEY", "text": "s3cr3t-two"},
	}
	inputs = h.check(workerURN, in)
	rotated := h.update(workerURN, l.id, updated.Properties, inputs)
	assert.Equal(t, []string{"PUT " + scriptPath + "/secrets"}, h.calls(), "a rotation writes that secret only")
	assert.Equal(t, map[string]string{"API_KEY": "s3cr3t-rotated", "OTHER_KEY": "s3cr3t-two", "STRIPE_KEY": "sk-live-outside"},
		secretsOf(t, h.cf))

	// Removing a declared secret deletes it, explicitly; the outside one stays.
	in["secretTextBindings"] = []any{map[string]any{"name": "API_KEY", "text": "s3cr3t-rotated"}}
	inputs = h.check(workerURN, in)
	h.update(workerURN, l.id, rotated.Properties, inputs)
	assert.Equal(t, []string{"DELETE " + scriptPath + "/secrets/OTHER_KEY"}, h.calls())
	assert.Equal(t, map[string]string{"API_KEY": "s3cr3t-rotated", "STRIPE_KEY": "sk-live-outside"}, secretsOf(t, h.cf))
}

func TestPlaceholderOnlyCreates(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seedWorkerTargets(h.cf)
	l := h.createLive(workerURN, workerInputs()) // real code
	in := workerInputs()
	in["content"] = "export default { fetch() { return new Response('not deployed', { status: 503 }) } }"
	in["placeholder"] = true
	_, err := h.srv.Update(p.UpdateRequest{ID: l.id, Urn: workerURN, State: l.state, Inputs: h.check(workerURN, in)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "refusing to replace it with the placeholder")
	assert.Empty(t, h.calls(), "nothing was sent")

	// Creating with the placeholder is allowed (dev, a Worker that does not exist).
	other := newHarness(t)
	seedWorkerTargets(other.cf)
	created := other.create(workerURN, other.check(workerURN, in))
	assert.NotEmpty(t, created.ID)
}

func TestWorkersDevRoute(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seedWorkerTargets(h.cf)
	in := workerInputs()
	in["workersDev"] = false
	l := h.createLive(workerURN, in)
	assert.False(t, mustScript(t, h.cf).WorkersDev.Enabled)

	in["workersDev"] = true
	h.update(workerURN, l.id, l.state, h.check(workerURN, in))
	assert.Equal(t, []string{"POST " + scriptPath + "/subdomain"}, h.calls(), "only the route changes")
	assert.True(t, mustScript(t, h.cf).WorkersDev.Enabled)
}

func mustScript(t *testing.T, cf *cloudflaretest.Server) cloudflaretest.ScriptState {
	t.Helper()
	sc, ok := cf.Script(acct, "silo")
	require.True(t, ok)
	return sc
}
