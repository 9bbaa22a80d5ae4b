package cloudflaretest_test

import (
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/queues"
	"github.com/cloudflare/cloudflare-go/v6/workers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

// file is an upload part with a name and content type, as cloudflare.File
// would give for a single reader.
type file struct {
	io.Reader
	name, contentType string
}

func (f file) Filename() string    { return f.name }
func (f file) ContentType() string { return f.contentType }

const mainJS = `export default {
  async fetch(req, env) { return new Response("hi"); },
  async queue(batch, env) {},
  async scheduled(event, env) {},
};
`

type binding = workers.ScriptUpdateParamsMetadataBinding

func bt(name, typ string) binding {
	return binding{Name: cloudflare.F(name), Type: cloudflare.F(workers.ScriptUpdateParamsMetadataBindingsType(typ))}
}

func uploadParams(bindings []binding, extra ...io.Reader) workers.ScriptUpdateParams {
	unions := make([]workers.ScriptUpdateParamsMetadataBindingUnion, len(bindings))
	for i, b := range bindings {
		unions[i] = b
	}
	files := append([]io.Reader{file{strings.NewReader(mainJS), "worker.js", "application/javascript+module"}}, extra...)
	return workers.ScriptUpdateParams{
		AccountID: acct,
		Metadata: cloudflare.F(workers.ScriptUpdateParamsMetadata{
			MainModule:         cloudflare.F("worker.js"),
			Bindings:           cloudflare.F(unions),
			CompatibilityDate:  cloudflare.F("2025-01-01"),
			CompatibilityFlags: cloudflare.F([]string{"nodejs_compat"}),
			Observability: cloudflare.F(workers.ScriptUpdateParamsMetadataObservability{
				Enabled: cloudflare.F(true), HeadSamplingRate: cloudflare.F(0.5),
			}),
			Tags: cloudflare.F([]string{"env:test"}),
		}),
		Files: cloudflare.F(files),
	}
}

// seedReferences creates the resources the bindings in allBindings point at.
func seedReferences(s *cloudflaretest.Server) {
	s.SeedD1(cloudflaretest.AccountID, "main-db", "9c1a3d5e-0000-4000-8000-000000000001")
	s.SeedBucket(cloudflaretest.AccountID, "assets-bucket")
	s.SeedQueue(cloudflaretest.AccountID, "jobs")
	s.SeedVectorizeIndex(cloudflaretest.AccountID, "embeddings", 768, "cosine")
}

const secretValue = "s3cr3t-value-that-must-not-leak"

func allBindings() []binding {
	with := func(b binding, f func(*binding)) binding { f(&b); return b }
	return []binding{
		bt("AI", "ai"),
		with(bt("ANALYTICS", "analytics_engine"), func(b *binding) { b.Dataset = cloudflare.F("events") }),
		bt("ASSETS", "assets"),
		bt("BROWSER", "browser"),
		with(bt("DB", "d1"), func(b *binding) { b.ID = cloudflare.F("9c1a3d5e-0000-4000-8000-000000000001") }),
		with(bt("DATA", "data_blob"), func(b *binding) { b.Part = cloudflare.F("data.bin") }),
		with(bt("DISPATCHER", "dispatch_namespace"), func(b *binding) { b.Namespace = cloudflare.F("tenants") }),
		with(bt("COUNTER", "durable_object_namespace"), func(b *binding) { b.ClassName = cloudflare.F("Counter") }),
		with(bt("HYPERDRIVE", "hyperdrive"), func(b *binding) { b.ID = cloudflare.F("hd-123") }),
		bt("IMAGES", "images"),
		with(bt("CONFIG", "json"), func(b *binding) { b.Json = cloudflare.F(`{"a":1}`) }),
		with(bt("KV", "kv_namespace"), func(b *binding) { b.NamespaceID = cloudflare.F("kv-123") }),
		with(bt("CERT", "mtls_certificate"), func(b *binding) { b.CertificateID = cloudflare.F("cert-1") }),
		with(bt("GREETING", "plain_text"), func(b *binding) { b.Text = cloudflare.F("hello") }),
		with(bt("PIPE", "pipelines"), func(b *binding) { b.Pipeline = cloudflare.F("clicks") }),
		with(bt("JOBS", "queue"), func(b *binding) { b.QueueName = cloudflare.F("jobs") }),
		with(bt("BUCKET", "r2_bucket"), func(b *binding) {
			b.BucketName = cloudflare.F("assets-bucket")
			b.Jurisdiction = cloudflare.F(workers.ScriptUpdateParamsMetadataBindingsJurisdictionEu)
		}),
		with(bt("API_KEY", "secret_text"), func(b *binding) { b.Text = cloudflare.F(secretValue) }),
		with(bt("MAIL", "send_email"), func(b *binding) { b.DestinationAddress = cloudflare.F("ops@example.com") }),
		with(bt("AUTH", "service"), func(b *binding) {
			b.Service = cloudflare.F("auth-worker")
			b.Environment = cloudflare.F("production")
		}),
		with(bt("TEXT", "text_blob"), func(b *binding) { b.Part = cloudflare.F("data.bin") }),
		with(bt("SEARCH", "vectorize"), func(b *binding) { b.IndexName = cloudflare.F("embeddings") }),
		bt("VERSION", "version_metadata"),
		with(bt("STORE_SECRET", "secrets_store_secret"), func(b *binding) {
			b.StoreID = cloudflare.F("store-1")
			b.SecretName = cloudflare.F("db-password")
		}),
		with(bt("SIGNING_KEY", "secret_key"), func(b *binding) {
			b.Algorithm = cloudflare.F[any](map[string]any{"name": "HMAC", "hash": "SHA-256"})
			b.Format = cloudflare.F(workers.ScriptUpdateParamsMetadataBindingsFormatRaw)
			b.KeyBase64 = cloudflare.F("a2V5LW1hdGVyaWFs")
			b.Usages = cloudflare.F[any]([]string{"sign"})
		}),
		with(bt("FLOW", "workflow"), func(b *binding) { b.WorkflowName = cloudflare.F("onboarding") }),
		with(bt("WASM", "wasm_module"), func(b *binding) { b.Part = cloudflare.F("data.bin") }),
	}
}

func TestScriptUploadWithEveryBindingType(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()
	seedReferences(s)

	blob := file{strings.NewReader("\x00asm"), "data.bin", "application/octet-stream"}
	res, err := client.Workers.Scripts.Update(ctx, "api-worker", uploadParams(allBindings(), blob))
	require.NoError(t, err)
	assert.Equal(t, "api-worker", res.ID)
	assert.NotEmpty(t, res.Etag)
	assert.True(t, res.HasModules)
	assert.Equal(t, "2025-01-01", res.CompatibilityDate)
	assert.Equal(t, []string{"nodejs_compat"}, res.CompatibilityFlags)
	assert.True(t, res.Observability.Enabled)
	assert.Equal(t, 0.5, res.Observability.HeadSamplingRate)
	assert.Equal(t, []string{"env:test"}, res.Tags)
	assert.ElementsMatch(t, []string{"fetch", "queue", "scheduled"}, res.Handlers)
	assert.False(t, res.CreatedOn.IsZero())
	assert.NotContains(t, res.JSON.RawJSON(), secretValue)

	settings, err := client.Workers.Scripts.ScriptAndVersionSettings.Get(ctx, "api-worker", workers.ScriptScriptAndVersionSettingGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.NotContains(t, settings.JSON.RawJSON(), secretValue, "secret text is never returned")
	assert.NotContains(t, settings.JSON.RawJSON(), "a2V5LW1hdGVyaWFs", "secret key material is never returned")
	assert.Equal(t, "2025-01-01", settings.CompatibilityDate)
	assert.Equal(t, []string{"nodejs_compat"}, settings.CompatibilityFlags)
	assert.True(t, settings.Observability.Enabled)
	assert.Equal(t, []string{"env:test"}, settings.Tags)

	byName := map[string]workers.ScriptScriptAndVersionSettingGetResponseBinding{}
	for _, b := range settings.Bindings {
		byName[b.Name] = b
	}
	require.Len(t, byName, len(allBindings()))
	for _, want := range allBindings() {
		got, ok := byName[want.Name.Value]
		if assert.True(t, ok, "binding %s", want.Name.Value) {
			assert.EqualValues(t, want.Type.Value, got.Type, "binding %s", want.Name.Value)
		}
	}
	checks := []struct{ binding, got, want string }{
		{"ANALYTICS", byName["ANALYTICS"].Dataset, "events"},
		{"DB", byName["DB"].ID, "9c1a3d5e-0000-4000-8000-000000000001"},
		{"COUNTER", byName["COUNTER"].ClassName, "Counter"},
		{"CONFIG", byName["CONFIG"].Json, `{"a":1}`},
		{"KV", byName["KV"].NamespaceID, "kv-123"},
		{"GREETING", byName["GREETING"].Text, "hello"},
		{"JOBS", byName["JOBS"].QueueName, "jobs"},
		{"BUCKET", byName["BUCKET"].BucketName, "assets-bucket"},
		{"BUCKET", string(byName["BUCKET"].Jurisdiction), "eu"},
		{"API_KEY", byName["API_KEY"].Text, ""},
		{"AUTH", byName["AUTH"].Service, "auth-worker"},
		{"AUTH", byName["AUTH"].Environment, "production"},
		{"SEARCH", byName["SEARCH"].IndexName, "embeddings"},
		{"STORE_SECRET", byName["STORE_SECRET"].SecretName, "db-password"},
		{"FLOW", byName["FLOW"].WorkflowName, "onboarding"},
		{"WASM", byName["WASM"].Part, "data.bin"},
		{"MAIL", byName["MAIL"].DestinationAddress, "ops@example.com"},
	}
	for _, c := range checks {
		assert.Equal(t, c.want, c.got, "binding %s", c.binding)
	}

	// The emulator's own state keeps the secret for assertions.
	st, ok := s.Script(cloudflaretest.AccountID, "api-worker")
	require.True(t, ok)
	for _, b := range st.Bindings {
		if b.Name == "API_KEY" {
			assert.Equal(t, secretValue, b.Text)
		}
	}
	assert.Len(t, st.Modules, 2)

	// The worker is a producer of the queue it binds.
	q, _ := s.QueueByName(cloudflaretest.AccountID, "jobs")
	got, err := client.Queues.Get(ctx, q.QueueID, queues.QueueGetParams{AccountID: acct})
	require.NoError(t, err)
	require.Len(t, got.Producers, 1)
	assert.Equal(t, "api-worker", got.Producers[0].Script)
	assert.EqualValues(t, 1, got.ProducersTotalCount)
}

func TestScriptUploadValidation(t *testing.T) {
	s, client := start(t)
	seedReferences(s)
	tests := []struct {
		name    string
		params  workers.ScriptUpdateParams
		message string
	}{
		{"queue does not exist", uploadParams([]binding{func() binding {
			b := bt("Q", "queue")
			b.QueueName = cloudflare.F("missing-queue")
			return b
		}()}), "missing-queue"},
		{"d1 does not exist", uploadParams([]binding{func() binding {
			b := bt("DB", "d1")
			b.ID = cloudflare.F("00000000-0000-4000-8000-000000000000")
			return b
		}()}), "00000000-0000-4000-8000-000000000000"},
		{"unknown binding type", uploadParams([]binding{bt("X", "teleporter")}), "teleporter"},
		{"duplicate binding name", uploadParams([]binding{bt("AI", "ai"), bt("AI", "browser")}), "more than once"},
		{"inherit without previous version", uploadParams([]binding{bt("S", "inherit")}), "cannot inherit"},
		{"main module not uploaded", func() workers.ScriptUpdateParams {
			p := uploadParams(nil)
			p.Files = cloudflare.F([]io.Reader{file{strings.NewReader(mainJS), "other.js", "application/javascript+module"}})
			return p
		}(), "worker.js"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := client.Workers.Scripts.Update(t.Context(), "w", tt.params)
			requireAPIError(t, err, http.StatusBadRequest, 0)
			assert.Contains(t, errorMessage(t, err), tt.message)
		})
	}
	_, err := client.Workers.Scripts.Update(t.Context(), "Bad Name", uploadParams(nil))
	requireAPIError(t, err, http.StatusBadRequest, 0)
	assert.Empty(t, s.Scripts(cloudflaretest.AccountID))
}

func TestScriptReuploadKeepsBindingsAndCreatedOn(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()
	secret := bt("TOKEN", "secret_text")
	secret.Text = cloudflare.F(secretValue)
	first, err := client.Workers.Scripts.Update(ctx, "w", uploadParams([]binding{secret}))
	require.NoError(t, err)

	p := uploadParams([]binding{bt("AI", "ai")})
	meta := p.Metadata.Value
	meta.KeepBindings = cloudflare.F([]string{"secret_text"})
	meta.Tags = cloudflare.Null[[]string]()
	p.Metadata = cloudflare.F(meta)
	second, err := client.Workers.Scripts.Update(ctx, "w", p)
	require.NoError(t, err)
	assert.Equal(t, first.CreatedOn, second.CreatedOn)
	assert.NotEqual(t, first.Etag, second.Etag)

	st, _ := s.Script(cloudflaretest.AccountID, "w")
	require.Len(t, st.Bindings, 2)
	assert.Equal(t, "AI", st.Bindings[0].Name)
	assert.Equal(t, "TOKEN", st.Bindings[1].Name)
	assert.Equal(t, secretValue, st.Bindings[1].Text, "keep_bindings kept the secret")
}

func TestScriptSettingsPatch(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()
	secret := bt("TOKEN", "secret_text")
	secret.Text = cloudflare.F(secretValue)
	greeting := bt("GREETING", "plain_text")
	greeting.Text = cloudflare.F("hello")
	_, err := client.Workers.Scripts.Update(ctx, "w", uploadParams([]binding{secret, greeting}))
	require.NoError(t, err)

	res, err := client.Workers.Scripts.ScriptAndVersionSettings.Edit(ctx, "w", workers.ScriptScriptAndVersionSettingEditParams{
		AccountID: acct,
		Settings: cloudflare.F(workers.ScriptScriptAndVersionSettingEditParamsSettings{
			Bindings: cloudflare.F([]workers.ScriptScriptAndVersionSettingEditParamsSettingsBindingUnion{
				workers.ScriptScriptAndVersionSettingEditParamsSettingsBinding{
					Name: cloudflare.F("TOKEN"), Type: cloudflare.F(workers.ScriptScriptAndVersionSettingEditParamsSettingsBindingsTypeInherit),
				},
				workers.ScriptScriptAndVersionSettingEditParamsSettingsBinding{
					Name: cloudflare.F("GREETING"), Type: cloudflare.F(workers.ScriptScriptAndVersionSettingEditParamsSettingsBindingsTypePlainText),
					Text: cloudflare.F("bonjour"),
				},
			}),
			CompatibilityDate: cloudflare.F("2025-06-01"),
			Logpush:           cloudflare.F(true),
		}),
	})
	require.NoError(t, err)
	assert.Equal(t, "2025-06-01", res.CompatibilityDate)
	assert.True(t, res.Logpush)
	assert.Equal(t, []string{"nodejs_compat"}, res.CompatibilityFlags, "fields absent from the patch are kept")
	assert.NotContains(t, res.JSON.RawJSON(), secretValue)
	require.Len(t, res.Bindings, 2)
	assert.EqualValues(t, "secret_text", res.Bindings[0].Type, "inherit resolves to the previous binding")
	assert.Equal(t, "bonjour", res.Bindings[1].Text)

	st, _ := s.Script(cloudflaretest.AccountID, "w")
	assert.Equal(t, secretValue, st.Bindings[0].Text)

	// script-settings: the script-level subset.
	ss, err := client.Workers.Scripts.Settings.Edit(ctx, "w", workers.ScriptSettingEditParams{
		AccountID:     acct,
		ScriptSetting: workers.ScriptSettingParam{Tags: cloudflare.F([]string{"team:infra"})},
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"team:infra"}, ss.Tags)
	assert.True(t, ss.Logpush)
	got, err := client.Workers.Scripts.Settings.Get(ctx, "w", workers.ScriptSettingGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, []string{"team:infra"}, got.Tags)
	assert.True(t, got.Observability.Enabled)
}

func TestScriptDriftHelpers(t *testing.T) {
	s, client := start(t)
	s.SeedScript(cloudflaretest.AccountID, cloudflaretest.ScriptState{
		Name:              "seeded",
		CompatibilityDate: "2024-01-01",
		Bindings:          []cloudflaretest.Binding{{Name: "GREETING", Type: "plain_text", Text: "hi"}},
	})
	require.NoError(t, s.SetScriptBindings(cloudflaretest.AccountID, "seeded",
		cloudflaretest.Binding{Name: "GREETING", Type: "plain_text", Text: "drifted"}))
	settings, err := client.Workers.Scripts.ScriptAndVersionSettings.Get(t.Context(), "seeded", workers.ScriptScriptAndVersionSettingGetParams{AccountID: acct})
	require.NoError(t, err)
	require.Len(t, settings.Bindings, 1)
	assert.Equal(t, "drifted", settings.Bindings[0].Text)
	assert.Equal(t, "2024-01-01", settings.CompatibilityDate)

	require.NoError(t, s.UpdateScript(cloudflaretest.AccountID, "seeded", func(sc *cloudflaretest.ScriptState) {
		sc.CompatibilityFlags = []string{"nodejs_compat"}
	}))
	settings, err = client.Workers.Scripts.ScriptAndVersionSettings.Get(t.Context(), "seeded", workers.ScriptScriptAndVersionSettingGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, []string{"nodejs_compat"}, settings.CompatibilityFlags)
	require.Error(t, s.SetScriptBindings(cloudflaretest.AccountID, "missing"))

	assert.True(t, s.DeleteScript(cloudflaretest.AccountID, "seeded"))
	_, err = client.Workers.Scripts.ScriptAndVersionSettings.Get(t.Context(), "seeded", workers.ScriptScriptAndVersionSettingGetParams{AccountID: acct})
	requireAPIError(t, err, http.StatusNotFound, 10007)
}

func TestScriptListContentAndDelete(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()
	_, err := client.Workers.Scripts.Update(ctx, "alpha", uploadParams(nil))
	require.NoError(t, err)
	s.SeedScript(cloudflaretest.AccountID, cloudflaretest.ScriptState{Name: "beta", Tags: []string{"env:prod"}})

	list, err := client.Workers.Scripts.List(ctx, workers.ScriptListParams{AccountID: acct})
	require.NoError(t, err)
	require.Len(t, list.Result, 2)
	assert.Equal(t, "alpha", list.Result[0].ID)
	assert.Equal(t, "beta", list.Result[1].ID)

	tagged, err := client.Workers.Scripts.List(ctx, workers.ScriptListParams{AccountID: acct, Tags: cloudflare.F("env:prod:yes")})
	require.NoError(t, err)
	require.Len(t, tagged.Result, 1)
	assert.Equal(t, "beta", tagged.Result[0].ID)
	_, err = client.Workers.Scripts.List(ctx, workers.ScriptListParams{AccountID: acct, Tags: cloudflare.F("env:prod:maybe")})
	requireAPIError(t, err, http.StatusBadRequest, 0)

	// content/v2 returns a module worker as multipart, main module named by
	// cf-entrypoint (TestScriptContentV2 covers the shapes).
	resp, err := client.Workers.Scripts.Content.Get(ctx, "alpha", workers.ScriptContentGetParams{AccountID: acct})
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	assert.Contains(t, string(body), mainJS)
	assert.Equal(t, "worker.js", resp.Header.Get("cf-entrypoint"))

	// GET script returns module workers as multipart/form-data.
	raw, err := client.Workers.Scripts.Get(ctx, "alpha", workers.ScriptGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.Contains(t, *raw, mainJS)

	_, err = client.Workers.Scripts.Delete(ctx, "alpha", workers.ScriptDeleteParams{AccountID: acct})
	require.NoError(t, err)
	_, err = client.Workers.Scripts.Get(ctx, "alpha", workers.ScriptGetParams{AccountID: acct})
	requireAPIError(t, err, http.StatusNotFound, 10007)
	assert.Equal(t, "workers.api.error.script_not_found", errorMessage(t, err))
	_, err = client.Workers.Scripts.Delete(ctx, "alpha", workers.ScriptDeleteParams{AccountID: acct})
	requireAPIError(t, err, http.StatusNotFound, 10007)
}

func TestScriptTagFilter(t *testing.T) {
	s, client := start(t)
	s.SeedScript(cloudflaretest.AccountID, cloudflaretest.ScriptState{Name: "prod", Tags: []string{"prod"}})
	s.SeedScript(cloudflaretest.AccountID, cloudflaretest.ScriptState{Name: "dev", Tags: []string{"dev"}})
	list, err := client.Workers.Scripts.List(t.Context(), workers.ScriptListParams{AccountID: acct, Tags: cloudflare.F("prod:yes")})
	require.NoError(t, err)
	require.Len(t, list.Result, 1)
	assert.Equal(t, "prod", list.Result[0].ID)
	list, err = client.Workers.Scripts.List(t.Context(), workers.ScriptListParams{AccountID: acct, Tags: cloudflare.F("prod:no")})
	require.NoError(t, err)
	require.Len(t, list.Result, 1)
	assert.Equal(t, "dev", list.Result[0].ID)
}

func TestScriptGetMultipart(t *testing.T) {
	s := cloudflaretest.Start(t)
	client := newClient(s)
	_, err := client.Workers.Scripts.Update(t.Context(), "multi", uploadParams(nil, file{strings.NewReader("export const x = 1;"), "lib.js", "application/javascript+module"}))
	require.NoError(t, err)

	req, err := http.NewRequest(http.MethodGet, s.URL()+"accounts/"+cloudflaretest.AccountID+"/workers/scripts/multi", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+s.Token())
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	mt, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	require.NoError(t, err)
	assert.Equal(t, "multipart/form-data", mt)
	mr := multipart.NewReader(resp.Body, params["boundary"])
	var names []string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		names = append(names, p.FormName())
	}
	assert.Equal(t, []string{"worker.js", "lib.js"}, names, "main module first")
}

func TestScriptDeleteForce(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()
	_, err := client.Workers.Scripts.Update(ctx, "consumer", uploadParams(nil))
	require.NoError(t, err)
	qid := s.SeedQueue(cloudflaretest.AccountID, "work")
	_, err = s.SeedConsumer(cloudflaretest.AccountID, qid, cloudflaretest.ConsumerState{ScriptName: "consumer"})
	require.NoError(t, err)

	_, err = client.Workers.Scripts.Delete(ctx, "consumer", workers.ScriptDeleteParams{AccountID: acct})
	requireAPIError(t, err, http.StatusConflict, 0)
	assert.Contains(t, errorMessage(t, err), "work")
	assert.Contains(t, errorMessage(t, err), "force=true")

	_, err = client.Workers.Scripts.Delete(ctx, "consumer", workers.ScriptDeleteParams{AccountID: acct, Force: cloudflare.F(true)})
	require.NoError(t, err)
	assert.Empty(t, s.Consumers(cloudflaretest.AccountID, qid), "force deletes the script's consumers")
}

func TestSchedules(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()
	s.SeedScript(cloudflaretest.AccountID, cloudflaretest.ScriptState{Name: "cron-worker"})

	put := func(crons ...string) (*workers.ScriptScheduleUpdateResponse, error) {
		body := make([]workers.ScriptScheduleUpdateParamsBody, len(crons))
		for i, c := range crons {
			body[i] = workers.ScriptScheduleUpdateParamsBody{Cron: cloudflare.F(c)}
		}
		return client.Workers.Scripts.Schedules.Update(ctx, "cron-worker", workers.ScriptScheduleUpdateParams{AccountID: acct, Body: body})
	}

	res, err := put("*/5 * * * *", "0 3 * * MON")
	require.NoError(t, err)
	require.Len(t, res.Schedules, 2)
	assert.Equal(t, "*/5 * * * *", res.Schedules[0].Cron)
	assert.NotEmpty(t, res.Schedules[0].CreatedOn)

	got, err := client.Workers.Scripts.Schedules.Get(ctx, "cron-worker", workers.ScriptScheduleGetParams{AccountID: acct})
	require.NoError(t, err)
	require.Len(t, got.Schedules, 2)
	assert.Equal(t, "0 3 * * MON", got.Schedules[1].Cron)
	assert.Equal(t, []string{"*/5 * * * *", "0 3 * * MON"}, cronsOf(s.Schedules(cloudflaretest.AccountID, "cron-worker")))

	for _, bad := range []string{"* * * *", "every five minutes", "* * * * * *"} {
		_, err = put(bad)
		requireAPIError(t, err, http.StatusBadRequest, 0)
	}

	require.NoError(t, s.SetSchedules(cloudflaretest.AccountID, "cron-worker", "0 0 * * *"))
	got, err = client.Workers.Scripts.Schedules.Get(ctx, "cron-worker", workers.ScriptScheduleGetParams{AccountID: acct})
	require.NoError(t, err)
	require.Len(t, got.Schedules, 1)

	res, err = put()
	require.NoError(t, err)
	assert.Empty(t, res.Schedules)

	_, err = client.Workers.Scripts.Schedules.Get(ctx, "nope", workers.ScriptScheduleGetParams{AccountID: acct})
	requireAPIError(t, err, http.StatusNotFound, 10007)
}

func cronsOf(ss []cloudflaretest.Schedule) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Cron
	}
	return out
}
