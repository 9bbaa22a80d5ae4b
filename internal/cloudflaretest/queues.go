package cloudflaretest

import (
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/dome/dome-infra/internal/cfapi/queuelimits"
)

// QueueState is a queue. Consumers and producers are derived state: see
// Consumers and the producers list in API responses.
type QueueState struct {
	QueueID    string        `json:"queue_id"`
	QueueName  string        `json:"queue_name"`
	CreatedOn  time.Time     `json:"created_on"`
	ModifiedOn time.Time     `json:"modified_on"`
	Settings   QueueSettings `json:"settings"`
	seq        int
}

// QueueSettings mirrors the API's queue settings (seconds).
type QueueSettings struct {
	DeliveryDelay          int  `json:"delivery_delay"`
	DeliveryPaused         bool `json:"delivery_paused"`
	MessageRetentionPeriod int  `json:"message_retention_period"`
}

// DefaultQueueSettings are the settings of a newly created queue.
var DefaultQueueSettings = QueueSettings{MessageRetentionPeriod: 345600}

// Consumer types.
const (
	ConsumerTypeWorker   = "worker"
	ConsumerTypeHTTPPull = "http_pull"
)

// ConsumerState is a queue consumer.
type ConsumerState struct {
	ConsumerID      string           `json:"consumer_id"`
	QueueID         string           `json:"queue_id"`
	Type            string           `json:"type"`             // "worker" or "http_pull"
	ScriptName      string           `json:"script,omitempty"` // worker consumers
	DeadLetterQueue string           `json:"dead_letter_queue,omitempty"`
	Settings        ConsumerSettings `json:"settings"`
	CreatedOn       time.Time        `json:"created_on"`
	seq             int
}

// ConsumerSettings holds both worker and http_pull settings; responses only
// carry the fields of the consumer's type. MaxConcurrency 0 means "unset"
// (Cloudflare autoscales).
type ConsumerSettings struct {
	BatchSize           int `json:"batch_size"`
	MaxRetries          int `json:"max_retries"`
	MaxWaitTimeMs       int `json:"max_wait_time_ms"`
	RetryDelay          int `json:"retry_delay"`
	MaxConcurrency      int `json:"max_concurrency,omitempty"`
	VisibilityTimeoutMs int `json:"visibility_timeout_ms,omitempty"`
}

// DefaultConsumerSettings are applied to fields a create/update omits. The worker
// consumer's are Cloudflare's defaults as cfapi defines them (the one definition, which
// the companion provider compares unset inputs with); MaxConcurrency has none (0:
// automatic scaling). VisibilityTimeoutMs is the http_pull consumers' default.
var DefaultConsumerSettings = ConsumerSettings{
	BatchSize:           queuelimits.QueueConsumerDefaultBatchSize,
	MaxRetries:          queuelimits.QueueConsumerDefaultMaxRetries,
	MaxWaitTimeMs:       queuelimits.QueueConsumerDefaultMaxWaitTimeMs,
	RetryDelay:          queuelimits.QueueConsumerDefaultRetryDelay,
	VisibilityTimeoutMs: 30000,
}

const (
	codeQueueNotFound     = 11000
	codeQueueInvalid      = 11001
	codeQueueDuplicate    = 11009
	codeConsumerNotFound  = 11002
	codeConsumerDuplicate = 11003
)

var queueNameRe = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,63}$`)

func (s *Server) registerQueues() {
	const base = "/accounts/{account_id}/queues"
	s.handle("GET "+base, groupQueues, s.listQueues)
	s.handle("POST "+base, groupQueues, s.createQueue)
	s.handle("GET "+base+"/{queue_id}", groupQueues, s.getQueue)
	s.handle("PUT "+base+"/{queue_id}", groupQueues, s.updateQueue)
	s.handle("PATCH "+base+"/{queue_id}", groupQueues, s.updateQueue)
	s.handle("DELETE "+base+"/{queue_id}", groupQueues, s.deleteQueue)

	s.handle("GET "+base+"/{queue_id}/consumers", groupQueues, s.listConsumers)
	s.handle("POST "+base+"/{queue_id}/consumers", groupQueues, s.createConsumer)
	s.handle("GET "+base+"/{queue_id}/consumers/{consumer_id}", groupQueues, s.getConsumer)
	s.handle("PUT "+base+"/{queue_id}/consumers/{consumer_id}", groupQueues, s.updateConsumer)
	s.handle("DELETE "+base+"/{queue_id}/consumers/{consumer_id}", groupQueues, s.deleteConsumer)
}

// ---------------------------------------------------------------------------
// Rendering

func (a *account) queueJSON(q *QueueState) map[string]any {
	consumers := []any{}
	for _, c := range a.queueConsumers(q.QueueID) {
		consumers = append(consumers, a.consumerJSON(c))
	}
	producers := a.queueProducers(q.QueueName)
	return map[string]any{
		"queue_id":              q.QueueID,
		"queue_name":            q.QueueName,
		"created_on":            q.CreatedOn,
		"modified_on":           q.ModifiedOn,
		"settings":              q.Settings,
		"consumers":             consumers,
		"consumers_total_count": len(consumers),
		"producers":             producers,
		"producers_total_count": len(producers),
	}
}

// queueProducers lists workers whose current bindings include the queue and
// buckets whose event notifications target it.
func (a *account) queueProducers(queueName string) []map[string]any {
	out := []map[string]any{}
	for _, sc := range sortedBySeq(a.scripts, func(s *ScriptState) int { return s.seq }) {
		if slices.ContainsFunc(sc.Bindings, func(b Binding) bool { return b.Type == "queue" && b.QueueName == queueName }) {
			out = append(out, map[string]any{"type": "worker", "script": sc.Name})
		}
	}
	q := a.queueByName(queueName)
	var buckets []string
	for bucket, byQueue := range a.notifications {
		if q != nil && len(byQueue[q.QueueID]) > 0 {
			buckets = append(buckets, bucket)
		}
	}
	slices.Sort(buckets)
	for _, b := range buckets {
		out = append(out, map[string]any{"type": "r2_bucket", "bucket_name": b})
	}
	return out
}

func (a *account) consumerJSON(c *ConsumerState) map[string]any {
	settings := map[string]any{
		"batch_size":  c.Settings.BatchSize,
		"max_retries": c.Settings.MaxRetries,
		"retry_delay": c.Settings.RetryDelay,
	}
	out := map[string]any{
		"consumer_id": c.ConsumerID,
		"queue_id":    c.QueueID,
		"created_on":  c.CreatedOn,
		"type":        c.Type,
		"settings":    settings,
	}
	if q := a.queues[c.QueueID]; q != nil {
		out["queue_name"] = q.QueueName
	}
	if c.Type == ConsumerTypeWorker {
		out["script"] = c.ScriptName
		settings["max_wait_time_ms"] = c.Settings.MaxWaitTimeMs
		if c.Settings.MaxConcurrency > 0 {
			settings["max_concurrency"] = c.Settings.MaxConcurrency
		}
	} else {
		settings["visibility_timeout_ms"] = c.Settings.VisibilityTimeoutMs
	}
	if c.DeadLetterQueue != "" {
		out["dead_letter_queue"] = c.DeadLetterQueue
	}
	return out
}

// ---------------------------------------------------------------------------
// Queues

// listQueues honours ?name= (exact names; repeatable, any of them
// matches): wrangler looks a queue up by name and takes result[0]
// (packages/wrangler/src/queues/client.ts), and checks a config's queues
// exist with one name= per queue (deploy-helpers' ensureQueuesExistByConfig).
func (s *Server) listQueues(c *call) (any, error) {
	names := c.r.URL.Query()["name"]
	var items []map[string]any
	for _, q := range sortedBySeq(c.acct.queues, func(q *QueueState) int { return q.seq }) {
		if len(names) > 0 && !slices.Contains(names, q.QueueName) {
			continue
		}
		items = append(items, c.acct.queueJSON(q))
	}
	return paginate(c, items)
}

// queueBody is the create/update body. Pointers distinguish "absent" so
// PATCH can merge.
type queueBody struct {
	QueueName *string `json:"queue_name"`
	Settings  *struct {
		DeliveryDelay          *int  `json:"delivery_delay"`
		DeliveryPaused         *bool `json:"delivery_paused"`
		MessageRetentionPeriod *int  `json:"message_retention_period"`
	} `json:"settings"`
}

// apply merges the body's settings over base and validates the result.
func (b queueBody) apply(base QueueSettings) (QueueSettings, error) {
	if b.Settings != nil {
		if v := b.Settings.DeliveryDelay; v != nil {
			base.DeliveryDelay = *v
		}
		if v := b.Settings.DeliveryPaused; v != nil {
			base.DeliveryPaused = *v
		}
		if v := b.Settings.MessageRetentionPeriod; v != nil {
			base.MessageRetentionPeriod = *v
		}
	}
	return base, validateQueueSettings(base)
}

func validateQueueSettings(s QueueSettings) error {
	if s.DeliveryDelay < 0 || s.DeliveryDelay > 43200 {
		return errBadRequest(codeQueueInvalid, "settings.delivery_delay must be between 0 and 43200 seconds, got %d", s.DeliveryDelay)
	}
	if s.MessageRetentionPeriod < 60 || s.MessageRetentionPeriod > 1209600 {
		return errBadRequest(codeQueueInvalid, "settings.message_retention_period must be between 60 and 1209600 seconds, got %d", s.MessageRetentionPeriod)
	}
	return nil
}

func (s *Server) createQueue(c *call) (any, error) {
	var req queueBody
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	if req.QueueName == nil {
		return nil, errBadRequest(codeQueueInvalid, "queue_name is required")
	}
	settings, err := req.apply(DefaultQueueSettings)
	if err != nil {
		return nil, err
	}
	q, err := c.acct.addQueue(*req.QueueName, c.now)
	if err != nil {
		return nil, err
	}
	q.Settings = settings
	return c.acct.queueJSON(q), nil
}

func (a *account) addQueue(name string, at time.Time) (*QueueState, error) {
	if !queueNameRe.MatchString(name) {
		return nil, errBadRequest(codeQueueInvalid, "queue_name %q is invalid: use 1-63 letters, digits, '-' or '_'", name)
	}
	if a.queueByName(name) != nil {
		return nil, errConflict(codeQueueDuplicate, "A queue with name %q already exists", name)
	}
	q := &QueueState{QueueID: randomHex(16), QueueName: name, CreatedOn: at, ModifiedOn: at, Settings: DefaultQueueSettings, seq: a.nextSeq()}
	a.queues[q.QueueID] = q
	return q, nil
}

func (a *account) queueByName(name string) *QueueState {
	for _, q := range a.queues {
		if q.QueueName == name {
			return q
		}
	}
	return nil
}

func (c *call) queue(id string) (*QueueState, error) {
	q, ok := c.acct.queues[id]
	if !ok {
		return nil, errNotFound(codeQueueNotFound, "Queue %s does not exist", id)
	}
	return q, nil
}

func (s *Server) getQueue(c *call) (any, error) {
	q, err := c.queue(c.param("queue_id"))
	if err != nil {
		return nil, err
	}
	return c.acct.queueJSON(q), nil
}

// updateQueue: PUT replaces the settings (omitted ones reset to defaults),
// PATCH merges. Both may rename the queue.
func (s *Server) updateQueue(c *call) (any, error) {
	q, err := c.queue(c.param("queue_id"))
	if err != nil {
		return nil, err
	}
	var req queueBody
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	base := q.Settings
	if c.r.Method == "PUT" {
		base = DefaultQueueSettings
	}
	settings, err := req.apply(base)
	if err != nil {
		return nil, err
	}
	if req.QueueName != nil && *req.QueueName != q.QueueName {
		if !queueNameRe.MatchString(*req.QueueName) {
			return nil, errBadRequest(codeQueueInvalid, "queue_name %q is invalid", *req.QueueName)
		}
		if c.acct.queueByName(*req.QueueName) != nil {
			return nil, errConflict(codeQueueDuplicate, "A queue with name %q already exists", *req.QueueName)
		}
		q.QueueName = *req.QueueName
	}
	q.Settings = settings
	q.ModifiedOn = c.now
	return c.acct.queueJSON(q), nil
}

func (s *Server) deleteQueue(c *call) (any, error) {
	id := c.param("queue_id")
	if _, err := c.queue(id); err != nil {
		return nil, err
	}
	c.acct.deleteQueue(id)
	return nil, nil
}

// deleteQueue drops the queue, its consumers and event notification rules
// that target it.
func (a *account) deleteQueue(id string) {
	delete(a.queues, id)
	for cid, cs := range a.consumers {
		if cs.QueueID == id {
			delete(a.consumers, cid)
		}
	}
	for _, byQueue := range a.notifications {
		delete(byQueue, id)
	}
}

// ---------------------------------------------------------------------------
// Consumers

func (a *account) queueConsumers(queueID string) []*ConsumerState {
	var out []*ConsumerState
	for _, c := range sortedBySeq(a.consumers, func(c *ConsumerState) int { return c.seq }) {
		if c.QueueID == queueID {
			out = append(out, c)
		}
	}
	return out
}

func (s *Server) listConsumers(c *call) (any, error) {
	q, err := c.queue(c.param("queue_id"))
	if err != nil {
		return nil, err
	}
	var items []map[string]any
	for _, cs := range c.acct.queueConsumers(q.QueueID) {
		items = append(items, c.acct.consumerJSON(cs))
	}
	return paginate(c, items)
}

// consumerBody is the create/update body: script_name (or script), type,
// dead_letter_queue and settings.
type consumerBody struct {
	ScriptName      string `json:"script_name"`
	Script          string `json:"script"`
	Type            string `json:"type"`
	DeadLetterQueue string `json:"dead_letter_queue"`
	Settings        *struct {
		BatchSize           *int `json:"batch_size"`
		MaxRetries          *int `json:"max_retries"`
		MaxWaitTimeMs       *int `json:"max_wait_time_ms"`
		RetryDelay          *int `json:"retry_delay"`
		MaxConcurrency      *int `json:"max_concurrency"`
		VisibilityTimeoutMs *int `json:"visibility_timeout_ms"`
	} `json:"settings"`
}

// toState validates the body and builds the consumer it describes (omitted
// settings take their defaults, as Cloudflare does).
func (b consumerBody) toState() (ConsumerState, error) {
	cs := ConsumerState{Type: b.Type, ScriptName: b.ScriptName, DeadLetterQueue: b.DeadLetterQueue, Settings: DefaultConsumerSettings}
	if cs.ScriptName == "" {
		cs.ScriptName = b.Script
	}
	if cs.Type == "" {
		cs.Type = ConsumerTypeWorker
	}
	if b.Settings != nil {
		set := func(dst *int, v *int) {
			if v != nil {
				*dst = *v
			}
		}
		set(&cs.Settings.BatchSize, b.Settings.BatchSize)
		set(&cs.Settings.MaxRetries, b.Settings.MaxRetries)
		set(&cs.Settings.MaxWaitTimeMs, b.Settings.MaxWaitTimeMs)
		set(&cs.Settings.RetryDelay, b.Settings.RetryDelay)
		set(&cs.Settings.MaxConcurrency, b.Settings.MaxConcurrency)
		set(&cs.Settings.VisibilityTimeoutMs, b.Settings.VisibilityTimeoutMs)
	}
	return cs, validateConsumer(cs)
}

func validateConsumer(cs ConsumerState) error {
	switch cs.Type {
	case ConsumerTypeWorker:
		if cs.ScriptName == "" {
			return errBadRequest(codeQueueInvalid, "script_name is required for a worker consumer")
		}
	case ConsumerTypeHTTPPull:
		if cs.ScriptName != "" {
			return errBadRequest(codeQueueInvalid, "an http_pull consumer does not take script_name")
		}
	default:
		return errBadRequest(codeQueueInvalid, "consumer type %q is not one of [worker http_pull]", cs.Type)
	}
	st := cs.Settings
	switch {
	case st.BatchSize < 1 || st.BatchSize > 100:
		return errBadRequest(codeQueueInvalid, "settings.batch_size must be between 1 and 100, got %d", st.BatchSize)
	case st.MaxRetries < 0 || st.MaxRetries > 100:
		return errBadRequest(codeQueueInvalid, "settings.max_retries must be between 0 and 100, got %d", st.MaxRetries)
	case st.MaxWaitTimeMs < 0 || st.MaxWaitTimeMs > 60000:
		return errBadRequest(codeQueueInvalid, "settings.max_wait_time_ms must be between 0 and 60000, got %d", st.MaxWaitTimeMs)
	case st.RetryDelay < 0 || st.RetryDelay > 43200:
		return errBadRequest(codeQueueInvalid, "settings.retry_delay must be between 0 and 43200, got %d", st.RetryDelay)
	case st.MaxConcurrency < 0 || st.MaxConcurrency > 250:
		return errBadRequest(codeQueueInvalid, "settings.max_concurrency must be between 1 and 250, got %d", st.MaxConcurrency)
	}
	return nil
}

// addConsumer enforces Cloudflare's one-consumer-per-queue rule and creates
// a missing dead letter queue, as Cloudflare does.
func (a *account) addConsumer(q *QueueState, cs ConsumerState, at time.Time) (*ConsumerState, error) {
	if existing := a.queueConsumers(q.QueueID); len(existing) > 0 {
		what := existing[0].Type + " consumer"
		if existing[0].ScriptName != "" {
			what = fmt.Sprintf("worker consumer %q", existing[0].ScriptName)
		}
		return nil, errConflict(codeConsumerDuplicate, "Queue %q already has a %s; a queue can have only one consumer", q.QueueName, what)
	}
	if err := a.ensureDeadLetterQueue(cs.DeadLetterQueue, q, at); err != nil {
		return nil, err
	}
	cs.ConsumerID = randomHex(16)
	cs.QueueID = q.QueueID
	cs.CreatedOn = at
	cs.seq = a.nextSeq()
	a.consumers[cs.ConsumerID] = &cs
	return &cs, nil
}

func (a *account) ensureDeadLetterQueue(name string, q *QueueState, at time.Time) error {
	if name == "" || a.queueByName(name) != nil {
		return nil
	}
	if name == q.QueueName {
		return errBadRequest(codeQueueInvalid, "dead_letter_queue cannot be the queue itself")
	}
	_, err := a.addQueue(name, at)
	return err
}

func (s *Server) createConsumer(c *call) (any, error) {
	q, err := c.queue(c.param("queue_id"))
	if err != nil {
		return nil, err
	}
	var req consumerBody
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	cs, err := req.toState()
	if err != nil {
		return nil, err
	}
	created, err := c.acct.addConsumer(q, cs, c.now)
	if err != nil {
		return nil, err
	}
	return c.acct.consumerJSON(created), nil
}

func (c *call) consumer() (*QueueState, *ConsumerState, error) {
	q, err := c.queue(c.param("queue_id"))
	if err != nil {
		return nil, nil, err
	}
	id := c.param("consumer_id")
	cs, ok := c.acct.consumers[id]
	if !ok || cs.QueueID != q.QueueID {
		return nil, nil, errNotFound(codeConsumerNotFound, "Consumer %s does not exist on queue %s", id, q.QueueID)
	}
	return q, cs, nil
}

func (s *Server) getConsumer(c *call) (any, error) {
	_, cs, err := c.consumer()
	if err != nil {
		return nil, err
	}
	return c.acct.consumerJSON(cs), nil
}

// updateConsumer (PUT) replaces the consumer's configuration; omitted
// settings are reset to their defaults.
func (s *Server) updateConsumer(c *call) (any, error) {
	q, cs, err := c.consumer()
	if err != nil {
		return nil, err
	}
	var req consumerBody
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	if req.Type == "" {
		req.Type = cs.Type
	}
	next, err := req.toState()
	if err != nil {
		return nil, err
	}
	if err := c.acct.ensureDeadLetterQueue(next.DeadLetterQueue, q, c.now); err != nil {
		return nil, err
	}
	cs.Type, cs.ScriptName, cs.DeadLetterQueue, cs.Settings = next.Type, next.ScriptName, next.DeadLetterQueue, next.Settings
	return c.acct.consumerJSON(cs), nil
}

func (s *Server) deleteConsumer(c *call) (any, error) {
	_, cs, err := c.consumer()
	if err != nil {
		return nil, err
	}
	delete(c.acct.consumers, cs.ConsumerID)
	return nil, nil
}

// ---------------------------------------------------------------------------
// Seeding and inspection

// SeedQueue creates a queue with default settings directly in state and
// returns its id; it panics if the name is invalid or taken.
func (s *Server) SeedQueue(accountID, name string) (queueID string) {
	s.withAccount(accountID, func(a *account) {
		q, err := a.addQueue(name, now())
		if err != nil {
			panic(fmt.Sprintf("cloudflaretest: SeedQueue: %v", err))
		}
		queueID = q.QueueID
	})
	return queueID
}

// Queues returns the account's queues in creation order.
func (s *Server) Queues(accountID string) []QueueState {
	var out []QueueState
	s.withAccount(accountID, func(a *account) {
		for _, q := range sortedBySeq(a.queues, func(q *QueueState) int { return q.seq }) {
			out = append(out, *q)
		}
	})
	return out
}

// Queue returns the queue with the given id.
func (s *Server) Queue(accountID, queueID string) (QueueState, bool) {
	var out QueueState
	var ok bool
	s.withAccount(accountID, func(a *account) {
		if q, found := a.queues[queueID]; found {
			out, ok = *q, true
		}
	})
	return out, ok
}

// QueueByName returns the queue with the given name.
func (s *Server) QueueByName(accountID, name string) (QueueState, bool) {
	var out QueueState
	var ok bool
	s.withAccount(accountID, func(a *account) {
		if q := a.queueByName(name); q != nil {
			out, ok = *q, true
		}
	})
	return out, ok
}

// UpdateQueueSettings changes a queue's settings behind the client's back.
func (s *Server) UpdateQueueSettings(accountID, queueID string, settings QueueSettings) error {
	var err error
	s.withAccount(accountID, func(a *account) {
		q, ok := a.queues[queueID]
		if !ok {
			err = fmt.Errorf("cloudflaretest: queue %s not found", queueID)
			return
		}
		q.Settings, q.ModifiedOn = settings, now()
	})
	return err
}

// DeleteQueue removes a queue (with its consumers and the event notification
// rules targeting it) behind the client's back.
func (s *Server) DeleteQueue(accountID, queueID string) bool {
	var ok bool
	s.withAccount(accountID, func(a *account) {
		_, ok = a.queues[queueID]
		a.deleteQueue(queueID)
	})
	return ok
}

// SeedConsumer attaches a consumer to a queue directly in state and returns
// its id. Type defaults to "worker" and zero settings to
// DefaultConsumerSettings' values; the one-consumer-per-queue rule applies.
func (s *Server) SeedConsumer(accountID, queueID string, c ConsumerState) (consumerID string, err error) {
	s.withAccount(accountID, func(a *account) {
		q, ok := a.queues[queueID]
		if !ok {
			err = fmt.Errorf("cloudflaretest: queue %s not found", queueID)
			return
		}
		if c.Type == "" {
			c.Type = ConsumerTypeWorker
		}
		c.Settings = withDefaultSettings(c.Settings)
		if verr := validateConsumer(c); verr != nil {
			err = verr
			return
		}
		created, aerr := a.addConsumer(q, c, now())
		if aerr != nil {
			err = aerr
			return
		}
		consumerID = created.ConsumerID
	})
	return consumerID, err
}

func withDefaultSettings(st ConsumerSettings) ConsumerSettings {
	d := DefaultConsumerSettings
	if st.BatchSize == 0 {
		st.BatchSize = d.BatchSize
	}
	if st.MaxRetries == 0 {
		st.MaxRetries = d.MaxRetries
	}
	if st.MaxWaitTimeMs == 0 {
		st.MaxWaitTimeMs = d.MaxWaitTimeMs
	}
	if st.RetryDelay == 0 {
		st.RetryDelay = d.RetryDelay
	}
	if st.VisibilityTimeoutMs == 0 {
		st.VisibilityTimeoutMs = d.VisibilityTimeoutMs
	}
	return st
}

// Consumers returns a queue's consumers.
func (s *Server) Consumers(accountID, queueID string) []ConsumerState {
	var out []ConsumerState
	s.withAccount(accountID, func(a *account) {
		for _, c := range a.queueConsumers(queueID) {
			out = append(out, *c)
		}
	})
	return out
}

// UpdateConsumerSettings replaces a consumer's settings behind the client's
// back (no defaults are applied).
func (s *Server) UpdateConsumerSettings(accountID, queueID, consumerID string, settings ConsumerSettings) error {
	var err error
	s.withAccount(accountID, func(a *account) {
		c, ok := a.consumers[consumerID]
		if !ok || c.QueueID != queueID {
			err = fmt.Errorf("cloudflaretest: consumer %s not found on queue %s", consumerID, queueID)
			return
		}
		c.Settings = settings
	})
	return err
}

// DeleteConsumer removes a consumer behind the client's back.
func (s *Server) DeleteConsumer(accountID, queueID, consumerID string) bool {
	var ok bool
	s.withAccount(accountID, func(a *account) {
		c, found := a.consumers[consumerID]
		if ok = found && c.QueueID == queueID; ok {
			delete(a.consumers, consumerID)
		}
	})
	return ok
}
