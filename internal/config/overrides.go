package config

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/dome/dome-infra/internal/cfapi/queuelimits"
	"github.com/dome/dome-infra/internal/estate"
)

// Keys of the per-resource overrides. The estate model holds the defaults;
// a stack overrides what its Cloudflare account really has, so that after an
// import the preview is clean without a change to Go (scripts/import
// -write-config writes them).
const (
	KeyWorkers          = Project + ":workers"
	KeyConsumers        = Project + ":consumers"
	KeyVectorizeIndexes = Project + ":vectorizeIndexes"
	KeyBucketEvents     = Project + ":bucketEvents"
)

// External as a worker's bundle means the application's own pipeline deploys
// the worker's code (wrangler, with the wrangler.json `make wrangler-config`
// generates from the same model). Pulumi then manages the worker's settings
// and bindings and never uploads, replaces or reads its code. It is the
// default in every stack, so no `up` can replace production code.
const External = "external"

// SecretKey is the stack config key that holds the value of a secret the
// stack declares for a worker (dome-infra:workers.<worker>.secrets):
// `pulumi config set --secret dome-infra:secret-silo-API_KEY …`.
func SecretKey(worker, name string) string { return Project + ":secret-" + worker + "-" + name }

// WorkerOverride is one worker's entry in dome-infra:workers. Unset fields
// keep the estate model's value (or the stack-wide key's).
type WorkerOverride struct {
	CompatibilityDate  string                 `json:"compatibilityDate,omitempty"`
	CompatibilityFlags *[]string              `json:"compatibilityFlags,omitempty"`
	Observability      *ObservabilityOverride `json:"observability,omitempty"`
	// Vars are plain environment variables: a JSON string is a plain_text
	// binding, any other JSON value a json binding (as wrangler's vars).
	Vars map[string]json.RawMessage `json:"vars,omitempty"`
	// Secrets are declared secrets, each valued by the secret config key
	// SecretKey(worker, name). Removing one deletes it from the worker.
	Secrets []string `json:"secrets,omitempty"`
	// ExternalSecrets are set outside Pulumi (`wrangler secret put`): kept
	// on every upload, never deleted.
	ExternalSecrets []string `json:"externalSecrets,omitempty"`
	// WorkersDev turns the workers.dev route on or off.
	WorkersDev *bool     `json:"workersDev,omitempty"`
	Tags       *[]string `json:"tags,omitempty"`
	// Routes and CustomDomains put the worker in front of hostnames of a
	// zone that dome-infra:zones names. Unset: none.
	Routes        []RouteOverride        `json:"routes,omitempty"`
	CustomDomains []CustomDomainOverride `json:"customDomains,omitempty"`
}

// RouteOverride is one of a worker's routes: a pattern in a zone
// (wrangler's `routes = [{ pattern, zone_name }]`).
type RouteOverride struct {
	Zone    string `json:"zone"`
	Pattern string `json:"pattern"`
}

// CustomDomainOverride is one of a worker's custom domains (wrangler's
// `routes = [{ pattern, custom_domain = true }]`).
type CustomDomainOverride struct {
	Zone     string `json:"zone"`
	Hostname string `json:"hostname"`
}

// ObservabilityOverride overrides a worker's Workers Logs setting.
type ObservabilityOverride struct {
	Enabled          *bool    `json:"enabled,omitempty"`
	HeadSamplingRate *float64 `json:"headSamplingRate,omitempty"`
}

// ConsumerOverride is one queue's consumer settings in dome-infra:consumers
// (by the queue's logical name: a queue has one consumer). Unset means
// Cloudflare's default.
type ConsumerOverride struct {
	BatchSize       *int    `json:"batchSize,omitempty"`
	MaxRetries      *int    `json:"maxRetries,omitempty"`
	MaxWaitTimeMs   *int    `json:"maxWaitTimeMs,omitempty"`
	RetryDelay      *int    `json:"retryDelay,omitempty"`
	MaxConcurrency  *int    `json:"maxConcurrency,omitempty"`
	DeadLetterQueue *string `json:"deadLetterQueue,omitempty"`
}

// IndexOverride is one Vectorize index's entry in dome-infra:vectorizeIndexes.
type IndexOverride struct {
	Description *string `json:"description,omitempty"`
}

// BucketEventsOverride is one bucket's event rule in dome-infra:bucketEvents.
type BucketEventsOverride struct {
	Actions     *[]string `json:"actions,omitempty"`
	Prefix      *string   `json:"prefix,omitempty"`
	Suffix      *string   `json:"suffix,omitempty"`
	Description *string   `json:"description,omitempty"`
}

// Overrides are a stack's per-resource overrides, by logical name.
type Overrides struct {
	Workers      map[string]WorkerOverride       `json:"workers,omitempty"`
	Consumers    map[string]ConsumerOverride     `json:"consumers,omitempty"`
	Indexes      map[string]IndexOverride        `json:"vectorizeIndexes,omitempty"`
	BucketEvents map[string]BucketEventsOverride `json:"bucketEvents,omitempty"`
}

var (
	bindingName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	flagName    = regexp.MustCompile(`^[a-z0-9_]+$`)
	r2Actions   = []string{"PutObject", "CopyObject", "DeleteObject", "CompleteMultipartUpload", "LifecycleDeletion"}
)

// Cloudflare's limits of a consumer's settings, as the companion provider
// checks them (package cfapi holds the one definition).
var consumerLimits = []struct {
	field    string
	get      func(ConsumerOverride) *int
	min, max int
}{
	{"batchSize", func(c ConsumerOverride) *int { return c.BatchSize }, 1, queuelimits.QueueConsumerMaxBatchSize},
	{"maxRetries", func(c ConsumerOverride) *int { return c.MaxRetries }, 0, queuelimits.QueueConsumerMaxRetries},
	{"maxWaitTimeMs", func(c ConsumerOverride) *int { return c.MaxWaitTimeMs }, 0, queuelimits.QueueConsumerMaxWaitTimeMs},
	{"retryDelay", func(c ConsumerOverride) *int { return c.RetryDelay }, 0, queuelimits.QueueConsumerMaxRetryDelay},
	{"maxConcurrency", func(c ConsumerOverride) *int { return c.MaxConcurrency },
		queuelimits.QueueConsumerMinMaxConcurrency, queuelimits.QueueConsumerMaxMaxConcurrency},
}

// decodeStrict decodes one override key, refusing fields it does not know.
func decodeStrict(p *parser, key string, into any) {
	v, ok := p.src.Get(key)
	if !ok || v == "" {
		return
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(v)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		p.fail(bad(key, "%s", strings.TrimPrefix(err.Error(), "json: ")))
	}
}

// parseOverrides reads and checks the four override keys (shape and ranges;
// the names they use are checked against the estate by Apply). zones are the
// stack's dome-infra:zones, which routes and custom domains must name.
func parseOverrides(p *parser, zones map[string]string) Overrides {
	var o Overrides
	decodeStrict(p, KeyWorkers, &o.Workers)
	decodeStrict(p, KeyConsumers, &o.Consumers)
	decodeStrict(p, KeyVectorizeIndexes, &o.Indexes)
	decodeStrict(p, KeyBucketEvents, &o.BucketEvents)

	for _, w := range SortedKeys(o.Workers) {
		ov := o.Workers[w]
		at := func(field string) string { return KeyWorkers + "." + w + "." + field }
		if d := ov.CompatibilityDate; d != "" {
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				p.fail(bad(at("compatibilityDate"), "must be a date like 2025-09-01, got %q", d))
			}
		}
		if ov.CompatibilityFlags != nil {
			for _, f := range *ov.CompatibilityFlags {
				if !flagName.MatchString(f) {
					p.fail(bad(at("compatibilityFlags"), "%q is not a compatibility flag (lowercase letters, digits, _)", f))
				}
			}
		}
		if o := ov.Observability; o != nil && o.HeadSamplingRate != nil {
			if r := *o.HeadSamplingRate; !(r >= 0 && r <= 1) {
				p.fail(bad(at("observability.headSamplingRate"), "must be between 0 and 1, got %v", r))
			}
		}
		seen := map[string]string{}
		name := func(field, n string) {
			if !bindingName.MatchString(n) {
				p.fail(bad(at(field), "%q is not a binding name (letters, digits, _; not starting with a digit)", n))
			} else if first, dup := seen[n]; dup {
				p.fail(bad(at(field), "%q is already in %s", n, first))
			}
			seen[n] = field
		}
		for _, n := range SortedKeys(ov.Vars) {
			name("vars", n)
			if !json.Valid(ov.Vars[n]) {
				p.fail(bad(at("vars."+n), "is not JSON"))
			}
		}
		for _, n := range ov.Secrets {
			name("secrets", n)
		}
		for _, n := range ov.ExternalSecrets {
			name("externalSecrets", n)
		}
	}
	checkRouting(p, o.Workers, zones)
	for _, q := range SortedKeys(o.Consumers) {
		for _, l := range consumerLimits {
			if v := l.get(o.Consumers[q]); v != nil && (*v < l.min || *v > l.max) {
				p.fail(bad(KeyConsumers+"."+q+"."+l.field, "must be between %d and %d (Cloudflare's limits), got %d", l.min, l.max, *v))
			}
		}
	}
	for _, b := range SortedKeys(o.BucketEvents) {
		if a := o.BucketEvents[b].Actions; a != nil {
			if len(*a) == 0 {
				p.fail(bad(KeyBucketEvents+"."+b+".actions", "must list at least one of %s", strings.Join(r2Actions, ", ")))
			}
			for _, x := range *a {
				if !slices.Contains(r2Actions, x) {
					p.fail(bad(KeyBucketEvents+"."+b+".actions", "%q is not an R2 event action; use %s", x, strings.Join(r2Actions, ", ")))
				}
			}
		}
	}
	return o
}

// CodeOf is where the worker's code comes from: a bundle path, Placeholder
// or External (the default).
func (c Config) CodeOf(worker string) string {
	if b := c.WorkerBundles[worker]; b != "" {
		return b
	}
	return External
}

// Apply returns the stack's estate: the model with the stack-wide settings
// and every override applied. An override that names something the estate
// lacks is an error naming the key.
func (c Config) Apply(e estate.Estate) (estate.Estate, error) {
	var errs []error
	fail := func(key, format string, args ...any) { errs = append(errs, bad(key, format, args...)) }
	out := e
	queueNames := map[string]bool{}
	for _, q := range e.Queues {
		queueNames[q.Name] = true
	}

	out.Workers = make([]estate.Worker, len(e.Workers))
	known := map[string]bool{}
	for i, w := range e.Workers {
		known[w.Name] = true
		w.Bindings = slices.Clone(w.Bindings)
		w.Consumes = slices.Clone(w.Consumes)
		if w.CompatibilityDate == "" {
			w.CompatibilityDate = c.CompatibilityDate
		}
		w.Observability = estate.Observability(c.Observability)
		ov := c.Overrides.Workers[w.Name]
		if ov.CompatibilityDate != "" {
			w.CompatibilityDate = ov.CompatibilityDate
		}
		if ov.CompatibilityFlags != nil {
			w.CompatibilityFlags = *ov.CompatibilityFlags
		}
		if o := ov.Observability; o != nil {
			if o.Enabled != nil {
				w.Observability.Enabled = *o.Enabled
			}
			if o.HeadSamplingRate != nil {
				w.Observability.HeadSamplingRate = *o.HeadSamplingRate
			}
		}
		if ov.WorkersDev != nil {
			w.Public = *ov.WorkersDev
		}
		if ov.Tags != nil {
			w.Tags = *ov.Tags
		}
		for _, r := range ov.Routes {
			w.Routes = append(w.Routes, estate.Route(r))
		}
		for _, d := range ov.CustomDomains {
			w.Domains = append(w.Domains, estate.CustomDomain(d))
		}
		for _, n := range SortedKeys(ov.Vars) {
			raw := ov.Vars[n]
			b := estate.Binding{Name: n, Kind: estate.JSON, Text: compactJSON(raw)}
			var s string
			if json.Unmarshal(raw, &s) == nil {
				b = estate.Binding{Name: n, Kind: estate.PlainText, Text: s}
			}
			// A stack's var replaces the model's variable of that name.
			if i := slices.IndexFunc(w.Bindings, func(x estate.Binding) bool {
				return x.Name == n && (x.Kind == estate.PlainText || x.Kind == estate.JSON)
			}); i >= 0 {
				w.Bindings[i] = b
			} else {
				w.Bindings = append(w.Bindings, b)
			}
		}
		for _, n := range ov.Secrets {
			w.Bindings = append(w.Bindings, estate.Binding{Name: n, Kind: estate.SecretText, Target: SecretKey(w.Name, n)})
		}
		w.ExternalSecrets = append(slices.Clone(w.ExternalSecrets), ov.ExternalSecrets...)
		for j, cons := range w.Consumes {
			co, ok := c.Overrides.Consumers[cons.Queue]
			if !ok {
				continue
			}
			set := func(dst *int, v *int) {
				if v != nil {
					*dst = *v
				}
			}
			set(&cons.BatchSize, co.BatchSize)
			set(&cons.MaxRetries, co.MaxRetries)
			set(&cons.MaxWaitTimeMs, co.MaxWaitTimeMs)
			set(&cons.RetryDelay, co.RetryDelay)
			set(&cons.MaxConcurrency, co.MaxConcurrency)
			if d := co.DeadLetterQueue; d != nil {
				if *d != "" && !queueNames[*d] {
					fail(KeyConsumers+"."+cons.Queue+".deadLetterQueue", "%q is not a queue of the estate; add it to internal/estate first", *d)
				}
				cons.DeadLetterQueue = *d
			}
			w.Consumes[j] = cons
		}
		out.Workers[i] = w
	}
	for _, name := range SortedKeys(c.Overrides.Workers) {
		if !known[name] {
			fail(KeyWorkers+"."+name, "%q is not a worker of the estate (%s)", name, strings.Join(workerNames(e), ", "))
		}
	}
	for _, q := range SortedKeys(c.Overrides.Consumers) {
		if _, _, ok := e.ConsumerOf(q); !ok {
			fail(KeyConsumers+"."+q, "no worker of the estate consumes a queue %q", q)
		}
	}

	out.Indexes = slices.Clone(e.Indexes)
	for i, ix := range out.Indexes {
		if d := c.Overrides.Indexes[ix.Name].Description; d != nil {
			out.Indexes[i].Description = *d
		}
	}
	for _, name := range SortedKeys(c.Overrides.Indexes) {
		if !slices.ContainsFunc(e.Indexes, func(ix estate.Index) bool { return ix.Name == name }) {
			fail(KeyVectorizeIndexes+"."+name, "%q is not a Vectorize index of the estate", name)
		}
	}

	out.BucketEvents = slices.Clone(e.BucketEvents)
	for i, ev := range out.BucketEvents {
		ov, ok := c.Overrides.BucketEvents[ev.Bucket]
		if !ok {
			continue
		}
		if ov.Actions != nil {
			ev.Actions = *ov.Actions
		}
		for _, f := range []struct{ dst, v *string }{{&ev.Prefix, ov.Prefix}, {&ev.Suffix, ov.Suffix}, {&ev.Description, ov.Description}} {
			if f.v != nil {
				*f.dst = *f.v
			}
		}
		out.BucketEvents[i] = ev
	}
	for _, name := range SortedKeys(c.Overrides.BucketEvents) {
		if !slices.ContainsFunc(e.BucketEvents, func(ev estate.BucketEvents) bool { return ev.Bucket == name }) {
			fail(KeyBucketEvents+"."+name, "bucket %q sends no events in the estate", name)
		}
	}
	if len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, err := range errs {
			msgs[i] = err.Error()
		}
		return estate.Estate{}, &Errors{List: errs, text: strings.Join(msgs, "\n")}
	}
	return out, nil
}

func workerNames(e estate.Estate) []string {
	out := make([]string, len(e.Workers))
	for i, w := range e.Workers {
		out[i] = w.Name
	}
	return out
}

func compactJSON(raw json.RawMessage) string {
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return string(raw)
	}
	return buf.String()
}
