package companion

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// QueueConsumer is a Worker consumer of a queue. ID:
// "<accountId>/<queueId>/<consumerId>" (QueueConsumerID).
type QueueConsumer struct {
	pulumi.CustomResourceState

	AccountId       pulumi.StringOutput    `pulumi:"accountId"`
	QueueId         pulumi.StringOutput    `pulumi:"queueId"`
	ScriptName      pulumi.StringOutput    `pulumi:"scriptName"`
	BatchSize       pulumi.IntPtrOutput    `pulumi:"batchSize"`
	MaxRetries      pulumi.IntPtrOutput    `pulumi:"maxRetries"`
	MaxWaitTimeMs   pulumi.IntPtrOutput    `pulumi:"maxWaitTimeMs"`
	RetryDelay      pulumi.IntPtrOutput    `pulumi:"retryDelay"`
	MaxConcurrency  pulumi.IntPtrOutput    `pulumi:"maxConcurrency"`
	DeadLetterQueue pulumi.StringPtrOutput `pulumi:"deadLetterQueue"`
	// Name of the consumed queue.
	QueueName pulumi.StringOutput `pulumi:"queueName"`
	// Cloudflare's consumer ID.
	ConsumerId pulumi.StringOutput `pulumi:"consumerId"`
}

// NewQueueConsumer registers a QueueConsumer.
func NewQueueConsumer(ctx *pulumi.Context, name string, args *QueueConsumerArgs, opts ...pulumi.ResourceOption) (*QueueConsumer, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	if args.AccountId == nil {
		return nil, errors.New("invalid value for required argument 'AccountId'")
	}
	if args.QueueId == nil {
		return nil, errors.New("invalid value for required argument 'QueueId'")
	}
	if args.ScriptName == nil {
		return nil, errors.New("invalid value for required argument 'ScriptName'")
	}
	var resource QueueConsumer
	if err := ctx.RegisterResource(QueueConsumerType, name, args, &resource, opts...); err != nil {
		return nil, err
	}
	return &resource, nil
}

type queueConsumerArgs struct {
	AccountId       string  `pulumi:"accountId"`
	QueueId         string  `pulumi:"queueId"`
	ScriptName      string  `pulumi:"scriptName"`
	BatchSize       *int    `pulumi:"batchSize,optional"`
	MaxRetries      *int    `pulumi:"maxRetries,optional"`
	MaxWaitTimeMs   *int    `pulumi:"maxWaitTimeMs,optional"`
	RetryDelay      *int    `pulumi:"retryDelay,optional"`
	MaxConcurrency  *int    `pulumi:"maxConcurrency,optional"`
	DeadLetterQueue *string `pulumi:"deadLetterQueue,optional"`
	QueueName       *string `pulumi:"queueName,optional"`
}

// QueueConsumerArgs are the arguments of a QueueConsumer.
type QueueConsumerArgs struct {
	// Cloudflare account ID. Changing it replaces the consumer.
	AccountId pulumi.StringInput
	// ID of the consumed queue. Changing it replaces the consumer.
	QueueId pulumi.StringInput
	// Name of the consuming Worker (updated in place).
	ScriptName pulumi.StringInput
	// Messages per batch, 1..100.
	BatchSize pulumi.IntPtrInput
	// Retries per message, 0..100.
	MaxRetries pulumi.IntPtrInput
	// Batch wait time in milliseconds, 0..60000.
	MaxWaitTimeMs pulumi.IntPtrInput
	// Retry delay in seconds, 0..43200.
	RetryDelay pulumi.IntPtrInput
	// Concurrent invocations, 1..250 (unset: automatic).
	MaxConcurrency pulumi.IntPtrInput
	// Name of the dead letter queue.
	DeadLetterQueue pulumi.StringPtrInput
	// Name of the consumed queue (queueId's): given, a create is one
	// request; unset, the provider reads the queue to learn it.
	QueueName pulumi.StringPtrInput
}

// ElementType returns the plain type of the arguments.
func (QueueConsumerArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*queueConsumerArgs)(nil)).Elem()
}
