package cloudflaretest_test

import (
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/workers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

// The upload's metadata: keep_bindings, json bindings, service entrypoints,
// every module part, and the answer's deployment_id.
func TestUploadMetadata(t *testing.T) {
	first := []map[string]any{
		secretText("TOKEN", secretValue),
		{"type": "secret_key", "name": "SIGNING", "format": "raw", "algorithm": map[string]any{"name": "HMAC", "hash": "SHA-256"}, "usages": []string{"sign"}, "key_base64": "a2V5"},
		plainText("GREETING", "hi"),
	}
	tests := []struct {
		name     string
		bindings []map[string]any
		extra    map[string]any
		parts    []part
		status   int
		code     int
		check    func(t *testing.T, st cloudflaretest.ScriptState)
	}{
		{
			name:     "keep_bindings keeps unnamed bindings of the listed types only",
			bindings: []map[string]any{{"type": "ai", "name": "AI"}},
			extra:    map[string]any{"keep_bindings": []string{"secret_text", "secret_key"}},
			status:   200,
			check: func(t *testing.T, st cloudflaretest.ScriptState) {
				assert.Equal(t, []string{"AI", "TOKEN", "SIGNING"}, bindingNames(st.Bindings), "GREETING (plain_text) is dropped")
				assert.Equal(t, secretValue, st.Bindings[1].Text)
				assert.Equal(t, "a2V5", st.Bindings[2].KeyBase64)
			},
		},
		{
			name:     "without keep_bindings the upload's bindings replace all",
			bindings: []map[string]any{{"type": "ai", "name": "AI"}},
			status:   200,
			check: func(t *testing.T, st cloudflaretest.ScriptState) {
				assert.Equal(t, []string{"AI"}, bindingNames(st.Bindings))
			},
		},
		{
			name:     "a named binding wins over a kept one",
			bindings: []map[string]any{secretText("TOKEN", "new")},
			extra:    map[string]any{"keep_bindings": []string{"secret_text"}},
			status:   200,
			check: func(t *testing.T, st cloudflaretest.ScriptState) {
				assert.Equal(t, []string{"TOKEN"}, bindingNames(st.Bindings))
				assert.Equal(t, "new", st.Bindings[0].Text)
			},
		},
		{
			name: "json bindings hold any JSON value, stored as sent",
			bindings: []map[string]any{
				{"type": "json", "name": "LIMITS", "json": map[string]any{"max": 10, "tags": []string{"a"}}},
				{"type": "json", "name": "COUNT", "json": 3},
				{"type": "json", "name": "AS_STRING", "json": `{"a":1}`},
			},
			status: 200,
			check: func(t *testing.T, st cloudflaretest.ScriptState) {
				require.Len(t, st.Bindings, 3)
				assert.JSONEq(t, `{"max":10,"tags":["a"]}`, string(st.Bindings[0].JSON))
				assert.JSONEq(t, `3`, string(st.Bindings[1].JSON))
				assert.JSONEq(t, `"{\"a\":1}"`, string(st.Bindings[2].JSON))
			},
		},
		{
			name:     "a json binding without json is a 400",
			bindings: []map[string]any{{"type": "json", "name": "EMPTY"}},
			status:   400, code: 10021,
		},
		{
			name:     "a service binding keeps its entrypoint",
			bindings: []map[string]any{{"type": "service", "name": "SILO", "service": "silo", "entrypoint": "SiloRPC"}},
			status:   200,
			check: func(t *testing.T, st cloudflaretest.ScriptState) {
				require.Len(t, st.Bindings, 1)
				assert.Equal(t, "SiloRPC", st.Bindings[0].Entrypoint)
			},
		},
		{
			name:   "every module part is stored, source maps included",
			parts:  []part{{"index.js.map", "application/source-map", `{"version":3}`}, {"lib.js", "application/javascript+module", "export const x = 1;"}},
			status: 200,
			check: func(t *testing.T, st cloudflaretest.ScriptState) {
				require.Len(t, st.Modules, 3)
				assert.Equal(t, "index.js.map", st.Modules[1].Name)
				assert.Equal(t, "application/source-map", st.Modules[1].ContentType)
				assert.Equal(t, `{"version":3}`, string(st.Modules[1].Content))
				assert.Equal(t, "lib.js", st.Modules[2].Name)
			},
		},
		{
			name:     "inherit of a binding the script lacks is a 400 naming it",
			bindings: []map[string]any{{"type": "inherit", "name": "MISSING"}},
			status:   400, code: 10021,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cloudflaretest.Start(t)
			require.Equal(t, 200, upload(t, s, "w", first, nil).Status)
			res := upload(t, s, "w", tt.bindings, tt.extra, tt.parts...)
			require.Equal(t, tt.status, res.Status, "%+v", res.Errors)
			if tt.code != 0 {
				assert.Equal(t, tt.code, res.code())
			}
			st, ok := s.Script(cloudflaretest.AccountID, "w")
			require.True(t, ok)
			if tt.status != 200 {
				assert.Len(t, st.Versions, 1, "a failed upload adds no version")
				return
			}
			var out map[string]any
			res.decode(t, &out)
			assert.NotContains(t, string(res.Result), secretValue)
			require.Len(t, st.Versions, 2)
			assert.Equal(t, st.Versions[1].ID, out["deployment_id"], "deployment_id is the new version's ID, as wrangler reads it")
			assert.Equal(t, st.Tag, out["tag"])
			assert.Equal(t, "index.js", out["entry_point"])
			assert.Equal(t, "wrangler", out["last_deployed_from"])
			assert.Contains(t, out, "startup_time_ms")
			tt.check(t, st)
		})
	}
}

// The upload answer decodes into cloudflare-go's ScriptUpdateResponse.
func TestUploadAnswerDecodesInSDK(t *testing.T) {
	s, client := start(t)
	res, err := client.Workers.Scripts.Update(t.Context(), "w", uploadParams(nil))
	require.NoError(t, err)
	st, _ := s.Script(cloudflaretest.AccountID, "w")
	assert.Equal(t, st.Tag, res.Tag)
	assert.Equal(t, "worker.js", res.EntryPoint)
	assert.Equal(t, "api", res.LastDeployedFrom, "cloudflare-go is not wrangler")
	assert.Contains(t, res.JSON.RawJSON(), `"deployment_id":"`+st.Versions[0].ID+`"`)
}

// PATCH …/settings changes only the fields it carries; a bindings list
// replaces the bindings, with "inherit" keeping one as it is.
func TestSettingsPatchFields(t *testing.T) {
	tests := []struct {
		name     string
		settings map[string]any
		status   int
		message  string
		bindings []string
		check    func(t *testing.T, st cloudflaretest.ScriptState)
	}{
		{
			name:     "compatibility date only: bindings and flags kept",
			settings: map[string]any{"compatibility_date": "2025-06-01"},
			status:   200, bindings: []string{"TOKEN", "GREETING", "SILO"},
			check: func(t *testing.T, st cloudflaretest.ScriptState) {
				assert.Equal(t, "2025-06-01", st.CompatibilityDate)
				assert.Equal(t, []string{"nodejs_compat"}, st.CompatibilityFlags)
			},
		},
		{
			name:     "bindings replace; inherit keeps the secret's value",
			settings: map[string]any{"bindings": []map[string]any{{"type": "inherit", "name": "TOKEN"}, plainText("GREETING", "bonjour")}},
			status:   200, bindings: []string{"TOKEN", "GREETING"},
			check: func(t *testing.T, st cloudflaretest.ScriptState) {
				assert.Equal(t, secretValue, st.Bindings[0].Text)
				assert.Equal(t, "secret_text", st.Bindings[0].Type)
				assert.Equal(t, "bonjour", st.Bindings[1].Text)
			},
		},
		{
			name:     "inherit keeps a service binding's entrypoint",
			settings: map[string]any{"bindings": []map[string]any{{"type": "inherit", "name": "SILO"}}},
			status:   200, bindings: []string{"SILO"},
			check: func(t *testing.T, st cloudflaretest.ScriptState) {
				assert.Equal(t, "SiloRPC", st.Bindings[0].Entrypoint)
			},
		},
		{
			name:     "inherit of a missing binding is a 400 naming it",
			settings: map[string]any{"bindings": []map[string]any{{"type": "inherit", "name": "NOPE"}}},
			status:   400, message: `"NOPE"`,
		},
		{
			name:     "observability and logpush, bindings untouched",
			settings: map[string]any{"logpush": true, "observability": map[string]any{"enabled": true, "head_sampling_rate": 1}},
			status:   200, bindings: []string{"TOKEN", "GREETING", "SILO"},
			check: func(t *testing.T, st cloudflaretest.ScriptState) {
				assert.True(t, st.Logpush)
				require.NotNil(t, st.Observability)
				assert.True(t, st.Observability.Enabled)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cloudflaretest.Start(t)
			require.Equal(t, 200, upload(t, s, "w", []map[string]any{
				secretText("TOKEN", secretValue), plainText("GREETING", "hi"),
				{"type": "service", "name": "SILO", "service": "silo", "entrypoint": "SiloRPC"},
			}, map[string]any{"compatibility_flags": []string{"nodejs_compat"}}).Status)
			body, ct := settingsForm(t, tt.settings)
			res := rawCall(t, s, http.MethodPatch, "{a}/workers/scripts/w/settings", body, ct)
			require.Equal(t, tt.status, res.Status, "%+v", res.Errors)
			st, _ := s.Script(cloudflaretest.AccountID, "w")
			if tt.status != 200 {
				assert.Contains(t, res.message(), tt.message)
				assert.Len(t, st.Versions, 1, "a failed PATCH adds no version")
				return
			}
			assert.NotContains(t, string(res.Result), secretValue)
			assert.Equal(t, tt.bindings, bindingNames(st.Bindings))
			assert.Len(t, st.Versions, 2, "a settings change is a new version")
			tt.check(t, st)

			got := rawCall(t, s, http.MethodGet, "{a}/workers/scripts/w/settings", nil, "")
			require.Equal(t, 200, got.Status)
			assert.NotContains(t, string(got.Result), secretValue, "GET never returns secret text")
		})
	}
}

// GET/PATCH …/script-settings: each field patched alone leaves the others.
func TestScriptSettingsFields(t *testing.T) {
	tests := []struct {
		name  string
		patch workers.ScriptSettingParam
		check func(t *testing.T, got *workers.ScriptSetting)
	}{
		{"tags", workers.ScriptSettingParam{Tags: cloudflare.F([]string{"team:infra"})}, func(t *testing.T, got *workers.ScriptSetting) {
			assert.Equal(t, []string{"team:infra"}, got.Tags)
			assert.True(t, got.Observability.Enabled, "observability kept")
		}},
		{"logpush", workers.ScriptSettingParam{Logpush: cloudflare.F(true)}, func(t *testing.T, got *workers.ScriptSetting) {
			assert.True(t, got.Logpush)
			assert.Equal(t, []string{"env:test"}, got.Tags, "tags kept")
		}},
		{"observability", workers.ScriptSettingParam{Observability: cloudflare.F(workers.ScriptSettingObservabilityParam{Enabled: cloudflare.F(false)})}, func(t *testing.T, got *workers.ScriptSetting) {
			assert.False(t, got.Observability.Enabled)
			assert.Equal(t, []string{"env:test"}, got.Tags)
		}},
		{"tail consumers", workers.ScriptSettingParam{TailConsumers: cloudflare.F([]workers.ConsumerScriptParam{{Service: cloudflare.F("tail")}})}, func(t *testing.T, got *workers.ScriptSetting) {
			require.Len(t, got.TailConsumers, 1)
			assert.Equal(t, "tail", got.TailConsumers[0].Service)
			assert.True(t, got.Observability.Enabled)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, client := start(t)
			ctx := t.Context()
			_, err := client.Workers.Scripts.Update(ctx, "w", uploadParams(nil))
			require.NoError(t, err)
			patched, err := client.Workers.Scripts.Settings.Edit(ctx, "w", workers.ScriptSettingEditParams{AccountID: acct, ScriptSetting: tt.patch})
			require.NoError(t, err)
			tt.check(t, patched)
			got, err := client.Workers.Scripts.Settings.Get(ctx, "w", workers.ScriptSettingGetParams{AccountID: acct})
			require.NoError(t, err)
			tt.check(t, got)
			st, _ := s.Script(cloudflaretest.AccountID, "w")
			assert.Len(t, st.Versions, 1, "script-level settings are not versioned")
		})
	}
}

// Secrets: list/get never show the text; put creates or replaces; delete
// removes; each write is a new deployed version.
func TestSecrets(t *testing.T) {
	base := []map[string]any{secretText("TOKEN", secretValue), plainText("GREETING", "hi")}
	tests := []struct {
		name     string
		method   string
		path     string // under …/workers/scripts/
		body     any
		status   int
		code     int
		result   string // JSON the result must equal
		bindings []string
		versions int
	}{
		{"list shows name and type only", http.MethodGet, "w/secrets", nil, 200, 0, `[{"name":"TOKEN","type":"secret_text"}]`, []string{"TOKEN", "GREETING"}, 1},
		{"get one", http.MethodGet, "w/secrets/TOKEN", nil, 200, 0, `{"name":"TOKEN","type":"secret_text"}`, []string{"TOKEN", "GREETING"}, 1},
		{"get a missing secret", http.MethodGet, "w/secrets/NOPE", nil, 404, 10056, "", []string{"TOKEN", "GREETING"}, 1},
		{"get a plain_text binding is not a secret", http.MethodGet, "w/secrets/GREETING", nil, 404, 10056, "", []string{"TOKEN", "GREETING"}, 1},
		{"put a new secret", http.MethodPut, "w/secrets", map[string]any{"name": "API_KEY", "text": "k", "type": "secret_text"}, 200, 0, `{"name":"API_KEY","type":"secret_text"}`, []string{"TOKEN", "GREETING", "API_KEY"}, 2},
		{"put replaces a secret", http.MethodPut, "w/secrets", map[string]any{"name": "TOKEN", "text": "rotated", "type": "secret_text"}, 200, 0, `{"name":"TOKEN","type":"secret_text"}`, []string{"TOKEN", "GREETING"}, 2},
		{"put over a plain_text binding", http.MethodPut, "w/secrets", map[string]any{"name": "GREETING", "text": "x", "type": "secret_text"}, 400, 10053, "", []string{"TOKEN", "GREETING"}, 1},
		{"put without text", http.MethodPut, "w/secrets", map[string]any{"name": "EMPTY", "type": "secret_text"}, 400, 10021, "", []string{"TOKEN", "GREETING"}, 1},
		{"delete", http.MethodDelete, "w/secrets/TOKEN", nil, 200, 0, `null`, []string{"GREETING"}, 2},
		{"delete a missing secret", http.MethodDelete, "w/secrets/NOPE", nil, 404, 10056, "", []string{"TOKEN", "GREETING"}, 1},
		{"secrets of a missing script", http.MethodGet, "nope/secrets", nil, 404, 10007, "", []string{"TOKEN", "GREETING"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cloudflaretest.Start(t)
			require.Equal(t, 200, upload(t, s, "w", base, nil).Status)
			path := "{a}/workers/scripts/" + tt.path
			s.ResetRequests()
			res := rawCall(t, s, tt.method, path, tt.body, "")
			require.Equal(t, tt.status, res.Status, "%+v", res.Errors)
			assert.Equal(t, tt.code, res.code())
			if tt.result != "" {
				assert.JSONEq(t, tt.result, string(res.Result))
			}
			assert.NotContains(t, string(res.Result), secretValue)
			st, _ := s.Script(cloudflaretest.AccountID, "w")
			assert.Equal(t, tt.bindings, bindingNames(st.Bindings))
			assert.Len(t, st.Versions, tt.versions)
			if tt.method != http.MethodGet {
				assert.Len(t, s.WriteRequests(), 1, "a secret write is counted as a write")
			}
		})
	}
}

// cloudflare-go's secrets client reads the emulator's answers.
func TestSecretsSDK(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()
	_, err := client.Workers.Scripts.Update(ctx, "w", uploadParams(nil))
	require.NoError(t, err)
	put, err := client.Workers.Scripts.Secrets.Update(ctx, "w", workers.ScriptSecretUpdateParams{
		AccountID: acct,
		Body: workers.ScriptSecretUpdateParamsBodyWorkersBindingKindSecretText{
			Name: cloudflare.F("TOKEN"), Text: cloudflare.F(secretValue),
			Type: cloudflare.F(workers.ScriptSecretUpdateParamsBodyWorkersBindingKindSecretTextTypeSecretText),
		},
	})
	require.NoError(t, err)
	assert.Equal(t, "TOKEN", put.Name)
	list, err := client.Workers.Scripts.Secrets.List(ctx, "w", workers.ScriptSecretListParams{AccountID: acct})
	require.NoError(t, err)
	require.Len(t, list.Result, 1)
	assert.EqualValues(t, "secret_text", list.Result[0].Type)
	_, err = client.Workers.Scripts.Secrets.Delete(ctx, "w", "TOKEN", workers.ScriptSecretDeleteParams{AccountID: acct})
	require.NoError(t, err)
	_, err = client.Workers.Scripts.Secrets.Get(ctx, "w", "TOKEN", workers.ScriptSecretGetParams{AccountID: acct})
	requireAPIError(t, err, 404, 10056)
	st, _ := s.Script(cloudflaretest.AccountID, "w")
	assert.Empty(t, st.Bindings)
}

// workers.dev: a script uploaded through the API starts with its
// workers.dev route off; POST sets it, DELETE clears it.
func TestWorkersDev(t *testing.T) {
	type wd = cloudflaretest.WorkersDev
	tests := []struct {
		name   string
		method string
		body   any
		want   wd
		status int
	}{
		{"a new script has workers.dev off", http.MethodGet, nil, wd{}, 200},
		{"enable: previews follow", http.MethodPost, map[string]any{"enabled": true}, wd{Enabled: true, PreviewsEnabled: true}, 200},
		{"enable without previews", http.MethodPost, map[string]any{"enabled": true, "previews_enabled": false}, wd{Enabled: true}, 200},
		{"disable (what wrangler sends for workers_dev = false)", http.MethodPost, map[string]any{"enabled": false, "previews_enabled": false}, wd{}, 200},
		{"enabled is required", http.MethodPost, map[string]any{"previews_enabled": true}, wd{}, 400},
		{"delete turns both off", http.MethodDelete, nil, wd{}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cloudflaretest.Start(t)
			require.Equal(t, 200, upload(t, s, "w", nil, nil).Status)
			if tt.method == http.MethodDelete {
				require.Equal(t, 200, rawCall(t, s, http.MethodPost, "{a}/workers/scripts/w/subdomain", map[string]any{"enabled": true}, "").Status)
			}
			res := rawCall(t, s, tt.method, "{a}/workers/scripts/w/subdomain", tt.body, "")
			require.Equal(t, tt.status, res.Status, "%+v", res.Errors)
			st, _ := s.Script(cloudflaretest.AccountID, "w")
			assert.Equal(t, tt.want, st.WorkersDev)
			if tt.status == 200 {
				var got wd
				res.decode(t, &got)
				assert.Equal(t, tt.want, got)
			}
		})
	}

	t.Run("sdk and account subdomain", func(t *testing.T) {
		s, client := start(t)
		ctx := t.Context()
		_, err := client.Workers.Scripts.Update(ctx, "w", uploadParams(nil))
		require.NoError(t, err)
		got, err := client.Workers.Scripts.Subdomain.Get(ctx, "w", workers.ScriptSubdomainGetParams{AccountID: acct})
		require.NoError(t, err)
		assert.False(t, got.Enabled)
		_, err = client.Workers.Scripts.Subdomain.New(ctx, "w", workers.ScriptSubdomainNewParams{AccountID: acct, Enabled: cloudflare.F(true)})
		require.NoError(t, err)
		sub, err := client.Workers.Subdomains.Get(ctx, workers.SubdomainGetParams{AccountID: acct})
		require.NoError(t, err)
		assert.Equal(t, "emulator-"+cloudflaretest.AccountID[:8], sub.Subdomain)
		s.SetAccountSubdomain(cloudflaretest.AccountID, "")
		_, err = client.Workers.Subdomains.Get(ctx, workers.SubdomainGetParams{AccountID: acct})
		requireAPIError(t, err, 404, 10007)
		_, err = client.Workers.Scripts.Subdomain.Get(ctx, "nope", workers.ScriptSubdomainGetParams{AccountID: acct})
		requireAPIError(t, err, 404, 10007)
	})
}

// GET /workers/services/{s}: what wrangler reads before each deploy.
func TestService(t *testing.T) {
	s := cloudflaretest.Start(t)
	res := rawCall(t, s, http.MethodGet, "{a}/workers/services/dome-api", nil, "")
	assert.Equal(t, 404, res.Status)
	assert.Equal(t, 10007, res.code(), "wrangler's isWorkerNotFoundError")

	require.Equal(t, 200, upload(t, s, "dome-api", nil, map[string]any{"tags": []string{"env:dev"}}).Status)
	res = rawCall(t, s, http.MethodGet, "{a}/workers/services/dome-api", nil, "")
	require.Equal(t, 200, res.Status)
	var svc struct {
		ID                 string `json:"id"`
		DefaultEnvironment struct {
			Environment string `json:"environment"`
			Script      struct {
				Tag              string   `json:"tag"`
				Tags             []string `json:"tags"`
				LastDeployedFrom string   `json:"last_deployed_from"`
			} `json:"script"`
		} `json:"default_environment"`
	}
	res.decode(t, &svc)
	st, _ := s.Script(cloudflaretest.AccountID, "dome-api")
	assert.Equal(t, "dome-api", svc.ID)
	assert.Equal(t, "production", svc.DefaultEnvironment.Environment)
	assert.Equal(t, st.Tag, svc.DefaultEnvironment.Script.Tag)
	assert.Len(t, st.Tag, 32)
	assert.Equal(t, []string{"env:dev"}, svc.DefaultEnvironment.Script.Tags)
	assert.Equal(t, "wrangler", svc.DefaultEnvironment.Script.LastDeployedFrom)
}

// Versions and deployments: POST …/versions stores a version without
// serving it; POST …/deployments serves it; GET lists newest first.
func TestVersionsAndDeployments(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()
	require.Equal(t, 200, upload(t, s, "w", []map[string]any{secretText("TOKEN", secretValue), plainText("GREETING", "hi")}, nil).Status)

	meta := map[string]any{"main_module": "index.js", "compatibility_date": "2025-02-02",
		"bindings":    []map[string]any{{"type": "inherit", "name": "TOKEN"}, plainText("GREETING", "v2")},
		"annotations": map[string]any{"workers/message": "second"}}
	body, ct := uploadForm(t, meta, mainPart)
	res := rawCall(t, s, http.MethodPost, "{a}/workers/scripts/w/versions?bindings_inherit=strict", body, ct)
	require.Equal(t, 200, res.Status, "%+v", res.Errors)
	var v struct {
		ID        string `json:"id"`
		Number    int    `json:"number"`
		Resources struct {
			Script struct {
				Etag string `json:"etag"`
			} `json:"script"`
		} `json:"resources"`
		Annotations map[string]string `json:"annotations"`
	}
	res.decode(t, &v)
	assert.Equal(t, 2, v.Number)
	assert.Equal(t, "second", v.Annotations["workers/message"])
	assert.NotContains(t, string(res.Result), secretValue)
	st, _ := s.Script(cloudflaretest.AccountID, "w")
	assert.Equal(t, "2025-01-01", st.CompatibilityDate, "an uploaded version is not served until deployed")
	assert.Equal(t, "hi", st.Bindings[1].Text)

	tests := []struct {
		name     string
		versions []map[string]any
		status   int
	}{
		{"an unknown version", []map[string]any{{"version_id": "00000000-0000-4000-8000-000000000000", "percentage": 100}}, 400},
		{"shares not adding up to 100", []map[string]any{{"version_id": v.ID, "percentage": 50}}, 400},
		{"no versions", []map[string]any{}, 400},
		{"the new version at 100%", []map[string]any{{"version_id": v.ID, "percentage": 100}}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := rawCall(t, s, http.MethodPost, "{a}/workers/scripts/w/deployments", map[string]any{"strategy": "percentage", "versions": tt.versions}, "")
			assert.Equal(t, tt.status, res.Status, "%+v", res.Errors)
		})
	}
	st, _ = s.Script(cloudflaretest.AccountID, "w")
	assert.Equal(t, "2025-02-02", st.CompatibilityDate)
	assert.Equal(t, []string{"TOKEN", "GREETING"}, bindingNames(st.Bindings))
	assert.Equal(t, secretValue, st.Bindings[0].Text, "inherit kept the secret")
	assert.Equal(t, "v2", st.Bindings[1].Text)
	assert.Equal(t, v.Resources.Script.Etag, st.Etag)

	deps, err := client.Workers.Scripts.Deployments.List(ctx, "w", workers.ScriptDeploymentListParams{AccountID: acct})
	require.NoError(t, err)
	require.Len(t, deps.Deployments, 2)
	assert.Equal(t, v.ID, deps.Deployments[0].Versions[0].VersionID, "newest first")
	versions, err := client.Workers.Scripts.Versions.List(ctx, "w", workers.ScriptVersionListParams{AccountID: acct})
	require.NoError(t, err)
	require.Len(t, versions.Result.Items, 2)
	assert.Equal(t, v.ID, versions.Result.Items[0].ID)
	got, err := client.Workers.Scripts.Versions.Get(ctx, "w", v.ID, workers.ScriptVersionGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, "2025-02-02", got.Resources.ScriptRuntime.CompatibilityDate)

	// A missing inherit in a versions upload is a 400 naming it.
	meta["bindings"] = []map[string]any{{"type": "inherit", "name": "GONE"}}
	body, ct = uploadForm(t, meta, mainPart)
	res = rawCall(t, s, http.MethodPost, "{a}/workers/scripts/w/versions?bindings_inherit=strict", body, ct)
	assert.Equal(t, 400, res.Status)
	assert.Contains(t, res.message(), `"GONE"`)
}

// content/v2 answers like Cloudflare: multipart with Cf-Entrypoint for
// module workers (every module, main first), raw bytes for service workers.
func TestScriptContentV2(t *testing.T) {
	tests := []struct {
		name      string
		seed      cloudflaretest.ScriptState
		multipart bool
		parts     []string // module names in answer order
		entry     string
	}{
		{
			name: "module worker with a source map",
			seed: cloudflaretest.ScriptState{Name: "mod", MainModule: "index.js", Modules: []cloudflaretest.Module{
				{Name: "index.js.map", ContentType: "application/source-map", Content: []byte(`{"version":3}`)},
				{Name: "index.js", ContentType: "application/javascript+module", Content: []byte(moduleJS)},
			}},
			multipart: true, parts: []string{"index.js", "index.js.map"}, entry: "index.js",
		},
		{
			name: "service worker",
			seed: cloudflaretest.ScriptState{Name: "sw", BodyPart: "script", Modules: []cloudflaretest.Module{
				{Name: "script", ContentType: "application/javascript", Content: []byte("addEventListener('fetch', () => {})")},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, client := start(t)
			s.SeedScript(cloudflaretest.AccountID, tt.seed)
			resp, err := client.Workers.Scripts.Content.Get(t.Context(), tt.seed.Name, workers.ScriptContentGetParams{AccountID: acct})
			require.NoError(t, err)
			defer resp.Body.Close()
			assert.Equal(t, tt.entry, resp.Header.Get("Cf-Entrypoint"))
			mt, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
			require.NoError(t, err)
			if !tt.multipart {
				assert.Equal(t, "application/javascript", mt)
				body, _ := io.ReadAll(resp.Body)
				assert.Equal(t, string(tt.seed.Modules[0].Content), string(body))
				return
			}
			require.Equal(t, "multipart/form-data", mt)
			mr := multipart.NewReader(resp.Body, params["boundary"])
			var names []string
			for {
				p, err := mr.NextPart()
				if err == io.EOF {
					break
				}
				require.NoError(t, err)
				names = append(names, p.FileName())
			}
			assert.Equal(t, tt.parts, names)
		})
	}
}

// Lookups by name that wrangler makes: GET /queues?name= and
// GET /d1/database/{name}.
func TestLookupsByName(t *testing.T) {
	s := cloudflaretest.Start(t)
	s.SeedQueue(cloudflaretest.AccountID, "dome-events")
	s.SeedQueue(cloudflaretest.AccountID, "dome-events-dev")
	s.SeedD1(cloudflaretest.AccountID, "dome-meta", "")
	db, _ := s.D1DatabaseByName(cloudflaretest.AccountID, "dome-meta")
	tests := []struct {
		name, path string
		status     int
		check      func(t *testing.T, r rawResp)
	}{
		{"queues by exact name", "{a}/queues?name=dome-events-dev", 200, func(t *testing.T, r rawResp) {
			var qs []struct {
				QueueName string `json:"queue_name"`
			}
			r.decode(t, &qs)
			require.Len(t, qs, 1)
			assert.Equal(t, "dome-events-dev", qs[0].QueueName)
		}},
		{"queues by several names", "{a}/queues?name=dome-events&name=nope&name=dome-events-dev", 200, func(t *testing.T, r rawResp) {
			var qs []any
			r.decode(t, &qs)
			assert.Len(t, qs, 2)
		}},
		{"no queue by that name", "{a}/queues?name=nope", 200, func(t *testing.T, r rawResp) {
			assert.JSONEq(t, `[]`, string(r.Result))
		}},
		{"every queue without a name", "{a}/queues", 200, func(t *testing.T, r rawResp) {
			var qs []any
			r.decode(t, &qs)
			assert.Len(t, qs, 2)
		}},
		{"d1 by name", "{a}/d1/database/dome-meta", 200, func(t *testing.T, r rawResp) {
			var got struct {
				UUID string `json:"uuid"`
			}
			r.decode(t, &got)
			assert.Equal(t, db.UUID, got.UUID)
		}},
		{"d1 by uuid", "{a}/d1/database/" + db.UUID, 200, func(t *testing.T, r rawResp) {}},
		{"d1 by a missing name", "{a}/d1/database/nope", 404, func(t *testing.T, r rawResp) {
			assert.Equal(t, 7404, r.code())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rawCall(t, s, http.MethodGet, tt.path, nil, "")
			require.Equal(t, tt.status, r.Status, "%+v", r.Errors)
			tt.check(t, r)
		})
	}
}

// GET /workers/workers/{name}: the Workers API view wrangler 4.16x reads a
// worker's workers.dev state from; cloudflare-go's beta client decodes it.
func TestWorkerView(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()
	_, err := client.Workers.Beta.Workers.Get(ctx, "w", workers.BetaWorkerGetParams{AccountID: acct})
	requireAPIError(t, err, 404, 10007)
	require.Equal(t, 200, upload(t, s, "w", nil, map[string]any{"tags": []string{"env:dev"}}).Status)
	require.Equal(t, 200, rawCall(t, s, http.MethodPost, "{a}/workers/scripts/w/subdomain", map[string]any{"enabled": true, "previews_enabled": false}, "").Status)
	st, _ := s.Script(cloudflaretest.AccountID, "w")
	for _, id := range []string{"w", st.Tag} {
		got, err := client.Workers.Beta.Workers.Get(ctx, id, workers.BetaWorkerGetParams{AccountID: acct})
		require.NoError(t, err)
		assert.Equal(t, "w", got.Name)
		assert.Equal(t, st.Tag, got.ID)
		assert.True(t, got.Subdomain.Enabled)
		assert.False(t, got.Subdomain.PreviewsEnabled)
		assert.Equal(t, []string{"env:dev"}, got.Tags)
	}
}

// RoutePattern names the route that serves a request, for request tables.
func TestRoutePattern(t *testing.T) {
	s := cloudflaretest.Start(t)
	for _, tt := range []struct{ method, path, want string }{
		{"PUT", "/accounts/" + cloudflaretest.AccountID + "/workers/scripts/w", "PUT /accounts/{account_id}/workers/scripts/{script_name}"},
		{"GET", "/accounts/" + cloudflaretest.AccountID + "/workers/scripts/w/secrets/X", "GET /accounts/{account_id}/workers/scripts/{script_name}/secrets/{secret_name}"},
		{"GET", "/accounts/" + cloudflaretest.AccountID + "/nothing", ""},
	} {
		assert.Equal(t, tt.want, s.RoutePattern(tt.method, tt.path), tt.path)
	}
}
