package cloudflaretest_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

// TestRateLimitBlocksLikeCloudflare: past the limit, every request is
// refused for the block with a whole-second Retry-After that counts down in
// Cloudflare's time; after the block a new window starts.
func TestRateLimitBlocksLikeCloudflare(t *testing.T) {
	// 0.002: a five-minute block lasts 0.6 s.
	s := cloudflaretest.Start(t, cloudflaretest.WithTimeScale(0.002))
	s.SetRateLimit(cloudflaretest.RateLimit{Requests: 2, Window: 5 * time.Minute, Block: 5 * time.Minute})
	get := func() (int, string) {
		req, err := http.NewRequest(http.MethodGet, s.URL()+"user/tokens/verify", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+s.Token())
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		return res.StatusCode, res.Header.Get("Retry-After")
	}
	for range 2 {
		code, _ := get()
		require.Equal(t, http.StatusOK, code)
	}
	code, ra := get()
	require.Equal(t, http.StatusTooManyRequests, code)
	assert.Equal(t, "300", ra, "the request that exceeds the limit starts a five-minute block")
	time.Sleep(200 * time.Millisecond) // 100 s of Cloudflare's time
	code, ra = get()
	require.Equal(t, http.StatusTooManyRequests, code)
	left, err := strconv.Atoi(ra)
	require.NoError(t, err, "Retry-After is whole seconds, got %q", ra)
	assert.InDelta(t, 200, left, 20, "Retry-After counts down")
	assert.Equal(t, cloudflaretest.RateLimitStats{Blocks: 1, Refused: 2}, s.RateLimitStats())

	time.Sleep(time.Duration(left)*2*time.Millisecond + 50*time.Millisecond)
	for range 2 {
		code, _ = get()
		require.Equal(t, http.StatusOK, code, "a new window after the block")
	}
	code, _ = get()
	require.Equal(t, http.StatusTooManyRequests, code)
	assert.Equal(t, 7, len(s.Requests()), "refused requests are in the request log")

	s.SetRateLimit(cloudflaretest.RateLimit{})
	code, _ = get()
	assert.Equal(t, http.StatusOK, code, "the zero RateLimit removes the limit")
}
