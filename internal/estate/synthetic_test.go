package estate_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/estate"
)

// TestSynthetic: n workers, everything else in Dome's proportions, every
// name unique, copy 0 being Dome itself, and every reference pointing
// within the estate (the policy rules are checked on it in
// internal/program's growth benchmark test).
func TestSynthetic(t *testing.T) {
	dome := estate.Dome()
	for _, n := range []int{6, 30, 120} {
		est, err := estate.Synthetic(n)
		require.NoError(t, err)
		k := n / len(dome.Workers)
		assert.Len(t, est.Workers, n)
		assert.Len(t, est.Databases, k*len(dome.Databases))
		assert.Len(t, est.Buckets, k*len(dome.Buckets))
		assert.Len(t, est.Indexes, k*len(dome.Indexes))
		assert.Len(t, est.Queues, k*len(dome.Queues))
		assert.Len(t, est.BucketEvents, k*len(dome.BucketEvents))
		assert.Equal(t, dome.Workers, est.Workers[:len(dome.Workers)], "copy 0 is Dome")

		names := map[string]bool{}
		for _, w := range est.Workers {
			require.False(t, names["w "+w.Name], "worker %s twice", w.Name)
			names["w "+w.Name] = true
		}
		for _, q := range est.Queues {
			require.False(t, names["q "+q.Name], "queue %s twice", q.Name)
			names["q "+q.Name] = true
		}
		for _, w := range est.Workers {
			for _, b := range w.BindingsOf(estate.Service) {
				assert.True(t, names["w "+b.Target], "%s binds worker %s", w.Name, b.Target)
			}
			for _, c := range w.Consumes {
				assert.True(t, names["q "+c.Queue], "%s consumes %s", w.Name, c.Queue)
			}
		}
	}
	for _, n := range []int{0, -6, 7} {
		_, err := estate.Synthetic(n)
		assert.Error(t, err, "n=%d", n)
	}
}
