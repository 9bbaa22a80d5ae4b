package policy

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/cron"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/naming"
)

type report = func(subject, format string, args ...any)

var rules = []Rule{
	{"known-keys", "every dome-infra: key of the stack is one the project declares (a typo would silently give the default)", knownKeys},
	{"unique-names", "each database, bucket, index, queue and worker is declared once", uniqueNames},
	{"binding-targets", "every binding, consumer and bucket event points at something the estate has, of the right kind", bindingTargets},
	{"binding-names", "binding names are UPPER_SNAKE and unique within a worker", bindingNames},
	{"one-consumer-per-queue", "a queue has at most one consumer (Cloudflare's rule)", oneConsumer},
	{"queue-wiring", "every queue but a dead-letter queue has a producer and a consumer; a dead-letter queue has no consumer and is some consumer's dead-letter queue", queueWiring},
	{"service-cycles", "service bindings form no cycle", serviceCycles},
	{"cron", "every cron trigger is a valid five-field expression", crons},
	{"name-limits", "every name, with the stack's suffix, is within Cloudflare's limits", nameLimits},
	{"worker-bundles", "bundles name only estate workers; only dev may use the placeholder (code defaults to external)", workerBundles},
	{"database-ids", "known D1 database IDs name estate databases and are UUIDs", databaseIDs},
	{"no-plain-secrets", "nothing secret-looking in plain config or plain-text bindings", noPlainSecrets},
	{"protected-in-prod", "prod protects its resources (and retains the stateful ones on delete)", protectedInProd},
}

func quoted(kind, name string) string { return kind + ` "` + name + `"` }

func uniqueNames(in Input, r report) {
	e := in.Estate
	check := func(kind string, names []string) {
		seen := map[string]bool{}
		for _, n := range names {
			if seen[n] {
				r(quoted(kind, n), "is declared more than once")
			}
			seen[n] = true
		}
	}
	check("worker", collect(e.Workers, func(w estate.Worker) string { return w.Name }))
	check("D1 database", collect(e.Databases, func(d estate.Database) string { return d.Name }))
	check("R2 bucket", collect(e.Buckets, func(b estate.Bucket) string { return b.Name }))
	check("Vectorize index", collect(e.Indexes, func(i estate.Index) string { return i.Name }))
	check("queue", collect(e.Queues, func(q estate.Queue) string { return q.Name }))
}

func collect[T any](items []T, name func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = name(it)
	}
	return out
}

func set(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// catalog is what the estate has, by kind of binding target.
func catalog(e estate.Estate) map[estate.BindingKind]map[string]bool {
	return map[estate.BindingKind]map[string]bool{
		estate.D1:            set(collect(e.Databases, func(d estate.Database) string { return d.Name })),
		estate.R2:            set(collect(e.Buckets, func(b estate.Bucket) string { return b.Name })),
		estate.Vectorize:     set(collect(e.Indexes, func(i estate.Index) string { return i.Name })),
		estate.QueueProducer: set(collect(e.Queues, func(q estate.Queue) string { return q.Name })),
		estate.Service:       set(collect(e.Workers, func(w estate.Worker) string { return w.Name })),
	}
}

var kindNames = map[estate.BindingKind]string{
	estate.D1: "D1 database", estate.R2: "R2 bucket", estate.Vectorize: "Vectorize index",
	estate.QueueProducer: "queue", estate.Service: "worker",
}

func bindingTargets(in Input, r report) {
	e := in.Estate
	has := catalog(e)
	queues := has[estate.QueueProducer]
	for _, w := range e.Workers {
		for _, b := range w.Bindings {
			subject := quoted("worker", w.Name) + " binding " + b.Name
			switch b.Kind {
			case estate.AI, estate.PlainText, estate.JSON:
				if b.Target != "" {
					r(subject, "a %s binding has no target, got %q", b.Kind, b.Target)
				}
				if b.Kind == estate.JSON && !json.Valid([]byte(b.Text)) {
					r(subject, "a json binding's value must be JSON, got %q", b.Text)
				}
			case estate.D1, estate.R2, estate.Vectorize, estate.QueueProducer, estate.Service:
				if !has[b.Kind][b.Target] {
					r(subject, "points at %s, which the estate does not have", quoted(kindNames[b.Kind], b.Target))
				}
				if b.Kind == estate.Service && b.Target == w.Name {
					r(subject, "binds the worker to itself")
				}
			case estate.SecretText, estate.KVNamespace, estate.AnalyticsEngine:
				if b.Target == "" {
					r(subject, "a %s binding needs a target", b.Kind)
				}
			default:
				r(subject, "unknown binding kind %q", b.Kind)
			}
		}
		for _, c := range w.Consumes {
			if !queues[c.Queue] {
				r(quoted("worker", w.Name), "consumes %s, which the estate does not have", quoted("queue", c.Queue))
			}
			if c.DeadLetterQueue != "" && !queues[c.DeadLetterQueue] {
				r(quoted("worker", w.Name), "sends dead letters of %q to %s, which the estate does not have", c.Queue, quoted("queue", c.DeadLetterQueue))
			}
		}
	}
	for _, ev := range e.BucketEvents {
		if !has[estate.R2][ev.Bucket] {
			r(quoted("bucket events", ev.Bucket+" → "+ev.Queue), "come from %s, which the estate does not have", quoted("R2 bucket", ev.Bucket))
		}
		if !queues[ev.Queue] {
			r(quoted("bucket events", ev.Bucket+" → "+ev.Queue), "go to %s, which the estate does not have", quoted("queue", ev.Queue))
		}
		if len(ev.Actions) == 0 {
			r(quoted("bucket events", ev.Bucket+" → "+ev.Queue), "name no actions")
		}
	}
}

var bindingName = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

func bindingNames(in Input, r report) {
	for _, w := range in.Estate.Workers {
		seen := map[string]bool{}
		for _, b := range w.Bindings {
			if seen[b.Name] {
				r(quoted("worker", w.Name), "has two bindings named %s", b.Name)
			}
			seen[b.Name] = true
			if !bindingName.MatchString(b.Name) {
				r(quoted("worker", w.Name), "binding name %q is not UPPER_SNAKE", b.Name)
			}
		}
	}
}

func oneConsumer(in Input, r report) {
	consumers := map[string][]string{}
	for _, w := range in.Estate.Workers {
		for _, c := range w.Consumes {
			consumers[c.Queue] = append(consumers[c.Queue], w.Name)
		}
	}
	for _, q := range config.SortedKeys(consumers) {
		if ws := consumers[q]; len(ws) > 1 {
			r(quoted("queue", q), "is consumed by %s; Cloudflare allows one consumer per queue (the others should produce to it)", strings.Join(ws, " and "))
		}
	}
}

func queueWiring(in Input, r report) {
	e := in.Estate
	for _, q := range e.Queues {
		_, _, consumed := e.ConsumerOf(q.Name)
		producers := e.ProducersOf(q.Name)
		switch {
		case q.DeadLetter && consumed:
			r(quoted("queue", q.Name), "is a dead-letter queue but has a consumer")
		case q.DeadLetter && len(producers) == 0:
			r(quoted("queue", q.Name), "is a dead-letter queue of no consumer")
		case !q.DeadLetter && !consumed:
			r(quoted("queue", q.Name), "has no consumer")
		case !q.DeadLetter && len(producers) == 0:
			r(quoted("queue", q.Name), "has no producer")
		}
	}
	dead := map[string]bool{}
	for _, q := range e.Queues {
		dead[q.Name] = q.DeadLetter
	}
	for _, w := range e.Workers {
		for _, c := range w.Consumes {
			if c.DeadLetterQueue != "" && !dead[c.DeadLetterQueue] && has(e.Queues, c.DeadLetterQueue) {
				r(quoted("worker", w.Name), "sends dead letters to %s, which is not marked as a dead-letter queue", quoted("queue", c.DeadLetterQueue))
			}
		}
	}
}

func has(qs []estate.Queue, name string) bool {
	for _, q := range qs {
		if q.Name == name {
			return true
		}
	}
	return false
}

func serviceCycles(in Input, r report) {
	if _, cycle := in.Estate.DeployOrder(); cycle != nil {
		r("service bindings", "form a cycle %s; workers bound as services are deployed first, so a cycle cannot be deployed", strings.Join(cycle, " → "))
	}
}

func crons(in Input, r report) {
	for _, w := range in.Estate.Workers {
		for _, c := range w.Crons {
			if err := cron.Check(c); err != nil {
				r(quoted("worker", w.Name), "%v", err)
			}
		}
	}
}

func nameLimits(in Input, r report) {
	names, err := naming.New(in.Config.NameSuffix)
	if err != nil {
		r(quoted("config", config.KeyNameSuffix), "%v", err)
		return
	}
	e := in.Estate
	// A suffix too long for some names is one problem, of one key: report
	// it once, with the longest suffix that fits, not once per name.
	suffix := names.Suffix()
	maxSuffix, tightest := -1, ""
	tooLong := 0
	check := func(kind naming.Kind, logical string) {
		if room := naming.MaxLen(kind) - len(logical); maxSuffix < 0 || room < maxSuffix {
			maxSuffix, tightest = room, fmt.Sprintf("%s %q, %d characters at most", kind, logical, naming.MaxLen(kind))
		}
		err := naming.Check(kind, names.Name(kind, logical))
		if err == nil {
			return
		}
		if naming.Check(kind, logical) == nil && len(logical)+len(suffix) > naming.MaxLen(kind) {
			tooLong++
			return
		}
		r(quoted(string(kind), logical), "%v", err)
	}
	defer func() {
		if tooLong > 0 {
			r(quoted("config", config.KeyNameSuffix), "%q is %d characters, too long for %d of the estate's names; this estate allows a suffix of at most %d (%s)",
				suffix, len(suffix), tooLong, maxSuffix, tightest)
		}
	}()
	for _, w := range e.Workers {
		check(naming.Worker, w.Name)
	}
	for _, d := range e.Databases {
		check(naming.Database, d.Name)
	}
	for _, b := range e.Buckets {
		check(naming.Bucket, b.Name)
	}
	for _, i := range e.Indexes {
		check(naming.Index, i.Name)
	}
	for _, q := range e.Queues {
		check(naming.Queue, q.Name)
	}
}

func workerBundles(in Input, r report) {
	bundles := in.Config.WorkerBundles
	workers := set(collect(in.Estate.Workers, func(w estate.Worker) string { return w.Name }))
	if env := in.Config.Environment; env != config.Dev {
		for _, name := range config.SortedKeys(bundles) {
			if bundles[name] == config.Placeholder {
				r(quoted("config", config.KeyWorkerBundles+"."+name),
					"is %q, which %s may not use: it would replace the worker's code with a 503; give the path of its built bundle, or %q (the application's pipeline deploys the code)",
					config.Placeholder, env, config.External)
			}
		}
	}
	for _, name := range config.SortedKeys(bundles) {
		if !workers[name] {
			r(quoted("config", config.KeyWorkerBundles), "names %q, which is not a worker of the estate", name)
		}
	}
}

var uuid = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func databaseIDs(in Input, r report) {
	dbs := set(collect(in.Estate.Databases, func(d estate.Database) string { return d.Name }))
	for _, name := range config.SortedKeys(in.Config.D1DatabaseIDs) {
		id := in.Config.D1DatabaseIDs[name]
		if !dbs[name] {
			r(quoted("config", config.KeyD1DatabaseIDs), "names %q, which is not a D1 database of the estate", name)
		}
		if !uuid.MatchString(id) {
			r(quoted("config", config.KeyD1DatabaseIDs), "the ID of %q must be a lowercase UUID, got %q", name, id)
		}
	}
}

var (
	secretKey   = regexp.MustCompile(`(?i)(token|secret|password|passwd|api_?key|private_?key|credential)`)
	secretValue = regexp.MustCompile(`^[A-Za-z0-9_\-]{40,}$|^-----BEGIN [A-Z ]*PRIVATE KEY-----`)
)

// looksSecret is deliberately simple: a key named like a credential, or a
// long token-shaped value. The message never repeats the value.
func looksSecret(key, value string) bool {
	return secretKey.MatchString(key) || secretValue.MatchString(value)
}

func noPlainSecrets(in Input, r report) {
	// The program's own keys hold names, dates and paths that the config
	// package checks by type: a long suffix is not a token.
	own := set(config.Keys())
	for _, key := range config.SortedKeys(in.Values) {
		v := in.Values[key]
		if v.Secret {
			continue
		}
		if secretKey.MatchString(key) || (!own[key] && secretValue.MatchString(v.Value)) {
			r(quoted("config", key), "looks secret but is plain text; set it with `pulumi config set --secret %s`", key)
		}
	}
	for _, w := range in.Estate.Workers {
		for _, b := range w.BindingsOf(estate.PlainText) {
			if looksSecret(b.Name, b.Text) {
				r(quoted("worker", w.Name)+" binding "+b.Name, "looks secret but is a plain-text binding; make it a secret_text binding")
			}
		}
		for _, b := range w.BindingsOf(estate.SecretText) {
			if v, ok := in.Values[b.Target]; ok && !v.Secret {
				r(quoted("config", b.Target), "holds secret %s of worker %q in plain text; set it with `pulumi config set --secret %s`", b.Name, w.Name, b.Target)
			}
		}
	}
}

func protectedInProd(in Input, r report) {
	if in.Config.Environment == config.Prod && !in.Config.Protect {
		r(quoted("config", config.KeyProtect), "is false in prod; prod must be protected so that no destroy, rename or replacement can delete a resource or its data")
	}
}

// secretKeys are the config keys the estate's secret_text bindings read.
func secretKeys(e estate.Estate) []string {
	var out []string
	for _, w := range e.Workers {
		for _, b := range w.BindingsOf(estate.SecretText) {
			out = append(out, b.Target)
		}
	}
	return out
}

func knownKeys(in Input, r report) {
	if in.KnownKeys == nil {
		return
	}
	known := set(append(append([]string{}, in.KnownKeys...), secretKeys(in.Estate)...))
	prefix := config.Project + ":"
	for _, key := range config.SortedKeys(in.Values) {
		if !strings.HasPrefix(key, prefix) || known[key] {
			continue
		}
		msg := "is not a key of this project, so it would be ignored"
		if guess := closest(key, config.SortedKeys(known)); guess != "" {
			msg += fmt.Sprintf("; did you mean %q?", guess)
		} else {
			msg += "; the keys are listed in Pulumi.yaml's config block"
		}
		r(quoted("config", key), "%s", msg)
	}
}

// closest is the known key nearest to key by edit distance (case folded),
// when near enough to be a typo.
func closest(key string, known []string) string {
	best, bestD := "", 0
	for _, k := range known {
		d := editDistance(strings.ToLower(key), strings.ToLower(k))
		if best == "" || d < bestD {
			best, bestD = k, d
		}
	}
	if bestD > max(3, len(strings.TrimPrefix(key, config.Project+":"))/3) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance of a and b, by bytes (keys are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
