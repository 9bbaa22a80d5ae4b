//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-cloudflare/sdk/v5/go/cloudflare"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/guard"
	"github.com/dome/dome-infra/internal/program"
)

// previewCapture is the pulumi CLI as the Automation API runs it, with one
// difference: a preview also gets --json, and its stdout — `pulumi preview
// --json`'s document, the CLI's own bytes — is kept.
type previewCapture struct {
	auto.PulumiCommand
	json []byte
}

func (c *previewCapture) Run(ctx context.Context, workdir string, stdin io.Reader, out, errOut []io.Writer,
	env []string, args ...string) (string, string, int, error) {
	preview := len(args) > 0 && args[0] == "preview"
	if preview {
		args = append(args, "--json")
	}
	stdout, stderr, code, err := c.PulumiCommand.Run(ctx, workdir, stdin, out, errOut, env, args...)
	if preview {
		c.json = []byte(stdout)
	}
	return stdout, stderr, code, err
}

// previewEvents runs a preview of st (with opts) and returns, besides the
// captured --json document, the engine events the CLI sent the Automation
// API, as JSON lines of apitype.EngineEvent (what `pulumi preview
// --event-log <file>` writes).
func previewEvents(ctx context.Context, st auto.Stack, opts ...optpreview.Option) ([]byte, error) {
	ch := make(chan events.EngineEvent)
	done := make(chan []byte)
	go func() {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		for ev := range ch {
			_ = enc.Encode(ev.EngineEvent)
		}
		done <- b.Bytes()
	}()
	_, err := st.Preview(ctx, append(opts, optpreview.SuppressProgress(), optpreview.EventStreams(ch))...)
	return <-done, err
}

// guardVariant is the program of TestGuard: the real program, plus what a
// scenario adds or takes away.
type guardVariant struct {
	// extraDB, when set, is the Cloudflare name of one more D1 database
	// (logical name guard-extra), so a scenario can delete or rename it.
	extraDB string
	// secret gives dome-notify a declared secret binding, EXTRA_SECRET.
	secret bool
	// noDeadLetter takes constellation's dead-letter queue away.
	noDeadLetter bool
}

func (e *stackEnv) guardProgram(v guardVariant) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		err := ctx.RegisterResourceTransform(func(_ context.Context, a *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
			props := pulumi.Map{}
			for k, p := range a.Props {
				props[k] = p
			}
			switch {
			case v.secret && a.Type == guard.TypeWorkerScript && a.Name == "dome-notify":
				props["secretTextBindings"] = pulumi.Array{pulumi.Map{
					"name": pulumi.String("EXTRA_SECRET"), "text": pulumi.String("guard-e2e-not-a-real-secret"),
				}}
			case v.noDeadLetter && a.Type == guard.TypeQueueConsumer:
				if _, ok := props["deadLetterQueue"]; !ok {
					return nil
				}
				delete(props, "deadLetterQueue")
			default:
				return nil
			}
			return &pulumi.ResourceTransformResult{Props: props, Opts: a.Opts}
		})
		if err != nil {
			return err
		}
		if err := program.Run(ctx); err != nil {
			return err
		}
		if v.extraDB != "" {
			_, err := cloudflare.NewD1Database(ctx, "guard-extra", &cloudflare.D1DatabaseArgs{
				AccountId: pulumi.String(e.cfg.AccountID), Name: pulumi.String(v.extraDB),
			})
			return err
		}
		return nil
	}
}

// guardFinding is what a test expects the guard to name.
type guardFinding struct {
	typ, name string
	op        apitype.OpType
}

// TestGuard runs the real engine's preview (as `pulumi preview --json` and
// as engine events) for each kind of destructive step, and the guard
// (internal/guard, behind scripts/guard) on both: in prod it refuses each
// kind naming the resource and the step, an override naming the resources
// lets it pass, in dev it reports and passes, and a clean preview passes.
// With GUARD_FIXTURES=<dir> it also writes the captured previews there (how
// internal/guard/testdata was produced).
func TestGuard(t *testing.T) {
	t.Parallel()
	cf := cloudflaretest.Start(t)
	e := newStack(t, cf, "dev")
	capture := &previewCapture{PulumiCommand: pulumiCLI}
	base := guardVariant{extraDB: e.names.Database("guard-extra"), secret: true}

	ctx, cancel := e.ctx()
	defer cancel()
	st, err := auto.SelectStackInlineSource(ctx, e.name, config.Project, e.guardProgram(base),
		auto.WorkDir(e.dir), auto.Pulumi(capture), auto.PulumiHome(pulumiHome),
		auto.EnvVars(e.stack.Workspace().GetEnvVars()))
	require.NoError(t, err)
	_, err = st.Up(ctx, optup.SuppressProgress())
	require.NoError(t, err, "up of the guard's base program")

	setConfig := func(key, value string) {
		require.NoError(t, st.SetConfigWithOptions(ctx, key, auto.ConfigValue{Value: value},
			&auto.ConfigOptions{Path: strings.Contains(key, ".")}))
	}
	bundle := filepath.Join(t.TempDir(), "silo.js")
	require.NoError(t, os.WriteFile(bundle, []byte("export default { async fetch() { return new Response(\"v2\"); } };\n"), 0o644))
	setConfig(config.KeyArtifactsDir, filepath.Dir(bundle)) // a bundle outside the project must be in artifactsDir

	cases := []struct {
		name    string
		variant guardVariant
		before  func()
		after   func()
		want    []guardFinding
		// why is in the guard's reasons for the finding; eventsWhy too,
		// when it reads the engine events (they show every step).
		why, eventsWhy string
		// failed: the preview itself fails, and the guard must not judge it.
		failed bool
	}{
		{name: "clean", variant: base},
		{
			name:    "delete",
			variant: guardVariant{secret: true},
			want:    []guardFinding{{"cloudflare:index/d1Database:D1Database", "guard-extra", apitype.OpDelete}},
			why:     "deletes the resource",
		},
		{
			name:    "replace",
			variant: guardVariant{extraDB: e.names.Database("guard-extra-renamed"), secret: true},
			want:    []guardFinding{{"cloudflare:index/d1Database:D1Database", "guard-extra", apitype.OpReplace}},
			why:     "replace forced by name",
		},
		{
			// Vectorize's provider replaces delete-first: the events show
			// delete-replaced before create-replacement.
			name:      "replace-delete-first",
			variant:   base,
			before:    func() { setConfig(config.KeyVectorDimensions, "384") },
			after:     func() { require.NoError(t, st.RemoveConfig(ctx, config.KeyVectorDimensions)) },
			want:      []guardFinding{{"dome-cloudflare:index:VectorizeIndex", "dome-notes", apitype.OpReplace}},
			why:       "replace forced by dimensions",
			eventsWhy: "delete-before-replace",
		},
		{
			name:    "worker-code",
			variant: base,
			before:  func() { setConfig(config.KeyWorkerBundles+".silo", bundle) },
			after:   func() { setConfig(config.KeyWorkerBundles+".silo", config.Placeholder) },
			want:    []guardFinding{{guard.TypeWorkerScript, "silo", apitype.OpUpdate}},
			why:     "replaces the worker's code (content changes)",
		},
		{
			name:    "worker-binding",
			variant: guardVariant{extraDB: base.extraDB},
			want:    []guardFinding{{guard.TypeWorkerScript, "dome-notify", apitype.OpUpdate}},
			why:     "removes binding EXTRA_SECRET (secretTextBindings)",
		},
		{
			name:    "dead-letter",
			variant: guardVariant{extraDB: base.extraDB, secret: true, noDeadLetter: true},
			want:    []guardFinding{{guard.TypeQueueConsumer, "new-content-constellation", apitype.OpUpdate}},
			why:     "removes deadLetterQueue " + e.names.Queue("embed-dead-letter"),
		},
		{
			// A bad config value: the program fails before registering
			// anything; the preview's output holds the error.
			name:    "failed",
			variant: base,
			before:  func() { setConfig(config.KeyVectorMetric, "nonsense") },
			after:   func() { require.NoError(t, st.RemoveConfig(ctx, config.KeyVectorMetric)) },
			failed:  true,
		},
	}
	fixtures := os.Getenv("GUARD_FIXTURES")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.before != nil {
				tc.before()
			}
			if tc.after != nil {
				defer tc.after()
			}
			st.Workspace().SetProgram(e.guardProgram(tc.variant))
			capture.json = nil
			events, err := previewEvents(ctx, st)
			if tc.failed {
				require.Error(t, err, "preview")
			} else {
				require.NoError(t, err, "preview")
			}
			require.NotEmpty(t, capture.json, "pulumi preview --json printed nothing")
			require.NotEmpty(t, events, "no engine events")
			if fixtures != "" {
				require.NoError(t, os.WriteFile(filepath.Join(fixtures, tc.name+".json"), capture.json, 0o644))
				require.NoError(t, os.WriteFile(filepath.Join(fixtures, tc.name+".events.jsonl"), events, 0o644))
			}
			for format, b := range map[string][]byte{"preview --json": capture.json, "engine events": events} {
				p, err := guard.Read(bytes.NewReader(b))
				require.NoError(t, err, format)
				if tc.failed {
					require.NotEmpty(t, p.Errors, "%s: the preview's error", format)
					assert.Contains(t, strings.Join(p.Errors, "\n"), config.KeyVectorMetric, format)
					for _, env := range []string{"dev", "prod"} {
						assert.False(t, guard.Judge(p, env, nil).Pass(), "%s: a failed preview is not judged in %s", format, env)
					}
					continue
				}
				require.Empty(t, p.Errors, format)

				prod := guard.Judge(p, "prod", nil)
				var text bytes.Buffer
				prod.WriteText(&text)
				t.Logf("%s:\n%s", format, text.String())
				assert.ElementsMatch(t, tc.want, findings(prod.Refused), "%s: what the guard refuses in prod", format)
				assert.Equal(t, len(tc.want) == 0, prod.Pass(), "%s: prod verdict", format)
				for _, f := range prod.Refused {
					assert.Contains(t, text.String(), f.URN, "%s: the refusal names the URN", format)
					assert.Contains(t, strings.Join(f.Reasons, "; "), tc.why, "%s: why", format)
					if format == "engine events" {
						assert.Contains(t, strings.Join(f.Reasons, "; "), tc.eventsWhy, "%s: why", format)
					}
				}

				dev := guard.Judge(p, "dev", nil)
				assert.True(t, dev.Pass(), "%s: dev reports and passes", format)
				assert.ElementsMatch(t, tc.want, findings(dev.Refused), "%s: what the guard reports in dev", format)

				urns := map[string]bool{}
				for _, f := range prod.Refused {
					urns[f.URN] = true
				}
				allowed := guard.Judge(p, "prod", sortedSet(urns))
				assert.True(t, allowed.Pass(), "%s: every destructive resource named by -allow-destroy", format)
				assert.Empty(t, allowed.Refused, format)
			}

			// scripts/guard's exit status on the CLI's own file.
			file := filepath.Join(t.TempDir(), "preview.json")
			require.NoError(t, os.WriteFile(file, capture.json, 0o644))
			var out, errOut bytes.Buffer
			code := guard.Main([]string{"-env", "prod", "-preview", file}, &out, &errOut)
			want, wantDev := guard.ExitPass, guard.ExitPass
			switch {
			case tc.failed:
				want, wantDev = guard.ExitUsage, guard.ExitUsage
			case len(tc.want) > 0:
				want = guard.ExitRefused
			}
			assert.Equal(t, want, code, "scripts/guard -env prod: %s%s", out.String(), errOut.String())
			assert.Equal(t, wantDev, guard.Main([]string{"-env", "dev", "-preview", file}, io.Discard, io.Discard), "scripts/guard -env dev")
		})
	}
}

// findings are the guard's findings as the test states them.
func findings(fs []guard.Finding) []guardFinding {
	out := make([]guardFinding, 0, len(fs))
	for _, f := range fs {
		out = append(out, guardFinding{f.Type, f.Name, f.Op})
	}
	return out
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
