package program

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/internal/databases"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/plan"
	"github.com/dome/dome-infra/internal/queues"
	"github.com/dome/dome-infra/internal/storage"
)

// minimumDepth is the longest chain of must-come-before the estate itself
// forces, counted in resources: data resources (D1, R2, Vectorize, queues)
// need nothing; a worker needs what it binds, including the workers it
// binds as services; a consumer needs its worker and queues; a cron needs
// its worker; bucket events need the bucket and the queue.
func minimumDepth(e estate.Estate) int {
	const data = 1
	order, cycle := e.DeployOrder()
	if cycle != nil {
		panic("cycle")
	}
	worker := map[string]int{}
	deepest := data
	for _, w := range order {
		d := 1
		for _, b := range w.Bindings {
			switch b.Kind {
			case estate.Service:
				d = max(d, worker[b.Target]+1)
			case estate.D1, estate.R2, estate.Vectorize, estate.QueueProducer:
				d = max(d, data+1)
			}
		}
		worker[w.Name] = d
		if len(w.Consumes) > 0 || len(w.Crons) > 0 {
			d++ // its consumers and cron triggers
		}
		deepest = max(deepest, d)
	}
	if len(e.BucketEvents) > 0 {
		deepest = max(deepest, data+1)
	}
	return deepest
}

// planDepth is the longest dependency chain of the registrations.
func planDepth(t *testing.T, regs []plan.Registration) int {
	byRef := map[plan.Ref]plan.Registration{}
	for _, r := range regs {
		byRef[plan.Ref{Type: r.Type, Name: r.Name}] = r
	}
	memo := map[plan.Ref]int{}
	var depth func(ref plan.Ref) int
	depth = func(ref plan.Ref) int {
		if d, ok := memo[ref]; ok {
			return d
		}
		r, ok := byRef[ref]
		require.True(t, ok, "dependency %s is not registered", ref)
		d := 1
		for _, dep := range r.Deps {
			d = max(d, depth(dep)+1)
		}
		memo[ref] = d
		return d
	}
	deepest := 0
	for ref := range byRef {
		deepest = max(deepest, depth(ref))
	}
	return deepest
}

func TestDependencyGraphIsNoDeeperThanTheEstate(t *testing.T) {
	want := minimumDepth(estate.Dome())
	require.Equal(t, 4, want, "dome-api binds constellation, which binds silo, which binds data")
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			_, mocks, err := plan.RunStack(projectDir(t), stack, Run)
			require.NoError(t, err)
			regs := mocks.Registrations()
			assert.Equal(t, want, planDepth(t, regs))
			for _, r := range regs {
				switch r.Type {
				case databases.Type, storage.BucketType,
					queues.Type, companion.VectorizeIndexType:
					assert.Empty(t, r.Deps, "%s %s is data and waits for nothing", r.Type, r.Name)
				}
			}
		})
	}
}

func TestEachWorkerWaitsForWhatItBinds(t *testing.T) {
	_, mocks, err := plan.RunStack(projectDir(t), "dev", Run)
	require.NoError(t, err)
	for _, w := range estate.Dome().Workers {
		reg, ok := mocks.Get(companion.WorkerScriptType, w.Name)
		require.True(t, ok, w.Name)
		want := map[plan.Ref]bool{}
		for _, b := range w.Bindings {
			typ := map[estate.BindingKind]string{
				estate.D1: databases.Type, estate.R2: storage.BucketType,
				estate.Vectorize: companion.VectorizeIndexType, estate.QueueProducer: queues.Type,
				estate.Service: companion.WorkerScriptType,
			}[b.Kind]
			if typ != "" {
				want[plan.Ref{Type: typ, Name: b.Target}] = true
			}
		}
		got := map[plan.Ref]bool{}
		for _, d := range reg.Deps {
			got[d] = true
		}
		assert.Equal(t, want, got, "worker %s waits for exactly what it binds", w.Name)
	}
}
