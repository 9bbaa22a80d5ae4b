package cfapi_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cfapi"
	"github.com/dome/dome-infra/internal/cloudflaretest"
)

// TestClientRidesOutCloudflaresBlock: against the emulator's model of
// Cloudflare's rate limit (a five-minute block, Retry-After: 300), the SDK
// left to itself gives up (it follows Retry-After only under a minute, and
// backs off about 8 s in all at 4 retries) while cfapi.NewClient waits the
// block out and says so. The clocks of both run 33 times fast: the block
// lasts 9 s, still longer than the SDK's own backoff.
func TestClientRidesOutCloudflaresBlock(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out a 9 s block")
	}
	const scale = 0.03
	t.Setenv(cfapi.EnvTimeScale, fmt.Sprint(scale))
	limit := cloudflaretest.RateLimit{Requests: 1, Window: 5 * time.Minute, Block: 5 * time.Minute}

	var mu sync.Mutex
	var logs []string
	logf := func(_ context.Context, format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		logs = append(logs, fmt.Sprintf(format, args...))
	}
	clients := map[string]*cloudflare.Client{}
	servers := map[string]*cloudflaretest.Server{}
	for _, name := range []string{"cfapi", "sdk"} {
		s := cloudflaretest.Start(t, cloudflaretest.WithTimeScale(scale))
		s.SetRateLimit(limit)
		servers[name] = s
		if name == "cfapi" {
			clients[name] = cfapi.NewClient(s.Token(), s.URL(), 4, logf)
		} else {
			clients[name] = cloudflare.NewClient(option.WithBaseURL(s.URL()), option.WithAPIToken(s.Token()),
				option.WithMaxRetries(4))
		}
	}
	errs := map[string]error{}
	var wg sync.WaitGroup
	for name, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			for range 2 { // the second request exceeds the limit
				if err = c.Get(context.Background(), "user/tokens/verify", nil, nil); err != nil {
					break
				}
			}
			mu.Lock()
			errs[name] = err
			mu.Unlock()
		}()
	}
	wg.Wait()

	require.Error(t, errs["sdk"], "the SDK alone gives up inside a five-minute block")
	assert.Equal(t, 429, cfapi.StatusCode(errs["sdk"]))
	require.NoError(t, errs["cfapi"], "cfapi.NewClient waits the block out")
	assert.Equal(t, 1, servers["cfapi"].RateLimitStats().Refused, "one 429, then one wait of the whole block")
	require.Len(t, logs, 1)
	assert.True(t, strings.HasPrefix(logs[0], "Cloudflare answered 429 Too Many Requests to GET /client/v4/user/tokens/verify "+
		"(attempt 1): waiting 5m0s as its Retry-After asks"), logs[0])
}
