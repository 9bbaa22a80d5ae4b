package cloudflaretest_test

import (
	"errors"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

// acct is the account most tests use.
var acct = cloudflare.F(cloudflaretest.AccountID)

// newClient returns a cloudflare-go v6 client pointed at s with retries off
// (tests that exercise retries pass option.WithMaxRetries again).
func newClient(s *cloudflaretest.Server, opts ...option.RequestOption) *cloudflare.Client {
	base := []option.RequestOption{
		option.WithBaseURL(s.URL()),
		option.WithAPIToken(s.Token()),
		option.WithMaxRetries(0),
	}
	return cloudflare.NewClient(append(base, opts...)...)
}

// start returns a server and a client for it.
func start(t *testing.T, opts ...cloudflaretest.Option) (*cloudflaretest.Server, *cloudflare.Client) {
	t.Helper()
	s := cloudflaretest.Start(t, opts...)
	return s, newClient(s)
}

// requireAPIError asserts err is a *cloudflare.Error with the given status
// and (if code != 0) first error code, and returns it.
func requireAPIError(t *testing.T, err error, status, code int) *cloudflare.Error {
	t.Helper()
	var apiErr *cloudflare.Error
	require.Error(t, err)
	require.True(t, errors.As(err, &apiErr), "want *cloudflare.Error, got %T: %v", err, err)
	require.Equal(t, status, apiErr.StatusCode, "error: %v", err)
	if code != 0 {
		require.NotEmpty(t, apiErr.Errors)
		require.EqualValues(t, code, apiErr.Errors[0].Code, "error: %v", err)
	}
	return apiErr
}

func errorMessage(t *testing.T, err error) string {
	t.Helper()
	var apiErr *cloudflare.Error
	require.True(t, errors.As(err, &apiErr))
	require.NotEmpty(t, apiErr.Errors)
	return apiErr.Errors[0].Message
}
