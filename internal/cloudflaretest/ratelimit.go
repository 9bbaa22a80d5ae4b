package cloudflaretest

import (
	"math"
	"net/http"
	"strconv"
	"time"
)

// RateLimit models Cloudflare's API rate limit
// (https://developers.cloudflare.com/fundamentals/api/reference/limits/): "1200
// requests per five minute period per user … If you exceed this limit, all API
// calls for the next five minutes will be blocked, receiving a HTTP 429", with
// a retry-after header of "the number of seconds, rounded up, until more
// capacity is available".
//
// The emulator counts requests in a fixed window that starts with the first
// request after the previous window or block ended. The request that exceeds
// Requests starts a block of Block: it and every request until the block ends
// are answered 429, code 971, with Retry-After the whole seconds left of the
// block. Blocked requests are recorded in the request log but not counted in
// a window. Durations are in Cloudflare's time (see WithTimeScale).
type RateLimit struct {
	// Requests allowed per Window (Cloudflare: 1200).
	Requests int
	// Window over which Requests are counted (Cloudflare: 5 minutes).
	Window time.Duration
	// Block is how long every request is refused once the limit is exceeded
	// (Cloudflare: 5 minutes).
	Block time.Duration
}

// CloudflareRateLimit is Cloudflare's documented global limit.
var CloudflareRateLimit = RateLimit{Requests: 1200, Window: 5 * time.Minute, Block: 5 * time.Minute}

// RateLimitStats is what the rate limit did so far.
type RateLimitStats struct {
	// Blocks is how many blocks were started.
	Blocks int
	// Refused is how many requests were answered 429 by the rate limit.
	Refused int
}

type rateLimitState struct {
	RateLimit
	windowStart, blockedUntil time.Time
	count                     int
	stats                     RateLimitStats
}

// SetRateLimit installs (or, with the zero RateLimit, removes) the rate
// limit. It starts with a fresh window and no block.
func (s *Server) SetRateLimit(rl RateLimit) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limit = rateLimitState{RateLimit: rl, stats: s.limit.stats}
}

// RateLimitStats returns the blocks started and requests refused so far.
func (s *Server) RateLimitStats() RateLimitStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limit.stats
}

// rateLimited counts a request and reports whether it is refused, with the
// time left of the block (Cloudflare's time).
func (s *Server) rateLimited() (time.Duration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := &s.limit
	if l.Requests <= 0 {
		return 0, false
	}
	now := s.clock.now()
	if now.Before(l.blockedUntil) {
		l.stats.Refused++
		return l.blockedUntil.Sub(now), true
	}
	if l.windowStart.IsZero() || !now.Before(l.windowStart.Add(l.Window)) || !l.blockedUntil.IsZero() {
		l.windowStart, l.count, l.blockedUntil = now, 0, time.Time{}
	}
	l.count++
	if l.count <= l.Requests {
		return 0, false
	}
	l.blockedUntil = now.Add(l.Block)
	l.stats.Blocks++
	l.stats.Refused++
	return l.Block, true
}

// writeRateLimited answers 429 as Cloudflare's rate limit does.
func writeRateLimited(w http.ResponseWriter, left time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(left.Seconds()))))
	writeError(w, &apiError{Status: http.StatusTooManyRequests, Code: codeRateLimit, retryable: true,
		Message: "Rate limited. Please wait and consider throttling your request speed"})
}

// clock is Cloudflare's time as the emulator's rate limit sees it: it runs
// 1/scale times as fast as the wall clock.
type clock struct {
	scale     float64
	realStart time.Time
}

func newClock(scale float64) clock {
	if !(scale > 0) {
		scale = 1
	}
	return clock{scale: scale, realStart: time.Now()}
}

func (c clock) now() time.Time {
	elapsed := time.Since(c.realStart)
	return c.realStart.Add(time.Duration(float64(elapsed) / c.scale))
}
