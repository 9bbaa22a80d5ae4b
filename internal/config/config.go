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
	"math"
	"os"
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
	// KeyZones maps the name of each zone a stack routes workers in to its
	// zone ID: routes and custom domains name the zone, Cloudflare's API
	// takes its ID.
	KeyZones        = Project + ":zones"
	KeyArtifactsDir = Project + ":artifactsDir"
	// KeyAPIToken is pulumi-cloudflare's own key. It may only ever be set as
	// a secret (pulumi config set --secret); CLOUDFLARE_API_TOKEN works too.
	KeyAPIToken = "cloudflare:apiToken"
)

// Keys are the program's own keys, those this package reads (the project's
// other keys are the ones Pulumi.yaml declares: see KnownKeys).
func Keys() []string {
	return []string{KeyAccountID, KeyEnvironment, KeyNameSuffix, KeyProtect, KeyObservability,
		KeyHeadSamplingRate, KeyCompatibilityDate, KeyWorkerBundles, KeyVectorDimensions,
		KeyVectorMetric, KeyD1DatabaseIDs, KeyZones, KeyArtifactsDir, KeyWorkers, KeyConsumers, KeyVectorizeIndexes, KeyBucketEvents}
}

// undeclared are the keys Pulumi.yaml cannot declare (their defaults depend
// on the environment, and a declared key without a default is required):
// Pulumi.yaml's config block documents them in a comment.
var undeclared = []string{KeyAccountID, KeyEnvironment, KeyNameSuffix, KeyProtect}

// EnvAccountID is the environment variable that gives the account when the
// stack's config does not (the team's setup already names it).
const EnvAccountID = "CLOUDFLARE_ACCOUNT_ID"

// StandInAccountID is the account ID the stack files once carried as a
// stand-in. It is nobody's account: preview, up and import refuse it.
const StandInAccountID = "0123456789abcdef0123456789abcdef"

// OfflineAccountID is the account of an offline plan (make plan, validate,
// wrangler) when neither the stack nor CLOUDFLARE_ACCOUNT_ID gives one. It
// is clearly not an account: preview, up and import refuse it.
const OfflineAccountID = "00000000000000000000000000000000"

// Account sources: where Config.AccountID came from.
const (
	AccountFromConfig  = "config"
	AccountFromEnv     = EnvAccountID
	AccountFromOffline = "offline"
)

// Mode says whether a run can reach Cloudflare (Deploy: preview, up,
// import) or is an offline look at the stack (Offline: make plan, validate,
// wrangler), which may stand in an offline account.
type Mode int

const (
	Deploy Mode = iota
	Offline
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
	Stack     string
	AccountID string
	// AccountSource says where AccountID came from: AccountFromConfig,
	// AccountFromEnv or AccountFromOffline.
	AccountSource     string
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
	// Zones are the zone IDs of the zones the stack's routes and custom
	// domains are in, by zone name (dome-infra:zones).
	Zones map[string]string
	// ArtifactsDir is a directory outside the project where bundles may
	// also live (dome-infra:artifactsDir); "" when unset.
	ArtifactsDir string
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

// Parse reads and checks one stack's config for a run that reaches
// Cloudflare (Deploy). Every problem is reported, each naming its key, so a
// broken stack file is fixed in one pass.
func Parse(stack string, src Source) (Config, error) { return ParseMode(stack, src, Deploy) }

// ParseOffline is Parse for the offline tools: without an account it
// stands in OfflineAccountID.
func ParseOffline(stack string, src Source) (Config, error) { return ParseMode(stack, src, Offline) }

// ParseMode is Parse in the given mode.
func ParseMode(stack string, src Source, mode Mode) (Config, error) {
	p := parser{src: src}
	c := Config{Stack: stack}

	c.AccountID, c.AccountSource = p.account(stack, mode)

	env, set := src.Get(KeyEnvironment)
	set = set && env != ""
	if !set {
		env = stack
	}
	c.Environment = Environment(env)
	switch {
	case !c.Environment.valid():
		p.fail(bad(KeyEnvironment, "unknown environment %q (from %s); use one of dev, staging, prod", env,
			map[bool]string{true: "the key", false: "the stack name"}[set]))
	case set && Environment(stack).valid() && c.Environment != Environment(stack):
		p.fail(bad(KeyEnvironment, "is %q but the stack is %q: a stack's environment must match its name, or %s would plan %s's names; remove the key",
			env, stack, stack, env))
	case set && c.Environment == Prod && stack != string(Prod):
		p.fail(bad(KeyEnvironment, "is \"prod\" but the stack is %q: only the prod stack plans prod's names and protection", stack))
	}

	suffix, suffixSet := src.Get(KeyNameSuffix)
	switch {
	case suffixSet:
		c.NameSuffix = suffix
	case c.Environment != Prod:
		c.NameSuffix = "-" + string(c.Environment)
	}
	if _, err := naming.New(c.NameSuffix); err != nil {
		p.fail(bad(KeyNameSuffix, "%v", err))
	}
	if c.Environment == Prod && c.NameSuffix != "" {
		p.fail(bad(KeyNameSuffix, "must be empty in prod, which keeps today's names so they can be imported; got %q", c.NameSuffix))
	}
	if c.Environment.valid() && c.Environment != Prod && c.NameSuffix == "" {
		p.fail(bad(KeyNameSuffix, "must not be empty in %s: an empty suffix gives prod's names, and in a shared account this stack would overwrite prod; remove the key for the default %q", c.Environment, "-"+string(c.Environment)))
	}

	c.Protect = p.boolean(KeyProtect, c.Environment == Prod)
	c.Observability.Enabled = p.boolean(KeyObservability, true)
	c.Observability.HeadSamplingRate = p.float(KeyHeadSamplingRate)
	if r := c.Observability.HeadSamplingRate; math.IsNaN(r) || r < 0 || r > 1 {
		p.fail(bad(KeyHeadSamplingRate, "must be between 0 and 1, got %v", r))
	}

	c.CompatibilityDate = p.required(KeyCompatibilityDate)
	// An unquoted date in YAML reaches the program as a timestamp.
	if d, ok := strings.CutSuffix(c.CompatibilityDate, " 00:00:00 +0000 UTC"); ok {
		c.CompatibilityDate = d
	}
	if c.CompatibilityDate != "" {
		if d, err := time.Parse(time.DateOnly, c.CompatibilityDate); err != nil {
			p.fail(bad(KeyCompatibilityDate, "must be a date like 2025-09-01, got %q", c.CompatibilityDate))
		} else if today := time.Now().UTC().Truncate(24 * time.Hour); d.After(today) {
			p.fail(bad(KeyCompatibilityDate, "%s is in the future (today is %s UTC); Cloudflare refuses a future compatibility date", c.CompatibilityDate, today.Format(time.DateOnly)))
		}
	}

	c.WorkerBundles = p.stringMap(KeyWorkerBundles)
	if d, ok := p.integer(KeyVectorDimensions); ok && (d < 1 || d > 1536) {
		p.fail(bad(KeyVectorDimensions, "must be between 1 and 1536 (Vectorize's limit), got %d", d))
	} else {
		c.VectorIndex.Dimensions = d
	}
	c.VectorIndex.Metric = p.required(KeyVectorMetric)
	if m := c.VectorIndex.Metric; m != "" && !contains(metrics, m) {
		p.fail(bad(KeyVectorMetric, "must be one of %s, got %q", strings.Join(metrics, ", "), m))
	}
	c.D1DatabaseIDs = p.stringMap(KeyD1DatabaseIDs)
	c.Zones = parseZones(&p)
	c.Overrides = parseOverrides(&p, c.Zones)
	c.ArtifactsDir, _ = src.Get(KeyArtifactsDir)

	if _, ok := src.Get(KeyAPIToken); ok {
		c.APITokenSet = true
		if !src.IsSecret(KeyAPIToken) {
			// The value is deliberately not part of the message.
			p.fail(bad(KeyAPIToken, "is set in plain text; remove it and run `pulumi config set --secret cloudflare:apiToken`, or use CLOUDFLARE_API_TOKEN"))
		}
	}
	return c, p.err()
}

// account returns the account ID and where it came from: the key, else
// CLOUDFLARE_ACCOUNT_ID, else (offline only) OfflineAccountID. A run that
// reaches Cloudflare refuses the stand-in and the offline account.
func (p *parser) account(stack string, mode Mode) (string, string) {
	set := fmt.Sprintf("set it with `pulumi config set %s <id> --stack %s`, or export %s", KeyAccountID, stack, EnvAccountID)
	id, source := "", AccountFromConfig
	if v, ok := p.src.Get(KeyAccountID); ok && v != "" {
		if p.src.IsSecret(KeyAccountID) && v == SecretPlaceholder {
			// An offline tool cannot decrypt it; the value is not the problem.
			p.fail(bad(KeyAccountID, "is encrypted (a secret), which this offline tool cannot read; an account ID is not a secret: %s", set))
			return "", source
		}
		id = v
	} else if v := strings.TrimSpace(os.Getenv(EnvAccountID)); v != "" {
		id, source = v, AccountFromEnv
	} else if mode == Offline {
		return OfflineAccountID, AccountFromOffline
	} else {
		p.fail(bad(KeyAccountID, "is required (no account in the stack's config nor in %s): %s", EnvAccountID, set))
		return "", source
	}
	from := ""
	if source == AccountFromEnv {
		from = " (from " + EnvAccountID + ")"
	}
	switch {
	case !accountIDPattern.MatchString(id):
		shown := strconv.Quote(id)
		if p.src.IsSecret(KeyAccountID) && source == AccountFromConfig {
			shown = "(a secret value, not shown)"
		}
		p.fail(bad(KeyAccountID, "must be a 32-character lowercase hex Cloudflare account ID, got %s%s", shown, from))
	case mode == Deploy && (id == StandInAccountID || id == OfflineAccountID):
		p.fail(bad(KeyAccountID, "%s%s is a stand-in, not a Cloudflare account: %s", id, from, set))
	}
	return id, source
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

// integer returns the key's value and whether it is a whole number.
func (p *parser) integer(key string) (int, bool) {
	v := p.required(key)
	if v == "" {
		return 0, false
	}
	i, err := strconv.Atoi(v)
	if err != nil {
		p.fail(bad(key, "must be a whole number, got %q", v))
		return 0, false
	}
	return i, true
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
