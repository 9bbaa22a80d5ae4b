package program

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/plan"
	"github.com/dome/dome-infra/internal/service"
	"github.com/dome/dome-infra/internal/workers"
)

// TestEachServiceOwnsItsWorker: every worker of the estate has a service
// component, which owns exactly its script, its cron trigger and the
// consumers of the queues it reads; the data it shares with other services
// stays at the top. Derived from estate.Dome(), not a second list.
func TestEachServiceOwnsItsWorker(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			p, mocks, err := plan.RunStack(projectDir(t), stack, Run)
			require.NoError(t, err)

			want := map[plan.Ref]string{} // child → its service; "" at the top
			for _, w := range estate.Dome().Workers {
				svc := plan.Ref{Type: service.Type, Name: w.Name}.String()
				want[plan.Ref{Type: companion.WorkerScriptType, Name: w.Name}] = svc
				if len(w.Crons) > 0 {
					want[plan.Ref{Type: workers.CronType, Name: w.Name}] = svc
				}
				for _, c := range w.Consumes {
					want[plan.Ref{Type: companion.QueueConsumerType, Name: c.Queue}] = svc
				}
			}
			services := 0
			for _, r := range p.Resources {
				if r.Type == service.Type {
					services++
					assert.True(t, r.Component, "%s is a component", r.Name)
					assert.Empty(t, r.Parent, "service %s is at the top", r.Name)
					assert.Empty(t, r.DependsOn, "service %s waits for nothing", r.Name)
					continue
				}
				assert.False(t, r.Component, "%s %s", r.Type, r.Name)
				assert.Equal(t, want[r.Ref()], r.Parent, "parent of %s %s", r.Type, r.Name)
			}
			assert.Equal(t, len(estate.Dome().Workers), services)
			// Each service marked itself complete, and the stack its exports.
			assert.Equal(t, services+1, mocks.Completed())
		})
	}
}

// TestNothingWaitsForAService: a resource that waited for a component
// would wait for all of its children. Nothing depends on one; the graph
// test checks that the chain is no longer than before.
func TestNothingWaitsForAService(t *testing.T) {
	_, mocks, err := plan.RunStack(projectDir(t), "prod", Run)
	require.NoError(t, err)
	for _, r := range mocks.Registrations() {
		for _, d := range r.Deps {
			assert.NotEqual(t, service.Type, d.Type, "%s %s waits for service %s", r.Type, r.Name, d.Name)
		}
	}
}
