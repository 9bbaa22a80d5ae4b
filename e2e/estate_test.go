//go:build e2e

package e2e

import (
	"fmt"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/naming"
	"github.com/dome/dome-infra/internal/workers"
)

// The expectations below are derived from estate.Dome() (the one model of
// DEVELOPERS.md's table), the stack's config and package naming, never
// from a second hand-written list.

// resourceCount is how many Cloudflare resources the program manages for
// the estate: one per database, bucket, index, queue, worker script, cron
// trigger, consumer and bucket event rule set.
func resourceCount(est estate.Estate) int {
	n := len(est.Databases) + len(est.Buckets) + len(est.Indexes) + len(est.Queues) + len(est.Workers) + len(est.BucketEvents)
	for _, w := range est.Workers {
		n += len(w.Consumes)
		if len(w.Crons) > 0 {
			n++
		}
	}
	return n
}

// componentCount is how many component resources the program registers
// for the estate: one service per worker (internal/service). They are in
// the state, not in Cloudflare.
func componentCount(est estate.Estate) int { return len(est.Workers) }

// consumerCount is how many queue consumers the estate has.
func consumerCount(est estate.Estate) int {
	n := 0
	for _, w := range est.Workers {
		n += len(w.Consumes)
	}
	return n
}

// requireEstate checks that the emulator holds, for the stack's account,
// exactly the estate with the stack's names: every resource once, nothing
// more, each worker with its code, settings and bindings, each consumer
// with its worker and dead-letter queue, the cron schedule, the index's
// shape and the bucket's event rules. bundles overrides where the workers'
// code comes from (nil: the stack's config).
func requireEstate(t *testing.T, cf *cloudflaretest.Server, cfg config.Config, bundles map[string]string) {
	t.Helper()
	est := estate.Dome()
	n, err := naming.New(cfg.NameSuffix)
	require.NoError(t, err)
	acct := cfg.AccountID
	if bundles == nil {
		bundles = cfg.WorkerBundles
	}

	// D1 databases.
	d1IDs := map[string]string{}
	var gotD1, wantD1 []string
	for _, db := range cf.D1Databases(acct) {
		gotD1 = append(gotD1, db.Name)
		d1IDs[db.Name] = db.UUID
	}
	for _, db := range est.Databases {
		wantD1 = append(wantD1, n.Database(db.Name))
	}
	assert.ElementsMatch(t, wantD1, gotD1, "D1 databases")

	// R2 buckets.
	var gotBuckets, wantBuckets []string
	for _, b := range cf.Buckets(acct) {
		gotBuckets = append(gotBuckets, b.Name)
	}
	for _, b := range est.Buckets {
		wantBuckets = append(wantBuckets, n.Bucket(b.Name))
	}
	assert.ElementsMatch(t, wantBuckets, gotBuckets, "R2 buckets")

	// Vectorize indexes, with the stack's shape.
	var gotIndexes, wantIndexes []string
	for _, ix := range cf.VectorizeIndexes(acct) {
		gotIndexes = append(gotIndexes, fmt.Sprintf("%s %d %s", ix.Name, ix.Config.Dimensions, ix.Config.Metric))
	}
	for _, ix := range est.Indexes {
		wantIndexes = append(wantIndexes, fmt.Sprintf("%s %d %s", n.Index(ix.Name), cfg.VectorIndex.Dimensions, cfg.VectorIndex.Metric))
	}
	assert.ElementsMatch(t, wantIndexes, gotIndexes, "Vectorize indexes (name dimensions metric)")

	// Queues, and the one consumer of each queue that has one.
	queueIDs := map[string]string{}
	var gotQueues, wantQueues []string
	for _, q := range cf.Queues(acct) {
		gotQueues = append(gotQueues, q.QueueName)
		queueIDs[q.QueueName] = q.QueueID
	}
	for _, q := range est.Queues {
		wantQueues = append(wantQueues, n.Queue(q.Name))
	}
	assert.ElementsMatch(t, wantQueues, gotQueues, "queues")
	var gotConsumers, wantConsumers []string
	for _, q := range cf.Queues(acct) {
		for _, c := range cf.Consumers(acct, q.QueueID) {
			gotConsumers = append(gotConsumers, fmt.Sprintf("%s → %s %s dlq=%q", q.QueueName, c.Type, c.ScriptName, c.DeadLetterQueue))
		}
	}
	for _, w := range est.Workers {
		for _, c := range w.Consumes {
			dlq := ""
			if c.DeadLetterQueue != "" {
				dlq = n.Queue(c.DeadLetterQueue)
			}
			wantConsumers = append(wantConsumers, fmt.Sprintf("%s → %s %s dlq=%q", n.Queue(c.Queue), cloudflaretest.ConsumerTypeWorker, n.Worker(w.Name), dlq))
		}
	}
	assert.ElementsMatch(t, wantConsumers, gotConsumers, "queue consumers")

	// Worker scripts: code, settings, bindings, cron schedules.
	var gotScripts, wantScripts []string
	for _, sc := range cf.Scripts(acct) {
		gotScripts = append(gotScripts, sc.Name)
	}
	for _, w := range est.Workers {
		wantScripts = append(wantScripts, n.Worker(w.Name))
	}
	assert.ElementsMatch(t, wantScripts, gotScripts, "worker scripts")
	for _, w := range est.Workers {
		name := n.Worker(w.Name)
		sc, ok := cf.Script(acct, name)
		if !assert.True(t, ok, "worker script %s", name) {
			continue
		}
		root := repoRoot
		if filepath.IsAbs(bundles[w.Name]) {
			root = filepath.Dir(bundles[w.Name]) // a test's bundle, beside the project
		}
		code, err := workers.Bundle(root, w.Name, bundles[w.Name])
		require.NoError(t, err)
		assert.Equal(t, code, string(mainModule(sc)), "code of %s", name)
		assert.Equal(t, cfg.CompatibilityDate, sc.CompatibilityDate, "compatibility date of %s", name)
		if assert.NotNil(t, sc.Observability, "observability of %s", name) {
			assert.Equal(t, cfg.Observability.Enabled, sc.Observability.Enabled, "observability of %s", name)
			if assert.NotNil(t, sc.Observability.HeadSamplingRate, "head sampling rate of %s", name) {
				assert.Equal(t, cfg.Observability.HeadSamplingRate, *sc.Observability.HeadSamplingRate, "head sampling rate of %s", name)
			}
		}
		assert.ElementsMatch(t, wantBindings(w, n, d1IDs), bindingsOf(sc), "bindings of %s", name)
		var crons []string
		for _, s := range sc.Schedules {
			crons = append(crons, s.Cron)
		}
		assert.ElementsMatch(t, w.Crons, crons, "cron schedules of %s", name)
	}

	// R2 event notifications: the model's rules, on its buckets only.
	var gotEvents, wantEvents []string
	for _, b := range cf.Buckets(acct) {
		for _, en := range cf.EventNotifications(acct, b.Name) {
			for _, r := range en.Rules {
				gotEvents = append(gotEvents, eventLine(b.Name, en.QueueName, r.Actions, r.Prefix, r.Suffix))
			}
		}
	}
	for _, ev := range est.BucketEvents {
		wantEvents = append(wantEvents, eventLine(n.Bucket(ev.Bucket), n.Queue(ev.Queue), ev.Actions, ev.Prefix, ev.Suffix))
	}
	assert.ElementsMatch(t, wantEvents, gotEvents, "R2 event notifications")
	if t.Failed() {
		t.FailNow()
	}
}

// requireEmpty checks that the emulator holds nothing for the account.
func requireEmpty(t *testing.T, cf *cloudflaretest.Server, acct string) {
	t.Helper()
	assert.Empty(t, cf.D1Databases(acct), "D1 databases")
	assert.Empty(t, cf.Buckets(acct), "R2 buckets")
	assert.Empty(t, cf.VectorizeIndexes(acct), "Vectorize indexes")
	assert.Empty(t, cf.Queues(acct), "queues")
	assert.Empty(t, cf.Scripts(acct), "worker scripts")
	if t.Failed() {
		t.FailNow()
	}
}

func eventLine(bucket, queue string, actions []string, prefix, suffix string) string {
	as := append([]string(nil), actions...)
	sort.Strings(as)
	return fmt.Sprintf("%s → %s %v prefix=%q suffix=%q", bucket, queue, as, prefix, suffix)
}

func mainModule(sc cloudflaretest.ScriptState) []byte {
	for _, m := range sc.Modules {
		if m.Name == sc.MainModule {
			return m.Content
		}
	}
	return nil
}

// wantBindings is what the worker's bindings must be in Cloudflare, as
// "NAME type target" (d1IDs gives the databases' UUIDs by Cloudflare name).
func wantBindings(w estate.Worker, n naming.Namer, d1IDs map[string]string) []string {
	var out []string
	for _, b := range w.Bindings {
		var typ, target string
		switch b.Kind {
		case estate.AI:
			typ = "ai"
		case estate.D1:
			typ, target = "d1", d1IDs[n.Database(b.Target)]
		case estate.R2:
			typ, target = "r2_bucket", n.Bucket(b.Target)
		case estate.Vectorize:
			typ, target = "vectorize", n.Index(b.Target)
		case estate.QueueProducer:
			typ, target = "queue", n.Queue(b.Target)
		case estate.Service:
			typ, target = "service", n.Worker(b.Target)
		default:
			typ, target = string(b.Kind), b.Target
		}
		out = append(out, fmt.Sprintf("%s %s %s", b.Name, typ, target))
	}
	return out
}

// bindingsOf is a script's bindings in wantBindings' form.
func bindingsOf(sc cloudflaretest.ScriptState) []string {
	var out []string
	for _, b := range sc.Bindings {
		target := ""
		for _, v := range []string{b.ID, b.BucketName, b.IndexName, b.QueueName, b.Service, b.NamespaceID, b.Dataset} {
			if v != "" {
				target = v
				break
			}
		}
		out = append(out, fmt.Sprintf("%s %s %s", b.Name, b.Type, target))
	}
	return out
}
