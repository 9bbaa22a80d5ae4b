// Package config is the typed stack configuration of dome-infra.
//
// Keys, types, descriptions and defaults are declared once, in Pulumi.yaml's
// config block; this package reads the merged values and checks them, so a
// bad value fails with the key's name before any resource is registered.
// Values that depend on the environment (the name suffix, protection) are
// derived here when the stack does not set them.
package config

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dome/dome-infra/internal/naming"
)

// Project is the Pulumi project name, the namespace of this program's keys.
const Project = "dome-infra"

// Keys of the stack config.
const (
	KeyAccountID         = Project + ":accountId"
	KeyEnvironment       = Project + ":environment"
	KeyNameSuffix        = Project + ":nameSuffix"
	KeyProtect           = Project + ":protect"
	KeyObservability     = Project + ":observabilityEnabled"
	KeyHeadSamplingRate  = Project + ":headSamplingRate"
	KeyCompatibilityDate = Project + ":compatibilityDate"
	KeyWorkerBundles     = Project + ":workerBundles"
	KeyVectorDimensions  = Project + ":vectorizeDimensions"
	KeyVectorMetric      = Project + ":vectorizeMetric"
	KeyD1DatabaseIDs     = Project + ":d1DatabaseIds"
	// KeyAPIToken is pulumi-cloudflare's own key. It may only ever be set as
	// a secret (pulumi config set --secret); CLOUDFLARE_API_TOKEN works too.
	KeyAPIToken = "cloudflare:apiToken"
)

// Placeholder as a worker's bundle deploys the repository's placeholder
// module, which answers 503 until the application's build is deployed. Only
// dev may use it (policy rule worker-bundles), and only to create a worker:
// the provider refuses to upload it over a worker that has other code.
const Placeholder = "placeholder"

// Environment is one of the three stacks' environments.
type Environment string

const (
	Dev     Environment = "dev"
	Staging Environment = "staging"
	Prod    Environment = "prod"
)

// Environments lists every environment, in promotion order.
var Environments = []Environment{Dev, Staging, Prod}

// Observability is the Workers observability setting of every worker.
type Observability struct {
	Enabled          bool
	HeadSamplingRate float64
}

// VectorIndex is the shape of the Vectorize index: it must match the
// embedding model (Workers AI's bge-base-en-v1.5 gives 768 dimensions).
type VectorIndex struct {
	Dimensions int
	Metric     string
}

// Config is one stack's configuration, typed and checked.
type Config struct {
	Stack             string
	AccountID         string
	Environment       Environment
	NameSuffix        string
	Protect           bool
	Observability     Observability
	CompatibilityDate string
	// WorkerBundles maps each worker to its ES module's path (relative to
	// the project directory) or to Placeholder.
	WorkerBundles map[string]string
	VectorIndex   VectorIndex
	// D1DatabaseIDs are the IDs of databases that already exist (production's
	// hand-made ones), by logical name; used to import them.
	D1DatabaseIDs map[string]string
	// APITokenSet says whether cloudflare:apiToken is set (always as a secret).
	APITokenSet bool
	// Overrides are the stack's per-resource settings (Apply).
	Overrides Overrides
}

// Source gives config values by fully-qualified key ("dome-infra:accountId").
type Source interface {
	Get(key string) (string, bool)
	IsSecret(key string) bool
}

// Error is a bad config value; it names the key.
type Error struct {
	Key, Problem string
}

func (e *Error) Error() string { return fmt.Sprintf("config %q: %s", e.Key, e.Problem) }

func bad(key, format string, args ...any) error {
	return &Error{Key: key, Problem: fmt.Sprintf(format, args...)}
}

var (
	accountIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)
	metrics          = []string{"cosine", "euclidean", "dot-product"}
)

// Parse reads and checks one stack's config. Every problem is reported, each
// naming its key, so a broken stack file is fixed in one pass.
func Parse(stack string, src Source) (Config, error) {
	p := parser{src: src}
	c := Config{Stack: stack}

	c.AccountID = p.required(KeyAccountID)
	if c.AccountID != "" && !accountIDPattern.MatchString(c.AccountID) {
		p.fail(bad(KeyAccountID, "must be a 32-character lowercase hex Cloudflare account ID, got %q", c.AccountID))
	}

	env, ok := src.Get(KeyEnvironment)
	if !ok || env == "" {
		env = stack
	}
	c.Environment = Environment(env)
	if !c.Environment.valid() {
		p.fail(bad(KeyEnvironment, "unknown environment %q (from %s); use one of dev, staging, prod", env,
			map[bool]string{true: "the key", false: "the stack name"}[ok]))
	}

	if s, ok := src.Get(KeyNameSuffix); ok {
		c.NameSuffix = s
	} else if c.Environment != Prod {
		c.NameSuffix = "-" + string(c.Environment)
	}
	if _, err := naming.New(c.NameSuffix); err != nil {
		p.fail(bad(KeyNameSuffix, "%v", err))
	}
	if c.Environment == Prod && c.NameSuffix != "" {
		p.fail(bad(KeyNameSuffix, "must be empty in prod, which keeps today's names so they can be imported; got %q", c.NameSuffix))
	}

	c.Protect = p.boolean(KeyProtect, c.Environment == Prod)
	c.Observability.Enabled = p.boolean(KeyObservability, true)
	c.Observability.HeadSamplingRate = p.float(KeyHeadSamplingRate)
	if r := c.Observability.HeadSamplingRate; r < 0 || r > 1 {
		p.fail(bad(KeyHeadSamplingRate, "must be between 0 and 1, got %v", r))
	}

	c.CompatibilityDate = p.required(KeyCompatibilityDate)
	if c.CompatibilityDate != "" {
		if _, err := time.Parse(time.DateOnly, c.CompatibilityDate); err != nil {
			p.fail(bad(KeyCompatibilityDate, "must be a date like 2025-09-01, got %q", c.CompatibilityDate))
		}
	}

	c.WorkerBundles = p.stringMap(KeyWorkerBundles)
	c.VectorIndex.Dimensions = p.integer(KeyVectorDimensions)
	if d := c.VectorIndex.Dimensions; d != 0 && (d < 1 || d > 1536) {
		p.fail(bad(KeyVectorDimensions, "must be between 1 and 1536 (Vectorize's limit), got %d", d))
	}
	c.VectorIndex.Metric = p.required(KeyVectorMetric)
	if m := c.VectorIndex.Metric; m != "" && !contains(metrics, m) {
		p.fail(bad(KeyVectorMetric, "must be one of %s, got %q", strings.Join(metrics, ", "), m))
	}
	c.D1DatabaseIDs = p.stringMap(KeyD1DatabaseIDs)
	c.Overrides = parseOverrides(&p)

	if _, ok := src.Get(KeyAPIToken); ok {
		c.APITokenSet = true
		if !src.IsSecret(KeyAPIToken) {
			// The value is deliberately not part of the message.
			p.fail(bad(KeyAPIToken, "is set in plain text; remove it and run `pulumi config set --secret cloudflare:apiToken`, or use CLOUDFLARE_API_TOKEN"))
		}
	}
	return c, p.err()
}

func (e Environment) valid() bool {
	for _, x := range Environments {
		if e == x {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// parser collects every problem instead of stopping at the first.
type parser struct {
	src  Source
	errs []error
}

func (p *parser) fail(err error) { p.errs = append(p.errs, err) }

func (p *parser) err() error {
	if len(p.errs) == 0 {
		return nil
	}
	msgs := make([]string, len(p.errs))
	for i, e := range p.errs {
		msgs[i] = e.Error()
	}
	return &Errors{List: p.errs, text: strings.Join(msgs, "\n")}
}

// required returns the key's value, or "" after recording that it is missing.
func (p *parser) required(key string) string {
	v, ok := p.src.Get(key)
	if !ok || v == "" {
		p.fail(bad(key, "is required; set it in Pulumi.<stack>.yaml or with `pulumi config set %s <value>`", key))
		return ""
	}
	return v
}

func (p *parser) boolean(key string, def bool) bool {
	v, ok := p.src.Get(key)
	if !ok {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		p.fail(bad(key, "must be true or false, got %q", v))
	}
	return b
}

func (p *parser) float(key string) float64 {
	v := p.required(key)
	if v == "" {
		return 0
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		p.fail(bad(key, "must be a number, got %q", v))
	}
	return f
}

func (p *parser) integer(key string) int {
	v := p.required(key)
	if v == "" {
		return 0
	}
	i, err := strconv.Atoi(v)
	if err != nil {
		p.fail(bad(key, "must be a whole number, got %q", v))
	}
	return i
}

// stringMap reads an object of strings (a missing key is an empty map).
func (p *parser) stringMap(key string) map[string]string {
	m := map[string]string{}
	v, ok := p.src.Get(key)
	if !ok || v == "" {
		return m
	}
	if err := json.Unmarshal([]byte(v), &m); err != nil {
		p.fail(bad(key, "must be an object of strings (name: value), got %s", v))
	}
	return m
}

// Errors is every problem Parse found.
type Errors struct {
	List []error
	text string
}

func (e *Errors) Error() string   { return e.text }
func (e *Errors) Unwrap() []error { return e.List }

// SortedKeys returns a map's keys in order, for stable output.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
