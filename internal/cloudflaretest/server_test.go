package cloudflaretest_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/accounts"
	"github.com/cloudflare/cloudflare-go/v6/d1"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/cloudflare/cloudflare-go/v6/queues"
	"github.com/cloudflare/cloudflare-go/v6/vectorize"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

func TestURLAndToken(t *testing.T) {
	s := cloudflaretest.Start(t)
	assert.True(t, strings.HasSuffix(s.URL(), "/client/v4/"), s.URL())
	assert.True(t, strings.HasPrefix(s.Token(), "test-token-"), "default token has the documented prefix")
	assert.NotEqual(t, s.Token(), cloudflaretest.Start(t).Token(), "default tokens are random")
	assert.Equal(t, "my-token", cloudflaretest.Start(t, cloudflaretest.WithToken("my-token")).Token())
}

func TestTokenVerify(t *testing.T) {
	_, client := start(t)
	ctx := t.Context()

	u, err := client.User.Tokens.Verify(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, u.ID)
	assert.EqualValues(t, "active", u.Status)

	a, err := client.Accounts.Tokens.Verify(ctx, accounts.TokenVerifyParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, u.ID, a.ID)
	assert.EqualValues(t, "active", a.Status)
}

func TestAuthenticationFailures(t *testing.T) {
	s := cloudflaretest.Start(t, cloudflaretest.WithToken("the-real-secret"))
	const wrong = "wrong-secret-value"
	tests := []struct {
		name string
		opts []option.RequestOption
	}{
		{"bad token", []option.RequestOption{option.WithAPIToken(wrong)}},
		{"missing token", []option.RequestOption{option.WithHeaderDel("authorization")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := newClient(s, tt.opts...)
			_, err := client.D1.Database.List(t.Context(), d1.DatabaseListParams{AccountID: acct})
			apiErr := requireAPIError(t, err, http.StatusUnauthorized, 10000)
			assert.Equal(t, "Authentication error", apiErr.Errors[0].Message)
			dump := string(apiErr.DumpResponse(true))
			for _, secret := range []string{wrong, s.Token()} {
				assert.NotContains(t, err.Error(), secret)
				assert.NotContains(t, dump, secret)
			}
		})
	}
}

func TestPermissions(t *testing.T) {
	tests := []struct {
		name      string
		perms     []cloudflaretest.Permission
		call      func(*cloudflare.Client) error
		wantGroup string // "" = allowed
	}{
		{
			name:  "list vectorize without Vectorize Read",
			perms: []cloudflaretest.Permission{cloudflaretest.PermD1Write, cloudflaretest.PermQueuesRead},
			call: func(c *cloudflare.Client) error {
				_, err := c.Vectorize.Indexes.List(t.Context(), vectorize.IndexListParams{AccountID: acct})
				return err
			},
			wantGroup: "Vectorize Read",
		},
		{
			name:  "list vectorize with Vectorize Read",
			perms: []cloudflaretest.Permission{cloudflaretest.PermVectorizeRead},
			call: func(c *cloudflare.Client) error {
				_, err := c.Vectorize.Indexes.List(t.Context(), vectorize.IndexListParams{AccountID: acct})
				return err
			},
		},
		{
			name:  "create vectorize with only Vectorize Read",
			perms: []cloudflaretest.Permission{cloudflaretest.PermVectorizeRead},
			call: func(c *cloudflare.Client) error {
				_, err := c.Vectorize.Indexes.New(t.Context(), vectorize.IndexNewParams{
					AccountID: acct, Name: cloudflare.F("ix"),
					Config: cloudflare.F[vectorize.IndexNewParamsConfigUnion](vectorize.IndexDimensionConfigurationParam{
						Dimensions: cloudflare.F(int64(3)), Metric: cloudflare.F(vectorize.IndexDimensionConfigurationMetricCosine),
					}),
				})
				return err
			},
			wantGroup: "Vectorize Write",
		},
		{
			name:  "dashboard Edit alias grants write",
			perms: []cloudflaretest.Permission{"Queues Edit"},
			call: func(c *cloudflare.Client) error {
				_, err := c.Queues.New(t.Context(), queues.QueueNewParams{AccountID: acct, QueueName: cloudflare.F("q")})
				return err
			},
		},
		{
			name:  "Write implies Read",
			perms: []cloudflaretest.Permission{cloudflaretest.PermD1Write},
			call: func(c *cloudflare.Client) error {
				_, err := c.D1.Database.List(t.Context(), d1.DatabaseListParams{AccountID: acct})
				return err
			},
		},
		{
			name:  "token verify needs no group",
			perms: nil,
			call: func(c *cloudflare.Client) error {
				_, err := c.User.Tokens.Verify(t.Context())
				return err
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cloudflaretest.Start(t, cloudflaretest.WithPermissions(tt.perms...))
			err := tt.call(newClient(s))
			if tt.wantGroup == "" {
				require.NoError(t, err)
				return
			}
			requireAPIError(t, err, http.StatusForbidden, 10000)
			assert.Contains(t, errorMessage(t, err), fmt.Sprintf("%q", tt.wantGroup))
		})
	}
}

func TestUnknownRouteNamesMethodAndPath(t *testing.T) {
	_, client := start(t)
	_, err := client.D1.Database.Export(t.Context(), "some-db", d1.DatabaseExportParams{
		AccountID: acct, OutputFormat: cloudflare.F(d1.DatabaseExportParamsOutputFormatPolling),
	})
	requireAPIError(t, err, http.StatusNotFound, 7000)
	msg := errorMessage(t, err)
	assert.Contains(t, msg, "POST")
	assert.Contains(t, msg, "/accounts/"+cloudflaretest.AccountID+"/d1/database/some-db/export")
}

func TestInvalidAccountID(t *testing.T) {
	_, client := start(t)
	_, err := client.D1.Database.List(t.Context(), d1.DatabaseListParams{AccountID: cloudflare.F("not-an-account")})
	requireAPIError(t, err, http.StatusBadRequest, 7003)
}

func TestAccountsAreIsolated(t *testing.T) {
	s, client := start(t)
	other := strings.Repeat("ab", 16)
	s.SeedD1(other, "only-there", "")
	page, err := client.D1.Database.List(t.Context(), d1.DatabaseListParams{AccountID: acct})
	require.NoError(t, err)
	assert.Empty(t, page.Result)
	page, err = client.D1.Database.List(t.Context(), d1.DatabaseListParams{AccountID: cloudflare.F(other)})
	require.NoError(t, err)
	require.Len(t, page.Result, 1)
	assert.Equal(t, "only-there", page.Result[0].Name)
}

func TestRateLimitFaultIsRetried(t *testing.T) {
	s := cloudflaretest.Start(t)
	client := newClient(s, option.WithMaxRetries(3))
	s.InjectFault(cloudflaretest.Fault{
		Status: http.StatusTooManyRequests, RetryAfter: 10 * time.Millisecond,
		Method: http.MethodGet, PathPrefix: "/accounts/" + cloudflaretest.AccountID + "/d1", Times: 2,
	})
	_, err := client.D1.Database.List(t.Context(), d1.DatabaseListParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, 3, s.Count(http.MethodGet, "/accounts/*/d1/database"), "two 429s then success")

	// Times is spent: the next call goes straight through.
	_, err = client.D1.Database.List(t.Context(), d1.DatabaseListParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, 4, s.Count(http.MethodGet, "/accounts/*/d1/database"))
}

func TestRateLimitFaultSurfacesWithoutRetries(t *testing.T) {
	s, client := start(t)
	s.InjectFault(cloudflaretest.Fault{Status: http.StatusTooManyRequests, RetryAfter: 2 * time.Second})

	_, err := client.Queues.List(t.Context(), queues.QueueListParams{AccountID: acct})
	apiErr := requireAPIError(t, err, http.StatusTooManyRequests, 971)
	assert.Equal(t, "2", apiErr.Response.Header.Get("Retry-After"))

	s.ClearFaults()
	_, err = client.Queues.List(t.Context(), queues.QueueListParams{AccountID: acct})
	require.NoError(t, err)
}

func TestFaultEveryNthAndMethodFilter(t *testing.T) {
	s, client := start(t)
	s.InjectFault(cloudflaretest.Fault{Status: http.StatusInternalServerError, Method: http.MethodGet, EveryNth: 2})
	list := func() error {
		_, err := client.Queues.List(t.Context(), queues.QueueListParams{AccountID: acct})
		return err
	}
	require.NoError(t, list())
	requireAPIError(t, list(), http.StatusInternalServerError, 0)
	require.NoError(t, list())
	requireAPIError(t, list(), http.StatusInternalServerError, 0)

	// POSTs do not match the fault's method.
	_, err := client.Queues.New(t.Context(), queues.QueueNewParams{AccountID: acct, QueueName: cloudflare.F("q1")})
	require.NoError(t, err)
	_, err = client.Queues.New(t.Context(), queues.QueueNewParams{AccountID: acct, QueueName: cloudflare.F("q2")})
	require.NoError(t, err)
}

func TestDelayFault(t *testing.T) {
	s, client := start(t)
	s.InjectFault(cloudflaretest.Fault{Delay: 80 * time.Millisecond, Times: 1})
	begin := time.Now()
	_, err := client.User.Tokens.Verify(t.Context())
	require.NoError(t, err, "a delay-only fault still serves the request")
	assert.GreaterOrEqual(t, time.Since(begin), 80*time.Millisecond)

	begin = time.Now()
	_, err = client.User.Tokens.Verify(t.Context())
	require.NoError(t, err)
	assert.Less(t, time.Since(begin), 80*time.Millisecond)
}

func TestRequestLog(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()

	_, err := client.Queues.New(ctx, queues.QueueNewParams{AccountID: acct, QueueName: cloudflare.F("orders")})
	require.NoError(t, err)
	_, err = client.D1.Database.List(ctx, d1.DatabaseListParams{AccountID: acct, PerPage: cloudflare.F(5.0)})
	require.NoError(t, err)
	_, err = client.D1.Database.Get(ctx, "missing", d1.DatabaseGetParams{AccountID: acct})
	require.Error(t, err)

	reqs := s.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, cloudflaretest.Request{Method: http.MethodPost, Path: "/accounts/" + cloudflaretest.AccountID + "/queues", Query: reqs[0].Query}, reqs[0])
	assert.Equal(t, "5", reqs[1].Query.Get("per_page"))
	assert.Equal(t, "/accounts/"+cloudflaretest.AccountID+"/d1/database/missing", reqs[2].Path)

	assert.Equal(t, 1, s.Count("POST", "/accounts/*/queues"))
	assert.Equal(t, 1, s.Count("", "/client/v4/accounts/*/d1/database/*"), "prefix and any-method accepted")
	assert.Equal(t, 0, s.Count("GET", "/accounts/*"), "* matches exactly one segment")

	writes := s.WriteRequests()
	require.Len(t, writes, 1)
	assert.Equal(t, http.MethodPost, writes[0].Method)

	// Returned slices are copies.
	reqs[1].Query.Set("per_page", "changed")
	assert.Equal(t, "5", s.Requests()[1].Query.Get("per_page"))

	s.ResetRequests()
	assert.Empty(t, s.Requests())
	assert.Zero(t, s.Count("", "/accounts/*/queues"))
}

func TestRequestsAreCountedBeforeAuthAndFaults(t *testing.T) {
	s := cloudflaretest.Start(t)
	s.InjectFault(cloudflaretest.Fault{Status: 500})
	resp, err := http.Get(s.URL() + "accounts/" + cloudflaretest.AccountID + "/queues")
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	assert.Equal(t, 500, resp.StatusCode)
	assert.Equal(t, 1, s.Count("GET", "/accounts/*/queues"))
}

func TestConcurrentClients(t *testing.T) {
	s, client := start(t)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 20 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := client.Queues.New(t.Context(), queues.QueueNewParams{AccountID: acct, QueueName: cloudflare.F(fmt.Sprintf("q-%d", i))})
			errs <- err
		}()
		go func() {
			defer wg.Done()
			_, err := client.Queues.List(t.Context(), queues.QueueListParams{AccountID: acct})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Len(t, s.Queues(cloudflaretest.AccountID), 20)
	assert.Equal(t, 40, len(s.Requests()))
}
