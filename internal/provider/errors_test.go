package provider

import (
	"context"
	"errors"
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
)

const testToken = "cf-token-0123456789-SUPERSECRET"

func TestAPIErrorFormat(t *testing.T) {
	req, err := http.NewRequest(http.MethodPut,
		"https://api.cloudflare.com/client/v4/accounts/acc/workers/scripts/silo", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+testToken)
	cfErr := &cloudflare.Error{
		StatusCode: http.StatusForbidden,
		Request:    req,
		Response:   &http.Response{StatusCode: http.StatusForbidden, Header: http.Header{}},
		Errors:     []cloudflare.ErrorData{{Code: 10000, Message: "Authentication error"}},
	}

	got := wrapAPIError(fmt.Errorf("sdk: %w", cfErr), "/client/v4", testToken)
	assert.Equal(t, "cloudflare: PUT /accounts/acc/workers/scripts/silo: 403 Forbidden: [10000] Authentication error", got.Error())
	assert.NotContains(t, fmt.Sprintf("%v %+v %s %q", got, got, got, got), testToken)

	var back *cloudflare.Error
	require.True(t, errors.As(got, &back), "the SDK error stays reachable")
	assert.Equal(t, http.StatusForbidden, back.StatusCode)
	assert.False(t, isNotFound(got))

	t.Run("several errors, no base path", func(t *testing.T) {
		cfErr := *cfErr
		cfErr.StatusCode = http.StatusBadRequest
		cfErr.Errors = []cloudflare.ErrorData{{Code: 1, Message: "a"}, {Message: "b"}}
		assert.Equal(t, "cloudflare: PUT /client/v4/accounts/acc/workers/scripts/silo: 400 Bad Request: [1] a; b",
			wrapAPIError(&cfErr, "", testToken).Error())
	})

	t.Run("a token echoed by the API is redacted", func(t *testing.T) {
		cfErr := *cfErr
		cfErr.Errors = []cloudflare.ErrorData{{Code: 9109, Message: "Invalid access token " + testToken}}
		msg := wrapAPIError(&cfErr, "/client/v4", testToken).Error()
		assert.NotContains(t, msg, testToken)
		assert.Contains(t, msg, "[REDACTED]")
	})

	t.Run("non-API errors are scrubbed and keep their chain", func(t *testing.T) {
		inner := fmt.Errorf("dial tcp: token=%s: %w", testToken, context.DeadlineExceeded)
		got := wrapAPIError(inner, "", testToken)
		assert.NotContains(t, got.Error(), testToken)
		assert.ErrorIs(t, got, context.DeadlineExceeded)
	})
}

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
	}))
	require.Error(t, err)
	wrapped := cfg.wrap(`upload Worker "silo"`, err)
	assert.Equal(t,
		`upload Worker "silo": cloudflare: PUT /accounts/acc/workers/scripts/silo: 403 Forbidden: [10000] Authentication error`,
		wrapped.Error())
	assert.NotContains(t, fmt.Sprintf("%+v", wrapped), testToken)
	assert.Equal(t, int32(1), calls.Load(), "403 is not retried")

	_, err = client.Workers.Scripts.ScriptAndVersionSettings.Get(context.Background(), "missing",
		workers.ScriptScriptAndVersionSettingGetParams{AccountID: cloudflare.F("acc")})
	assert.True(t, isNotFound(cfg.wrap("read", err)), "404 is recognized through the wrapper")
}
