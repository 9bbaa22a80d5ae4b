//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/plan"
	"github.com/dome/dome-infra/internal/program"
)

// benchRow is one figure of `make bench`: the measured value, its floor and
// their ratio.
type benchRow struct {
	name         string
	value, floor float64
	unit         string
}

func (r benchRow) String() string {
	ratio := "—"
	if r.floor > 0 {
		ratio = fmt.Sprintf("%.2f", r.value/r.floor)
	} else if r.value == 0 {
		ratio = "1.00"
	}
	return fmt.Sprintf("| bench: %s | %s | %s | %s |", r.name, r.format(r.value), r.format(r.floor), ratio)
}

func (r benchRow) format(v float64) string {
	switch r.unit {
	case "s":
		return fmt.Sprintf("%.2f s", v)
	case "ms":
		return fmt.Sprintf("%.1f ms", v)
	case "":
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.0f %s", v, r.unit)
}

// TestBench measures deploy time against the API's critical path, the
// request floor and growth with the estate (issue 14), and writes the
// table `make bench` prints (BENCH_REPORT). It runs only under BENCH=1,
// which `make bench` sets: its latency-bound operations take minutes, and
// `make e2e` (and so `make test`) stays fast without them. No assertion is
// on a time; the requests are asserted as the other e2e tests do.
//
// BENCH_LATENCY (default 150ms, a Cloudflare round trip from CI) is the
// emulator's latency per request; BENCH_SIZES (default "6,30,120") the
// synthetic estates' worker counts.
func TestBench(t *testing.T) {
	if os.Getenv("BENCH") != "1" {
		t.Skip("only `make bench` runs the benchmarks (BENCH=1)")
	}
	latency := 150 * time.Millisecond
	if v := os.Getenv("BENCH_LATENCY"); v != "" {
		d, err := time.ParseDuration(v)
		require.NoError(t, err, "BENCH_LATENCY")
		latency = d
	}
	sizes := []int{6, 30, 120}
	if v := os.Getenv("BENCH_SIZES"); v != "" {
		sizes = nil
		for _, f := range strings.Split(v, ",") {
			var n int
			_, err := fmt.Sscan(f, &n)
			require.NoError(t, err, "BENCH_SIZES")
			sizes = append(sizes, n)
		}
	}
	L := latency.Seconds()
	var rows []benchRow

	// The engine's fixed cost: an empty stack, same engine, same plugins.
	cf := cloudflaretest.Start(t, cloudflaretest.WithLatency(latency))
	// A first preview warms the CLI, plugins and file caches, as every
	// later operation finds them; the up creates only the stack.
	empty := newStackOf(t, cf, "prod", func(*pulumi.Context) error { return nil })
	empty.preview()
	emptyUp := timed(func() { empty.up() })
	emptyPreview := timed(func() { empty.preview() })
	rows = append(rows,
		benchRow{"engine fixed cost, up of an empty stack", emptyUp, emptyUp, "s"},
		benchRow{"engine fixed cost, preview of an empty stack", emptyPreview, emptyPreview, "s"})

	// prod: up from nothing (the CLI's default parallelism, then a wide one),
	// up of one changed worker, a preview with no change.
	depth := planDepth(t, estate.Dome())
	resources := resourceCount(estate.Dome())
	for _, par := range []int{0, 64} {
		cf := cloudflaretest.Start(t, cloudflaretest.WithLatency(latency))
		e := newStack(t, cf, "prod")
		bundles := e.giveBundles()
		var opts []optup.Option
		label := "default parallelism (4 × GOMAXPROCS)"
		if par > 0 {
			opts, label = append(opts, optup.Parallel(par)), fmt.Sprintf("--parallel %d", par)
		}
		mark := e.mark()
		upTime := timed(func() { e.up(opts...) })
		reqs := e.since(mark)
		rows = append(rows, benchRow{fmt.Sprintf("prod up from nothing, %s, latency %s (floor: depth %d × latency + fixed cost)", label, latency, depth),
			upTime, float64(depth)*L + emptyUp, "s"})
		if par > 0 {
			continue
		}
		rows = append(rows,
			benchRow{"prod up from nothing, requests (floor: one write per resource)", float64(len(reqs)), float64(resources), "req"},
			benchRow{"prod up from nothing, writes", float64(len(reqs.writes())), float64(resources), "req"})

		path := bundles["silo"]
		require.NotEmpty(t, path)
		require.NoError(t, os.WriteFile(path, []byte("export default { async fetch() { return new Response(\"silo v2\"); } };\n"), 0o644))
		mark = e.mark()
		changeTime := timed(func() { e.up(opts...) })
		reqs = e.since(mark)
		rows = append(rows,
			benchRow{"prod up changing one worker (floor: 1 × latency + fixed cost)", changeTime, L + emptyUp, "s"},
			benchRow{"prod up changing one worker, requests", float64(len(reqs)), 1, "req"})

		mark = e.mark()
		previewTime := timed(func() { requireNoChanges(t, e.preview(), "preview after the change") })
		reqs = e.since(mark)
		rows = append(rows,
			benchRow{"prod preview with no change (floor: fixed cost)", previewTime, emptyPreview, "s"},
			benchRow{"prod preview with no change, requests", float64(len(reqs)), 0, "req"})

		mark = e.mark()
		e.refresh()
		reqs = e.since(mark)
		rows = append(rows, benchRow{"prod refresh, reads (floor: one per resource)", float64(len(reqs)), float64(resources), "req"})
	}

	// Growth: synthetic estates on dev (placeholder code, so Pulumi creates
	// every worker), measured the same way, and the mock plan's time.
	type point struct {
		n, upReqs, previewReqs, resources int
		upTime, planTime                  float64
	}
	var pts []point
	for _, n := range sizes {
		est, err := estate.Synthetic(n)
		require.NoError(t, err)
		pt := point{n: n, resources: resourceCount(est)}
		pt.planTime = planTime(t, est)

		cf := cloudflaretest.Start(t, cloudflaretest.WithLatency(latency))
		e := newStackOf(t, cf, "dev", func(ctx *pulumi.Context) error { _, err := program.Build(ctx, est); return err })
		placeholders(t, e, est)
		mark := e.mark()
		pt.upTime = timed(func() { e.up(optup.Parallel(64)) })
		pt.upReqs = len(e.since(mark))
		mark = e.mark()
		requireNoChanges(t, e.preview(optpreview.Parallel(64)), fmt.Sprintf("preview of %d workers", n))
		pt.previewReqs = len(e.since(mark))
		pts = append(pts, pt)
		rows = append(rows,
			benchRow{fmt.Sprintf("N=%d: mock plan (%d resources)", n, pt.resources), pt.planTime * 1000, pts[0].planTime * 1000 * float64(pt.resources) / float64(pts[0].resources), "ms"},
			benchRow{fmt.Sprintf("N=%d: up requests (floor: one write per resource)", n), float64(pt.upReqs), float64(pt.resources), "req"},
			benchRow{fmt.Sprintf("N=%d: no-change preview requests", n), float64(pt.previewReqs), 0, "req"},
			benchRow{fmt.Sprintf("N=%d: up from nothing, --parallel 64 (floor: depth × latency + fixed cost)", n), pt.upTime, float64(depth)*L + emptyUp, "s"})
	}
	if len(pts) > 1 {
		a, b := pts[0], pts[len(pts)-1]
		growth := math.Log(float64(b.n) / float64(a.n))
		exp := func(x, y float64) float64 { return math.Log(y/x) / growth }
		rows = append(rows,
			benchRow{fmt.Sprintf("mock plan time N=%d / N=%d (goal ≤ 25)", b.n, a.n), b.planTime / a.planTime, float64(b.n) / float64(a.n), ""},
			benchRow{"growth exponent, mock plan time (floor: linear)", exp(a.planTime, b.planTime), 1, ""},
			benchRow{"growth exponent, up requests (floor: linear)", exp(float64(a.upReqs), float64(b.upReqs)), 1, ""},
			benchRow{"growth exponent, up time (floor: flat, the depth is the same)", exp(a.upTime, b.upTime), 0, ""})
	}

	var out strings.Builder
	fmt.Fprintf(&out, "pulumi %s; emulator latency %s per request; %s\n\n", pulumiCLI.Version(), latency, time.Now().UTC().Format(time.RFC3339))
	fmt.Fprintf(&out, "| figure | measured | floor | ratio |\n|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintln(&out, r)
	}
	t.Log("\n" + out.String())
	if path := os.Getenv("BENCH_REPORT"); path != "" {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(out.String()), 0o644))
	}
}

func timed(f func()) float64 {
	start := time.Now()
	f()
	return time.Since(start).Seconds()
}

// placeholders gives every worker of a synthetic estate the dev placeholder
// code (dev's stack file names only Dome's six), in one config call.
func placeholders(t *testing.T, e *stackEnv, est estate.Estate) {
	t.Helper()
	m := auto.ConfigMap{}
	for _, w := range est.Workers {
		m[config.KeyWorkerBundles+"."+w.Name] = auto.ConfigValue{Value: "placeholder"}
	}
	ctx, cancel := e.ctx()
	defer cancel()
	require.NoError(t, e.stack.SetAllConfigWithOptions(ctx, m, &auto.ConfigOptions{Path: true}))
}

// devValues is the dev stack's config with placeholder code for every
// worker of est.
func devValues(t *testing.T, est estate.Estate) config.Values {
	t.Helper()
	values, err := config.ReadStack(repoRoot, "dev")
	require.NoError(t, err)
	bundles := map[string]string{}
	for _, w := range est.Workers {
		bundles[w.Name] = "placeholder"
	}
	b, err := json.Marshal(bundles)
	require.NoError(t, err)
	values[config.KeyWorkerBundles] = config.Value{Value: string(b)}
	return values
}

// planTime is the time of one mock plan of est in dev (the median of a
// testing.Benchmark's runs, as ns/op).
func planTime(t *testing.T, est estate.Estate) float64 {
	t.Helper()
	values := devValues(t, est)
	run := func(ctx *pulumi.Context) error { _, err := program.Build(ctx, est); return err }
	_, _, err := plan.Run("dev", values, run, plan.WithRoot(repoRoot))
	require.NoError(t, err, "mock plan of %d workers", len(est.Workers))
	res := testing.Benchmark(func(b *testing.B) {
		for range b.N {
			if _, _, err := plan.Run("dev", values, run, plan.WithRoot(repoRoot)); err != nil {
				b.Fatal(err)
			}
		}
	})
	return float64(res.NsPerOp()) / 1e9
}

// planDepth is the longest dependency chain of est's mock plan in dev.
func planDepth(t *testing.T, est estate.Estate) int {
	t.Helper()
	run := func(ctx *pulumi.Context) error { _, err := program.Build(ctx, est); return err }
	_, mocks, err := plan.Run("dev", devValues(t, est), run, plan.WithRoot(repoRoot))
	require.NoError(t, err)
	byRef := map[plan.Ref]plan.Registration{}
	for _, r := range mocks.Registrations() {
		byRef[plan.Ref{Type: r.Type, Name: r.Name}] = r
	}
	memo := map[plan.Ref]int{}
	var depth func(ref plan.Ref) int
	depth = func(ref plan.Ref) int {
		if d, ok := memo[ref]; ok {
			return d
		}
		d := 1
		for _, dep := range byRef[ref].Deps {
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
