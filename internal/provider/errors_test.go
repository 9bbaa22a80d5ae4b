package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/workers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cfapi"
)

const testToken = "cf-token-0123456789-SUPERSECRET"

// TestAPIErrorThroughTheSDK makes a real SDK call against a stub HTTP handler (no
// Cloudflare emulator needed) and checks what the provider would report.
func TestAPIErrorThroughTheSDK(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		assert.Equal(t, "Bearer "+testToken, r.Header.Get("Authorization"))
		assert.Empty(t, r.Header.Get("X-Auth-Key"), "only the token authenticates")
		w.Header().Set("Content-Type", "application/json")
		status := http.StatusForbidden
		if strings.HasSuffix(r.URL.Path, "/missing/settings") {
			status = http.StatusNotFound
		}
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `{"success":false,"errors":[{"code":10000,"message":"Authentication error"}],"messages":[],"result":null}`)
	}))
	defer srv.Close()

	t.Setenv("CLOUDFLARE_API_KEY", "legacy-global-key")
	t.Setenv("CLOUDFLARE_EMAIL", "ops@example.com")
	cfg := Config{APIToken: ptr(testToken), APIBaseURL: ptr(srv.URL + "/client/v4/"), MaxRetries: ptr(0)}
	require.NoError(t, cfg.Configure(context.Background()))
	client, err := cfg.cf()
	require.NoError(t, err)

	_, err = client.Workers.Scripts.Update(context.Background(), "silo", buildScriptUpload(WorkerScriptArgs{
		Content:        "export default {}",
		WorkerSettings: WorkerSettings{AccountID: "acc", Name: "silo", CompatibilityDate: "2025-01-01"},
	}, false))
	require.Error(t, err)
	wrapped := cfg.wrap(`upload Worker "silo"`, err)
	assert.Equal(t,
		`upload Worker "silo": cloudflare: PUT /accounts/acc/workers/scripts/silo: 403 Forbidden: [10000] Authentication error`,
		wrapped.Error())
	assert.NotContains(t, fmt.Sprintf("%+v", wrapped), testToken)
	assert.Equal(t, int32(1), calls.Load(), "403 is not retried")

	_, err = client.Workers.Scripts.ScriptAndVersionSettings.Get(context.Background(), "missing",
		workers.ScriptScriptAndVersionSettingGetParams{AccountID: cloudflare.F("acc")})
	assert.True(t, cfapi.IsNotFound(cfg.wrap("read", err)), "404 is recognized through the wrapper")
}
