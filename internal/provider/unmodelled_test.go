package provider

// A Worker with bindings and settings WorkerScript does not model: Read reports each
// with a warning, Diff shows them as a change saying what the update does, an external
// Worker's update keeps them, and a bundle's upload removes what Cloudflare removes.

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/companion"
)

// unmodelledBindings are bindings of types WorkerScript does not model, in the shapes
// Cloudflare's GET …/settings returns them (cloudflare-go v6
// ScriptScriptAndVersionSettingGetResponseBinding: class_name/namespace_id, id,
// certificate_id, namespace, destination_address).
var unmodelledBindings = []cloudflaretest.Binding{
	{Name: "ROOMS", Type: "durable_object_namespace", ClassName: "Room", NamespaceID: "do-ns-id"},
	{Name: "PG", Type: "hyperdrive", ID: "hyperdrive-id"},
	{Name: "BROWSER", Type: "browser"},
	{Name: "CERT", Type: "mtls_certificate", CertificateID: "cert-id"},
	{Name: "VERSION", Type: "version_metadata"},
	{Name: "DISPATCH", Type: "dispatch_namespace", Namespace: "customers"},
	{Name: "MAIL", Type: "send_email", DestinationAddress: "ops@example.com"},
}

// seedUnmodelled seeds seedWorker's Worker plus a secret set outside Pulumi, the
// unmodelled bindings, and four settings WorkerScript does not model.
func seedUnmodelled(t *testing.T, cf *cloudflaretest.Server) {
	seedWorker(cf, "index.js", append([]cloudflaretest.Binding{wranglerSecret}, unmodelledBindings...)...)
	require.NoError(t, cf.UpdateScript(acct, "silo", func(sc *cloudflaretest.ScriptState) {
		sc.Placement = &cloudflaretest.Placement{Mode: "smart"}
		sc.Limits = &cloudflaretest.Limits{CPUMs: 50}
		sc.Logpush = true
		sc.TailConsumers = []cloudflaretest.TailConsumer{{Service: "dome-tail"}}
		sc.UsageModel = "standard" // Cloudflare's default: not reported
	}))
}

// programFor is what the program declares for the seeded Worker (its modelled part).
func programFor(external bool) map[string]any {
	in := workerInputs()
	delete(in, "secretTextBindings")
	in["externalSecrets"] = []any{"STRIPE_KEY"}
	in["workersDev"] = false
	if external {
		delete(in, "content")
		in["external"] = true
	}
	return in
}

func unmodelledTypes(t *testing.T, cf *cloudflaretest.Server) []string {
	t.Helper()
	sc, ok := cf.Script(acct, "silo")
	require.True(t, ok)
	var out []string
	for _, b := range sc.Bindings {
		if !modelledBindingTypes[b.Type] && b.Type != "secret_text" {
			out = append(out, b.Name+":"+b.Type)
		}
	}
	return out
}

func TestUnmodelledBindingsAndSettings(t *testing.T) {
	id := companion.WorkerScriptID(acct, "silo")

	t.Run("import reports each, with a warning", func(t *testing.T) {
		logs := captureLogs(t)
		h := newHarness(t)
		seedUnmodelled(t, h.cf)
		imported := h.read(workerURN, id, property.Map{}, property.Map{})

		assert.Equal(t, []any{
			map[string]any{"name": "BROWSER", "type": "browser", "config": ""},
			map[string]any{"name": "CERT", "type": "mtls_certificate", "config": `{"certificate_id":"cert-id"}`},
			map[string]any{"name": "DISPATCH", "type": "dispatch_namespace", "config": `{"namespace":"customers"}`},
			map[string]any{"name": "MAIL", "type": "send_email", "config": `{"destination_address":"ops@example.com"}`},
			map[string]any{"name": "PG", "type": "hyperdrive", "config": `{"id":"hyperdrive-id"}`},
			map[string]any{"name": "ROOMS", "type": "durable_object_namespace", "config": `{"class_name":"Room","namespace_id":"do-ns-id"}`},
			map[string]any{"name": "VERSION", "type": "version_metadata", "config": ""},
		}, plain(imported.Properties.Get("unmodelledBindings")))
		assert.Equal(t, map[string]any{
			"logpush": "true", "placement": `{"mode":"smart"}`, "limits": `{"cpu_ms":50}`,
			"tail_consumers": `[{"service":"dome-tail"}]`,
		}, plain(imported.Properties.Get("unmodelledSettings")), "usage_model standard is Cloudflare's default")
		_, inInputs := imported.Inputs.GetOk("unmodelledBindings")
		assert.False(t, inInputs, "not an input: a program cannot declare them")
		for _, b := range unmodelledBindings {
			assert.Contains(t, logs.String(), "binding "+b.Name+" of type "+b.Type+" that WorkerScript does not model")
		}
		assert.Contains(t, logs.String(), "an upload of the Worker's bundle removes it")
		assert.Contains(t, logs.String(), "the setting placement = {")
	})

	t.Run("external: the diff says kept, the update keeps them", func(t *testing.T) {
		logs := captureLogs(t)
		h := newHarness(t)
		seedUnmodelled(t, h.cf)
		imported := h.read(workerURN, id, property.Map{}, property.Map{})
		inputs := h.check(workerURN, programFor(true))

		d := h.diff(workerURN, id, imported.Properties, inputs)
		assert.Equal(t, []string{"unmodelledBindings:update", "unmodelledSettings:update"}, changedKeys(d),
			"never a silent drop: the diff names them, as an update (kept)")
		assert.Contains(t, logs.String(), `Worker \"silo\" has a binding ROOMS of type durable_object_namespace that WorkerScript does not model: kept`)
		assert.NotContains(t, logs.String(), "REMOVED")

		h.calls()
		updated := h.update(workerURN, id, imported.Properties, inputs)
		assert.Empty(t, h.calls(), "nothing modelled changed: no request")
		assert.Equal(t, plain(imported.Properties.Get("unmodelledBindings")), plain(updated.Properties.Get("unmodelledBindings")),
			"the state still lists them: they are still there")

		// A modelled change: GET + PATCH, which inherits every unmodelled binding.
		in := programFor(true)
		in["compatibilityDate"] = "2025-06-01"
		inputs = h.check(workerURN, in)
		h.update(workerURN, id, updated.Properties, inputs)
		assert.Equal(t, []string{"GET " + scriptPath + "/settings", "PATCH " + scriptPath + "/settings"}, h.calls())
		assert.Len(t, unmodelledTypes(t, h.cf), len(unmodelledBindings), "every unmodelled binding is kept")
		sc, _ := h.cf.Script(acct, "silo")
		assert.Equal(t, &cloudflaretest.Placement{Mode: "smart"}, sc.Placement)
		assert.Equal(t, &cloudflaretest.Limits{CPUMs: 50}, sc.Limits)
		assert.True(t, sc.Logpush)
		assert.Len(t, sc.TailConsumers, 1)
		assert.Equal(t, "sk-live-outside", sc.SecretTexts()["STRIPE_KEY"])
	})

	t.Run("bundle: no upload keeps them; an upload removes them, as a delete", func(t *testing.T) {
		logs := captureLogs(t)
		h := newHarness(t)
		seedUnmodelled(t, h.cf)
		imported := h.read(workerURN, id, property.Map{}, property.Map{})

		// Same code and settings: no upload, so nothing is removed yet.
		same := h.check(workerURN, programFor(false))
		d := h.diff(workerURN, id, imported.Properties, same)
		assert.Equal(t, []string{"unmodelledBindings:update", "unmodelledSettings:update"}, changedKeys(d))
		assert.Contains(t, logs.String(), "kept by this update (no upload), but the next upload of the bundle removes it")

		// New code: the upload keeps only secrets.
		in := programFor(false)
		in["content"] = "export default { fetch() { return new Response('v2') } }"
		inputs := h.check(workerURN, in)
		d = h.diff(workerURN, id, imported.Properties, inputs)
		assert.Equal(t, []string{"content:update", "unmodelledBindings:delete", "unmodelledSettings:delete"}, changedKeys(d),
			"the diff shows the removal (the deploy guard refuses a deleted *Bindings entry in prod)")
		assert.Contains(t, logs.String(), "binding ROOMS of type durable_object_namespace that WorkerScript does not model: REMOVED by this update's upload")
		assert.Contains(t, logs.String(), "the setting placement = {\\\"mode\\\":\\\"smart\\\"}, which WorkerScript does not model: RESET")
		assert.Contains(t, logs.String(), "the setting logpush = true, which WorkerScript does not model: kept")

		h.calls()
		updated := h.update(workerURN, id, imported.Properties, inputs)
		assert.Equal(t, []string{"PUT " + scriptPath}, h.calls())
		assert.Empty(t, unmodelledTypes(t, h.cf), "Cloudflare (the emulator) removed them, as the diff said")
		sc, _ := h.cf.Script(acct, "silo")
		assert.Nil(t, sc.Placement)
		assert.Nil(t, sc.Limits)
		assert.True(t, sc.Logpush, "script-level: kept")
		assert.Len(t, sc.TailConsumers, 1, "script-level: kept")
		assert.Equal(t, "sk-live-outside", sc.SecretTexts()["STRIPE_KEY"])

		// The state says what is left, and agrees with a refresh.
		assert.True(t, updated.Properties.Get("unmodelledBindings").IsNull() ||
			len(updated.Properties.Get("unmodelledBindings").AsArray().AsSlice()) == 0)
		refreshed := h.read(workerURN, id, updated.Properties, inputs)
		assert.Equal(t, plain(refreshed.Properties.Get("unmodelledSettings")), plain(updated.Properties.Get("unmodelledSettings")))
		assert.Equal(t, map[string]any{"logpush": "true", "tail_consumers": `[{"service":"dome-tail"}]`},
			plain(updated.Properties.Get("unmodelledSettings")))
		d = h.diff(workerURN, id, refreshed.Properties, inputs)
		assert.Equal(t, []string{"unmodelledSettings:update"}, changedKeys(d), "what is kept stays named")
	})
}

func TestUnmodelledEffect(t *testing.T) {
	for _, tc := range []struct {
		external, uploads bool
		setting           string
		kept              bool
		says              string
	}{
		{true, false, "", true, "inherit"},
		{true, true, "placement", true, "PATCH keeps"},
		{false, true, "", false, "REMOVED"},
		{false, false, "", true, "next upload of the bundle removes it"},
		{false, true, "placement", false, "RESET"},
		{false, true, "logpush", true, "script-level"},
		{false, true, "tail_consumers", true, "script-level"},
	} {
		kept, effect := UnmodelledEffect(tc.external, tc.uploads, tc.setting)
		assert.Equal(t, tc.kept, kept, "%+v", tc)
		assert.True(t, strings.Contains(effect, tc.says), "%+v: %s", tc, effect)
	}
}
