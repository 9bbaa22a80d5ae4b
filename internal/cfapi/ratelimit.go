package cfapi

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cloudflare/cloudflare-go/v6/option"
	p "github.com/pulumi/pulumi-go-provider"
)

// Cloudflare's API rate limit (https://developers.cloudflare.com/fundamentals/api/reference/limits/):
// 1200 requests per five minutes per user; past it, every call for the next five minutes
// is answered 429 with a retry-after of whole seconds ("the number of seconds, rounded
// up, until more capacity is available").
//
// cloudflare-go v6 retries a 429 itself, but it follows Retry-After only below one minute
// (internal/requestconfig.retryDelay) and otherwise backs off 0.5 s, 1 s, 2 s, 4 s: at the
// default 4 retries it gives up after about 8 s, inside a block of up to five minutes.
// NewClient therefore installs a middleware that waits out a 429 itself.
const (
	// MaxRetryAfter is the longest single wait honoured: Cloudflare's block window. A
	// longer Retry-After is waited for this long, then the request is tried again.
	MaxRetryAfter = 5 * time.Minute
	// MaxRateLimitWait bounds the total waiting for one request: three full blocks.
	// Past it, the 429 is returned as the request's error.
	MaxRateLimitWait = 15 * time.Minute
	// EnvTimeScale, for tests only, scales every rate-limit wait by a factor in (0, 1]
	// so that a five-minute block of an emulator with a scaled clock
	// (internal/cloudflaretest) lasts seconds. The Retry-After values, the limits above
	// and the log keep Cloudflare's time. Any other value is ignored.
	EnvTimeScale = "CLOUDFLARETEST_TIME_SCALE"
)

// Logf reports a rate-limit wait: the companion provider and the stand-in pass one that
// writes through pulumi-go-provider's logger (the engine shows it on the resource),
// scripts/import one that writes to stderr. nil logs nothing.
type Logf func(ctx context.Context, format string, args ...any)

// rateLimiter waits out Cloudflare's 429s. One per client: a Retry-After learnt by one
// request holds back the client's other requests until it passes, so that a block is
// not met by every request in flight.
type rateLimiter struct {
	maxWait, maxTotal time.Duration
	scale             float64
	logf              Logf
	// now and sleep are the clock; tests replace them.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu sync.Mutex
	// until is when the last Retry-After seen ends (real time).
	until time.Time
}

func newRateLimiter(logf Logf) *rateLimiter {
	return &rateLimiter{
		maxWait: MaxRetryAfter, maxTotal: MaxRateLimitWait, scale: timeScale(), logf: logf,
		now: time.Now, sleep: sleepCtx,
	}
}

// timeScale reads EnvTimeScale: a factor in (0, 1], else 1.
func timeScale() float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(os.Getenv(EnvTimeScale)), 64)
	if err != nil || !(f > 0 && f <= 1) {
		return 1
	}
	return f
}

// option is the middleware as a client option.
func (rl *rateLimiter) option() option.RequestOption { return option.WithMiddleware(rl.middleware) }

// middleware sends req and, while Cloudflare answers 429 with a Retry-After, waits as
// long as it says (at most maxWait each time, maxTotal in all) and sends it again. It runs
// inside the SDK's own retry loop, so other failures (5xx, connection errors, a 429
// without Retry-After) are left to the SDK's retries; a 429 it gives up on is marked
// X-Should-Retry: false, so the SDK does not add its own short retries to a block that
// has outlasted the budget.
func (rl *rateLimiter) middleware(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	ctx := req.Context()
	var waited time.Duration // in Cloudflare's time
	for attempt := 1; ; attempt++ {
		if d := rl.pending(); d > 0 {
			// Another request met the block: wait for it to end before adding a request.
			cf := rl.unscale(d)
			if waited+cf > rl.maxTotal {
				cf = max(rl.maxTotal-waited, 0)
			}
			rl.log(ctx, "Cloudflare's API rate limit holds %s for %s more (Retry-After of an earlier request); waiting",
				describe(req), roundSecond(cf))
			if err := rl.sleep(ctx, rl.scaled(cf)); err != nil {
				return nil, err
			}
			waited += cf
		}
		res, err := next(req)
		if err != nil || res.StatusCode != http.StatusTooManyRequests {
			return res, err
		}
		wait, ok := retryAfter(res, rl.now())
		if !ok {
			return res, nil // no Retry-After: the SDK's backoff applies
		}
		wait = min(max(wait, time.Second), rl.maxWait)
		if waited+wait > rl.maxTotal || (req.Body != nil && req.GetBody == nil) {
			if waited > 0 {
				rl.log(ctx, "Cloudflare still answers 429 to %s after %s of waiting; giving up (at most %s)",
					describe(req), roundSecond(waited), rl.maxTotal)
			}
			res.Header.Set("X-Should-Retry", "false")
			return res, nil
		}
		_, _ = io.Copy(io.Discard, res.Body)
		_ = res.Body.Close()
		rl.block(rl.scaled(wait))
		rl.log(ctx, "Cloudflare answered 429 Too Many Requests to %s (attempt %d): waiting %s as its Retry-After asks "+
			"(%s waited so far, at most %s)", describe(req), attempt, roundSecond(wait), roundSecond(waited), rl.maxTotal)
		if err := rl.sleep(ctx, rl.scaled(wait)); err != nil {
			return nil, err
		}
		waited += wait
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(ctx)
			req.Body = body
		}
	}
}

// pending is how long the client-wide block still lasts (real time).
func (rl *rateLimiter) pending() time.Duration {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	return rl.until.Sub(rl.now())
}

// block holds back the client's requests for d (real time).
func (rl *rateLimiter) block(d time.Duration) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	if t := rl.now().Add(d); t.After(rl.until) {
		rl.until = t
	}
}

func (rl *rateLimiter) scaled(d time.Duration) time.Duration {
	return time.Duration(float64(d) * rl.scale)
}

func (rl *rateLimiter) unscale(d time.Duration) time.Duration {
	return time.Duration(math.Ceil(float64(d) / rl.scale))
}

func (rl *rateLimiter) log(ctx context.Context, format string, args ...any) {
	if rl.logf != nil {
		rl.logf(ctx, format, args...)
	}
}

// retryAfter reads Retry-After: whole (or fractional) seconds, or an HTTP date.
func retryAfter(res *http.Response, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(res.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 && s < math.MaxInt32 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.Sub(now), true
	}
	return 0, false
}

// describe names a request without its query: "POST /client/v4/accounts/…/d1/database".
func describe(req *http.Request) string {
	if req.URL == nil {
		return req.Method
	}
	return req.Method + " " + req.URL.Path
}

func roundSecond(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting for Cloudflare's rate limit: %w", ctx.Err())
	}
}

// ProviderLogf writes through pulumi-go-provider's logger, as a warning on the resource
// whose request waits (the engine prints it with the resource); outside a provider call
// the logger falls back to stderr.
func ProviderLogf(ctx context.Context, format string, args ...any) {
	p.GetLogger(ctx).Warningf(format, args...)
}
