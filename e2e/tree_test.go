//go:build e2e

package e2e

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi-cloudflare/sdk/v5/go/cloudflare"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/plan"
	"github.com/dome/dome-infra/internal/program"
	"github.com/dome/dome-infra/internal/service"
	"github.com/dome/dome-infra/sdk/go/domecloudflare"
)

// requireTree checks the stack's state against the program's plan: every
// resource of the plan is in the state under the URN the plan gives it
// (plan.Plan.URN: its service's type qualifies its own), with its parent,
// and the services are components.
func requireTree(t *testing.T, e *stackEnv) {
	t.Helper()
	p, _, err := plan.RunStack(repoRoot, e.name, program.Run)
	require.NoError(t, err)
	ctx, cancel := e.ctx()
	defer cancel()
	state, err := e.stack.Export(ctx)
	require.NoError(t, err)
	var deployment apitype.DeploymentV3
	require.NoError(t, json.Unmarshal(state.Deployment, &deployment))
	byURN := map[string]apitype.ResourceV3{}
	var stackURN string
	for _, r := range deployment.Resources {
		byURN[string(r.URN)] = r
		if r.Type == "pulumi:pulumi:Stack" {
			stackURN = string(r.URN)
		}
	}
	for _, r := range p.Resources {
		if r.Type == companion.ProviderType {
			continue
		}
		urn, err := p.URN(config.Project, r)
		require.NoError(t, err)
		got, ok := byURN[urn]
		if !assert.True(t, ok, "%s is in the state", urn) {
			continue
		}
		assert.Equal(t, !r.Component, got.Custom, "%s custom", urn)
		wantParent := stackURN
		if parent, ok, err := p.ParentOf(r); assert.NoError(t, err) && ok {
			wantParent, err = p.URN(config.Project, parent)
			require.NoError(t, err)
		}
		assert.Equal(t, wantParent, string(got.Parent), "parent of %s", urn)
	}
}

// TestAliasMovesResourcesIntoAComponent is how the team regroups later
// without touching Cloudflare, and the pattern of the move off
// pulumi-cloudflare v5 (README): a small stack is deployed with a queue
// (pulumi-cloudflare) and a Vectorize index (the companion provider) at the
// top, the flat layout every stack had before the services. Moving both
// into a service component changes their URNs: without an alias the
// preview deletes both and creates them anew (a Vectorize index with every
// vector; the queue's create would also meet Cloudflare's 409). With
// `pulumi.Aliases([]pulumi.Alias{{NoParent: pulumi.Bool(true)}})` the
// preview shows no replace, no create and no delete of either, only the
// new component; the up then renames them in the state with no write to
// Cloudflare.
func TestAliasMovesResourcesIntoAComponent(t *testing.T) {
	t.Parallel()
	cf := cloudflaretest.Start(t)
	e := newStack(t, cf, "dev")
	acct := e.cfg.AccountID
	layout := func(grouped, alias bool) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			var opts []pulumi.ResourceOption
			var svc *service.Service
			if grouped {
				var err error
				if svc, err = service.New(ctx, "jobs"); err != nil {
					return err
				}
				opts = append(opts, pulumi.Parent(svc))
				if alias {
					// Where the resources were: at the top of the stack.
					opts = append(opts, pulumi.Aliases([]pulumi.Alias{{NoParent: pulumi.Bool(true)}}))
				}
			}
			q, err := cloudflare.NewQueue(ctx, "jobs", &cloudflare.QueueArgs{AccountId: pulumi.String(acct), Name: pulumi.String("jobs-dev")}, opts...)
			if err != nil {
				return err
			}
			if _, err := domecloudflare.NewVectorizeIndex(ctx, "notes", &domecloudflare.VectorizeIndexArgs{
				AccountId: pulumi.String(acct), Name: pulumi.String("notes-dev"),
				Dimensions: pulumi.Int(768), Metric: pulumi.String("cosine"),
			}, opts...); err != nil {
				return err
			}
			if svc != nil {
				return svc.Done(ctx, q.Name)
			}
			return nil
		}
	}

	e.stack.Workspace().SetProgram(layout(false, false))
	assert.Equal(t, map[string]int{"create": 3}, e.up(), "the flat layout: a queue, an index and the stack")
	index, ok := cf.VectorizeIndex(acct, "notes-dev")
	require.True(t, ok)

	// Without the alias, the move is a delete and a create of each.
	e.stack.Workspace().SetProgram(layout(true, false))
	flat, steps := e.previewSteps()
	assert.Equal(t, map[string]int{"create": 3, "delete": 2, "same": 1}, flat, "without an alias: %v", steps)

	// With it, nothing but the component is new.
	e.stack.Workspace().SetProgram(layout(true, true))
	summary, steps := e.previewSteps()
	assert.Equal(t, map[string]int{"create": 1, "same": 3}, summary, "with the alias: the service is created, the rest is the same: %v", steps)
	for _, s := range steps {
		switch s.typ {
		case service.Type:
			assert.Equal(t, apitype.OpCreate, s.op, "the component is new (in the state only)")
		case "pulumi:pulumi:Stack":
		default:
			assert.Equal(t, apitype.OpSame, s.op, "%s %s moves without a replace", s.typ, s.name)
			assert.Empty(t, s.props, "%s %s has no diff", s.typ, s.name)
		}
	}

	mark := e.mark()
	e.up()
	assert.Empty(t, e.since(mark).writes(), "the move writes nothing to Cloudflare")
	after, ok := cf.VectorizeIndex(acct, "notes-dev")
	require.True(t, ok)
	assert.Equal(t, index, after, "the index (and its vectors) is the same one")
	requireNoChanges(t, e.preview(), "preview after the move")

	// The state now has the grouped URNs: the alias is only needed until
	// every stack has run an up with it.
	ctx, cancel := e.ctx()
	defer cancel()
	state, err := e.stack.Export(ctx)
	require.NoError(t, err)
	var deployment apitype.DeploymentV3
	require.NoError(t, json.Unmarshal(state.Deployment, &deployment))
	parents := map[string]string{}
	for _, r := range deployment.Resources {
		if r.Parent != "" {
			parents[string(r.Type)+"::"+r.URN.Name()] = string(r.Parent.Type())
		}
	}
	assert.Equal(t, service.Type, parents["cloudflare:index/queue:Queue::jobs"])
	assert.Equal(t, service.Type, parents[companion.VectorizeIndexType+"::notes"])
	record(t, "Alias", "moving a queue and a Vectorize index into a service: without an alias %v; with it %v; the up wrote %d requests to Cloudflare",
		flat, summary, len(e.since(mark).writes()))
}
