package policy

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/estate"
)

func stackConfig(env config.Environment) config.Config {
	c := config.Config{
		Stack:         string(env),
		AccountID:     "0123456789abcdef0123456789abcdef",
		Environment:   env,
		Protect:       env == config.Prod,
		WorkerBundles: map[string]string{},
	}
	if env != config.Prod {
		c.NameSuffix = "-" + string(env)
	}
	if env == config.Dev {
		for _, w := range estate.Dome().Workers {
			c.WorkerBundles[w.Name] = config.Placeholder
		}
	}
	return c
}

func TestDomeKeepsEveryRule(t *testing.T) {
	for _, env := range config.Environments {
		t.Run(string(env), func(t *testing.T) {
			assert.Empty(t, Evaluate(Input{Estate: estate.Dome(), Config: stackConfig(env)}))
		})
	}
}

// worker returns a pointer to the named worker of e, for fixtures to break.
func worker(t *testing.T, e *estate.Estate, name string) *estate.Worker {
	for i := range e.Workers {
		if e.Workers[i].Name == name {
			return &e.Workers[i]
		}
	}
	require.FailNow(t, "no worker "+name)
	return nil
}

func TestBrokenFixtures(t *testing.T) {
	tests := []struct {
		name        string
		breakEstate func(t *testing.T, e *estate.Estate)
		breakConfig func(c *config.Config)
		values      config.Values
		knownKeys   []string
		wantRule    string
		wantText    string // names the offending resource or key
	}{
		{name: "binding to a missing database", wantRule: "binding-targets", wantText: `worker "dome-api" binding DOME_META: points at D1 database "dome-metadata"`,
			breakEstate: func(t *testing.T, e *estate.Estate) { worker(t, e, "dome-api").Bindings[0].Target = "dome-metadata" }},
		{name: "binding to a database as a bucket", wantRule: "binding-targets", wantText: `R2 bucket "silo"`,
			breakEstate: func(t *testing.T, e *estate.Estate) {
				w := worker(t, e, "silo")
				w.Bindings = append(w.Bindings, estate.Binding{Name: "WRONG", Kind: estate.R2, Target: "silo"})
			}},
		{name: "service binding to a missing worker", wantRule: "binding-targets", wantText: `worker "constellations"`,
			breakEstate: func(t *testing.T, e *estate.Estate) { worker(t, e, "dome-api").Bindings[1].Target = "constellations" }},
		{name: "consumer of a missing queue", wantRule: "binding-targets", wantText: `consumes queue "dome-event"`,
			breakEstate: func(t *testing.T, e *estate.Estate) { worker(t, e, "dome-notify").Consumes[0].Queue = "dome-event" }},
		{name: "two bindings with one name", wantRule: "binding-names", wantText: `worker "silo": has two bindings named DB`,
			breakEstate: func(t *testing.T, e *estate.Estate) {
				w := worker(t, e, "silo")
				w.Bindings = append(w.Bindings, estate.Binding{Name: "DB", Kind: estate.D1, Target: "dome-meta"})
			}},
		{name: "binding name not upper snake", wantRule: "binding-names", wantText: `"vectorize" is not UPPER_SNAKE`,
			breakEstate: func(t *testing.T, e *estate.Estate) { worker(t, e, "constellation").Bindings[0].Name = "vectorize" }},
		{name: "two consumers on one queue", wantRule: "one-consumer-per-queue", wantText: `queue "dome-events": is consumed by dome-cron and dome-notify`,
			breakEstate: func(t *testing.T, e *estate.Estate) {
				w := worker(t, e, "dome-cron")
				w.Consumes = append(w.Consumes, estate.Consumer{Queue: "dome-events"})
			}},
		{name: "queue without consumer", wantRule: "queue-wiring", wantText: `queue "new-content-ai": has no consumer`,
			breakEstate: func(t *testing.T, e *estate.Estate) { worker(t, e, "ai-processor").Consumes = nil }},
		{name: "queue without producer", wantRule: "queue-wiring", wantText: `queue "enriched-content": has no producer`,
			breakEstate: func(t *testing.T, e *estate.Estate) {
				w := worker(t, e, "ai-processor")
				w.Bindings = w.Bindings[:2] // drop ENRICHED_CONTENT
			}},
		{name: "dead-letter queue with a consumer", wantRule: "queue-wiring", wantText: `queue "embed-dead-letter": is a dead-letter queue but has a consumer`,
			breakEstate: func(t *testing.T, e *estate.Estate) {
				w := worker(t, e, "dome-notify")
				w.Consumes = append(w.Consumes, estate.Consumer{Queue: "embed-dead-letter"})
			}},
		{name: "dead letters to an ordinary queue", wantRule: "queue-wiring", wantText: `sends dead letters to queue "dome-events"`,
			breakEstate: func(t *testing.T, e *estate.Estate) {
				worker(t, e, "constellation").Consumes[0].DeadLetterQueue = "dome-events"
			}},
		{name: "service cycle", wantRule: "service-cycles", wantText: "form a cycle silo → dome-api → constellation → silo",
			breakEstate: func(t *testing.T, e *estate.Estate) {
				w := worker(t, e, "silo")
				w.Bindings = append(w.Bindings, estate.Binding{Name: "API", Kind: estate.Service, Target: "dome-api"})
			}},
		{name: "service binding to itself", wantRule: "binding-targets", wantText: "binds the worker to itself",
			breakEstate: func(t *testing.T, e *estate.Estate) {
				w := worker(t, e, "silo")
				w.Bindings = append(w.Bindings, estate.Binding{Name: "SELF", Kind: estate.Service, Target: "silo"})
			}},
		{name: "invalid cron", wantRule: "cron", wantText: `worker "dome-cron": cron "*/5 * * *"`,
			breakEstate: func(t *testing.T, e *estate.Estate) { worker(t, e, "dome-cron").Crons = []string{"*/5 * * *"} }},
		{name: "name over the limit", wantRule: "name-limits", wantText: `Vectorize index "dome-notes-of-everything-we-have-ever-written"`,
			breakEstate: func(t *testing.T, e *estate.Estate) {
				e.Indexes[0].Name = "dome-notes-of-everything-we-have-ever-written"
			}},
		{name: "suffix pushes names over the limit", wantRule: "name-limits",
			wantText:    `config "dome-infra:nameSuffix": "-` + strings.Repeat("x", 60) + `" is 61 characters, too long for 17 of the estate's names; this estate allows a suffix of at most 22 (Vectorize index "dome-notes", 32 characters at most)`,
			breakConfig: func(c *config.Config) { c.NameSuffix = "-" + strings.Repeat("x", 60) }},
		{name: "suffix just too long for the index", wantRule: "name-limits", wantText: `config "dome-infra:nameSuffix": "-` + strings.Repeat("x", 22) + `" is 23 characters, too long for 1 of the estate's names`,
			breakConfig: func(c *config.Config) { c.NameSuffix = "-" + strings.Repeat("x", 22) }},
		{name: "mistyped key", wantRule: "known-keys", wantText: `config "dome-infra:compatibiltyDate": is not a key of this project, so it would be ignored; did you mean "dome-infra:compatibilityDate"?`,
			knownKeys: []string{config.KeyCompatibilityDate, config.KeyAccountID},
			values:    config.Values{"dome-infra:compatibiltyDate": {Value: "2025-01-01"}}},
		{name: "mistyped key, other case", wantRule: "known-keys", wantText: `did you mean "dome-infra:nameSuffix"?`,
			knownKeys: []string{config.KeyNameSuffix, config.KeyAccountID},
			values:    config.Values{"dome-infra:namesuffix": {Value: "-dev"}}},
		{name: "unknown key, nothing near", wantRule: "known-keys", wantText: `config "dome-infra:favouriteColour": is not a key of this project, so it would be ignored; the keys are listed in Pulumi.yaml's config block`,
			knownKeys: []string{config.KeyNameSuffix},
			values:    config.Values{"dome-infra:favouriteColour": {Value: "blue"}}},
		{name: "duplicate queue", wantRule: "unique-names", wantText: `queue "dome-events": is declared more than once`,
			breakEstate: func(t *testing.T, e *estate.Estate) { e.Queues = append(e.Queues, estate.Queue{Name: "dome-events"}) }},
		{name: "placeholder in prod", wantRule: "worker-bundles",
			wantText:    `config "dome-infra:workerBundles.silo": is "placeholder", which prod may not use`,
			breakConfig: func(c *config.Config) { c.WorkerBundles["silo"] = config.Placeholder }},
		{name: "secret in plain config", wantRule: "no-plain-secrets",
			wantText: `config "dome-infra:secret-silo-API_KEY": holds secret API_KEY of worker "silo" in plain text`,
			breakEstate: func(t *testing.T, e *estate.Estate) {
				w := worker(t, e, "silo")
				w.Bindings = append(w.Bindings, estate.Binding{Name: "API_KEY", Kind: estate.SecretText, Target: "dome-infra:secret-silo-API_KEY"})
			},
			values: config.Values{"dome-infra:secret-silo-API_KEY": {Value: "hunter2"}}},
		{name: "bundle for unknown worker", wantRule: "worker-bundles", wantText: `names "silo-v2"`,
			breakConfig: func(c *config.Config) { c.WorkerBundles["silo-v2"] = "dist/silo.js" }},
		{name: "database id for unknown database", wantRule: "database-ids", wantText: `names "dome-metadata"`,
			breakConfig: func(c *config.Config) {
				c.D1DatabaseIDs = map[string]string{"dome-metadata": "ac198406-1036-495e-b0f1-b61f7c9ecbdf"}
			}},
		{name: "malformed database id", wantRule: "database-ids", wantText: `the ID of "silo" must be a lowercase UUID`,
			breakConfig: func(c *config.Config) { c.D1DatabaseIDs = map[string]string{"silo": "baf652ea"} }},
		{name: "token in plain config", wantRule: "no-plain-secrets", wantText: `config "dome-infra:slackToken"`,
			values: config.Values{"dome-infra:slackToken": {Value: "xoxb-not-really"}}},
		{name: "token-shaped plain value", wantRule: "no-plain-secrets", wantText: `config "dome-infra:webhook"`,
			values: config.Values{"dome-infra:webhook": {Value: strings.Repeat("Ab3_", 12)}}},
		{name: "secret in a plain-text binding", wantRule: "no-plain-secrets", wantText: `worker "dome-notify" binding SMTP_PASSWORD`,
			breakEstate: func(t *testing.T, e *estate.Estate) {
				w := worker(t, e, "dome-notify")
				w.Bindings = append(w.Bindings, estate.Binding{Name: "SMTP_PASSWORD", Kind: estate.PlainText, Text: "hunter2"})
			}},
		{name: "prod unprotected", wantRule: "protected-in-prod", wantText: `config "dome-infra:protect": is false in prod`,
			breakConfig: func(c *config.Config) { c.Protect = false }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := estate.Dome()
			c := stackConfig(config.Prod)
			if tt.breakEstate != nil {
				tt.breakEstate(t, &e)
			}
			if tt.breakConfig != nil {
				tt.breakConfig(&c)
			}
			err := Check(Input{Estate: e, Config: c, Values: tt.values, KnownKeys: tt.knownKeys})
			require.Error(t, err)
			var vs Violations
			require.ErrorAs(t, err, &vs)
			rules := map[string]bool{}
			for _, v := range vs {
				rules[v.Rule] = true
			}
			assert.True(t, rules[tt.wantRule], "want rule %s among %v", tt.wantRule, vs)
			assert.Contains(t, err.Error(), "["+tt.wantRule+"]")
			assert.Contains(t, err.Error(), tt.wantText)
			assert.NotContains(t, err.Error(), "hunter2", "a secret value never appears in a report")
			assert.NotContains(t, err.Error(), "xoxb", "a secret value never appears in a report")
		})
	}
}

func TestEveryRuleHasAFixture(t *testing.T) {
	// Each rule must be broken by at least one case above; a rule nobody can
	// break is a rule nobody tests.
	covered := map[string]bool{"known-keys": true, "unique-names": true, "binding-targets": true, "binding-names": true,
		"one-consumer-per-queue": true, "queue-wiring": true, "service-cycles": true, "cron": true,
		"name-limits": true, "worker-bundles": true, "database-ids": true, "no-plain-secrets": true,
		"protected-in-prod": true}
	for _, r := range Rules() {
		assert.True(t, covered[r.Name], "rule %s has no broken fixture", r.Name)
		assert.NotEmpty(t, r.Description)
	}
	assert.Len(t, Rules(), len(covered))
}

func TestKnownKeysAndSecretsAccept(t *testing.T) {
	e := estate.Dome()
	w := worker(t, &e, "dome-notify")
	w.Bindings = append(w.Bindings, estate.Binding{Name: "SMTP_PASSWORD", Kind: estate.SecretText, Target: "dome-infra:smtpPassword"})
	c := stackConfig(config.Dev)
	c.NameSuffix = "-" + strings.Repeat("a", 21) // long, token-shaped, and fine
	values := config.Values{
		config.KeyNameSuffix:      {Value: c.NameSuffix},
		"dome-infra:smtpPassword": {Value: "[secret]", Secret: true},
		"cloudflare:apiToken":     {Value: "[secret]", Secret: true},
		"other-project:whatever":  {Value: "x"},
	}
	assert.Empty(t, Evaluate(Input{Estate: e, Config: c, Values: values, KnownKeys: config.Keys()}),
		"a secret binding's key is known, another namespace is not checked, a long suffix is not a secret")
	assert.Empty(t, Evaluate(Input{Estate: e, Config: c, Values: config.Values{"dome-infra:typo": {Value: "x"}}}),
		"without KnownKeys (a run that cannot list keys) there is no key check")
}
