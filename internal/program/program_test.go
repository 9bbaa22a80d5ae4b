package program

import (
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/databases"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/plan"
	"github.com/dome/dome-infra/internal/queues"
	"github.com/dome/dome-infra/internal/storage"
	"github.com/dome/dome-infra/internal/workers"
)

var update = flag.Bool("update", false, "rewrite the golden plans in testdata/ (read the diff before committing)")

var stacks = []string{"dev", "staging", "prod"}

func projectDir(t *testing.T) string {
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// runStack plans a stack from its real Pulumi.<stack>.yaml.
func runStack(t *testing.T, stack string) *plan.Plan {
	t.Helper()
	p, _, err := plan.RunStack(projectDir(t), stack, Run)
	require.NoError(t, err)
	return p
}

// stackName is what the owner expects a logical name to be called in a
// stack: prod keeps today's names, the others add "-<stack>".
func stackName(stack, logical string) string {
	if stack == "prod" {
		return logical
	}
	return logical + "-" + stack
}

func resources(p *plan.Plan, typ string) []plan.Resource {
	var out []plan.Resource
	for _, r := range p.Resources {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

func resource(t *testing.T, p *plan.Plan, typ, name string) plan.Resource {
	t.Helper()
	for _, r := range resources(p, typ) {
		if r.Name == name {
			return r
		}
	}
	require.Failf(t, "missing resource", "%s %s is not in the %s plan", typ, name, p.Stack)
	return plan.Resource{}
}

// list returns a list-of-objects input ([] when absent).
func list(r plan.Resource, key string) []map[string]any {
	var out []map[string]any
	items, _ := r.Inputs[key].([]any)
	for _, it := range items {
		out = append(out, it.(map[string]any))
	}
	return out
}

func TestEveryResourceOnce(t *testing.T) {
	want := map[string]int{
		databases.Type:                    2,
		storage.BucketType:                2,
		queues.Type:                       6,
		companion.VectorizeIndexType:      1,
		companion.WorkerScriptType:        6,
		workers.CronType:                  1,
		companion.QueueConsumerType:       5,
		companion.R2EventNotificationType: 1,
	}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			p := runStack(t, stack)
			got := map[string]int{}
			seen := map[string]bool{}
			for _, r := range p.Resources {
				got[r.Type]++
				key := r.Type + "::" + r.Name
				assert.False(t, seen[key], "%s registered twice", key)
				seen[key] = true
			}
			assert.Equal(t, want, got)
		})
	}
}

func TestStacksMatchDevelopersTable(t *testing.T) {
	rows := developersTable(t)
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			p := runStack(t, stack)
			name := func(logical string) string { return stackName(stack, logical) }
			idOf := func(typ, logical string) string { return resource(t, p, typ, logical).ID }

			for _, row := range rows {
				w := resource(t, p, companion.WorkerScriptType, row.worker)
				assert.Equal(t, name(row.worker), w.Inputs["name"], "worker name")
				assert.Equal(t, map[string]any{"enabled": true, "headSamplingRate": 1.0}, w.Inputs["observability"], row.worker)

				checkTargets := func(key, targetKey string, want []bound, value func(bound) string) {
					got := list(w, key)
					assert.Len(t, got, len(want), "%s %s", row.worker, key)
					for _, tg := range want {
						found := false
						for _, b := range got {
							if b[targetKey] == value(tg) {
								found = true
								if tg.binding != "" {
									assert.Equal(t, tg.binding, b["name"], "%s binding of %s", row.worker, tg.name)
								}
							}
						}
						assert.True(t, found, "%s: no %s binding to %s (%s) in %v", row.worker, key, tg.name, value(tg), got)
					}
				}
				checkTargets("d1DatabaseBindings", "databaseId", row.d1, func(tg bound) string { return idOf(databases.Type, tg.name) })
				checkTargets("r2BucketBindings", "bucketName", row.r2, func(tg bound) string { return name(tg.name) })
				checkTargets("vectorizeBindings", "indexName", row.vectorize, func(tg bound) string { return name(tg.name) })
				checkTargets("serviceBindings", "service", asTargets(row.services), func(tg bound) string { return name(tg.name) })
				checkTargets("queueBindings", "queue", asTargets(row.producers), func(tg bound) string { return name(tg.name) })
				_, hasAI := w.Inputs["aiBinding"]
				assert.Equal(t, row.ai, hasAI, "%s AI binding", row.worker)

				for _, q := range row.consumes {
					c := resource(t, p, companion.QueueConsumerType, q)
					assert.Equal(t, name(row.worker), c.Inputs["scriptName"], "consumer of %s", q)
					assert.Equal(t, idOf(queues.Type, q), c.Inputs["queueId"], "consumer of %s", q)
					if row.deadLetter != "" {
						assert.Equal(t, name(row.deadLetter), c.Inputs["deadLetterQueue"], "dead letters of %s", q)
					} else {
						assert.NotContains(t, c.Inputs, "deadLetterQueue")
					}
				}
				if len(row.crons) > 0 {
					cron := resource(t, p, workers.CronType, row.worker)
					assert.Equal(t, name(row.worker), cron.Inputs["scriptName"])
					assert.Equal(t, toAny(row.crons), cron.Inputs["schedules"])
				}
			}
		})
	}
}

func asTargets(names []string) []bound {
	out := make([]bound, len(names))
	for i, n := range names {
		out[i] = bound{name: n}
	}
	return out
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func TestDataResourcesNamedPerStack(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			p := runStack(t, stack)
			for _, typ := range []string{databases.Type, storage.BucketType, queues.Type, companion.VectorizeIndexType} {
				for _, r := range resources(p, typ) {
					assert.Equal(t, stackName(stack, r.Name), r.Inputs["name"], "%s %s", typ, r.Name)
					assert.Equal(t, config.OfflineAccountID, r.Inputs["accountId"], "the offline plan's account")
				}
			}
			ev := resource(t, p, companion.R2EventNotificationType, estate.ContentEventsBucket+"-to-content-events")
			assert.Equal(t, stackName(stack, estate.ContentEventsBucket), ev.Inputs["bucketName"])
			assert.Equal(t, resource(t, p, queues.Type, "content-events").ID, ev.Inputs["queueId"])
			idx := resource(t, p, companion.VectorizeIndexType, "dome-notes")
			assert.Equal(t, 768.0, idx.Inputs["dimensions"])
			assert.Equal(t, "cosine", idx.Inputs["metric"])
		})
	}
}

func TestProdProtectsEverythingAndRetainsData(t *testing.T) {
	stateful := map[string]bool{databases.Type: true, storage.BucketType: true, companion.VectorizeIndexType: true}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			_, mocks, err := plan.RunStack(projectDir(t), stack, Run)
			require.NoError(t, err)
			regs := mocks.Registrations()
			require.Len(t, regs, 24)
			retained := 0
			for _, r := range regs {
				assert.Equal(t, stack == "prod", r.Protect, "%s %s protect", r.Type, r.Name)
				assert.Equal(t, stack == "prod" && stateful[r.Type], r.RetainOnDelete, "%s %s retainOnDelete", r.Type, r.Name)
				if r.RetainOnDelete {
					retained++
				}
			}
			if stack == "prod" {
				assert.Equal(t, 5, retained, "2 D1, 2 R2, 1 Vectorize")
			}
		})
	}
}

func TestGoldenPlans(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			got, err := runStack(t, stack).JSON()
			require.NoError(t, err)
			path := filepath.Join("testdata", "plan-"+stack+".json")
			if *update {
				require.NoError(t, os.WriteFile(path, got, 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run `go test ./internal/program -update` to create it")
			assert.Equal(t, string(want), string(got), "the %s plan changed: read the diff, then `go test ./internal/program -update`", stack)
		})
	}
}

// devValues is the dev stack's real config, for cases to break.
func devValues(t *testing.T) config.Values {
	v, err := config.ReadStack(projectDir(t), "dev")
	require.NoError(t, err)
	return v
}

func TestBadInputFailsBeforeAnyRegistration(t *testing.T) {
	tests := []struct {
		name     string
		stack    string
		values   func(v config.Values)
		estate   func(e *estate.Estate)
		wantText []string
	}{
		{name: "malformed account", values: func(v config.Values) { v[config.KeyAccountID] = config.Value{Value: "abc"} },
			wantText: []string{`config "dome-infra:accountId"`, `got "abc"`}},
		{name: "unknown environment", stack: "qa",
			wantText: []string{`config "dome-infra:environment": unknown environment "qa"`}},
		{name: "name over a limit", values: func(v config.Values) {
			v[config.KeyNameSuffix] = config.Value{Value: "-" + strings.Repeat("a", 30)}
		}, wantText: []string{"[name-limits]", `config "dome-infra:nameSuffix"`, `Vectorize index "dome-notes"`}},
		{name: "invalid cron", estate: func(e *estate.Estate) { e.Workers[4].Crons = []string{"every 5 minutes"} },
			wantText: []string{"[cron]", `worker "dome-cron"`, `"every 5 minutes"`}},
		{name: "binding to a missing resource", estate: func(e *estate.Estate) { e.Workers[1].Bindings[1].Target = "silo-bodies" },
			wantText: []string{"[binding-targets]", `worker "silo" binding BUCKET`, `R2 bucket "silo-bodies"`}},
		{name: "two bindings with one name", estate: func(e *estate.Estate) {
			e.Workers[0].Bindings = append(e.Workers[0].Bindings, estate.Binding{Name: "AI", Kind: estate.PlainText, Text: "x"})
		}, wantText: []string{"[binding-names]", `worker "dome-api": has two bindings named AI`}},
		{name: "two consumers on one queue", estate: func(e *estate.Estate) {
			e.Workers[4].Consumes = append(e.Workers[4].Consumes, estate.Consumer{Queue: "dome-events"})
		}, wantText: []string{"[one-consumer-per-queue]", `queue "dome-events": is consumed by dome-cron and dome-notify`}},
		{name: "plain-text token", values: func(v config.Values) { v[config.KeyAPIToken] = config.Value{Value: "tok-123456"} },
			wantText: []string{`config "cloudflare:apiToken": is set in plain text`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, "dome-cron", estate.Dome().Workers[4].Name, "fixtures index workers by position")
			v := devValues(t)
			if tt.values != nil {
				tt.values(v)
			}
			e := estate.Dome()
			if tt.estate != nil {
				tt.estate(&e)
			}
			stack := tt.stack
			if stack == "" {
				stack = "dev"
			}
			_, mocks, err := plan.Run(stack, v, func(ctx *pulumi.Context) error {
				_, err := Build(ctx, e)
				return err
			})
			require.Error(t, err)
			for _, want := range tt.wantText {
				assert.Contains(t, err.Error(), want)
			}
			assert.NotContains(t, err.Error(), "tok-123456", "a secret never appears in an error")
			assert.Empty(t, mocks.Registrations(), "nothing is registered when input is bad")
		})
	}
}

func TestMissingBundleNamesPathAndKey(t *testing.T) {
	v := devValues(t)
	v[config.KeyWorkerBundles] = config.Value{Value: `{"dome-api":"placeholder","silo":"dist/silo.js","constellation":"placeholder","ai-processor":"placeholder","dome-cron":"placeholder","dome-notify":"placeholder"}`}
	dir := t.TempDir()
	_, _, err := plan.Run("dev", v, Run, plan.WithRoot(dir))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `config "dome-infra:workerBundles"`)
	assert.Contains(t, err.Error(), filepath.Join(dir, "dist", "silo.js"))

	require.NoError(t, os.MkdirAll(filepath.Join(dir, "dist"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "dist", "silo.js"), []byte("export default { fetch() { return new Response('silo') } }"), 0o644))
	p, _, err := plan.Run("dev", v, Run, plan.WithRoot(dir))
	require.NoError(t, err)
	silo := resource(t, p, companion.WorkerScriptType, "silo")
	assert.Contains(t, silo.Inputs["content"], "new Response('silo')")
}

func TestTokenFromConfigReachesTheCompanionAsASecret(t *testing.T) {
	v := devValues(t)
	v[config.KeyAPIToken] = config.Value{Value: "cf-token-do-not-print", Secret: true}
	p, mocks, err := plan.Run("dev", v, Run)
	require.NoError(t, err)

	prov := resource(t, p, companion.ProviderType, "dome-cloudflare")
	assert.Equal(t, plan.Secret, prov.Inputs["apiToken"])
	out, err := p.JSON()
	require.NoError(t, err)
	assert.NotContains(t, string(out), "cf-token-do-not-print")

	companionTypes := map[string]bool{companion.WorkerScriptType: true, companion.QueueConsumerType: true,
		companion.VectorizeIndexType: true, companion.R2EventNotificationType: true}
	for _, r := range mocks.Registrations() {
		if companionTypes[r.Type] {
			assert.Equal(t, "dome-cloudflare", r.Provider, "%s %s uses the provider with the stack's token", r.Type, r.Name)
		}
	}
}

func TestSecretAndPlainBindings(t *testing.T) {
	withBindings := func(e *estate.Estate) {
		require.Equal(t, "dome-notify", e.Workers[5].Name)
		e.Workers[5].Bindings = append(e.Workers[5].Bindings,
			estate.Binding{Name: "SMTP_PASSWORD", Kind: estate.SecretText, Target: "dome-infra:smtpPassword"},
			estate.Binding{Name: "FROM_ADDRESS", Kind: estate.PlainText, Text: "dome@example.com"},
			estate.Binding{Name: "CACHE", Kind: estate.KVNamespace, Target: "0f1e2d3c4b5a69788796a5b4c3d2e1f0"},
			estate.Binding{Name: "METRICS", Kind: estate.AnalyticsEngine, Target: "dome_metrics"},
		)
	}
	run := func(v config.Values) (*plan.Plan, error) {
		e := estate.Dome()
		withBindings(&e)
		p, _, err := plan.Run("dev", v, func(ctx *pulumi.Context) error {
			_, err := Build(ctx, e)
			return err
		})
		return p, err
	}

	v := devValues(t)
	_, err := run(v)
	require.Error(t, err, "the secret is not set")
	assert.Contains(t, err.Error(), `worker "dome-notify" binding SMTP_PASSWORD: secret config "dome-infra:smtpPassword" is not set`)

	v["dome-infra:smtpPassword"] = config.Value{Value: "hunter2-smtp", Secret: true}
	p, err := run(v)
	require.NoError(t, err)
	w := resource(t, p, companion.WorkerScriptType, "dome-notify")
	// The value is secret; the binding's name is not, as in the engine's
	// preview, where the guard names the secret a change adds or removes.
	assert.Equal(t, []map[string]any{{"name": "SMTP_PASSWORD", "text": plan.Secret}}, list(w, "secretTextBindings"))
	assert.Equal(t, []map[string]any{{"name": "FROM_ADDRESS", "text": "dome@example.com"}}, list(w, "plainTextBindings"))
	assert.Equal(t, []map[string]any{{"name": "CACHE", "namespaceId": "0f1e2d3c4b5a69788796a5b4c3d2e1f0"}}, list(w, "kvNamespaceBindings"))
	assert.Equal(t, []map[string]any{{"name": "METRICS", "dataset": "dome_metrics"}}, list(w, "analyticsEngineBindings"))
	out, err := p.JSON()
	require.NoError(t, err)
	assert.NotContains(t, string(out), "hunter2-smtp", "a secret binding's value never reaches the plan")
}
