package queues

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/service"
	"github.com/dome/dome-infra/internal/target"
	"github.com/dome/dome-infra/sdk/go/domecloudflare"
)

// CreateConsumers registers every worker's queue consumers (companion
// resources: v5 has none), each named after its queue, since a queue has
// one consumer. scripts are the workers' script names by logical name. A
// consumer belongs to the worker that reads the queue: it is registered in
// that worker's service component.
func CreateConsumers(ctx *pulumi.Context, t target.Target, ws []estate.Worker, queues map[string]Queue,
	scripts map[string]pulumi.StringOutput, services service.Services, opts ...pulumi.ResourceOption) (map[string]*domecloudflare.QueueConsumer, error) {
	out := map[string]*domecloudflare.QueueConsumer{}
	for _, w := range ws {
		script, ok := scripts[w.Name]
		if !ok {
			return nil, fmt.Errorf("worker %q is not in this stack", w.Name)
		}
		for _, c := range w.Consumes {
			q, ok := queues[c.Queue]
			if !ok {
				return nil, fmt.Errorf("worker %q consumes queue %q, which is not in this stack", w.Name, c.Queue)
			}
			args := &domecloudflare.QueueConsumerArgs{
				AccountId:      t.Account(),
				QueueId:        q.ID,
				QueueName:      q.Name, // so the consumer's create need not read the queue
				ScriptName:     script,
				BatchSize:      optionalInt(c.BatchSize),
				MaxRetries:     optionalInt(c.MaxRetries),
				MaxWaitTimeMs:  optionalInt(c.MaxWaitTimeMs),
				RetryDelay:     optionalInt(c.RetryDelay),
				MaxConcurrency: optionalInt(c.MaxConcurrency),
			}
			if c.DeadLetterQueue != "" {
				dlq, ok := queues[c.DeadLetterQueue]
				if !ok {
					return nil, fmt.Errorf("worker %q sends dead letters to queue %q, which is not in this stack", w.Name, c.DeadLetterQueue)
				}
				args.DeadLetterQueue = dlq.Name
			}
			consumerOpts, err := services.In(w.Name, t.Stateless(opts...)...)
			if err != nil {
				return nil, err
			}
			r, err := domecloudflare.NewQueueConsumer(ctx, c.Queue, args, consumerOpts...)
			if err != nil {
				return nil, fmt.Errorf("consumer of queue %q: %w", c.Queue, err)
			}
			out[c.Queue] = r
		}
	}
	return out, nil
}

// optionalInt leaves a zero setting unset, so Cloudflare's default applies.
func optionalInt(v int) pulumi.IntPtrInput {
	if v == 0 {
		return nil
	}
	return pulumi.IntPtr(v)
}
