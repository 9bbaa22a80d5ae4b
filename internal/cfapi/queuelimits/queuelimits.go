// Package queuelimits holds Cloudflare's defaults and limits of a Worker queue
// consumer's settings. It imports nothing, so the stack config (and with it
// the program and `make plan`) checks them without building the Cloudflare SDK:
// internal/cfapi imports cloudflare-go/v6, whose root package pulls in every
// service package of Cloudflare's API (about 170 s of a cold build's compile).
package queuelimits

// Cloudflare's defaults for the settings of a Worker (push) queue consumer: the value a
// setting takes when a consumer create or update (a PUT, which replaces the whole
// configuration) leaves it out. From developers.cloudflare.com/queues/configuration/
// batching-retries/ and /queues/configuration/consumer-concurrency/.
//
// max_concurrency has no default value: left out, Cloudflare scales the number of
// concurrent invocations automatically, and a consumer reports no max_concurrency.
//
// These are the one definition: the companion provider compares its unset inputs with
// them, and the emulator (internal/cloudflaretest) applies them.
const (
	QueueConsumerDefaultBatchSize     = 10   // messages per batch
	QueueConsumerDefaultMaxRetries    = 3    // retries per message
	QueueConsumerDefaultMaxWaitTimeMs = 5000 // milliseconds to wait for a batch to fill
	QueueConsumerDefaultRetryDelay    = 0    // seconds before a retried message is redelivered
)

// Cloudflare's limits of a Worker queue consumer's settings
// (developers.cloudflare.com/queues/platform/limits/ and
// /queues/configuration/batching-retries/). These are the one definition: the
// companion provider's Check and the stack config's overrides (internal/config)
// both refuse a value outside them.
const (
	QueueConsumerMaxBatchSize      = 100    // messages per batch
	QueueConsumerMaxRetries        = 100    // retries per message
	QueueConsumerMaxWaitTimeMs     = 60_000 // max batch wait time: 60 s
	QueueConsumerMaxRetryDelay     = 43_200 // retry delay: 12 h, the documented consumer maximum
	QueueConsumerMinMaxConcurrency = 1      // concurrent consumer invocations
	QueueConsumerMaxMaxConcurrency = 250
)
