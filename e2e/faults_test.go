//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/estate"
)

// TestFaults: Cloudflare answers 429 and 500 during an `up` from nothing.
// The deploy completes, or fails with an error that says what Cloudflare
// answered and leaves a state from which the next `up` completes (a preview
// of it only creates what is missing: nothing is replaced or deleted). In
// the end every resource exists exactly once and a preview shows no change.
func TestFaults(t *testing.T) {
	t.Parallel()
	resources := resourceCount(estate.Dome())

	// A share of all requests fails; the providers' retries absorb it, or
	// the next up finishes the job.
	t.Run("share of requests", func(t *testing.T) {
		cf := cloudflaretest.Start(t)
		e := newStack(t, cf, "dev")
		cf.InjectFault(cloudflaretest.Fault{Status: 429, RetryAfter: 200 * time.Millisecond, EveryNth: 4})
		cf.InjectFault(cloudflaretest.Fault{Status: 500, EveryNth: 7})
		mark := e.mark()
		_, err := e.tryUp()
		reqs := e.since(mark)
		cf.ClearFaults()
		outcome := "completed"
		missing := 0 // resources the faulty up left for the next one to create
		if err != nil {
			missing = recoverFrom(t, e, err)
			outcome = fmt.Sprintf("failed (%d of %d resources left to create), then the next up completed", missing, resources)
		}
		requireEstate(t, cf, e.cfg, nil)
		requireNoChanges(t, e.preview(), "preview after the faulty up")
		// Every resource the faulty up created took at least one request: all of
		// them when it completed, those it got to when it failed (a create that
		// still fails after the providers' retries stops the up early).
		require.GreaterOrEqual(t, len(reqs), resources-missing, "requests of the faulty up (%s)", outcome)
		record(t, "Faults", "429 (Retry-After 200ms) on every 4th and 500 on every 7th request of an up from nothing: %s; "+
			"%d requests under faults (%d of them writes), against %d without faults", outcome, len(reqs), len(reqs.writes()),
			resources+consumerCount(estate.Dome()))
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
