package standin

import (
	"net/http"
	"strings"
	"testing"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

const refusal = "the stand-in only talks to a local emulator"

func TestConfigureBaseURL(t *testing.T) {
	cases := []struct {
		name    string
		baseURL string
		wantErr string // "" = accepted
	}{
		{"localhost", "http://localhost:8787/client/v4/", ""},
		{"LOCALHOST", "http://LOCALHOST:8787/client/v4/", ""},
		{"127.0.0.1", "http://127.0.0.1:8787/client/v4/", ""},
		{"127.0.0.0/8", "http://127.1.2.3:1/client/v4", ""},
		{"::1", "http://[::1]:8787/client/v4/", ""},
		{"https loopback", "https://127.0.0.1/client/v4/", ""},
		{"real API", "https://api.cloudflare.com/client/v4/", refusal},
		{"private address", "http://10.0.0.1:8787/client/v4/", refusal},
		{"unspecified address", "http://0.0.0.0:8787/client/v4/", refusal},
		{"localhost lookalike", "http://localhost.example.com/client/v4/", refusal},
		{"loopback lookalike", "http://127.0.0.1.nip.io/client/v4/", refusal},
		{"user info is redacted", "https://user:hunter2@api.cloudflare.com/client/v4/", refusal},
		{"token in the URL is redacted", "https://api.cloudflare.com/secret-token-value/", refusal},
		{"not http", "ftp://127.0.0.1/client/v4/", "not an absolute http(s) URL"},
		{"relative", "/client/v4/", "not an absolute http(s) URL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(EnvAPIBaseURL, "")
			err := newProvider(t).Configure(p.ConfigureRequest{Args: props(map[string]any{
				"apiToken": "secret-token-value", "apiBaseUrl": tc.baseURL,
			})})
			if tc.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.wantErr)
			assert.NotContains(t, err.Error(), "secret-token-value")
			assert.NotContains(t, err.Error(), "hunter2")
		})
	}
}

// The default base URL is the real API, which is refused: forgetting to point the
// stand-in at the emulator fails loudly.
func TestConfigureDefaultIsRefused(t *testing.T) {
	t.Setenv(EnvAPIBaseURL, "")
	t.Setenv(EnvAPIToken, "env-token-value")
	err := newProvider(t).Configure(p.ConfigureRequest{})
	require.ErrorContains(t, err, refusal)
	assert.ErrorContains(t, err, "api.cloudflare.com")
	assert.ErrorContains(t, err, EnvAPIBaseURL, "the error says how to fix it")
	assert.NotContains(t, err.Error(), "env-token-value")
}

func TestConfigureFromEnvironment(t *testing.T) {
	s := cloudflaretest.Start(t)
	t.Setenv(EnvAPIBaseURL, s.URL())
	t.Setenv(EnvAPIToken, s.Token())
	srv := newProvider(t)
	// The engine hands the provider every "cloudflare:*" key plus "version"; keys of the
	// real provider that the stand-in does not know are ignored.
	chk, err := srv.CheckConfig(p.CheckRequest{Urn: "urn:pulumi:test::standin::pulumi:providers:cloudflare::default",
		Inputs: props(map[string]any{"version": Version, "apiKey": "ignored", "rps": "4"})})
	require.NoError(t, err)
	require.Empty(t, chk.Failures)
	require.NoError(t, srv.Configure(p.ConfigureRequest{Args: chk.Inputs}))

	id, _ := newHarness(t, srv, QueueType).create(queueInputs("dome-events"))
	_, ok := s.Queue(acct, id)
	assert.True(t, ok, "the queue was created in the emulator named by the environment")
}

func TestConfigureConfigWinsOverEnvironment(t *testing.T) {
	s := cloudflaretest.Start(t)
	t.Setenv(EnvAPIBaseURL, "https://api.cloudflare.com/client/v4/")
	t.Setenv(EnvAPIToken, "wrong-token")
	srv := newProvider(t)
	require.NoError(t, srv.Configure(p.ConfigureRequest{Args: props(map[string]any{
		"apiToken": s.Token(), "apiBaseUrl": s.URL(),
	})}))
	newHarness(t, srv, D1DatabaseType).create(d1Inputs("silo"))
	assert.Len(t, s.D1Databases(acct), 1)
}

func TestConfigureNeedsToken(t *testing.T) {
	t.Setenv(EnvAPIToken, "")
	err := newProvider(t).Configure(p.ConfigureRequest{Args: props(map[string]any{"apiBaseUrl": "http://127.0.0.1:1/client/v4/"})})
	require.ErrorContains(t, err, "cloudflare:apiToken")
	assert.ErrorContains(t, err, EnvAPIToken)
}

func TestConfigureNegativeRetries(t *testing.T) {
	err := newProvider(t).Configure(p.ConfigureRequest{Args: props(map[string]any{
		"apiToken": "x", "apiBaseUrl": "http://127.0.0.1:1/", "maxRetries": -1,
	})})
	require.ErrorContains(t, err, "maxRetries")
}

func TestUnconfiguredProviderFailsClearly(t *testing.T) {
	h := newHarness(t, newProvider(t), D1DatabaseType)
	err := h.createErr(d1Inputs("silo"))
	assert.ErrorContains(t, err, "not configured")
}

// The token never appears in an error, whatever goes wrong.
func TestTokenNeverInErrors(t *testing.T) {
	// A token that is also a valid resource name, so the API echoes it back in
	// messages about that name: the strongest test of the scrubbing.
	const token = "tok-5ecre7-abcdef0123456789"
	cases := []struct {
		name   string
		opts   []cloudflaretest.Option
		setup  func(t *testing.T, s *cloudflaretest.Server) (baseURL, token string)
		dbName string // D1 database to create
		want   string
	}{
		{
			name: "wrong token (401)",
			setup: func(t *testing.T, s *cloudflaretest.Server) (string, string) {
				return s.URL(), token
			},
			dbName: "silo", want: "401",
		},
		{
			name: "missing permission (403)",
			opts: []cloudflaretest.Option{cloudflaretest.WithToken(token),
				cloudflaretest.WithPermissions(cloudflaretest.PermQueuesWrite)},
			setup:  func(t *testing.T, s *cloudflaretest.Server) (string, string) { return s.URL(), token },
			dbName: "silo", want: "403",
		},
		{
			name: "server error (500)",
			opts: []cloudflaretest.Option{cloudflaretest.WithToken(token)},
			setup: func(t *testing.T, s *cloudflaretest.Server) (string, string) {
				s.InjectFault(cloudflaretest.Fault{Status: http.StatusInternalServerError})
				return s.URL(), token
			},
			dbName: "silo", want: "500",
		},
		{
			name: "name echoing the token (409)",
			opts: []cloudflaretest.Option{cloudflaretest.WithToken(token)},
			setup: func(t *testing.T, s *cloudflaretest.Server) (string, string) {
				s.SeedD1(acct, token, "")
				return s.URL(), token
			},
			dbName: token, want: "[REDACTED]",
		},
		{
			name: "connection refused",
			setup: func(t *testing.T, s *cloudflaretest.Server) (string, string) {
				u := s.URL()
				s.Close()
				return u, token
			},
			dbName: "silo", want: "connect",
		},
		{
			name: "token in the base URL path",
			opts: []cloudflaretest.Option{cloudflaretest.WithToken(token)},
			setup: func(t *testing.T, s *cloudflaretest.Server) (string, string) {
				return strings.TrimSuffix(s.URL(), "client/v4/") + token + "/", token
			},
			dbName: "silo", want: "404",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := cloudflaretest.Start(t, tc.opts...)
			baseURL, tok := tc.setup(t, s)
			srv := newProvider(t)
			require.NoError(t, srv.Configure(p.ConfigureRequest{Args: props(map[string]any{
				"apiToken": tok, "apiBaseUrl": baseURL, "maxRetries": 0,
			})}))
			h := newHarness(t, srv, D1DatabaseType)
			in := h.check(property.Map{}, d1Inputs(tc.dbName))
			done := make(chan error, 1)
			go func() {
				_, err := srv.Create(p.CreateRequest{Urn: h.urn, Properties: in})
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("create did not return")
			}
			require.Error(t, err)
			assert.NotContains(t, err.Error(), token)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
