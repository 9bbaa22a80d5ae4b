package wrangler

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/naming"
)

const projectDir = "../.."

// stackConfig is the repository's own config of the stack.
func stackConfig(t *testing.T, stack string) config.Config {
	t.Helper()
	_, c, err := config.LoadStackMode(projectDir, stack, config.Offline)
	require.NoError(t, err)
	return c
}

const (
	siloDevID     = "5c1f0e4e-0000-4000-8000-00000000d1d1"
	domeMetaDevID = "5c1f0e4e-0000-4000-8000-00000000d1d2"
)

// devOutputs is what `pulumi stack output --json` of dev would print.
const devOutputs = `{
  "environment": "dev",
  "d1Databases": {
    "silo": {"name": "silo-dev", "id": "` + siloDevID + `"},
    "dome-meta": {"name": "dome-meta-dev", "id": "` + domeMetaDevID + `"}
  },
  "queues": {
    "dome-events": {"name": "dome-events-dev", "id": "0f0e0d0c0b0a09080706050403020100"}
  },
  "r2Buckets": {"silo-content": "silo-content-dev"},
  "workers": {"silo": "silo-dev"}
}`

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(body), 0o644))
	return path
}

func build(t *testing.T, s Stack) map[string]Worker {
	t.Helper()
	ws, err := Build(s)
	require.NoError(t, err)
	out := map[string]Worker{}
	for _, w := range ws {
		out[w.Logical] = w
	}
	return out
}

func TestDevConfigFromOutputs(t *testing.T) {
	outputs, err := ReadOutputs(writeFile(t, "outputs.json", devOutputs))
	require.NoError(t, err)
	ws := build(t, Stack{Estate: estate.Dome(), Config: stackConfig(t, "dev"), Outputs: outputs, ProjectDir: projectDir, OutDir: "out"})
	require.Len(t, ws, len(estate.Dome().Workers))

	silo := ws["silo"]
	assert.Equal(t, "silo-dev", silo.Config.Name)
	assert.Equal(t, filepath.Join("out", "silo"), silo.Dir)
	assert.Equal(t, []D1Database{{Binding: "DB", DatabaseName: "silo-dev", DatabaseID: siloDevID}}, silo.Config.D1Databases)
	assert.Contains(t, silo.Config.R2Buckets, R2Bucket{Binding: "BUCKET", BucketName: "silo-content-dev"})
	assert.Empty(t, silo.Config.AccountID, "no account_id for the offline stand-in")
	assert.Equal(t, "2025-09-01", silo.Config.CompatibilityDate)
	assert.Equal(t, PlaceholderMain("dev", "silo"), silo.Config.Main, "dev deploys the placeholder")

	assert.Equal(t, []D1Database{{Binding: "D1_DATABASE", DatabaseName: "dome-meta-dev", DatabaseID: domeMetaDevID}}, ws["dome-cron"].Config.D1Databases)
	assert.Equal(t, &Triggers{Crons: []string{"*/5 * * * *"}}, ws["dome-cron"].Config.Triggers)
	assert.Nil(t, ws["silo"].Config.Triggers)

	constellation := ws["constellation"].Config
	assert.Equal(t, &AI{Binding: "AI"}, constellation.AI)
	assert.Equal(t, []VectorizeIndex{{Binding: "VECTORIZE", IndexName: "dome-notes-dev"}}, constellation.Vectorize)
	assert.Equal(t, []Service{{Binding: "SILO", Service: "silo-dev"}}, constellation.Services)
	for _, w := range ws {
		for _, n := range w.Notes {
			assert.NotContains(t, n, "D1", "every D1 ID came from the outputs")
		}
	}
}

// TestQueuesMatchTheEstate derives the expectations from the model, so a
// queue wired later is covered too.
func TestQueuesMatchTheEstate(t *testing.T) {
	e := estate.Dome()
	names, err := naming.New("-dev")
	require.NoError(t, err)
	ws := build(t, Stack{Estate: e, Config: stackConfig(t, "dev"), ProjectDir: projectDir, OutDir: "out"})
	for _, w := range e.Workers {
		t.Run(w.Name, func(t *testing.T) {
			var want Queues
			for _, b := range w.BindingsOf(estate.QueueProducer) {
				want.Producers = append(want.Producers, Producer{Binding: b.Name, Queue: names.Queue(b.Target)})
			}
			for _, c := range w.Consumes {
				wc := Consumer{Queue: names.Queue(c.Queue)}
				if c.DeadLetterQueue != "" {
					wc.DeadLetterQueue = names.Queue(c.DeadLetterQueue)
				}
				want.Consumers = append(want.Consumers, wc)
			}
			got := ws[w.Name].Config.Queues
			if len(want.Producers) == 0 && len(want.Consumers) == 0 {
				assert.Nil(t, got)
				return
			}
			require.NotNil(t, got)
			assert.Equal(t, want, *got)
		})
	}
	assert.Equal(t, []Consumer{{Queue: "new-content-constellation-dev", DeadLetterQueue: "embed-dead-letter-dev"}},
		ws["constellation"].Config.Queues.Consumers)
	assert.Equal(t, []Consumer{{Queue: "dome-events-dev"}}, ws["dome-notify"].Config.Queues.Consumers)
}

func TestDatabaseIDSources(t *testing.T) {
	fromOutputs := Outputs{D1Databases: map[string]Resource{"silo": {Name: "silo", ID: siloDevID}}}
	tests := []struct {
		name      string
		stack     string
		outputs   Outputs
		want      string
		wantNoted bool
	}{
		{name: "outputs win", stack: "prod", outputs: fromOutputs, want: siloDevID},
		{name: "prod's config IDs", stack: "prod", want: "baf652ea-e575-4019-b95c-c9d44d02c1aa"},
		{name: "placeholder", stack: "dev", want: "<d1 id of silo-dev: run make wrangler-config with -outputs>", wantNoted: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			silo := build(t, Stack{Estate: estate.Dome(), Config: stackConfig(t, tt.stack), Outputs: tt.outputs, ProjectDir: projectDir})["silo"]
			require.Len(t, silo.Config.D1Databases, 1)
			assert.Equal(t, tt.want, silo.Config.D1Databases[0].DatabaseID)
			noted := slices.Contains(silo.Notes, "binding DB: the ID of D1 database silo-dev is unknown; pass -outputs (`pulumi stack output --json`) after `pulumi up`")
			assert.Equal(t, tt.wantNoted, noted, silo.Notes)
		})
	}
}

func TestOutputsOfAnotherStackAreRefused(t *testing.T) {
	tests := []struct {
		name    string
		outputs Outputs
		want    string
	}{
		{name: "prod's environment", outputs: Outputs{Environment: "prod"}, want: "outputs are of a prod stack, not of dev"},
		{name: "prod's names", outputs: Outputs{D1Databases: map[string]Resource{"silo": {Name: "silo", ID: siloDevID}}},
			want: `D1 database "silo" is named "silo", but stack dev names it "silo-dev"`},
		{name: "another suffix", outputs: Outputs{Environment: "dev", Queues: map[string]Resource{"dome-events": {Name: "dome-events-pr-42"}}},
			want: `queue "dome-events" is named "dome-events-pr-42"`},
		{name: "unknown database", outputs: Outputs{D1Databases: map[string]Resource{"dome-metadata": {Name: "dome-metadata-dev"}}},
			want: `D1 database "dome-metadata", which the estate does not have`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(Stack{Estate: estate.Dome(), Config: stackConfig(t, "dev"), Outputs: tt.outputs, ProjectDir: projectDir})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestReadOutputsErrors(t *testing.T) {
	_, err := ReadOutputs(filepath.Join(t.TempDir(), "missing.json"))
	require.Error(t, err)
	_, err = ReadOutputs(writeFile(t, "outputs.json", "Current stack outputs (5):"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "pulumi stack output --json")
}

// custom is a one-worker estate with every binding kind and consumer setting.
func custom() estate.Estate {
	return estate.Estate{
		Workers: []estate.Worker{{
			Name: "edge",
			Bindings: []estate.Binding{
				{Name: "GREETING", Kind: estate.PlainText, Text: "hello"},
				{Name: "SLACK_TOKEN", Kind: estate.SecretText, Target: "dome-infra:slackToken"},
				{Name: "CACHE", Kind: estate.KVNamespace, Target: "0f2a9c"},
				{Name: "HITS", Kind: estate.AnalyticsEngine, Target: "edge_hits"},
			},
			Consumes: []estate.Consumer{{Queue: "jobs", DeadLetterQueue: "jobs-dead", BatchSize: 25, MaxWaitTimeMs: 2500,
				MaxRetries: 5, RetryDelay: 30, MaxConcurrency: 4}},
		}},
		Queues: []estate.Queue{{Name: "jobs"}, {Name: "jobs-dead", DeadLetter: true}},
	}
}

func customConfig() config.Config {
	return config.Config{
		Stack: "staging", Environment: config.Staging, NameSuffix: "-staging", AccountID: "0123456789abcdef0123456789abcdef",
		CompatibilityDate: "2025-09-01", Observability: config.Observability{Enabled: false, HeadSamplingRate: 0.25},
		WorkerBundles: map[string]string{"edge": "dist/edge.js"},
	}
}

func TestEveryBindingKindAndSetting(t *testing.T) {
	edge := build(t, Stack{Estate: custom(), Config: customConfig(), ProjectDir: "/repo", OutDir: "/repo/build/wrangler/staging"})["edge"]
	c := edge.Config
	assert.Equal(t, "../../../../dist/edge.js", c.Main, "wrangler reads main relative to the configuration file")
	assert.Equal(t, Observability{Enabled: false, HeadSamplingRate: 0.25}, c.Observability, "observability comes from config")
	assert.Equal(t, map[string]any{"GREETING": "hello"}, c.Vars)
	assert.Equal(t, []KVNamespace{{Binding: "CACHE", ID: "0f2a9c"}}, c.KVNamespaces)
	assert.Equal(t, []AnalyticsEngineDataset{{Binding: "HITS", Dataset: "edge_hits"}}, c.AnalyticsEngineDatasets)
	assert.Equal(t, &Secrets{Required: []string{"SLACK_TOKEN"}}, c.Secrets)
	require.NotNil(t, c.Queues)
	assert.Equal(t, []Consumer{{Queue: "jobs-staging", DeadLetterQueue: "jobs-dead-staging", MaxBatchSize: 25, MaxBatchTimeout: 2.5,
		MaxRetries: 5, RetryDelay: 30, MaxConcurrency: 4}}, c.Queues.Consumers)
	assert.Contains(t, edge.Notes, "secret SLACK_TOKEN: `pulumi up` sets it from stack config \"dome-infra:slackToken\"; for `wrangler dev` put it in "+
		"/repo/build/wrangler/staging/edge/.dev.vars, or set it with `wrangler secret put SLACK_TOKEN --config /repo/build/wrangler/staging/edge/wrangler.json`")
}

// TestJSONUsesWranglersKeys pins the file's shape to wrangler's documented
// configuration keys.
func TestJSONUsesWranglersKeys(t *testing.T) {
	e := custom()
	e.Workers[0].Bindings = append(e.Workers[0].Bindings,
		estate.Binding{Name: "AI", Kind: estate.AI},
		estate.Binding{Name: "DB", Kind: estate.D1, Target: "meta"},
		estate.Binding{Name: "BUCKET", Kind: estate.R2, Target: "files"},
		estate.Binding{Name: "INDEX", Kind: estate.Vectorize, Target: "notes"},
		estate.Binding{Name: "JOBS", Kind: estate.QueueProducer, Target: "jobs"},
		estate.Binding{Name: "API", Kind: estate.Service, Target: "api"},
	)
	e.Workers[0].Crons = []string{"0 * * * *"}
	edge := build(t, Stack{Estate: e, Config: customConfig(), ProjectDir: "/repo", OutDir: "/out"})["edge"]
	data, err := edge.Config.JSON()
	require.NoError(t, err)

	var doc map[string]any
	require.NoError(t, json.Unmarshal(data, &doc))
	keys := func(m map[string]any) []string { return config.SortedKeys(m) }
	assert.Equal(t, []string{"account_id", "ai", "analytics_engine_datasets", "compatibility_date", "d1_databases", "kv_namespaces",
		"main", "name", "observability", "queues", "r2_buckets", "secrets", "services", "triggers", "vars", "vectorize", "workers_dev"}, keys(doc))
	object := func(v any) map[string]any { return v.(map[string]any) }
	first := func(v any) map[string]any { return v.([]any)[0].(map[string]any) }
	assert.Equal(t, []string{"enabled", "head_sampling_rate"}, keys(object(doc["observability"])), "false and 0.25 are written, not omitted")
	assert.Equal(t, []string{"binding", "database_id", "database_name"}, keys(first(doc["d1_databases"])))
	assert.Equal(t, []string{"binding", "bucket_name"}, keys(first(doc["r2_buckets"])))
	assert.Equal(t, []string{"binding", "index_name"}, keys(first(doc["vectorize"])))
	assert.Equal(t, []string{"binding", "service"}, keys(first(doc["services"])))
	assert.Equal(t, []string{"binding", "id"}, keys(first(doc["kv_namespaces"])))
	assert.Equal(t, []string{"binding", "dataset"}, keys(first(doc["analytics_engine_datasets"])))
	queues := object(doc["queues"])
	assert.Equal(t, []string{"binding", "queue"}, keys(first(queues["producers"])))
	assert.Equal(t, []string{"dead_letter_queue", "max_batch_size", "max_batch_timeout", "max_concurrency", "max_retries", "queue", "retry_delay"},
		keys(first(queues["consumers"])))
	assert.Equal(t, []string{"crons"}, keys(object(doc["triggers"])))
	assert.Equal(t, []string{"required"}, keys(object(doc["secrets"])))
	assert.NotContains(t, string(data), "dome-infra:slackToken", "a secret's config key is no part of the file")
	assert.Contains(t, string(data), `"database_id": "<d1 id of meta-staging: run make wrangler-config with -outputs>"`, "no HTML escapes")
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name   string
		breaks func(e *estate.Estate, c *config.Config)
		want   string
	}{
		{name: "override of an unknown worker", breaks: func(e *estate.Estate, c *config.Config) {
			c.Overrides.Workers = map[string]config.WorkerOverride{"edge-v2": {}}
		}, want: `config "dome-infra:workers.edge-v2": "edge-v2" is not a worker of the estate`},
		{name: "two AI bindings", breaks: func(e *estate.Estate, c *config.Config) {
			e.Workers[0].Bindings = append(e.Workers[0].Bindings, estate.Binding{Name: "AI", Kind: estate.AI}, estate.Binding{Name: "AI2", Kind: estate.AI})
		}, want: "wrangler allows one Workers AI binding"},
		{name: "unknown kind", breaks: func(e *estate.Estate, c *config.Config) {
			e.Workers[0].Bindings = append(e.Workers[0].Bindings, estate.Binding{Name: "DO", Kind: "durable_object"})
		}, want: `binding DO: unknown kind "durable_object"`},
		{name: "bad suffix", breaks: func(e *estate.Estate, c *config.Config) { c.NameSuffix = "staging" }, want: "name suffix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, c := custom(), customConfig()
			tt.breaks(&e, &c)
			_, err := Build(Stack{Estate: e, Config: c, ProjectDir: "/repo", OutDir: "/out"})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestWrite(t *testing.T) {
	out := t.TempDir()
	edge := build(t, Stack{Estate: custom(), Config: customConfig(), ProjectDir: "/repo", OutDir: out})["edge"]
	path, err := edge.Write()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(out, "edge", FileName), path)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var back Config
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, edge.Config, back)
}

// The generated configuration carries the stack's per-worker settings, so a
// `wrangler deploy` by the application's pipeline agrees with `pulumi up`: in
// particular workers_dev is always written, since wrangler turns workers.dev
// on when the key is missing.
func TestPerWorkerSettings(t *testing.T) {
	c := stackConfig(t, "prod")
	c.Overrides.Workers = map[string]config.WorkerOverride{"silo": {
		CompatibilityDate:  "2024-11-11",
		CompatibilityFlags: &[]string{"nodejs_compat"},
		Vars:               map[string]json.RawMessage{"LOG_LEVEL": json.RawMessage(`"info"`), "LIMITS": json.RawMessage(`{"max":3}`)},
		ExternalSecrets:    []string{"STRIPE_KEY"},
	}}
	ws := build(t, Stack{Estate: estate.Dome(), Config: c, ProjectDir: projectDir, OutDir: "out"})
	silo := ws["silo"].Config
	assert.Equal(t, "2024-11-11", silo.CompatibilityDate)
	assert.Equal(t, []string{"nodejs_compat"}, silo.CompatibilityFlags)
	assert.False(t, silo.WorkersDev, "an internal service stays off workers.dev")
	assert.True(t, ws["dome-api"].Config.WorkersDev, "the public API is on workers.dev")
	assert.Equal(t, ExternalMain("silo"), silo.Main, "prod's code is external")
	assert.Equal(t, "info", silo.Vars["LOG_LEVEL"])
	assert.JSONEq(t, `{"max":3}`, string(silo.Vars["LIMITS"].(json.RawMessage)))
	require.NotNil(t, silo.Secrets)
	assert.Contains(t, silo.Secrets.Required, "STRIPE_KEY")
	assert.Equal(t, "2025-09-01", ws["dome-api"].Config.CompatibilityDate, "the others keep the stack's date")

	data, err := json.Marshal(silo)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"workers_dev":false`)
}
