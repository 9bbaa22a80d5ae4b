package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/queues"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/dome/dome-infra/internal/cfapi"
	"github.com/dome/dome-infra/internal/cfapi/queuelimits"
	"github.com/dome/dome-infra/internal/companion"
)

var (
	_ = (infer.CustomResource[QueueConsumerArgs, QueueConsumerState])((*QueueConsumer)(nil))
	_ = (infer.CustomCheck[QueueConsumerArgs])((*QueueConsumer)(nil))
	_ = (infer.CustomDiff[QueueConsumerArgs, QueueConsumerState])((*QueueConsumer)(nil))
	_ = (infer.CustomUpdate[QueueConsumerArgs, QueueConsumerState])((*QueueConsumer)(nil))
	_ = (infer.CustomRead[QueueConsumerArgs, QueueConsumerState])((*QueueConsumer)(nil))
	_ = (infer.CustomDelete[QueueConsumerState])((*QueueConsumer)(nil))
	_ = (infer.Annotated)((*QueueConsumer)(nil))
	_ = (infer.Annotated)((*QueueConsumerArgs)(nil))
	_ = (infer.Annotated)((*QueueConsumerState)(nil))
)

// QueueConsumer attaches a Worker as the (push) consumer of a queue.
//
// The consumer's Worker (scriptName) and settings are updated in place (PUT of the
// consumer); moving the consumer to another queue or account replaces it.
type QueueConsumer struct{}

// Annotate documents the resource.
func (q *QueueConsumer) Annotate(a infer.Annotator) {
	a.Describe(&q, "A Worker consumer of a Cloudflare Queue.\n\n"+
		"Import with `pulumi import "+companion.QueueConsumerType+" <name> <accountId>/<queueId>/<consumerId>`.")
	a.SetToken("index", "QueueConsumer")
}

// QueueConsumerArgs are the inputs of a QueueConsumer.
type QueueConsumerArgs struct {
	AccountID       string  `pulumi:"accountId"`
	QueueID         string  `pulumi:"queueId"`
	ScriptName      string  `pulumi:"scriptName"`
	BatchSize       *int    `pulumi:"batchSize,optional"`
	MaxRetries      *int    `pulumi:"maxRetries,optional"`
	MaxWaitTimeMs   *int    `pulumi:"maxWaitTimeMs,optional"`
	RetryDelay      *int    `pulumi:"retryDelay,optional"`
	MaxConcurrency  *int    `pulumi:"maxConcurrency,optional"`
	DeadLetterQueue *string `pulumi:"deadLetterQueue,optional"`
	// QueueName is the consumed queue's name, which Cloudflare's consumer
	// object lacks. The program passes it (the queue resource's name), so
	// a create is one request; unset, Create and Read GET the queue for it.
	QueueName *string `pulumi:"queueName,optional"`
}

// Annotate documents the inputs.
func (q *QueueConsumerArgs) Annotate(a infer.Annotator) {
	a.Describe(&q.AccountID, "Cloudflare account ID. Changing it replaces the consumer.")
	a.Describe(&q.QueueID, "ID of the queue consumed. Changing it replaces the consumer.")
	a.Describe(&q.ScriptName, "Name of the consuming Worker. Updated in place.")
	// Unset means Cloudflare's default: setting the default explicitly is no change.
	a.Describe(&q.BatchSize, fmt.Sprintf("Maximum messages per batch, 1..%d. Unset: Cloudflare's default, %d.",
		queuelimits.QueueConsumerMaxBatchSize, queuelimits.QueueConsumerDefaultBatchSize))
	a.Describe(&q.MaxRetries, fmt.Sprintf("Maximum retries per message, 0..%d. Unset: Cloudflare's default, %d.",
		queuelimits.QueueConsumerMaxRetries, queuelimits.QueueConsumerDefaultMaxRetries))
	a.Describe(&q.MaxWaitTimeMs, fmt.Sprintf("Milliseconds to wait for a batch to fill, 0..%d. "+
		"Unset: Cloudflare's default, %d.", queuelimits.QueueConsumerMaxWaitTimeMs, queuelimits.QueueConsumerDefaultMaxWaitTimeMs))
	a.Describe(&q.RetryDelay, fmt.Sprintf("Seconds before a retried message is redelivered, 0..%d. "+
		"Unset: Cloudflare's default, %d.", queuelimits.QueueConsumerMaxRetryDelay, queuelimits.QueueConsumerDefaultRetryDelay))
	a.Describe(&q.MaxConcurrency, fmt.Sprintf("Maximum concurrent consumer invocations, %d..%d. "+
		"Unset lets Cloudflare scale automatically.", queuelimits.QueueConsumerMinMaxConcurrency, queuelimits.QueueConsumerMaxMaxConcurrency))
	a.Describe(&q.DeadLetterQueue, "Name of the queue that receives messages that exhausted their retries.")
	a.Describe(&q.QueueName, "Name of the consumed queue (queueId's). Given, a create is one request; "+
		"unset, Create and Read read the queue to learn it.")
}

// QueueConsumerState is the state of a QueueConsumer.
type QueueConsumerState struct {
	QueueConsumerArgs
	ConsumerID string `pulumi:"consumerId"`
}

// Annotate documents the outputs.
func (q *QueueConsumerState) Annotate(a infer.Annotator) {
	a.Describe(&q.ConsumerID, "Cloudflare's ID of the consumer.")
}

// Check validates the inputs against Cloudflare's documented limits.
func (*QueueConsumer) Check(
	ctx context.Context, req infer.CheckRequest,
) (infer.CheckResponse[QueueConsumerArgs], error) {
	args, failures, err := infer.DefaultCheck[QueueConsumerArgs](ctx, req.NewInputs)
	if err != nil || len(failures) > 0 {
		return infer.CheckResponse[QueueConsumerArgs]{Inputs: args, Failures: failures}, err
	}
	c := newChecker(req.NewInputs)
	c.idPart("accountId", args.AccountID)
	c.idPart("queueId", args.QueueID)
	c.matches("scriptName", args.ScriptName, workerNameRe, "Worker name")
	c.intRange("batchSize", args.BatchSize, 1, queuelimits.QueueConsumerMaxBatchSize)
	c.intRange("maxRetries", args.MaxRetries, 0, queuelimits.QueueConsumerMaxRetries)
	c.intRange("maxWaitTimeMs", args.MaxWaitTimeMs, 0, queuelimits.QueueConsumerMaxWaitTimeMs)
	c.intRange("retryDelay", args.RetryDelay, 0, queuelimits.QueueConsumerMaxRetryDelay)
	c.intRange("maxConcurrency", args.MaxConcurrency, queuelimits.QueueConsumerMinMaxConcurrency, queuelimits.QueueConsumerMaxMaxConcurrency)
	if args.DeadLetterQueue != nil {
		c.matches("deadLetterQueue", *args.DeadLetterQueue, queueNameRe, "queue name")
	}
	if args.QueueName != nil {
		c.matches("queueName", *args.QueueName, queueNameRe, "queue name")
	}
	return infer.CheckResponse[QueueConsumerArgs]{Inputs: args, Failures: c.Failures}, nil
}

// Diff compares the new inputs with the state, without any request. An unset setting
// means Cloudflare's default (queuelimits.QueueConsumerDefault*), so leaving a setting unset
// and setting it to its default are no change.
func (*QueueConsumer) Diff(
	_ context.Context, req infer.DiffRequest[QueueConsumerArgs, QueueConsumerState],
) (infer.DiffResponse, error) {
	return diffQueueConsumer(req.State, req.Inputs), nil
}

func diffQueueConsumer(st QueueConsumerState, in QueueConsumerArgs) p.DiffResponse {
	d := cfapi.NewDiffer()
	d.Str("accountId", st.AccountID, in.AccountID, true)
	d.Str("queueId", st.QueueID, in.QueueID, true)
	d.Str("scriptName", st.ScriptName, in.ScriptName, false)
	// An unset setting is Cloudflare's default: only the effective values are compared.
	cfapi.OptDefault(d, "batchSize", st.BatchSize, in.BatchSize, queuelimits.QueueConsumerDefaultBatchSize, false)
	cfapi.OptDefault(d, "maxRetries", st.MaxRetries, in.MaxRetries, queuelimits.QueueConsumerDefaultMaxRetries, false)
	cfapi.OptDefault(d, "maxWaitTimeMs", st.MaxWaitTimeMs, in.MaxWaitTimeMs, queuelimits.QueueConsumerDefaultMaxWaitTimeMs, false)
	cfapi.OptDefault(d, "retryDelay", st.RetryDelay, in.RetryDelay, queuelimits.QueueConsumerDefaultRetryDelay, false)
	cfapi.Opt(d, "maxConcurrency", st.MaxConcurrency, in.MaxConcurrency, false) // unset: automatic scaling
	cfapi.Opt(d, "deadLetterQueue", st.DeadLetterQueue, in.DeadLetterQueue, false)
	if in.QueueName != nil { // unset: whatever Create or Read learnt from the queue
		d.Str("queueName", deref(st.QueueName), *in.QueueName, false)
	}
	// Only a new account or queue forces a replacement, and the new consumer is then on
	// another queue than the old one: create it first, so messages keep flowing.
	return d.Response(false)
}

// Create adds the consumer. One write when the program gives the queue's
// name (it does: internal/queues passes the queue resource's name):
//
//	POST /accounts/{accountId}/queues/{queueId}/consumers
//
// Without queueName, a read first (the consumer response lacks the queue name):
//
//	GET  /accounts/{accountId}/queues/{queueId}
//
// A wrong queueId fails either way before anything is written: the POST to a
// missing queue is Cloudflare's 404.
func (*QueueConsumer) Create(
	ctx context.Context, req infer.CreateRequest[QueueConsumerArgs],
) (infer.CreateResponse[QueueConsumerState], error) {
	in := req.Inputs
	if req.DryRun {
		return infer.CreateResponse[QueueConsumerState]{Output: QueueConsumerState{QueueConsumerArgs: in}}, nil
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.CreateResponse[QueueConsumerState]{}, err
	}
	queueName := deref(in.QueueName)
	if queueName == "" {
		queue, err := client.Queues.Get(ctx, in.QueueID, queues.QueueGetParams{AccountID: cloudflare.F(in.AccountID)})
		if err != nil {
			return infer.CreateResponse[QueueConsumerState]{}, cfg.wrap(fmt.Sprintf("read queue %q", in.QueueID), err)
		}
		queueName = queue.QueueName
	}
	consumer, err := client.Queues.Consumers.New(ctx, in.QueueID, queues.ConsumerNewParams{
		AccountID: cloudflare.F(in.AccountID),
		Body:      consumerNewBody(in),
	})
	if cfapi.IsConflict(err) {
		// A queue has one consumer; Cloudflare refuses a second one with a 409.
		return infer.CreateResponse[QueueConsumerState]{}, fmt.Errorf("the consumer of queue %q %s: %w",
			queueName, ExistsMessage, cfapi.WrapAPIError(err, cfg.basePath, cfg.token))
	}
	if err != nil {
		return infer.CreateResponse[QueueConsumerState]{}, cfg.wrap(
			fmt.Sprintf("add Worker %q as consumer of queue %q", in.ScriptName, queueName), err)
	}
	state := QueueConsumerState{QueueConsumerArgs: in, ConsumerID: consumer.ConsumerID}
	state.QueueName = &queueName
	return infer.CreateResponse[QueueConsumerState]{
		ID:     companion.QueueConsumerID(in.AccountID, in.QueueID, consumer.ConsumerID),
		Output: state,
	}, nil
}

// Update changes the Worker and settings in place. One write, no read (the queue name is
// unchanged, the queue being the same):
//
//	PUT /accounts/{accountId}/queues/{queueId}/consumers/{consumerId}
func (*QueueConsumer) Update(
	ctx context.Context, req infer.UpdateRequest[QueueConsumerArgs, QueueConsumerState],
) (infer.UpdateResponse[QueueConsumerState], error) {
	in := req.Inputs
	state := QueueConsumerState{QueueConsumerArgs: in, ConsumerID: req.State.ConsumerID}
	if state.QueueName == nil {
		state.QueueName = req.State.QueueName
	}
	if req.DryRun {
		return infer.UpdateResponse[QueueConsumerState]{Output: state}, nil
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.UpdateResponse[QueueConsumerState]{}, err
	}
	_, err = client.Queues.Consumers.Update(ctx, in.QueueID, req.State.ConsumerID, queues.ConsumerUpdateParams{
		AccountID: cloudflare.F(in.AccountID),
		Body:      consumerUpdateBody(in),
	})
	if err != nil {
		return infer.UpdateResponse[QueueConsumerState]{}, cfg.wrap(
			fmt.Sprintf("update consumer %q of queue %q", req.State.ConsumerID, in.QueueID), err)
	}
	return infer.UpdateResponse[QueueConsumerState]{Output: state}, nil
}

// Read fetches the consumer. One read on a refresh, whose state knows the
// queue's name:
//
//	GET /accounts/{accountId}/queues/{queueId}/consumers/{consumerId}
//
// and on an import a second one for the name, which Cloudflare's consumer
// object lacks:
//
//	GET /accounts/{accountId}/queues/{queueId}
//
// The name belongs to the queue, not the consumer: the queue's own resource
// reads it on refresh, and the consumer is bound to the queue's ID, which a
// rename keeps. A queue deleted outside Pulumi takes its consumer with it, so
// the consumer's 404 says it is gone either way.
//
// An unset setting means Cloudflare's default (see mergeRemoteConsumer): a setting at its
// default is returned only if the previous inputs set it, so importing a consumer at
// Cloudflare's defaults gives no setting, and a setting changed away from its default
// shows as drift whether or not the program sets it.
func (*QueueConsumer) Read(
	ctx context.Context, req infer.ReadRequest[QueueConsumerArgs, QueueConsumerState],
) (infer.ReadResponse[QueueConsumerArgs, QueueConsumerState], error) {
	type resp = infer.ReadResponse[QueueConsumerArgs, QueueConsumerState]
	accountID, queueID, consumerID, err := companion.ParseQueueConsumerID(req.ID)
	if err != nil {
		return resp{}, err
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return resp{}, err
	}
	consumer, err := client.Queues.Consumers.Get(ctx, queueID, consumerID,
		queues.ConsumerGetParams{AccountID: cloudflare.F(accountID)})
	if cfapi.IsNotFound(err) {
		return resp{}, nil
	}
	if err != nil {
		return resp{}, cfg.wrap(fmt.Sprintf("read consumer %q of queue %q", consumerID, queueID), err)
	}

	prev := req.State.QueueConsumerArgs
	if req.State.ConsumerID == "" { // an import: no state, at most inputs
		prev = req.Inputs
	}
	queueName := deref(req.State.QueueName)
	if req.State.QueueID != queueID { // an import: the name is read, never assumed
		queueName = ""
	}
	if queueName == "" {
		queue, err := client.Queues.Get(ctx, queueID, queues.QueueGetParams{AccountID: cloudflare.F(accountID)})
		if cfapi.IsNotFound(err) {
			return resp{}, nil
		}
		if err != nil {
			return resp{}, cfg.wrap(fmt.Sprintf("read queue %q", queueID), err)
		}
		queueName = queue.QueueName
	}
	args := mergeRemoteConsumer(accountID, queueID, consumer, prev)
	state := QueueConsumerState{QueueConsumerArgs: args, ConsumerID: consumerID}
	state.QueueName = &queueName
	if req.Inputs.QueueName != nil { // inputs keep the program's own choice, as settings do
		args.QueueName = &queueName
	}
	return resp{ID: companion.QueueConsumerID(accountID, queueID, consumerID), Inputs: args, State: state}, nil
}

// Delete removes the consumer.
//
//	DELETE /accounts/{accountId}/queues/{queueId}/consumers/{consumerId}
func (*QueueConsumer) Delete(ctx context.Context, req infer.DeleteRequest[QueueConsumerState]) (infer.DeleteResponse, error) {
	accountID, queueID, consumerID := req.State.AccountID, req.State.QueueID, req.State.ConsumerID
	if accountID == "" || queueID == "" || consumerID == "" {
		var err error
		if accountID, queueID, consumerID, err = companion.ParseQueueConsumerID(req.ID); err != nil {
			return infer.DeleteResponse{}, err
		}
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	_, err = client.Queues.Consumers.Delete(ctx, queueID, consumerID,
		queues.ConsumerDeleteParams{AccountID: cloudflare.F(accountID)})
	return cfapi.Deleted(ctx, err, fmt.Sprintf("consumer %q of queue %q", consumerID, queueID), cfg.wrap)
}

// consumerNewBody is the body of the consumer POST. Every setting is sent, an unset one
// as Cloudflare's default (consumerSettings).
func consumerNewBody(in QueueConsumerArgs) queues.ConsumerNewParamsBodyMqWorkerConsumer {
	var s queues.ConsumerNewParamsBodyMqWorkerConsumerSettings
	consumerSettings(in, &s.BatchSize, &s.MaxRetries, &s.MaxWaitTimeMs, &s.RetryDelay, &s.MaxConcurrency)
	body := queues.ConsumerNewParamsBodyMqWorkerConsumer{
		ScriptName: cloudflare.F(in.ScriptName),
		Type:       cloudflare.F(queues.ConsumerNewParamsBodyMqWorkerConsumerTypeWorker),
		Settings:   cloudflare.F(s),
	}
	if in.DeadLetterQueue != nil {
		body.DeadLetterQueue = cloudflare.F(*in.DeadLetterQueue)
	}
	return body
}

// consumerUpdateBody is the body of the consumer PUT. Every setting is sent, an unset one
// as Cloudflare's default (consumerSettings).
func consumerUpdateBody(in QueueConsumerArgs) queues.ConsumerUpdateParamsBodyMqWorkerConsumer {
	var s queues.ConsumerUpdateParamsBodyMqWorkerConsumerSettings
	consumerSettings(in, &s.BatchSize, &s.MaxRetries, &s.MaxWaitTimeMs, &s.RetryDelay, &s.MaxConcurrency)
	body := queues.ConsumerUpdateParamsBodyMqWorkerConsumer{
		ScriptName: cloudflare.F(in.ScriptName),
		Type:       cloudflare.F(queues.ConsumerUpdateParamsBodyMqWorkerConsumerTypeWorker),
		Settings:   cloudflare.F(s),
	}
	if in.DeadLetterQueue != nil {
		body.DeadLetterQueue = cloudflare.F(*in.DeadLetterQueue)
	}
	return body
}

// consumerSettings fills a create or update body's settings with every setting: the
// input's value, or Cloudflare's documented default when it is unset (batch_size 10,
// max_retries 3, max_wait_time_ms 5000, retry_delay 0), and max_concurrency null
// ("automatic") when unset. Whether Cloudflare's PUT merges left-out settings into the
// consumer's or resets them to the defaults is not documented; sent explicitly, an unset
// setting is the default either way, and the state says what Cloudflare has.
func consumerSettings[F any](in QueueConsumerArgs, batchSize, maxRetries, maxWait, retryDelay, maxConcurrency *F) {
	setNumber(batchSize, ptr(cfapi.OrDefault(in.BatchSize, queuelimits.QueueConsumerDefaultBatchSize)))
	setNumber(maxRetries, ptr(cfapi.OrDefault(in.MaxRetries, queuelimits.QueueConsumerDefaultMaxRetries)))
	setNumber(maxWait, ptr(cfapi.OrDefault(in.MaxWaitTimeMs, queuelimits.QueueConsumerDefaultMaxWaitTimeMs)))
	setNumber(retryDelay, ptr(cfapi.OrDefault(in.RetryDelay, queuelimits.QueueConsumerDefaultRetryDelay)))
	if in.MaxConcurrency == nil {
		if f, ok := any(cloudflare.Null[float64]()).(F); ok {
			*maxConcurrency = f
		}
	} else {
		setNumber(maxConcurrency, in.MaxConcurrency)
	}
}

// mergeRemoteConsumer maps the API's consumer onto QueueConsumerArgs, with one rule for
// every optional setting: unset means Cloudflare's default. A setting Cloudflare does not
// report is unset; a reported value that differs from the default is always taken (so
// drift away from a default the program leaves unset is seen); a reported value equal to
// the default is taken only if prev (the previous inputs) set the setting, so Read keeps
// the program's own way of saying "default" and an import of defaults sets nothing.
func mergeRemoteConsumer(accountID, queueID string, c *queues.Consumer, prev QueueConsumerArgs) QueueConsumerArgs {
	out := QueueConsumerArgs{AccountID: accountID, QueueID: queueID, ScriptName: c.Script}
	var settings queues.ConsumerMqWorkerConsumerSettings
	raw := c.JSON.RawJSON()
	if w, ok := c.AsUnion().(queues.ConsumerMqWorkerConsumer); ok {
		settings = w.Settings
		if r := w.JSON.RawJSON(); r != "" {
			raw = r
		}
		if out.ScriptName == "" {
			out.ScriptName = w.Script
		}
	}
	// The SDK's consumer type has no dead_letter_queue field, nor the legacy service and
	// environment fields: read them from the raw JSON.
	var extra struct {
		DeadLetterQueue string `json:"dead_letter_queue"`
		Service         string `json:"service"`
		Environment     string `json:"environment"`
	}
	if raw != "" {
		_ = json.Unmarshal([]byte(raw), &extra)
	}
	if out.ScriptName == "" {
		// A consumer made before "script" existed reports its Worker as "service" (with
		// its "environment"); wrangler shows `script ?? service` (wrangler queues consumer
		// list). The environment is not part of the script's name and is ignored.
		out.ScriptName = extra.Service
	}
	js := settings.JSON
	// take is the input for a setting Cloudflare reports as v (if present); def is its
	// default, nil when it has none (max_concurrency: reported only when set).
	take := func(prevV *int, present bool, v float64, def *int) *int {
		if !present {
			return nil
		}
		n := int(math.Round(v))
		if prevV == nil && def != nil && n == *def {
			return nil
		}
		return &n
	}
	out.BatchSize = take(prev.BatchSize, !js.BatchSize.IsNull(), settings.BatchSize,
		ptr(queuelimits.QueueConsumerDefaultBatchSize))
	out.MaxRetries = take(prev.MaxRetries, !js.MaxRetries.IsNull(), settings.MaxRetries,
		ptr(queuelimits.QueueConsumerDefaultMaxRetries))
	out.MaxWaitTimeMs = take(prev.MaxWaitTimeMs, !js.MaxWaitTimeMs.IsNull(), settings.MaxWaitTimeMs,
		ptr(queuelimits.QueueConsumerDefaultMaxWaitTimeMs))
	out.RetryDelay = take(prev.RetryDelay, !js.RetryDelay.IsNull(), settings.RetryDelay,
		ptr(queuelimits.QueueConsumerDefaultRetryDelay))
	out.MaxConcurrency = take(prev.MaxConcurrency, !js.MaxConcurrency.IsNull(), settings.MaxConcurrency, nil)

	out.DeadLetterQueue = nonEmptyPtr(extra.DeadLetterQueue)
	return out
}

// setNumber sets an SDK number field (param.Field[float64], an internal type of the
// SDK that cannot be named here) when v is set.
func setNumber[F any](dst *F, v *int) {
	if v == nil {
		return
	}
	if f, ok := any(cloudflare.F(float64(*v))).(F); ok {
		*dst = f
	}
}
