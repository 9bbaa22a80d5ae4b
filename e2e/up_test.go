//go:build e2e

package e2e

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/estate"
)

// TestUp deploys each stack from nothing: the emulator then holds exactly
// DEVELOPERS.md's estate with the stack's names, and a second preview shows
// no change without a single request to Cloudflare. For prod it measures
// the requests of `up` against the number of resources and the wall time
// of `up` against `preview`. The stacks run one after the other so the
// timings are not disturbed by other tests.
func TestUp(t *testing.T) {
	for _, name := range []string{"dev", "staging", "prod"} {
		t.Run(name, func(t *testing.T) {
			cf := cloudflaretest.Start(t)
			e := newStack(t, cf, name)
			e.giveBundles()
			resources := resourceCount(estate.Dome())

			mark := e.mark()
			start := time.Now()
			summary := e.up()
			upTime := time.Since(start)
			upReqs := e.since(mark)
			assert.Equal(t, map[string]int{"create": resources + componentCount(estate.Dome()) + 1}, summary, "up of %s from nothing (resources + their services + the stack)", name)
			requireEstate(t, cf, e.cfg, nil)
			requireOutputs(t, e)

			mark = e.mark()
			start = time.Now()
			requireNoChanges(t, e.preview(), "second preview of "+name)
			previewTime := time.Since(start)
			previewReqs := e.since(mark)
			assert.Empty(t, previewReqs.writes(), "writes during a preview with no change:\n%s", previewReqs.writes())

			// One write per resource, plus each worker's workers.dev route
			// (its own endpoint; set explicitly, so no internal service is
			// public by accident): each resource is one create call (the
			// worker's script and all its bindings in one upload, the cron
			// schedule in one PUT, the bucket's rules in one PUT).
			workerCount := len(estate.Dome().Workers)
			writes := upReqs.writes()
			assert.Len(t, writes, resources+workerCount, "writes during up of %s from nothing:\n%s", name, writes.byRoute())
			// Reads: a create never overwrites, so each worker and the event
			// notification first read that the name is free; nothing else
			// reads (a consumer is given its queue's name by the program).
			assert.Equal(t, workerCount+len(estate.Dome().BucketEvents), len(upReqs)-len(writes),
				"reads during up of %s from nothing:\n%s", name, upReqs.byRoute())
			assert.Empty(t, previewReqs, "requests during a preview with no change:\n%s", previewReqs.byRoute())

			if name == "prod" {
				const s = "Requests and time (prod, from nothing)"
				record(t, s, "resources: %d (+1 stack)", resources)
				record(t, s, "up from nothing: %d requests, %d writes (floor: %d writes, one per resource, + %d workers.dev routes), %d reads (%d existence checks: a create never overwrites)",
					len(upReqs), len(writes), resources, workerCount, len(upReqs)-len(writes), workerCount+len(estate.Dome().BucketEvents))
				record(t, s, "preview with no change: %d requests, %d writes (floor: 0)", len(previewReqs), len(previewReqs.writes()))
				record(t, s, "wall time: up %s, preview %s, ratio up/preview %.1f",
					upTime.Round(time.Millisecond), previewTime.Round(time.Millisecond), upTime.Seconds()/previewTime.Seconds())
				record(t, s, "requests of up by route:\n%s", upReqs.byRoute())
			}
		})
	}
}

// TestDestroy: in prod the stateful resources are protected, so `destroy`
// refuses and they stay; in dev it removes everything.
func TestDestroy(t *testing.T) {
	t.Parallel()
	t.Run("prod refuses", func(t *testing.T) {
		cf := cloudflaretest.Start(t)
		e := newStack(t, cf, "prod")
		e.giveBundles()
		e.up()
		cf.ResetRequests()
		err := e.tryDestroy()
		require.Error(t, err, "destroy of prod must refuse")
		assert.Contains(t, err.Error(), "protect", "the error must say the resources are protected")
		// Every resource of prod is protected, so the engine refuses before
		// it deletes anything: not one write reaches Cloudflare.
		assert.Empty(t, cf.WriteRequests(), "destroy of prod deletes nothing")
		requireEstate(t, cf, e.cfg, nil)
		record(t, "Destroy", "destroy of prod: refused (error mentions protect); writes to Cloudflare: %d", len(cf.WriteRequests()))
	})
	t.Run("dev removes everything", func(t *testing.T) {
		cf := cloudflaretest.Start(t)
		e := newStack(t, cf, "dev")
		e.up()
		require.NoError(t, e.tryDestroy())
		requireEmpty(t, cf, e.cfg.AccountID)
	})
}

// requireOutputs checks the stack outputs against what the emulator holds:
// the environment, each D1 database's name and real ID, each queue's name
// and real ID, each bucket's, worker's and index's name.
func requireOutputs(t *testing.T, e *stackEnv) {
	t.Helper()
	ctx, cancel := e.ctx()
	defer cancel()
	outs, err := e.stack.Outputs(ctx)
	require.NoError(t, err)
	acct, est := e.cfg.AccountID, estate.Dome()
	assert.Equal(t, string(e.cfg.Environment), outs["environment"].Value)

	named := func(key, logical string) map[string]any {
		m, _ := outs[key].Value.(map[string]any)
		entry, _ := m[logical].(map[string]any)
		return entry
	}
	for _, db := range est.Databases {
		got, ok := e.cf.D1DatabaseByName(acct, e.names.Database(db.Name))
		require.True(t, ok, db.Name)
		assert.Equal(t, map[string]any{"name": got.Name, "id": got.UUID}, named("d1Databases", db.Name), "output of D1 %s", db.Name)
	}
	for _, q := range est.Queues {
		got, ok := e.cf.QueueByName(acct, e.names.Queue(q.Name))
		require.True(t, ok, q.Name)
		assert.Equal(t, map[string]any{"name": got.QueueName, "id": got.QueueID}, named("queues", q.Name), "output of queue %s", q.Name)
	}
	flat := func(key, logical string) any {
		m, _ := outs[key].Value.(map[string]any)
		return m[logical]
	}
	for _, b := range est.Buckets {
		assert.Equal(t, e.names.Bucket(b.Name), flat("r2Buckets", b.Name))
	}
	for _, w := range est.Workers {
		assert.Equal(t, e.names.Worker(w.Name), flat("workers", w.Name))
	}
	for _, ix := range est.Indexes {
		assert.Equal(t, e.names.Index(ix.Name), flat("vectorizeIndexes", ix.Name))
	}
}
