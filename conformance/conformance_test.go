//go:build conformance

// Package conformance drives wrangler, Cloudflare's own CLI, against the
// emulator (internal/cloudflaretest) and checks that the emulator stored
// what wrangler sent. `make conformance` installs a pinned node and wrangler
// from the npm registry and runs it; nothing leaves loopback.
package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

// acct is the emulator's account, given to wrangler, scripts/wrangler and
// scripts/import as CLOUDFLARE_ACCOUNT_ID (the stack files name none), so
// the import reads what wrangler made.
const (
	acct  = cloudflaretest.AccountID
	stack = "dev"
)

// The dev stack's Cloudflare names (internal/naming: prod name + "-dev").
var (
	d1s     = []string{"dome-meta", "silo"}
	buckets = []string{"dome-raw", "silo-content"}
	queues  = []string{"new-content-constellation", "new-content-ai", "dome-events", "content-events", "enriched-content", "embed-dead-letter"}
	// Deploy order: service targets before the workers that bind them.
	workers = []string{"silo", "constellation", "ai-processor", "dome-api", "dome-cron", "dome-notify"}
)

func dev(name string) string { return name + "-" + stack }

// harness runs wrangler against one emulator.
type harness struct {
	t    *testing.T
	s    *cloudflaretest.Server
	bin  string // directory holding node and wrangler
	work string
	env  []string
	log  []string // one line per command, for the report

	importReport string // scripts/import's output
}

func newHarness(t *testing.T) *harness {
	bin := os.Getenv("CONFORMANCE_BIN")
	if bin == "" {
		t.Fatal("CONFORMANCE_BIN must name the directory holding node and wrangler (make conformance sets it)")
	}
	s := cloudflaretest.Start(t, cloudflaretest.WithAddr("127.0.0.1:0"))
	work := t.TempDir()
	home := filepath.Join(work, "home")
	require.NoError(t, os.MkdirAll(home, 0o755))
	env := []string{
		"PATH=" + bin + string(os.PathListSeparator) + "/usr/bin:/bin",
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"CLOUDFLARE_API_BASE_URL=" + strings.TrimSuffix(s.URL(), "/"),
		"CLOUDFLARE_API_TOKEN=" + s.Token(),
		"CLOUDFLARE_ACCOUNT_ID=" + acct,
		"WRANGLER_SEND_METRICS=false",
		"WRANGLER_SEND_ERROR_REPORTS=false",
		// No banner: the banner's update check asks the npm registry for
		// wrangler's latest version.
		"WRANGLER_HIDE_BANNER=true",
		"WRANGLER_LOG_PATH=" + filepath.Join(work, "logs"),
		"CI=true",
		"NO_COLOR=1",
		"FORCE_COLOR=0",
		"NO_UPDATE_NOTIFIER=1",
	}
	return &harness{t: t, s: s, bin: bin, work: work, env: env}
}

// wrangler runs one command, which must succeed.
func (h *harness) wrangler(dir, stdin string, args ...string) string {
	h.t.Helper()
	cmd := exec.CommandContext(h.t.Context(), filepath.Join(h.bin, "wrangler"), args...)
	cmd.Dir, cmd.Env = dir, h.env
	cmd.Stdin = strings.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	h.log = append(h.log, fmt.Sprintf("wrangler %s (%.1fs)", strings.Join(args, " "), time.Since(start).Seconds()))
	require.NoError(h.t, err, "wrangler %s failed:\n%s", strings.Join(args, " "), out.String())
	return out.String()
}

// generateConfigs writes every worker's wrangler.json with
// scripts/wrangler (what `make wrangler-config` runs), given the D1 IDs the
// emulator assigned, then points each at a module and at the emulator's
// account.
func (h *harness) generateConfigs() string {
	t := h.t
	out := filepath.Join(h.work, "wrangler")
	outputs := map[string]any{"d1Databases": map[string]any{}}
	for _, name := range d1s {
		db, ok := h.s.D1DatabaseByName(acct, dev(name))
		require.True(t, ok, "D1 %s", dev(name))
		outputs["d1Databases"].(map[string]any)[name] = map[string]string{"name": dev(name), "id": db.UUID}
	}
	outputsFile := filepath.Join(h.work, "outputs.json")
	writeJSON(t, outputsFile, outputs)
	cmd := exec.CommandContext(t.Context(), "go", "run", "./scripts/wrangler", "-stack", stack, "-out", out, "-outputs", outputsFile)
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "CLOUDFLARE_ACCOUNT_ID="+acct)
	res, err := cmd.CombinedOutput()
	require.NoError(t, err, "scripts/wrangler: %s", res)
	return out
}

// prepare rewrites one generated config: the module, the account, and for
// dome-api the extras wrangler must round-trip (a json var, a plain var, a
// service binding with an entrypoint, source maps).
func (h *harness) prepare(dir, worker string) {
	t := h.t
	path := filepath.Join(dir, "wrangler.json")
	var cfg map[string]any
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &cfg))
	cfg["main"] = "index.js"
	cfg["account_id"] = acct
	src := "export default {\n  async fetch(req, env) { return new Response(\"" + worker + "\"); },\n  async queue(batch, env) {},\n  async scheduled(event, env) {},\n};\n"
	if worker == "silo" {
		src += "export class SiloRPC { ping() { return \"pong\"; } }\n"
	}
	if worker == "dome-notify" {
		// A modelled binding the estate does not use (KV), and bindings and
		// settings the companion provider does not model: Read must report
		// them and the import must name what an up would do to them.
		cfg["kv_namespaces"] = []any{map[string]any{"binding": "CACHE", "id": "0f2ac74b498b48028cb68387c421e279"}}
		cfg["browser"] = map[string]any{"binding": "BROWSER"}
		cfg["version_metadata"] = map[string]any{"binding": "VERSION"}
		cfg["send_email"] = []any{map[string]any{"name": "MAIL", "destination_address": "ops@example.com"}}
		cfg["placement"] = map[string]any{"mode": "smart"}
		cfg["logpush"] = true
		cfg["limits"] = map[string]any{"cpu_ms": 50}
	}
	if worker == "dome-api" {
		cfg["vars"] = map[string]any{"LIMITS": map[string]any{"max": 10, "tags": []string{"a", "b"}}, "MODE": "dev"}
		services, _ := cfg["services"].([]any)
		cfg["services"] = append(services, map[string]any{"binding": "SILO_RPC", "service": dev("silo"), "entrypoint": "SiloRPC"})
		cfg["upload_source_maps"] = true
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "index.js"), []byte(src), 0o644))
	writeJSON(t, path, cfg)
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, raw, 0o644))
}

func readConfig(t *testing.T, dir string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "wrangler.json"))
	require.NoError(t, err)
	var cfg map[string]any
	require.NoError(t, json.Unmarshal(raw, &cfg))
	return cfg
}

func TestWranglerRoundTrip(t *testing.T) {
	h := newHarness(t)
	scratch := filepath.Join(h.work, "scratch")
	require.NoError(t, os.MkdirAll(scratch, 0o755))
	started := time.Now()

	// Resources.
	for _, name := range d1s {
		h.wrangler(scratch, "", "d1", "create", dev(name))
	}
	for _, name := range buckets {
		h.wrangler(scratch, "", "r2", "bucket", "create", dev(name))
	}
	for _, name := range queues {
		h.wrangler(scratch, "", "queues", "create", dev(name))
	}
	h.wrangler(scratch, "", "vectorize", "create", dev("dome-notes"), "--dimensions=768", "--metric=cosine")

	// The six workers from make wrangler-config's output; deploy adds
	// their queue consumers and the cron trigger.
	configs := h.generateConfigs()
	for _, w := range workers {
		h.prepare(filepath.Join(configs, w), w)
	}
	for _, w := range workers {
		h.wrangler(filepath.Join(configs, w), "", "deploy")
	}
	h.wrangler(scratch, "", "r2", "bucket", "notification", "create", dev("silo-content"),
		"--event-type", "object-create", "--queue", dev("content-events"))
	estateReqs := len(h.s.Requests()) // the estate, as `pulumi up` makes it

	// A secret, a redeploy (the versions and deployments path), a version.
	api := filepath.Join(configs, "dome-api")
	h.wrangler(api, "s3cr3t-from-wrangler\n", "secret", "put", "API_KEY")
	h.wrangler(api, "", "deploy")
	h.wrangler(api, "", "versions", "upload", "--message", "conformance")
	elapsed := time.Since(started)

	// scripts/import (what `make import` runs before `pulumi import`) reads
	// the wrangler-made estate back.
	wranglerReqs := h.s.Requests()
	h.importEstate()
	importReqs := h.s.Requests()[len(wranglerReqs):]
	reads := h.readWorkers()
	readReqs := h.s.Requests()[len(wranglerReqs)+len(importReqs):]

	// What the emulator stored.
	for _, name := range d1s {
		_, ok := h.s.D1DatabaseByName(acct, dev(name))
		assert.True(t, ok, "D1 %s", dev(name))
	}
	for _, name := range buckets {
		_, ok := h.s.Bucket(acct, dev(name))
		assert.True(t, ok, "bucket %s", dev(name))
	}
	qid := map[string]string{}
	for _, name := range queues {
		q, ok := h.s.QueueByName(acct, dev(name))
		require.True(t, ok, "queue %s", dev(name))
		qid[name] = q.QueueID
	}
	idx, ok := h.s.VectorizeIndex(acct, dev("dome-notes"))
	require.True(t, ok)
	assert.Equal(t, 768, idx.Config.Dimensions)

	for _, w := range workers {
		t.Run("worker "+w, func(t *testing.T) {
			sc, ok := h.s.Script(acct, dev(w))
			require.True(t, ok)
			cfg := readConfig(t, filepath.Join(configs, w))
			assert.Equal(t, cfg["compatibility_date"], sc.CompatibilityDate)
			require.NotNil(t, sc.Observability)
			assert.True(t, sc.Observability.Enabled)
			assert.Equal(t, "index.js", sc.MainModule)
			assert.Equal(t, "wrangler", sc.LastDeployedFrom)
			assert.Equal(t, expectedBindings(t, cfg), storedBindings(sc.Bindings, w == "dome-api"), "bindings of %s", w)
			// wrangler turns workers.dev on unless the config says
			// workers_dev = false (or has routes, which these do not).
			wantDev := cfg["workers_dev"] != false
			assert.Equal(t, wantDev, sc.WorkersDev.Enabled, "workers.dev of %s (wrangler.json workers_dev = %v)", w, cfg["workers_dev"])
		})
	}

	api2, _ := h.s.Script(acct, dev("dome-api"))
	secret := findBinding(api2.Bindings, "API_KEY")
	require.NotNil(t, secret, "the secret survives the redeploy")
	assert.Equal(t, "secret_text", secret.Type)
	assert.Equal(t, "s3cr3t-from-wrangler", secret.Text)
	limits := findBinding(api2.Bindings, "LIMITS")
	require.NotNil(t, limits)
	assert.Equal(t, "json", limits.Type)
	assert.JSONEq(t, `{"max":10,"tags":["a","b"]}`, string(limits.JSON))
	rpc := findBinding(api2.Bindings, "SILO_RPC")
	require.NotNil(t, rpc)
	assert.Equal(t, "SiloRPC", rpc.Entrypoint)
	assert.True(t, slices.ContainsFunc(api2.Modules, func(m cloudflaretest.Module) bool { return strings.HasSuffix(m.Name, ".map") }),
		"the source map part is stored: %v", moduleNames(api2.Modules))
	// deploy, secret put, deploy (a version + deployment), versions upload
	// (a version only).
	assert.Len(t, api2.Versions, 4)
	assert.Len(t, api2.Deployments, 3)
	assert.Equal(t, "conformance", api2.Versions[3].Annotations["workers/message"])

	// Queue consumers, as each wrangler.json declares them.
	for _, w := range workers {
		cfg := readConfig(t, filepath.Join(configs, w))
		qs, _ := cfg["queues"].(map[string]any)
		consumers, _ := qs["consumers"].([]any)
		for _, c := range consumers {
			c := c.(map[string]any)
			name := strings.TrimSuffix(c["queue"].(string), "-"+stack)
			cs := h.s.Consumers(acct, qid[name])
			require.Len(t, cs, 1, "consumers of %s", c["queue"])
			assert.Equal(t, dev(w), cs[0].ScriptName)
			if dlq, ok := c["dead_letter_queue"].(string); ok {
				assert.Equal(t, dlq, cs[0].DeadLetterQueue)
			}
		}
	}
	assert.Empty(t, h.s.Consumers(acct, qid["embed-dead-letter"]))

	notes := h.s.EventNotifications(acct, dev("silo-content"))
	require.Len(t, notes, 1)
	assert.Equal(t, qid["content-events"], notes[0].QueueID)
	assert.Equal(t, []string{"*/5 * * * *"}, cronsOf(h.s.Schedules(acct, dev("dome-cron"))))

	// The companion provider's Read of each wrangler-made worker (what
	// `pulumi import` records) against what its wrangler.json declared.
	for _, w := range workers {
		t.Run("read "+w, func(t *testing.T) {
			cfg := readConfig(t, filepath.Join(configs, w))
			r := reads[w]
			assert.Equal(t, expectedBindings(t, cfg), readBindings(r), "every binding, by kind, name and target")
			assert.Equal(t, cfg["compatibility_date"], r.inputs["compatibilityDate"])
			assert.Equal(t, cfg["compatibility_flags"], r.inputs["compatibilityFlags"], "compatibility flags")
			obs, _ := cfg["observability"].(map[string]any)
			rate, ok := obs["head_sampling_rate"]
			if !ok {
				rate = 1.0
			}
			assert.Equal(t, map[string]any{"enabled": obs["enabled"], "headSamplingRate": rate}, r.inputs["observability"])
			assert.Equal(t, cfg["workers_dev"] != false, r.inputs["workersDev"], "workers.dev")
			assert.Equal(t, "index.js", r.inputs["mainModule"])
			wantSecrets := any(nil)
			if w == "dome-api" {
				wantSecrets = []any{"API_KEY"} // wrangler secret put: by name, never its value
			}
			assert.Equal(t, wantSecrets, r.inputs["externalSecrets"])
			assert.NotContains(t, fmt.Sprint(r.inputs, r.state, r.warnings), "s3cr3t-from-wrangler")
			if w != "dome-notify" {
				assert.Nil(t, r.state["unmodelledBindings"])
				assert.Nil(t, r.state["unmodelledSettings"])
				assert.NotContains(t, r.warnings, "does not model")
				return
			}
			// What the provider does not model: in the state, each with a warning.
			assert.Equal(t, map[string]any{"logpush": "true", "placement": `{"mode":"smart"}`, "limits": `{"cpu_ms":50}`},
				r.state["unmodelledSettings"])
			for _, b := range []string{"binding BROWSER of type browser", "binding VERSION of type version_metadata",
				"binding MAIL of type send_email", "setting placement = ", "setting logpush = true", "setting limits = "} {
				assert.Contains(t, r.warnings, b+"")
			}
		})
	}
	api3 := reads["dome-api"]
	services, _ := api3.inputs["serviceBindings"].([]any)
	assert.Contains(t, services, map[string]any{"name": "SILO_RPC", "service": dev("silo"), "entrypoint": "SiloRPC"})
	// scripts/import names each, and what an up of dev (the placeholder over
	// wrangler's code: an upload) would do to it.
	for _, want := range []string{
		"DESTRUCTIVE  WorkerScript dome-notify  browser binding BROWSER: code not modelled, Cloudflare browser",
		"DESTRUCTIVE  WorkerScript dome-notify  send_email binding MAIL",
		"DESTRUCTIVE  WorkerScript dome-notify  setting placement: code not modelled, Cloudflare {\"mode\":\"smart\"}",
		"change       WorkerScript dome-notify  setting logpush: code not modelled, Cloudflare true",
		"model the browser binding type in the companion provider",
	} {
		assert.Contains(t, h.importReport, want)
	}

	up := pulumiUp(t)
	assert.Equal(t, map[string]int{"create": resourceCount + serviceCount + 1}, up.summary, "pulumi up of %s from nothing (resources, their services + the stack)", stack)
	h.log = append(h.log, fmt.Sprintf("pulumi up -s %s, from nothing into a second emulator (%.1fs)", stack, up.took.Seconds()))

	h.report(elapsed, []column{
		{"wrangler: the estate", wranglerReqs[:estateReqs]},
		{"wrangler: secret put, redeploy, versions upload", wranglerReqs[estateReqs:]},
		{"pulumi up (same estate)", up.requests},
		{"scripts/import", importReqs},
		{"provider Read ×6 (pulumi import)", readReqs},
	})
}

// resourceCount is the dev plan's resources (24), which scripts/import finds.
const resourceCount = 24

// serviceCount is the dev plan's components: a dome:index:Service per
// worker, which `pulumi up` registers and which make no request.
const serviceCount = 6

// importEstate runs scripts/import against the emulator: it must succeed
// and name every wrangler-made resource in the import file.
func (h *harness) importEstate() {
	t := h.t
	out := filepath.Join(h.work, "import.json")
	cmd := exec.CommandContext(t.Context(), "go", "run", "./scripts/import", "-stack", stack, "-api-url", h.s.URL(), "-max-retries", "0", "-out", out)
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "CLOUDFLARE_API_TOKEN="+h.s.Token(), "CLOUDFLARE_ACCOUNT_ID="+acct)
	start := time.Now()
	res, err := cmd.CombinedOutput()
	h.log = append(h.log, fmt.Sprintf("go run ./scripts/import -stack %s (%.1fs)", stack, time.Since(start).Seconds()))
	require.NoError(t, err, "scripts/import:\n%s", res)
	h.importReport = string(res)
	report := string(res)
	assert.Contains(t, report, "Will be created by `pulumi up` (in the code, not in the account): 0", "import finds every resource of the plan")
	assert.Contains(t, report, "Clashes (same name, different resource: resolve before importing): 0")
	for _, name := range append(append(append(slices.Clone(workers), d1s...), buckets...), queues...) {
		assert.Contains(t, report, " "+dev(name)+" ", "the import report names %s", dev(name))
	}
	_, err = os.Stat(out)
	assert.NoError(t, err, "the import file is written")
}

// expectedBindings is what a wrangler.json declares, as "TYPE NAME=target".
func expectedBindings(t *testing.T, cfg map[string]any) []string {
	var out []string
	add := func(key, typ, nameKey, targetKey string) {
		items, _ := cfg[key].([]any)
		for _, it := range items {
			m := it.(map[string]any)
			out = append(out, fmt.Sprintf("%s %s=%v", typ, m[nameKey], m[targetKey]))
		}
	}
	add("d1_databases", "d1", "binding", "database_id")
	add("r2_buckets", "r2_bucket", "binding", "bucket_name")
	add("vectorize", "vectorize", "binding", "index_name")
	add("kv_namespaces", "kv_namespace", "binding", "id")
	add("send_email", "send_email", "name", "destination_address")
	services, _ := cfg["services"].([]any)
	for _, it := range services {
		m := it.(map[string]any)
		target := fmt.Sprint(m["service"])
		if ep, ok := m["entrypoint"].(string); ok {
			target += "#" + ep
		}
		out = append(out, fmt.Sprintf("service %s=%s", m["binding"], target))
	}
	for _, key := range []string{"browser", "version_metadata"} {
		if b, ok := cfg[key].(map[string]any); ok {
			out = append(out, fmt.Sprintf("%s %s=", key, b["binding"]))
		}
	}
	if qs, ok := cfg["queues"].(map[string]any); ok {
		if ps, ok := qs["producers"].([]any); ok {
			for _, p := range ps {
				m := p.(map[string]any)
				out = append(out, fmt.Sprintf("queue %s=%v", m["binding"], m["queue"]))
			}
		}
	}
	if ai, ok := cfg["ai"].(map[string]any); ok {
		out = append(out, fmt.Sprintf("ai %s=", ai["binding"]))
	}
	vars, _ := cfg["vars"].(map[string]any)
	for _, k := range slices.Sorted(maps.Keys(vars)) {
		if s, ok := vars[k].(string); ok {
			out = append(out, fmt.Sprintf("plain_text %s=%s", k, s))
		} else {
			raw, _ := json.Marshal(vars[k])
			out = append(out, fmt.Sprintf("json %s=%s", k, raw))
		}
	}
	slices.Sort(out)
	return out
}

// storedBindings renders stored bindings like expectedBindings (secrets
// left out: they are not in wrangler.json).
func storedBindings(bs []cloudflaretest.Binding, withSecrets bool) []string {
	var out []string
	for _, b := range bs {
		var target string
		switch b.Type {
		case "d1":
			target = b.ID
		case "r2_bucket":
			target = b.BucketName
		case "vectorize":
			target = b.IndexName
		case "service":
			target = b.Service
			if b.Entrypoint != "" {
				target += "#" + b.Entrypoint
			}
		case "kv_namespace":
			target = b.NamespaceID
		case "send_email":
			target = b.DestinationAddress
		case "queue":
			target = b.QueueName
		case "plain_text":
			target = b.Text
		case "json":
			var v any
			_ = json.Unmarshal(b.JSON, &v)
			raw, _ := json.Marshal(v)
			target = string(raw)
		case "secret_text":
			continue
		}
		out = append(out, fmt.Sprintf("%s %s=%s", b.Type, b.Name, target))
	}
	slices.Sort(out)
	return out
}

func findBinding(bs []cloudflaretest.Binding, name string) *cloudflaretest.Binding {
	for i := range bs {
		if bs[i].Name == name {
			return &bs[i]
		}
	}
	return nil
}

func moduleNames(ms []cloudflaretest.Module) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return out
}

func cronsOf(ss []cloudflaretest.Schedule) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Cron)
	}
	return out
}

// column is one set of requests in the report's table.
type column struct {
	name string
	reqs []cloudflaretest.Request
}

// report prints (and writes to $CONFORMANCE_REPORT) the commands run and a
// table of requests by route: wrangler's, beside pulumi up's for the same
// estate, scripts/import's and the provider's Reads.
func (h *harness) report(elapsed time.Duration, cols []column) {
	counts := map[string][]int{}
	unrouted := map[string]int{}
	for i, c := range cols {
		for _, r := range c.reqs {
			p := h.s.RoutePattern(r.Method, r.Path)
			if p == "" {
				unrouted[r.Method+" "+r.Path]++
				continue
			}
			if counts[p] == nil {
				counts[p] = make([]int, len(cols))
			}
			counts[p][i]++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "## wrangler conformance\n\n%d commands; wrangler's part took %.1fs\n\n", len(h.log), elapsed.Seconds())
	for _, l := range h.log {
		fmt.Fprintf(&b, "- `%s`\n", l)
	}
	fmt.Fprintf(&b, "\nscripts/import after wrangler:\n\n```\n%s```\n", h.importReport)
	fmt.Fprintf(&b, "\n| method | route |")
	sep := "|---|---|"
	for _, c := range cols {
		fmt.Fprintf(&b, " %s |", c.name)
		sep += "---|"
	}
	fmt.Fprintf(&b, "\n%s\n", sep)
	for _, p := range slices.Sorted(maps.Keys(counts)) {
		method, path, _ := strings.Cut(p, " ")
		fmt.Fprintf(&b, "| %s | `%s` |", method, path)
		for _, n := range counts[p] {
			fmt.Fprintf(&b, " %d |", n)
		}
		fmt.Fprintln(&b)
	}
	fmt.Fprintf(&b, "| | **total** |")
	for _, c := range cols {
		fmt.Fprintf(&b, " **%d** |", len(c.reqs))
	}
	fmt.Fprintln(&b)
	for _, p := range slices.Sorted(maps.Keys(unrouted)) {
		fmt.Fprintf(&b, "| (no route) | `%s` | %d |\n", p, unrouted[p])
	}
	fmt.Println(b.String())
	if path := os.Getenv("CONFORMANCE_REPORT"); path != "" {
		require.NoError(h.t, os.WriteFile(path, []byte(b.String()), 0o644))
	}
	assert.Empty(h.t, unrouted, "requests to routes the emulator does not serve")
}
