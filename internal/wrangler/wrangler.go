// Package wrangler derives each worker's wrangler configuration
// (wrangler.json) for one stack from the estate, the stack's names and its
// config, so the application's developers run `wrangler dev`, `wrangler
// types`, `wrangler tail` or `wrangler d1 migrations apply` against exactly
// the resources Pulumi manages, with nothing copied by hand.
//
// Pulumi owns the deployed scripts, bindings, queue consumers and cron
// triggers, and deploys them with `pulumi up`; a `wrangler deploy` from these
// files would change them behind Pulumi's back, as drift that the next
// `pulumi refresh` finds.
package wrangler

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/naming"
)

// FileName is the name of each worker's configuration file.
const FileName = "wrangler.json"

// PlaceholderMain is `main` for a worker whose stack deploys the
// repository's placeholder module: there is no application code to point at
// yet, so `wrangler dev` and `wrangler deploy` stop on it, saying why, while
// commands that need only the name and bindings (`wrangler d1 ...`,
// `wrangler tail`) work.
// The module itself stays in internal/workers, which Pulumi deploys from.
func PlaceholderMain(stack, worker string) string {
	return fmt.Sprintf("<placeholder: no bundle yet; set %s.%s in Pulumi.%s.yaml>", config.KeyWorkerBundles, worker, stack)
}

// ExternalMain is `main` for a worker whose code the application's pipeline
// builds: it passes its entry point to `wrangler deploy <entry> --config …`,
// which takes precedence over `main`.
func ExternalMain(worker string) string {
	return fmt.Sprintf("<external: the application's build gives the entry point of %s to wrangler deploy>", worker)
}

// Config is one worker's wrangler.json, with wrangler's own keys
// (https://developers.cloudflare.com/workers/wrangler/configuration/).
type Config struct {
	Name               string   `json:"name"`
	Main               string   `json:"main"`
	AccountID          string   `json:"account_id,omitempty"`
	CompatibilityDate  string   `json:"compatibility_date"`
	CompatibilityFlags []string `json:"compatibility_flags,omitempty"`
	// WorkersDev is always written: wrangler turns workers.dev ON when the
	// key is missing (workers-sdk, packages/wrangler/src/triggers/deploy.ts),
	// which would make an internal service public on every deploy.
	WorkersDev    bool             `json:"workers_dev"`
	Observability Observability    `json:"observability"`
	AI            *AI              `json:"ai,omitempty"`
	D1Databases   []D1Database     `json:"d1_databases,omitempty"`
	R2Buckets     []R2Bucket       `json:"r2_buckets,omitempty"`
	Vectorize     []VectorizeIndex `json:"vectorize,omitempty"`
	Queues        *Queues          `json:"queues,omitempty"`
	Services      []Service        `json:"services,omitempty"`
	// Vars are plain_text (a string) and json (any other JSON) bindings.
	Vars                    map[string]any           `json:"vars,omitempty"`
	KVNamespaces            []KVNamespace            `json:"kv_namespaces,omitempty"`
	AnalyticsEngineDatasets []AnalyticsEngineDataset `json:"analytics_engine_datasets,omitempty"`
	Triggers                *Triggers                `json:"triggers,omitempty"`
	// Secrets names, never holds, the secret_text bindings: wrangler
	// (since March 2026) checks on deploy that they are set on the worker and
	// loads only these from .dev.vars in `wrangler dev`.
	Secrets *Secrets `json:"secrets,omitempty"`
}

type Observability struct {
	Enabled          bool    `json:"enabled"`
	HeadSamplingRate float64 `json:"head_sampling_rate"`
}

type AI struct {
	Binding string `json:"binding"`
}

type D1Database struct {
	Binding      string `json:"binding"`
	DatabaseName string `json:"database_name"`
	DatabaseID   string `json:"database_id"`
}

type R2Bucket struct {
	Binding    string `json:"binding"`
	BucketName string `json:"bucket_name"`
}

type VectorizeIndex struct {
	Binding   string `json:"binding"`
	IndexName string `json:"index_name"`
}

type Queues struct {
	Producers []Producer `json:"producers,omitempty"`
	Consumers []Consumer `json:"consumers,omitempty"`
}

type Producer struct {
	Binding string `json:"binding"`
	Queue   string `json:"queue"`
}

// Consumer settings left at zero are omitted, so Cloudflare's defaults
// apply, as they do for the consumers Pulumi creates.
type Consumer struct {
	Queue        string `json:"queue"`
	MaxBatchSize int    `json:"max_batch_size,omitempty"`
	// MaxBatchTimeout is in seconds (the estate says milliseconds).
	MaxBatchTimeout float64 `json:"max_batch_timeout,omitempty"`
	MaxRetries      int     `json:"max_retries,omitempty"`
	DeadLetterQueue string  `json:"dead_letter_queue,omitempty"`
	RetryDelay      int     `json:"retry_delay,omitempty"`
	MaxConcurrency  int     `json:"max_concurrency,omitempty"`
}

type Service struct {
	Binding string `json:"binding"`
	Service string `json:"service"`
}

type KVNamespace struct {
	Binding string `json:"binding"`
	ID      string `json:"id"`
}

type AnalyticsEngineDataset struct {
	Binding string `json:"binding"`
	Dataset string `json:"dataset"`
}

type Triggers struct {
	Crons []string `json:"crons"`
}

type Secrets struct {
	Required []string `json:"required"`
}

// Stack is what one stack's configurations are derived from.
type Stack struct {
	Estate estate.Estate
	Config config.Config
	// Outputs are the stack's `pulumi stack output --json`, for the IDs only
	// a deployment knows; zero when there are none yet.
	Outputs Outputs
	// ProjectDir is where Pulumi.yaml is (bundle paths are relative to it);
	// OutDir is where each worker's directory is written. Both are needed
	// because wrangler reads `main` relative to the configuration file.
	ProjectDir, OutDir string
}

// Worker is one worker's generated configuration and what goes with it.
type Worker struct {
	Logical string
	// Dir is where its files go: OutDir/<logical name>.
	Dir    string
	Config Config
	// Notes are what a person must know or do: IDs still unknown, secrets
	// to set. They never hold a secret's value.
	Notes []string
}

// Build derives every worker's configuration, sorted by worker name, from
// the stack's estate (s.Estate with s.Config's settings applied).
func Build(s Stack) ([]Worker, error) {
	names, err := naming.New(s.Config.NameSuffix)
	if err != nil {
		return nil, err
	}
	if s.Estate, err = s.Config.Apply(s.Estate); err != nil {
		return nil, err
	}
	if err := s.Outputs.check(s.Estate, s.Config, names); err != nil {
		return nil, err
	}
	var out []Worker
	for _, w := range s.Estate.Workers {
		built, err := s.worker(w, names)
		if err != nil {
			return nil, fmt.Errorf("worker %q: %w", w.Name, err)
		}
		out = append(out, built)
	}
	slices.SortFunc(out, func(a, b Worker) int { return strings.Compare(a.Logical, b.Logical) })
	return out, nil
}

func (s Stack) worker(w estate.Worker, names naming.Namer) (Worker, error) {
	out := Worker{Logical: w.Name, Dir: filepath.Join(s.OutDir, w.Name)}
	c := Config{
		Name:               names.Worker(w.Name),
		AccountID:          s.Config.AccountID,
		CompatibilityDate:  w.CompatibilityDate,
		CompatibilityFlags: w.CompatibilityFlags,
		WorkersDev:         w.Public,
		Observability: Observability{
			Enabled:          w.Observability.Enabled,
			HeadSamplingRate: w.Observability.HeadSamplingRate,
		},
	}
	note := func(format string, args ...any) { out.Notes = append(out.Notes, fmt.Sprintf(format, args...)) }
	if s.Config.AccountSource == config.AccountFromOffline {
		c.AccountID = "" // the offline stand-in is nobody's account
		note("no account_id: the stack gives no account; set %s, or export %s for wrangler", config.KeyAccountID, config.EnvAccountID)
	}

	switch bundle := s.Config.CodeOf(w.Name); bundle {
	case config.External:
		c.Main = ExternalMain(w.Name)
		note("the code is external: deploy it with `wrangler deploy <entry point> --config %s`", filepath.Join(out.Dir, FileName))
	case config.Placeholder:
		c.Main = PlaceholderMain(s.Config.Stack, w.Name)
		note("main is a placeholder: the stack deploys the 503 placeholder module until %s.%s names the built module", config.KeyWorkerBundles, w.Name)
	default:
		main, err := relativeMain(s.ProjectDir, out.Dir, bundle)
		if err != nil {
			return Worker{}, err
		}
		c.Main = main
	}

	var queues Queues
	for _, b := range w.Bindings {
		switch b.Kind {
		case estate.AI:
			if c.AI != nil {
				return Worker{}, fmt.Errorf("bindings %s and %s: wrangler allows one Workers AI binding", c.AI.Binding, b.Name)
			}
			c.AI = &AI{Binding: b.Name}
		case estate.D1:
			name := names.Database(b.Target)
			id, known := s.databaseID(b.Target, name)
			if !known {
				note("binding %s: the ID of D1 database %s is unknown; pass -outputs (`pulumi stack output --json`) after `pulumi up`", b.Name, name)
			}
			c.D1Databases = append(c.D1Databases, D1Database{Binding: b.Name, DatabaseName: name, DatabaseID: id})
		case estate.R2:
			c.R2Buckets = append(c.R2Buckets, R2Bucket{Binding: b.Name, BucketName: names.Bucket(b.Target)})
		case estate.Vectorize:
			c.Vectorize = append(c.Vectorize, VectorizeIndex{Binding: b.Name, IndexName: names.Index(b.Target)})
		case estate.QueueProducer:
			queues.Producers = append(queues.Producers, Producer{Binding: b.Name, Queue: names.Queue(b.Target)})
		case estate.Service:
			c.Services = append(c.Services, Service{Binding: b.Name, Service: names.Worker(b.Target)})
		case estate.PlainText, estate.JSON:
			if c.Vars == nil {
				c.Vars = map[string]any{}
			}
			c.Vars[b.Name] = b.Text
			if b.Kind == estate.JSON {
				c.Vars[b.Name] = json.RawMessage(b.Text)
			}
		case estate.SecretText:
			if c.Secrets == nil {
				c.Secrets = &Secrets{}
			}
			c.Secrets.Required = append(c.Secrets.Required, b.Name)
			note("secret %s: `pulumi up` sets it from stack config %q; for `wrangler dev` put it in %s, or set it with `wrangler secret put %s --config %s`",
				b.Name, b.Target, filepath.Join(out.Dir, ".dev.vars"), b.Name, filepath.Join(out.Dir, FileName))
		case estate.KVNamespace:
			c.KVNamespaces = append(c.KVNamespaces, KVNamespace{Binding: b.Name, ID: b.Target})
		case estate.AnalyticsEngine:
			c.AnalyticsEngineDatasets = append(c.AnalyticsEngineDatasets, AnalyticsEngineDataset{Binding: b.Name, Dataset: b.Target})
		default:
			return Worker{}, fmt.Errorf("binding %s: unknown kind %q", b.Name, b.Kind)
		}
	}
	for _, cons := range w.Consumes {
		wc := Consumer{
			Queue:           names.Queue(cons.Queue),
			MaxBatchSize:    cons.BatchSize,
			MaxBatchTimeout: float64(cons.MaxWaitTimeMs) / 1000,
			MaxRetries:      cons.MaxRetries,
			RetryDelay:      cons.RetryDelay,
			MaxConcurrency:  cons.MaxConcurrency,
		}
		if cons.DeadLetterQueue != "" {
			wc.DeadLetterQueue = names.Queue(cons.DeadLetterQueue)
		}
		queues.Consumers = append(queues.Consumers, wc)
	}
	if len(queues.Producers) > 0 || len(queues.Consumers) > 0 {
		c.Queues = &queues
	}
	if len(w.Crons) > 0 {
		c.Triggers = &Triggers{Crons: slices.Clone(w.Crons)}
	}
	if len(w.ExternalSecrets) > 0 {
		// Set outside Pulumi, but the code needs them all the same: wrangler
		// checks on deploy that they are set.
		if c.Secrets == nil {
			c.Secrets = &Secrets{}
		}
		c.Secrets.Required = append(c.Secrets.Required, w.ExternalSecrets...)
	}
	out.Config = c
	return out, nil
}

// databaseID is the D1 database's ID: from the stack's outputs, else from
// config d1DatabaseIds (production's existing databases), else a
// placeholder that says how to get it; known is false for the placeholder.
func (s Stack) databaseID(logical, name string) (id string, known bool) {
	if o, ok := s.Outputs.D1Databases[logical]; ok && o.ID != "" {
		return o.ID, true
	}
	if id := s.Config.D1DatabaseIDs[logical]; id != "" {
		return id, true
	}
	return fmt.Sprintf("<d1 id of %s: run make wrangler-config with -outputs>", name), false
}

// relativeMain is the bundle's path as wrangler reads `main`: relative to
// the directory of the configuration file.
func relativeMain(projectDir, configDir, bundle string) (string, error) {
	if filepath.IsAbs(bundle) {
		return filepath.ToSlash(bundle), nil
	}
	from, err := filepath.Abs(configDir)
	if err != nil {
		return "", err
	}
	to, err := filepath.Abs(filepath.Join(projectDir, bundle))
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(from, to)
	if err != nil {
		return "", err
	}
	return filepath.ToSlash(rel), nil
}
