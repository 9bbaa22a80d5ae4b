package cfapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/shared"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cfapi"
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

	got := cfapi.WrapAPIError(fmt.Errorf("sdk: %w", cfErr), "/client/v4", testToken)
	assert.Equal(t, "cloudflare: PUT /accounts/acc/workers/scripts/silo: 403 Forbidden: [10000] Authentication error", got.Error())
	assert.NotContains(t, fmt.Sprintf("%v %+v %s %q", got, got, got, got), testToken)

	var back *cloudflare.Error
	require.True(t, errors.As(got, &back), "the SDK error stays reachable")
	assert.Equal(t, http.StatusForbidden, back.StatusCode)
	assert.False(t, cfapi.IsNotFound(got))

	t.Run("several errors, no base path", func(t *testing.T) {
		cfErr := *cfErr
		cfErr.StatusCode = http.StatusBadRequest
		cfErr.Errors = []cloudflare.ErrorData{{Code: 1, Message: "a"}, {Message: "b"}}
		assert.Equal(t, "cloudflare: PUT /client/v4/accounts/acc/workers/scripts/silo: 400 Bad Request: [1] a; b",
			cfapi.WrapAPIError(&cfErr, "", testToken).Error())
	})

	t.Run("messages", func(t *testing.T) {
		cfErr := *cfErr
		cfErr.Errors = []cloudflare.ErrorData{{Code: 1, Message: " a "}, {Message: "b"}, {}}
		assert.Equal(t, []string{"[1] a", "b"}, cfapi.Messages(&cfErr))
	})

	t.Run("a token echoed by the API is redacted", func(t *testing.T) {
		cfErr := *cfErr
		cfErr.Errors = []cloudflare.ErrorData{{Code: 9109, Message: "Invalid access token " + testToken}}
		msg := cfapi.WrapAPIError(&cfErr, "/client/v4", testToken).Error()
		assert.NotContains(t, msg, testToken)
		assert.Contains(t, msg, "[REDACTED]")
	})

	t.Run("non-API errors are scrubbed and keep their chain", func(t *testing.T) {
		inner := fmt.Errorf("dial tcp: token=%s: %w", testToken, context.DeadlineExceeded)
		got := cfapi.WrapAPIError(inner, "", testToken)
		assert.NotContains(t, got.Error(), testToken)
		assert.ErrorIs(t, got, context.DeadlineExceeded)
	})
}

// TestIsNotFound: every answer Cloudflare gives for a resource that is not
// there, Vectorize's non-404s included; other errors are not "not found".
func TestIsNotFound(t *testing.T) {
	apiErr := func(status, code int, msg string) error {
		e := &cloudflare.Error{StatusCode: status}
		e.Errors = []shared.ErrorData{{Code: int64(code), Message: msg}}
		return e
	}
	for name, err := range map[string]error{
		"404 (worker 10007)":      apiErr(404, 10007, "workers.api.error.script_not_found"),
		"410 Gone":                apiErr(410, 0, ""),
		"Vectorize 3000 with 400": apiErr(400, 3000, `vectorize.index.not_found - Index name "dome-notes"`),
		"Vectorize 3005":          apiErr(400, 3005, `vectorize.index.deleted - Index name "dome-notes" was deleted`),
	} {
		assert.True(t, cfapi.IsNotFound(err), name)
		assert.True(t, cfapi.IsNotFound(fmt.Errorf("wrapped: %w", err)), name)
	}
	for name, err := range map[string]error{
		"400 other":            apiErr(400, 10021, "bad binding"),
		"Vectorize 3000 other": apiErr(400, 3000, "vectorize.invalid_config"),
		"403":                  apiErr(403, 10000, "Authentication error"),
		"not an API error":     errors.New("connection refused"),
		"nil":                  nil,
	} {
		assert.False(t, cfapi.IsNotFound(err), name)
	}
}
