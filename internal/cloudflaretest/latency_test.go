package cloudflaretest_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/cloudflare/cloudflare-go/v6/d1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

// TestLatency: a request waits the emulator's latency before it is answered
// (a latency far longer than the test is cut short by the client giving
// up), waiting requests overlap (all are in flight at once), and
// SetLatency(0) answers at once again. No assertion depends on how long
// anything took.
func TestLatency(t *testing.T) {
	s, c := start(t, cloudflaretest.WithLatency(time.Hour))
	assert.Equal(t, time.Hour, s.Latency())

	const n = 3
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = c.D1.Database.List(ctx, d1.DatabaseListParams{AccountID: acct})
		}()
	}
	// Every request reaches the emulator while the others still wait:
	// the latency delays them side by side, not one after another.
	require.Eventually(t, func() bool { return len(s.Requests()) == n }, 10*time.Second, 5*time.Millisecond)
	cancel()
	wg.Wait()
	for _, err := range errs {
		require.ErrorIs(t, err, context.Canceled, "a request must still be waiting out the latency")
	}

	s.SetLatency(0)
	_, err := c.D1.Database.List(context.Background(), d1.DatabaseListParams{AccountID: acct})
	require.NoError(t, err)
}
