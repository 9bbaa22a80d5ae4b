//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/naming"
	"github.com/dome/dome-infra/internal/program"
)

// opTimeout bounds one pulumi operation; the whole suite takes a few
// minutes, so an operation that takes this long is stuck.
const opTimeout = 4 * time.Minute

// stackEnv is one stack of the real program, deployed by the real engine
// into an emulator, with its own work dir and file backend.
type stackEnv struct {
	t     *testing.T
	cf    *cloudflaretest.Server
	name  string
	dir   string
	stack auto.Stack
	// cfg is the stack's config as its Pulumi.<stack>.yaml gives it; the
	// expectations are derived from it.
	cfg   config.Config
	names naming.Namer
}

// newStack creates the stack (empty, on a fresh file backend) in a
// temporary work dir holding copies of Pulumi.yaml and Pulumi.<stack>.yaml
// (auto writes the secrets salt there, never into the repository) and
// ./bin, the companion provider, where Pulumi.yaml's plugins entry points.
// The plugins reach the emulator cf over loopback.
func newStack(t *testing.T, cf *cloudflaretest.Server, name string) *stackEnv {
	t.Helper()
	return newStackOf(t, cf, name, program.Run)
}

// newStackOf is newStack running another program (the benchmarks' empty
// and synthetic estates).
func newStackOf(t *testing.T, cf *cloudflaretest.Server, name string, run pulumi.RunFunc) *stackEnv {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"Pulumi.yaml", "Pulumi." + name + ".yaml"} {
		b, err := os.ReadFile(filepath.Join(repoRoot, f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), b, 0o644))
	}
	require.NoError(t, os.Symlink(providerDir, filepath.Join(dir, "bin")))

	_, cfg, err := config.LoadStack(repoRoot, name)
	require.NoError(t, err)
	names, err := naming.New(cfg.NameSuffix)
	require.NoError(t, err)

	env := map[string]string{
		"PULUMI_BACKEND_URL":                          "file://" + t.TempDir(),
		"PULUMI_CONFIG_PASSPHRASE":                    "dome-e2e",
		"PULUMI_SKIP_UPDATE_CHECK":                    "true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
		"PULUMI_DIY_BACKEND_NO_LEGACY_WARNING":        "true",
		"CLOUDFLARE_API_BASE_URL":                     cf.URL(),
		"CLOUDFLARE_API_TOKEN":                        cf.Token(),
	}
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	st, err := auto.UpsertStackInlineSource(ctx, name, config.Project, run,
		auto.WorkDir(dir), auto.Pulumi(pulumiCLI), auto.PulumiHome(pulumiHome), auto.EnvVars(env))
	require.NoError(t, err, "creating stack %s", name)
	return &stackEnv{t: t, cf: cf, name: name, dir: dir, stack: st, cfg: cfg, names: names}
}

func (e *stackEnv) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), opTimeout)
}

// setConfig sets a config value of the stack (path syntax allowed:
// "dome-infra:workerBundles.silo").
func (e *stackEnv) setConfig(key, value string, secret bool) {
	e.t.Helper()
	ctx, cancel := e.ctx()
	defer cancel()
	require.NoError(e.t, e.stack.SetConfigWithOptions(ctx, key, auto.ConfigValue{Value: value, Secret: secret},
		&auto.ConfigOptions{Path: strings.Contains(key, ".")}))
}

// giveBundles gives every worker whose code is external a built bundle, as a
// stack whose code Pulumi deploys does (a file by absolute path: inline
// programs have no project root). Without it, `up` of staging or prod from
// nothing refuses to create the workers, whose code is the application
// pipeline's. It returns the stack's bundles, which e.cfg then holds.
func (e *stackEnv) giveBundles() map[string]string {
	e.t.Helper()
	bundles := maps.Clone(e.cfg.WorkerBundles)
	dir := e.t.TempDir()
	e.setConfig(config.KeyArtifactsDir, dir, false) // bundles outside the project live in artifactsDir
	e.cfg.ArtifactsDir = dir
	for _, w := range estate.Dome().Workers {
		if e.cfg.CodeOf(w.Name) != config.External {
			continue
		}
		path := filepath.Join(dir, w.Name+".js")
		code := "export default { async fetch() { return new Response(\"" + w.Name + " built\"); } };\n"
		require.NoError(e.t, os.WriteFile(path, []byte(code), 0o644))
		e.setConfig(config.KeyWorkerBundles+"."+w.Name, path, false)
		bundles[w.Name] = path
	}
	e.cfg.WorkerBundles = bundles
	return bundles
}

// tryUp runs `pulumi up` and returns its summary and error.
func (e *stackEnv) tryUp(opts ...optup.Option) (map[string]int, error) {
	ctx, cancel := e.ctx()
	defer cancel()
	res, err := e.stack.Up(ctx, opts...)
	if err != nil {
		return nil, err
	}
	return changes(res.Summary.ResourceChanges), nil
}

// up runs `pulumi up` and fails the test on error.
func (e *stackEnv) up(opts ...optup.Option) map[string]int {
	e.t.Helper()
	summary, err := e.tryUp(opts...)
	require.NoError(e.t, err, "pulumi up of %s", e.name)
	return summary
}

// preview runs `pulumi preview` and returns its change summary; the
// steps that change something are logged, with the properties they change.
func (e *stackEnv) preview(opts ...optpreview.Option) map[string]int {
	e.t.Helper()
	summary, steps := e.previewSteps(opts...)
	var changed []string
	for _, s := range steps {
		if s.op != apitype.OpSame {
			changed = append(changed, s.String())
		}
	}
	if len(changed) > 0 {
		e.t.Logf("preview of %s:\n  %s", e.name, strings.Join(changed, "\n  "))
	}
	return summary
}

// step is one step of a preview: the operation, the resource and how each
// property it changes differs.
type step struct {
	op    apitype.OpType
	typ   string
	name  string
	props map[string]apitype.DiffKind
}

func (s step) String() string {
	props := make([]string, 0, len(s.props))
	for p, k := range s.props {
		props = append(props, p+":"+string(k))
	}
	sort.Strings(props)
	return fmt.Sprintf("%s %s %q %v", s.op, s.typ, s.name, props)
}

// previewSteps runs `pulumi preview` and returns its change summary and
// its steps, read from the engine's event stream.
func (e *stackEnv) previewSteps(opts ...optpreview.Option) (map[string]int, []step) {
	e.t.Helper()
	ch := make(chan events.EngineEvent)
	done := make(chan []step)
	go func() {
		var steps []step
		for ev := range ch {
			if ev.ResourcePreEvent == nil {
				continue
			}
			m := ev.ResourcePreEvent.Metadata
			s := step{op: m.Op, typ: m.Type, name: resource.URN(m.URN).Name(), props: map[string]apitype.DiffKind{}}
			for path, d := range m.DetailedDiff {
				s.props[path] = d.Kind
			}
			steps = append(steps, s)
		}
		done <- steps
	}()
	ctx, cancel := e.ctx()
	defer cancel()
	res, err := e.stack.Preview(ctx, append(opts, optpreview.EventStreams(ch))...)
	require.NoError(e.t, err, "pulumi preview of %s", e.name)
	steps := <-done
	summary := map[string]int{}
	for op, n := range res.ChangeSummary {
		summary[string(op)] = n
	}
	return summary, steps
}

// refresh runs `pulumi refresh` and returns its summary.
func (e *stackEnv) refresh(opts ...optrefresh.Option) map[string]int {
	e.t.Helper()
	ctx, cancel := e.ctx()
	defer cancel()
	res, err := e.stack.Refresh(ctx, opts...)
	require.NoError(e.t, err, "pulumi refresh of %s", e.name)
	return changes(res.Summary.ResourceChanges)
}

func (e *stackEnv) tryDestroy(opts ...optdestroy.Option) error {
	ctx, cancel := e.ctx()
	defer cancel()
	_, err := e.stack.Destroy(ctx, opts...)
	return err
}

// requireNoChanges fails unless summary counts only unchanged resources.
func requireNoChanges(t *testing.T, summary map[string]int, what string) {
	t.Helper()
	for op, n := range summary {
		require.Equal(t, string(apitype.OpSame), op, "%s: expected no changes, got %v", what, summary)
		require.Positive(t, n)
	}
	require.NotEmpty(t, summary, "%s: empty summary", what)
}

func changes(m *map[string]int) map[string]int {
	out := map[string]int{}
	if m != nil {
		for k, v := range *m {
			out[k] = v
		}
	}
	return out
}

// requests is a window of the emulator's request log.
type requests []cloudflaretest.Request

// mark is the length of the request log now; since(mark) is what came after.
func (e *stackEnv) mark() int { return len(e.cf.Requests()) }

func (e *stackEnv) since(mark int) requests { return requests(e.cf.Requests()[mark:]) }

// writes are the requests that are not GET or HEAD.
func (rs requests) writes() requests {
	var out requests
	for _, r := range rs {
		if r.Method != "GET" && r.Method != "HEAD" {
			out = append(out, r)
		}
	}
	return out
}

// creates are the writes but each worker's workers.dev route, which a
// worker's create sets after its upload: one per created resource.
func (rs requests) creates() requests {
	var out requests
	for _, r := range rs.writes() {
		if !strings.HasSuffix(r.Path, "/subdomain") {
			out = append(out, r)
		}
	}
	return out
}

// count is how many requests have that method and path.
func (rs requests) count(method, path string) int {
	n := 0
	for _, r := range rs {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

// byRoute counts requests by "METHOD /path" with IDs and names replaced by
// their kind, for reports and failure messages.
func (rs requests) byRoute() string {
	counts := map[string]int{}
	for _, r := range rs {
		counts[r.Method+" "+route(r.Path)]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "  %3d  %s\n", counts[k], k)
	}
	return b.String()
}

func (rs requests) String() string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "  %s %s\n", r.Method, r.Path)
	}
	return b.String()
}

// route generalises a request path: "/accounts/<id>/workers/scripts/<name>"
// becomes "/accounts/{account}/workers/scripts/{}".
func route(path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i := range segs {
		if i == 0 {
			continue
		}
		switch segs[i-1] {
		case "accounts":
			segs[i] = "{account}"
		case "database", "buckets", "queues", "consumers", "scripts", "indexes", "queue":
			segs[i] = "{}"
		}
	}
	return "/" + strings.Join(segs, "/")
}

// The report of measured numbers, printed by `make e2e` (E2E_REPORT names
// the file TestMain writes it to) and logged by the tests that measure.
var (
	reportMu    sync.Mutex
	reportLines = map[string][]string{}
)

// record adds a line to a section of the report and logs it.
func record(t *testing.T, section, format string, args ...any) {
	t.Helper()
	line := fmt.Sprintf(format, args...)
	t.Log(line)
	reportMu.Lock()
	defer reportMu.Unlock()
	reportLines[section] = append(reportLines[section], line)
}

func writeReport(path string, total time.Duration, code int) error {
	reportMu.Lock()
	defer reportMu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "# dome-infra end-to-end report\n\n")
	fmt.Fprintf(&b, "pulumi %s; %s; result: %s; total wall time of the e2e binary: %s\n",
		pulumiCLI.Version(), time.Now().UTC().Format(time.RFC3339), map[bool]string{true: "PASS", false: "FAIL"}[code == 0], total.Round(time.Second))
	sections := make([]string, 0, len(reportLines))
	for s := range reportLines {
		sections = append(sections, s)
	}
	sort.Strings(sections)
	for _, s := range sections {
		fmt.Fprintf(&b, "\n## %s\n\n", s)
		for _, l := range reportLines[s] {
			if strings.Contains(l, "\n") {
				fmt.Fprintf(&b, "```\n%s\n```\n", strings.TrimRight(l, "\n"))
			} else {
				fmt.Fprintf(&b, "- %s\n", l)
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
