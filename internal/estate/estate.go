// Package estate is the one model of the Dome Cloudflare estate: every worker
// with its bindings, and every database, bucket, index and queue they use.
//
// It is plain Go data and knows nothing of Pulumi or Cloudflare's API. The
// Pulumi resources, the import file, the diagram, the wrangler configuration
// and the validation rules are all derived from it, so a fact about the estate
// is written here once. Names here are logical (today's production names);
// per-environment names come from package naming.
package estate

// BindingKind says what a worker binding points at.
type BindingKind string

// The binding kinds the estate uses, plus the ones a Workers user would expect.
const (
	AI              BindingKind = "ai"               // Workers AI; no target
	D1              BindingKind = "d1"               // target: a Database
	R2              BindingKind = "r2"               // target: a Bucket
	Vectorize       BindingKind = "vectorize"        // target: an Index
	QueueProducer   BindingKind = "queue"            // target: a Queue the worker sends to
	Service         BindingKind = "service"          // target: another Worker
	PlainText       BindingKind = "plain_text"       // Text is the value
	SecretText      BindingKind = "secret_text"      // Target names the secret's stack config key
	KVNamespace     BindingKind = "kv_namespace"     // Target is a KV namespace ID
	AnalyticsEngine BindingKind = "analytics_engine" // Target is the dataset
	JSON            BindingKind = "json"             // Text is the value, as JSON
)

// Binding is one name a worker's code sees in its env.
type Binding struct {
	// Name is the variable the code reads (env.NAME): UPPER_SNAKE and stable,
	// because the application's code depends on it.
	Name string
	Kind BindingKind
	// Target is the logical name of what is bound (a database, bucket, index,
	// queue or worker), a KV namespace ID, a dataset, or for SecretText the
	// stack config key that holds the secret. Empty for AI and PlainText.
	Target string
	// Text is the value of a PlainText binding, or of a JSON binding as
	// JSON. Never put secrets here.
	Text string
}

// Observability is a worker's Workers Logs setting.
type Observability struct {
	Enabled          bool
	HeadSamplingRate float64
}

// Consumer says that a worker consumes a queue. Zero settings mean
// Cloudflare's defaults.
type Consumer struct {
	Queue string
	// DeadLetterQueue receives messages that failed MaxRetries times.
	DeadLetterQueue string
	BatchSize       int
	MaxRetries      int
	MaxWaitTimeMs   int
	RetryDelay      int
	MaxConcurrency  int
}

// Worker is one Cloudflare Worker script.
type Worker struct {
	Name        string
	Description string
	Bindings    []Binding
	Consumes    []Consumer
	// Crons are the worker's cron triggers, in Cloudflare's five-field form.
	Crons []string
	// Public says whether the worker answers on its workers.dev subdomain.
	// Internal services are reached through service bindings only, so only
	// the public API is public by default.
	Public bool

	// The settings below are the stack's (config.Config.Apply fills them
	// from the stack-wide keys and the worker's overrides).

	// CompatibilityDate and CompatibilityFlags are the Workers runtime's.
	CompatibilityDate  string
	CompatibilityFlags []string
	Observability      Observability
	Tags               []string
	// ExternalSecrets are secrets set outside Pulumi (`wrangler secret
	// put`): kept on every upload, never deleted, never read.
	ExternalSecrets []string
	// Routes and Domains put the worker in front of a zone's hostnames.
	// None by default: the repository does not know production's zone, so
	// a stack gives them (dome-infra:workers.<worker>.routes, .customDomains).
	Routes  []Route
	Domains []CustomDomain
}

// Route runs a worker on the requests of a zone whose URL matches Pattern
// (https://developers.cloudflare.com/workers/configuration/routing/routes/).
type Route struct {
	// Zone is the zone's name (example.com); the stack maps it to the zone's
	// ID (dome-infra:zones).
	Zone    string
	Pattern string
}

// CustomDomain makes a worker the origin of a hostname in a zone: Cloudflare
// creates its DNS record and certificate
// (https://developers.cloudflare.com/workers/configuration/routing/custom-domains/).
type CustomDomain struct {
	Zone     string
	Hostname string
}

// Database is a D1 database.
type Database struct {
	Name        string
	Description string
}

// Bucket is an R2 bucket.
type Bucket struct {
	Name        string
	Description string
}

// Index is a Vectorize index. Its dimensions and metric are stack config
// because they follow the embedding model the application uses.
type Index struct {
	Name string
	// Description is set on the index in Cloudflare. The API cannot change
	// it, so a difference replaces the index and deletes every vector: it
	// must be production's description.
	Description string
}

// Queue is a Cloudflare Queue.
type Queue struct {
	Name        string
	Description string
	// DeadLetter marks a queue that only receives failed messages: it has a
	// producer (a consumer's dead-letter setting) but never a consumer.
	DeadLetter bool
}

// BucketEvents sends a bucket's object events to a queue (R2 event
// notifications).
type BucketEvents struct {
	Bucket      string
	Queue       string
	Actions     []string
	Prefix      string
	Suffix      string
	Description string
}

// Estate is the whole inventory.
type Estate struct {
	Workers      []Worker
	Databases    []Database
	Buckets      []Bucket
	Indexes      []Index
	Queues       []Queue
	BucketEvents []BucketEvents
}

// ObjectCreated are the R2 actions that create an object.
var ObjectCreated = []string{"PutObject", "CopyObject", "CompleteMultipartUpload"}

// Worker returns the worker of that name.
func (e Estate) Worker(name string) (Worker, bool) {
	for _, w := range e.Workers {
		if w.Name == name {
			return w, true
		}
	}
	return Worker{}, false
}

// BindingsOf returns the worker's bindings of one kind, in declaration order.
func (w Worker) BindingsOf(kind BindingKind) []Binding {
	var out []Binding
	for _, b := range w.Bindings {
		if b.Kind == kind {
			out = append(out, b)
		}
	}
	return out
}

// ConsumerOf returns the worker consuming the queue, if any.
func (e Estate) ConsumerOf(queue string) (Worker, Consumer, bool) {
	for _, w := range e.Workers {
		for _, c := range w.Consumes {
			if c.Queue == queue {
				return w, c, true
			}
		}
	}
	return Worker{}, Consumer{}, false
}

// ProducersOf names what sends messages to the queue: workers with a producer
// binding, buckets whose events feed it, and workers whose consumer uses it
// as a dead-letter queue (as "dead letters of <worker>").
func (e Estate) ProducersOf(queue string) []string {
	var out []string
	for _, w := range e.Workers {
		for _, b := range w.BindingsOf(QueueProducer) {
			if b.Target == queue {
				out = append(out, w.Name)
			}
		}
		for _, c := range w.Consumes {
			if c.DeadLetterQueue == queue {
				out = append(out, "dead letters of "+w.Name)
			}
		}
	}
	for _, ev := range e.BucketEvents {
		if ev.Queue == queue {
			out = append(out, "bucket "+ev.Bucket)
		}
	}
	return out
}
