//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cfapi"
	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/estate"
)

// TestFaults: Cloudflare answers 429 and 500 during an `up` from nothing.
// A rate-limit episode as Cloudflare really has them is ridden out in one
// up. An outage longer than the retries fails the up with an error that
// says what Cloudflare answered and leaves a state from which the next `up`
// completes (a preview of it only creates what is missing: nothing is
// replaced or deleted). In the end every resource exists exactly once and a
// preview shows no change.
func TestFaults(t *testing.T) {
	t.Parallel()
	resources := resourceCount(estate.Dome())

	// Cloudflare's rate limit as it is: past the limit, every request is
	// refused for five minutes with a whole-second Retry-After (here: 12
	// requests per window, so an up from nothing meets it more than once);
	// and a 500 on every 7th request. The clocks of the emulator and of both
	// plugins run 1/timeScale times fast, so a block lasts 9 s: longer than
	// the SDK's own backoff, which alone gave up after about 8 s. One up
	// must finish the job: nothing lost, every resource created once.
	t.Run("rate limit episode", func(t *testing.T) {
		const timeScale = 0.03
		cf := cloudflaretest.Start(t, cloudflaretest.WithTimeScale(timeScale))
		e := newStack(t, cf, "dev")
		e.stack.Workspace().SetEnvVar(cfapi.EnvTimeScale, fmt.Sprint(timeScale))
		limit := cloudflaretest.RateLimit{Requests: 12, Window: 5 * time.Minute, Block: 5 * time.Minute}
		cf.SetRateLimit(limit)
		cf.InjectFault(cloudflaretest.Fault{Status: 500, EveryNth: 7})
		mark := e.mark()
		start := time.Now()
		summary, err := e.tryUp()
		wall := time.Since(start)
		reqs := e.since(mark)
		cf.ClearFaults()
		cf.SetRateLimit(cloudflaretest.RateLimit{})
		stats := cf.RateLimitStats()
		require.NoError(t, err, "one up must ride out the rate limit and the 500s")
		assert.Equal(t, map[string]int{"create": resources + componentCount(estate.Dome()) + 1}, summary, "every resource (and its service, and the stack) created by the one up")
		requireEstate(t, cf, e.cfg, nil)
		requireNoChanges(t, e.preview(), "preview after the up under faults")
		require.Positive(t, stats.Blocks, "the up met the rate limit")
		record(t, "Faults", "one up under faults: completed; %d of %d resources created, each once, nothing lost; "+
			"Cloudflare's rate limit (%d requests per window, then every request refused %s with Retry-After in whole seconds) "+
			"blocked the up %d times and refused %d requests, and %d requests got a 500; %d requests in all (%d writes), "+
			"against %d without faults; %s of wall time at a clock %.0f times fast (%s of Cloudflare's time)",
			summary["create"]-1-componentCount(estate.Dome()), resources, limit.Requests, limit.Block, stats.Blocks, stats.Refused, cf.FaultsFired(),
			len(reqs), len(reqs.writes()), resources+consumerCount(estate.Dome()), wall.Round(100*time.Millisecond),
			1/timeScale, (time.Duration(float64(wall) / timeScale)).Round(time.Second))
	})

	// One endpoint fails for longer than the providers retry: the up must
	// fail, say so, and the next up must finish what is missing.
	t.Run("outage of D1", func(t *testing.T) {
		cf := cloudflaretest.Start(t)
		e := newStack(t, cf, "dev")
		cf.InjectFault(cloudflaretest.Fault{Status: 500, Method: "POST", PathPrefix: "/accounts/" + e.cfg.AccountID + "/d1/database"})
		_, err := e.tryUp()
		cf.ClearFaults()
		require.Error(t, err, "up must fail while D1 answers 500")
		assert.Contains(t, err.Error(), "D1 database", "the error names what failed")
		created := len(cf.Queues(e.cfg.AccountID)) + len(cf.Scripts(e.cfg.AccountID)) + len(cf.Buckets(e.cfg.AccountID))
		recoverFrom(t, e, err)
		requireEstate(t, cf, e.cfg, nil)
		requireNoChanges(t, e.preview(), "preview after the recovery")
		record(t, "Faults", "D1 create answering 500 until cleared: up failed naming the D1 database and the 500 "+
			"(%d queues, scripts and buckets already created); the next up created the rest", created)
	})
}

// recoverFrom checks the error of a failed up and that the next up only
// creates what is missing, then runs it. It returns how many resources the
// next up created.
func recoverFrom(t *testing.T, e *stackEnv, upErr error) int {
	t.Helper()
	msg := upErr.Error()
	t.Logf("up under faults failed (allowed):\n%s", msg)
	assert.True(t, strings.Contains(msg, "429") || strings.Contains(msg, "500"),
		"a failed up must say what Cloudflare answered:\n%s", msg)
	assert.NotContains(t, msg, e.cf.Token(), "errors must not show the token")
	summary := e.preview()
	for op := range summary {
		assert.Contains(t, []string{"same", "create"}, op, "after a failed up, the next up may only create what is missing: %v", summary)
	}
	mark := e.mark()
	got := e.up()
	assert.Equal(t, summary["create"], got["create"], "the next up creates what its preview said")
	writes := e.since(mark).creates()
	assert.LessOrEqual(t, len(writes), summary["create"], "the next up writes once per missing resource:\n%s", writes)
	return got["create"]
}
