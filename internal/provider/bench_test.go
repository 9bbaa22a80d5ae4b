package provider

// Request-count tests and benchmarks. The performance contract of the provider is the
// number of Cloudflare API requests per operation, measured with the emulator's request
// log (no timing assertions):
//
//   - create/update: exactly one write, plus only the reads the API forces
//     (QueueConsumer create GETs the queue only when the program leaves queueName
//     unset, its name being absent from the consumer response; R2EventNotification update is DELETE + PUT because Cloudflare's PUT adds
//     rules; VectorizeIndex has no update, a change is DELETE + POST);
//   - diff and previews (dry-run create/update): zero requests;
//   - read: WorkerScript 2 GETs (settings, content/v2), QueueConsumer 1 GET (the
//     consumer; +1 GET of the queue on import, for its name), VectorizeIndex 1 GET,
//     R2EventNotification 1 GET;
//   - delete: one DELETE.
//
// Benchmarks report requests/op next to the usual ns/op.

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// matchCall reports whether "METHOD /path" matches "METHOD /pattern" where "*" in the
// pattern matches one path segment.
func matchCall(pattern, call string) bool {
	pm, pp, _ := strings.Cut(pattern, " ")
	cm, cp, _ := strings.Cut(call, " ")
	if pm != cm {
		return false
	}
	ps, cs := strings.Split(pp, "/"), strings.Split(cp, "/")
	if len(ps) != len(cs) {
		return false
	}
	for i := range ps {
		if ps[i] != "*" && ps[i] != cs[i] {
			return false
		}
	}
	return true
}

// lifecycleOps runs every operation of one resource and returns the requests each made.
type lifecycleOps func(t *testing.T, h *harness) map[string][]string

// measure runs op and returns the requests it made.
func measure(h *harness, op func()) []string {
	h.calls()
	op()
	return h.calls()
}

// commonOps measures preview/create/read/diff/preview update/update/delete of a resource
// that can be updated in place.
func commonOps(h *harness, urn presource.URN, in, changed map[string]any) map[string][]string {
	out := map[string][]string{}
	inputs := h.check(urn, in)
	newInputs := h.check(urn, changed)
	var created p.CreateResponse
	var read p.ReadResponse
	var updated p.UpdateResponse
	out["create (preview)"] = measure(h, func() {
		_, err := h.srv.Create(p.CreateRequest{Urn: urn, Properties: inputs, DryRun: true})
		require.NoError(h.tb, err)
	})
	out["create"] = measure(h, func() { created = h.create(urn, inputs) })
	out["read"] = measure(h, func() { read = h.read(urn, created.ID, created.Properties, inputs) })
	out["diff (no change)"] = measure(h, func() {
		require.False(h.tb, h.diff(urn, created.ID, read.Properties, inputs).HasChanges)
	})
	out["diff (change)"] = measure(h, func() {
		require.True(h.tb, h.diff(urn, created.ID, read.Properties, newInputs).HasChanges)
	})
	out["update (preview)"] = measure(h, func() {
		_, err := h.srv.Update(p.UpdateRequest{ID: created.ID, Urn: urn, State: read.Properties, Inputs: newInputs, DryRun: true})
		require.NoError(h.tb, err)
	})
	out["update"] = measure(h, func() { updated = h.update(urn, created.ID, read.Properties, newInputs) })
	out["import (read by ID)"] = measure(h, func() { h.read(urn, created.ID, property.Map{}, property.Map{}) })
	out["delete"] = measure(h, func() { h.delete(urn, created.ID, updated.Properties) })
	return out
}

func TestRequestCountsPerOperation(t *testing.T) {
	t.Parallel()
	const (
		script   = "/accounts/*/workers/scripts/silo"
		queue    = "/accounts/*/queues/*"
		consumer = "/accounts/*/queues/*/consumers"
		indexes  = "/accounts/*/vectorize/v2/indexes"
		notif    = "/accounts/*/event_notifications/r2/dome-blobs/configuration/queues/*"
	)
	type wantCalls = map[string][]string
	cases := []struct {
		resource string
		run      lifecycleOps
		want     wantCalls // op -> the documented requests, in order
	}{
		{
			resource: "WorkerScript",
			run: func(t *testing.T, h *harness) map[string][]string {
				seedWorkerTargets(h.cf)
				changed := workerInputs()
				changed["content"] = "export default { fetch() { return new Response('v2') } }"
				return commonOps(h, workerURN, workerInputs(), changed)
			},
			want: wantCalls{
				"create":              {"GET " + script + "/settings", "PUT " + script},
				"read":                {"GET " + script + "/settings", "GET " + script + "/content/v2"},
				"update":              {"PUT " + script},
				"import (read by ID)": {"GET " + script + "/settings", "GET " + script + "/content/v2", "GET " + script + "/subdomain"},
				"delete":              {"DELETE " + script},
			},
		},
		{
			resource: "QueueConsumer",
			run: func(t *testing.T, h *harness) map[string][]string {
				queueID := h.cf.SeedQueue(acct, "dome-jobs")
				changed := consumerInputs(queueID)
				changed["batchSize"] = 50
				return commonOps(h, consumerURN, consumerInputs(queueID), changed)
			},
			want: wantCalls{
				"create":              {"POST " + consumer},
				"read":                {"GET " + consumer + "/*"},
				"update":              {"PUT " + consumer + "/*"},
				"import (read by ID)": {"GET " + consumer + "/*", "GET " + queue},
				"delete":              {"DELETE " + consumer + "/*"},
			},
		},
		{
			resource: "VectorizeIndex",
			run: func(t *testing.T, h *harness) map[string][]string {
				out := map[string][]string{}
				inputs := h.check(indexURN, indexInputs())
				changed := indexInputs()
				changed["dimensions"] = 1024
				newInputs := h.check(indexURN, changed)
				var created, replaced p.CreateResponse
				var read p.ReadResponse
				out["create (preview)"] = measure(h, func() {
					_, err := h.srv.Create(p.CreateRequest{Urn: indexURN, Properties: inputs, DryRun: true})
					require.NoError(t, err)
				})
				out["create"] = measure(h, func() { created = h.create(indexURN, inputs) })
				out["read"] = measure(h, func() { read = h.read(indexURN, created.ID, created.Properties, inputs) })
				out["diff (no change)"] = measure(h, func() {
					require.False(t, h.diff(indexURN, created.ID, read.Properties, inputs).HasChanges)
				})
				out["diff (change)"] = measure(h, func() {
					require.True(t, h.diff(indexURN, created.ID, read.Properties, newInputs).DeleteBeforeReplace)
				})
				out["replace (delete, then create)"] = measure(h, func() {
					h.delete(indexURN, created.ID, read.Properties)
					replaced = h.create(indexURN, newInputs)
				})
				out["import (read by ID)"] = measure(h, func() { h.read(indexURN, created.ID, property.Map{}, property.Map{}) })
				out["delete"] = measure(h, func() { h.delete(indexURN, replaced.ID, replaced.Properties) })
				return out
			},
			want: wantCalls{
				"create":                        {"POST " + indexes},
				"read":                          {"GET " + indexes + "/dome-embeddings"},
				"replace (delete, then create)": {"DELETE " + indexes + "/dome-embeddings", "POST " + indexes},
				"import (read by ID)":           {"GET " + indexes + "/dome-embeddings"},
				"delete":                        {"DELETE " + indexes + "/dome-embeddings"},
			},
		},
		{
			resource: "R2EventNotification",
			run: func(t *testing.T, h *harness) map[string][]string {
				h.cf.SeedBucket(acct, "dome-blobs")
				queueID := h.cf.SeedQueue(acct, "dome-jobs")
				changed := notificationInputs(queueID)
				changed["rules"] = []any{map[string]any{"actions": []any{"CopyObject"}}}
				return commonOps(h, notifURN, notificationInputs(queueID), changed)
			},
			want: wantCalls{
				"create":              {"GET " + notif, "PUT " + notif},
				"read":                {"GET " + notif},
				"update":              {"DELETE " + notif, "PUT " + notif},
				"import (read by ID)": {"GET " + notif},
				"delete":              {"DELETE " + notif},
			},
		},
	}
	var table []string
	for _, tc := range cases {
		h := newHarness(t)
		got := tc.run(t, h)
		for op, calls := range got {
			want := tc.want[op] // unlisted ops (diffs, previews) make no request
			if assert.Len(t, calls, len(want), "%s %s: %v", tc.resource, op, calls) {
				for i := range want {
					assert.True(t, matchCall(want[i], calls[i]), "%s %s: request %d is %q, want %q",
						tc.resource, op, i, calls[i], want[i])
				}
			}
			table = append(table, fmt.Sprintf("%-20s %-30s %d  %s", tc.resource, op, len(calls), methodsOf(calls)))
		}
	}
	sort.Strings(table)
	t.Logf("requests per operation:\n%s", strings.Join(table, "\n"))
}

func methodsOf(calls []string) string {
	var ms []string
	for _, c := range calls {
		m, _, _ := strings.Cut(c, " ")
		ms = append(ms, m)
	}
	return strings.Join(ms, "+")
}

// ---------------------------------------------------------------------------
// Benchmarks

// benchOp runs op b.N times and reports the emulator requests per op. setup (untimed,
// unlogged when it only touches the emulator directly) runs before each op.
func benchOp(b *testing.B, h *harness, setup func(i int), op func(i int)) {
	b.Helper()
	b.ReportAllocs()
	h.cf.ResetRequests()
	total := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if setup != nil {
			b.StopTimer()
			setup(i)
			h.cf.ResetRequests()
			b.StartTimer()
		}
		op(i)
		b.StopTimer()
		total += len(h.cf.Requests())
		h.cf.ResetRequests()
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(total)/float64(b.N), "requests/op")
}

// benchWorker returns a harness with a created Worker and two alternating input sets.
func benchWorker(b *testing.B) (*harness, live, [2]property.Map) {
	h := newHarness(b)
	seedWorkerTargets(h.cf)
	l := h.createLive(workerURN, workerInputs())
	changed := workerInputs()
	changed["content"] = "export default { fetch() { return new Response('v2') } }"
	return h, l, [2]property.Map{l.inputs, h.check(workerURN, changed)}
}

func BenchmarkWorkerScriptCreate(b *testing.B) {
	h := newHarness(b)
	seedWorkerTargets(h.cf)
	inputs := h.check(workerURN, workerInputs())
	benchOp(b, h, nil, func(int) {
		// Each iteration uploads the same Worker again (the PUT creates or replaces).
		if _, err := h.srv.Create(p.CreateRequest{Urn: workerURN, Properties: inputs}); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkWorkerScriptUpdate(b *testing.B) {
	h, l, inputs := benchWorker(b)
	state := l.state
	benchOp(b, h, nil, func(i int) {
		resp, err := h.srv.Update(p.UpdateRequest{ID: l.id, Urn: workerURN, State: state, Inputs: inputs[(i+1)%2]})
		if err != nil {
			b.Fatal(err)
		}
		state = resp.Properties
	})
}

func BenchmarkWorkerScriptDiff(b *testing.B) {
	h, l, _ := benchWorker(b)
	benchOp(b, h, nil, func(int) {
		if d, err := h.srv.Diff(p.DiffRequest{ID: l.id, Urn: workerURN, State: l.state, Inputs: l.inputs}); err != nil || d.HasChanges {
			b.Fatal(err, d.HasChanges)
		}
	})
}

func BenchmarkWorkerScriptRead(b *testing.B) {
	h, l, _ := benchWorker(b)
	benchOp(b, h, nil, func(int) {
		if _, err := h.srv.Read(p.ReadRequest{ID: l.id, Urn: workerURN, Properties: l.state, Inputs: l.inputs}); err != nil {
			b.Fatal(err)
		}
	})
}

func benchConsumer(b *testing.B) (*harness, string, live, [2]property.Map) {
	h := newHarness(b)
	queueID := h.cf.SeedQueue(acct, "dome-jobs")
	l := h.createLive(consumerURN, consumerInputs(queueID))
	changed := consumerInputs(queueID)
	changed["batchSize"] = 50
	return h, queueID, l, [2]property.Map{l.inputs, h.check(consumerURN, changed)}
}

func BenchmarkQueueConsumerCreate(b *testing.B) {
	h := newHarness(b)
	queueID := h.cf.SeedQueue(acct, "dome-jobs")
	inputs := h.check(consumerURN, consumerInputs(queueID))
	benchOp(b, h, func(int) {
		// A queue has one consumer: remove the previous one behind the provider's back.
		for _, c := range h.cf.Consumers(acct, queueID) {
			h.cf.DeleteConsumer(acct, queueID, c.ConsumerID)
		}
	}, func(int) {
		if _, err := h.srv.Create(p.CreateRequest{Urn: consumerURN, Properties: inputs}); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkQueueConsumerUpdate(b *testing.B) {
	h, _, l, inputs := benchConsumer(b)
	state := l.state
	benchOp(b, h, nil, func(i int) {
		resp, err := h.srv.Update(p.UpdateRequest{ID: l.id, Urn: consumerURN, State: state, Inputs: inputs[(i+1)%2]})
		if err != nil {
			b.Fatal(err)
		}
		state = resp.Properties
	})
}

func BenchmarkQueueConsumerDiff(b *testing.B) {
	h, _, l, _ := benchConsumer(b)
	benchOp(b, h, nil, func(int) {
		if d, err := h.srv.Diff(p.DiffRequest{ID: l.id, Urn: consumerURN, State: l.state, Inputs: l.inputs}); err != nil || d.HasChanges {
			b.Fatal(err, d.HasChanges)
		}
	})
}

func BenchmarkQueueConsumerRead(b *testing.B) {
	h, _, l, _ := benchConsumer(b)
	benchOp(b, h, nil, func(int) {
		if _, err := h.srv.Read(p.ReadRequest{ID: l.id, Urn: consumerURN, Properties: l.state, Inputs: l.inputs}); err != nil {
			b.Fatal(err)
		}
	})
}
