package cfapi

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock is the limiter's clock: sleep advances it at once.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	slept []time.Duration
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slept = append(c.slept, d)
	c.t = c.t.Add(d)
	return nil
}

// scripted answers each request with the next of answers ("429:300" is a 429
// with Retry-After: 300, "429" one without, "200" success) and records the
// bodies it received.
type scripted struct {
	mu      sync.Mutex
	answers []string
	bodies  []string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.bodies = append(s.bodies, string(b))
	a := "200"
	if len(s.answers) > 0 {
		a, s.answers = s.answers[0], s.answers[1:]
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	status, retryAfter, _ := strings.Cut(a, ":")
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	if status == "200" {
		_, _ = io.WriteString(w, `{"success":true,"errors":[],"messages":[],"result":{"ok":true}}`)
		return
	}
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = io.WriteString(w, `{"success":false,"errors":[{"code":971,"message":"Please wait and consider throttling your request speed"}],"messages":[],"result":null}`)
}

func newTestClient(t *testing.T, answers ...string) (*cloudflare.Client, *scripted, *fakeClock, *[]string) {
	t.Helper()
	srv := &scripted{answers: answers}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	clk := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	var logs []string
	var mu sync.Mutex
	rl := newRateLimiter(func(_ context.Context, format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		logs = append(logs, fmt.Sprintf(format, args...))
	})
	rl.now, rl.sleep, rl.scale = clk.now, clk.sleep, 1
	// No SDK retries: what is retried here is the limiter's doing.
	client := cloudflare.NewClient(option.WithBaseURL(ts.URL+"/client/v4/"), option.WithAPIToken("tok"),
		option.WithMaxRetries(0), rl.option())
	return client, srv, clk, &logs
}

func TestRateLimitWaitsOutAFiveMinuteBlock(t *testing.T) {
	client, srv, clk, logs := newTestClient(t, "429:300", "429:120", "200")
	var res map[string]any
	err := client.Post(context.Background(), "accounts/x/d1/database", map[string]string{"name": "silo"}, &res)
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{300 * time.Second, 120 * time.Second}, clk.slept, "waits what Retry-After says")
	body := "{\"name\":\"silo\"}\n"
	assert.Equal(t, []string{body, body, body}, srv.bodies,
		"the body is sent again with every attempt")
	require.Len(t, *logs, 2)
	assert.Equal(t, "Cloudflare answered 429 Too Many Requests to POST /client/v4/accounts/x/d1/database (attempt 1): "+
		"waiting 5m0s as its Retry-After asks (0s waited so far, at most 15m0s)", (*logs)[0])
}

func TestRateLimitCapsEachWaitAndTheTotal(t *testing.T) {
	// Retry-After of an hour is waited 5 minutes at a time; after 15 minutes the
	// 429 is the request's error, and the SDK does not retry it further.
	client, srv, clk, logs := newTestClient(t, "429:3600", "429:3600", "429:3600", "429:3600", "200")
	err := client.Get(context.Background(), "accounts/x/queues", nil, nil, option.WithMaxRetries(4))
	require.Error(t, err)
	assert.Equal(t, http.StatusTooManyRequests, StatusCode(err))
	assert.Equal(t, []time.Duration{5 * time.Minute, 5 * time.Minute, 5 * time.Minute}, clk.slept)
	assert.Len(t, srv.bodies, 4, "three waits, four attempts, no SDK retry after giving up")
	assert.Contains(t, (*logs)[len(*logs)-1], "giving up (at most 15m0s)")
}

func TestRateLimitWithoutRetryAfterIsLeftToTheSDK(t *testing.T) {
	client, srv, clk, _ := newTestClient(t, "429", "200")
	err := client.Get(context.Background(), "accounts/x/queues", nil, nil)
	require.Error(t, err, "no SDK retries in this client, and no Retry-After to follow")
	assert.Empty(t, clk.slept)
	assert.Len(t, srv.bodies, 1)
}

func TestRateLimitHoldsBackTheClientsOtherRequests(t *testing.T) {
	client, srv, clk, logs := newTestClient(t, "429:300", "200", "200")
	require.NoError(t, client.Get(context.Background(), "accounts/x/queues", nil, nil))
	// The block is learnt; a second request made before it ends waits first.
	clk.mu.Lock()
	clk.t = clk.t.Add(-100 * time.Second)
	clk.mu.Unlock()
	require.NoError(t, client.Get(context.Background(), "accounts/x/d1/database", nil, nil))
	assert.Equal(t, []time.Duration{300 * time.Second, 100 * time.Second}, clk.slept)
	assert.Len(t, srv.bodies, 3, "the second request is not sent into the block")
	assert.Contains(t, (*logs)[1], "holds GET /client/v4/accounts/x/d1/database for 1m40s more")
}

func TestRateLimitStopsWhenTheContextEnds(t *testing.T) {
	client, _, _, _ := newTestClient(t, "429:300")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := client.Get(ctx, "accounts/x/queues", nil, nil)
	require.ErrorIs(t, err, context.Canceled)
}

func TestRetryAfterForms(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"300": 300 * time.Second, "0.5": 500 * time.Millisecond,
		now.Add(90 * time.Second).Format(http.TimeFormat): 90 * time.Second,
	} {
		res := &http.Response{Header: http.Header{"Retry-After": {v}}}
		got, ok := retryAfter(res, now)
		assert.True(t, ok, v)
		assert.Equal(t, want, got, v)
	}
	for _, v := range []string{"", "soon", "-3"} {
		_, ok := retryAfter(&http.Response{Header: http.Header{"Retry-After": {v}}}, now)
		assert.False(t, ok, v)
	}
}

func TestTimeScale(t *testing.T) {
	for v, want := range map[string]float64{"": 1, "0.01": 0.01, "1": 1, "0": 1, "2": 1, "x": 1, "-1": 1} {
		t.Setenv(EnvTimeScale, v)
		assert.Equal(t, want, timeScale(), v)
	}
}
