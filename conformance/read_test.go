//go:build conformance

package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/program"
	"github.com/dome/dome-infra/internal/provider"
	"github.com/dome/dome-infra/internal/standin"
)

// readWorker is what the companion provider's Read (the call `pulumi import`
// makes, with only the ID) returns for one worker, as plain Go values, and
// what it logged.
type readWorker struct {
	inputs, state map[string]any
	warnings      string
}

// logBuffer collects the provider's log lines: under the integration server
// p.GetLogger writes to slog.Default.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(b)
}

func (l *logBuffer) take() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.buf.String()
	l.buf.Reset()
	return s
}

// readWorkers runs the companion provider in-process against the emulator
// and reads every worker by ID alone, as `pulumi import` does.
func (h *harness) readWorkers() map[string]readWorker {
	t := h.t
	logs := &logBuffer{}
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	defer slog.SetDefault(prev)

	prov, err := provider.New()
	require.NoError(t, err)
	srv, err := integration.NewServer(t.Context(), provider.Name, semver.MustParse(provider.Version), integration.WithProvider(prov))
	require.NoError(t, err)
	require.NoError(t, srv.Configure(p.ConfigureRequest{Args: property.NewMap(map[string]property.Value{
		"apiToken": property.New(h.s.Token()), "apiBaseUrl": property.New(h.s.URL()), "maxRetries": property.New(0.0),
	})}))
	out := map[string]readWorker{}
	for _, w := range workers {
		urn := presource.NewURN(tokens.QName(stack), config.Project, "", tokens.Type(companion.WorkerScriptType), w)
		resp, err := srv.Read(p.ReadRequest{ID: companion.WorkerScriptID(acct, dev(w)), Urn: urn})
		require.NoError(t, err, "Read of %s", dev(w))
		require.NotEmpty(t, resp.ID, "Read of %s finds it", dev(w))
		out[w] = readWorker{inputs: plainProps(resp.Inputs), state: plainProps(resp.Properties), warnings: logs.take()}
	}
	return out
}

func plainProps(m property.Map) map[string]any {
	v := presource.ToResourcePropertyValue(property.New(m))
	out, _ := v.MapRepl(nil, func(pv presource.PropertyValue) (any, bool) {
		if pv.IsSecret() {
			return "[secret]", true
		}
		return nil, false
	}).(map[string]any)
	return out
}

// readBindings renders what Read returned like expectedBindings: every
// modelled binding from its inputs, and every binding the provider does not
// model from its state (unmodelledBindings; the target is the one field of
// its config, if it has one field).
func readBindings(r readWorker) []string {
	var out []string
	list := func(key, typ, target string) {
		items, _ := r.inputs[key].([]any)
		for _, it := range items {
			m := it.(map[string]any)
			out = append(out, fmt.Sprintf("%s %s=%v", typ, m["name"], m[target]))
		}
	}
	list("d1DatabaseBindings", "d1", "databaseId")
	list("r2BucketBindings", "r2_bucket", "bucketName")
	list("vectorizeBindings", "vectorize", "indexName")
	list("queueBindings", "queue", "queue")
	list("kvNamespaceBindings", "kv_namespace", "namespaceId")
	list("plainTextBindings", "plain_text", "text")
	if ai, ok := r.inputs["aiBinding"].(map[string]any); ok {
		out = append(out, fmt.Sprintf("ai %s=", ai["name"]))
	}
	services, _ := r.inputs["serviceBindings"].([]any)
	for _, it := range services {
		m := it.(map[string]any)
		target := fmt.Sprint(m["service"])
		if ep, ok := m["entrypoint"].(string); ok {
			target += "#" + ep
		}
		out = append(out, fmt.Sprintf("service %s=%s", m["name"], target))
	}
	jsons, _ := r.inputs["jsonBindings"].([]any)
	for _, it := range jsons {
		m := it.(map[string]any)
		var v any
		_ = json.Unmarshal([]byte(m["json"].(string)), &v)
		raw, _ := json.Marshal(v)
		out = append(out, fmt.Sprintf("json %s=%s", m["name"], raw))
	}
	unmodelled, _ := r.state["unmodelledBindings"].([]any)
	for _, it := range unmodelled {
		m := it.(map[string]any)
		target := ""
		if cfg, _ := m["config"].(string); cfg != "" {
			var fields map[string]any
			_ = json.Unmarshal([]byte(cfg), &fields)
			target = cfg
			if len(fields) == 1 {
				for _, v := range fields {
					target = fmt.Sprint(v)
				}
			}
		}
		out = append(out, fmt.Sprintf("%s %s=%s", m["type"], m["name"], target))
	}
	slices.Sort(out)
	return out
}

// upRun is one `pulumi up` of the dev stack from nothing, by the real engine
// (bin/pulumi, the companion provider and the pulumi-cloudflare v5
// stand-in, as e2e/ runs it), into an emulator of its own.
type upRun struct {
	requests []cloudflaretest.Request
	summary  map[string]int
	took     time.Duration
}

// pulumiUp deploys the same estate wrangler deployed (the dev stack, with
// its placeholder bundles) with `pulumi up`, for the request table.
func pulumiUp(t *testing.T) upRun {
	cliPath := os.Getenv("CONFORMANCE_PULUMI")
	if cliPath == "" {
		t.Fatal("CONFORMANCE_PULUMI must name the pulumi CLI (make conformance passes bin/pulumi, built by `make tools`)")
	}
	cliPath, err := filepath.Abs(cliPath)
	require.NoError(t, err)
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	tmp := t.TempDir()
	home := filepath.Join(tmp, "pulumi-home")
	require.NoError(t, os.MkdirAll(home, 0o755))
	t.Setenv("PULUMI_HOME", home)
	t.Setenv("PULUMI_SKIP_UPDATE_CHECK", "true")
	t.Setenv(config.EnvAccountID, acct)

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	providers := filepath.Join(tmp, "providers")
	build := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(providers, "pulumi-resource-dome-cloudflare"), "./cmd/pulumi-resource-dome-cloudflare")
	build.Dir = root
	out, err := build.CombinedOutput()
	require.NoError(t, err, "building the companion provider: %s", out)
	standinBin := filepath.Join(tmp, "standin", "pulumi-resource-cloudflare")
	require.NoError(t, standin.Build(ctx, standinBin))
	_, err = standin.InstallBinary(home, standinBin)
	require.NoError(t, err)

	work := filepath.Join(tmp, "work")
	require.NoError(t, os.MkdirAll(work, 0o755))
	for _, f := range []string{"Pulumi.yaml", "Pulumi." + stack + ".yaml"} {
		b, err := os.ReadFile(filepath.Join(root, f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(work, f), b, 0o644))
	}
	require.NoError(t, os.Symlink(providers, filepath.Join(work, "bin")))

	require.NoError(t, os.MkdirAll(filepath.Join(tmp, "state"), 0o755))
	cf := cloudflaretest.Start(t, cloudflaretest.WithAddr("127.0.0.1:0"))
	cli, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: filepath.Dir(filepath.Dir(cliPath))})
	require.NoError(t, err)
	st, err := auto.UpsertStackInlineSource(ctx, stack, config.Project, program.Run,
		auto.WorkDir(work), auto.Pulumi(cli), auto.PulumiHome(home), auto.EnvVars(map[string]string{
			"PULUMI_BACKEND_URL":                          "file://" + filepath.Join(tmp, "state"),
			"PULUMI_CONFIG_PASSPHRASE":                    "dome-conformance",
			"PULUMI_SKIP_UPDATE_CHECK":                    "true",
			"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
			"PULUMI_DIY_BACKEND_NO_LEGACY_WARNING":        "true",
			"CLOUDFLARE_API_BASE_URL":                     cf.URL(),
			"CLOUDFLARE_API_TOKEN":                        cf.Token(),
		}))
	require.NoError(t, err)
	start := time.Now()
	res, err := st.Up(ctx, optup.SuppressProgress())
	took := time.Since(start)
	require.NoError(t, err, "pulumi up of %s", stack)
	summary := map[string]int{}
	if res.Summary.ResourceChanges != nil {
		maps.Copy(summary, *res.Summary.ResourceChanges)
	}
	return upRun{requests: cf.Requests(), summary: summary, took: took}
}
