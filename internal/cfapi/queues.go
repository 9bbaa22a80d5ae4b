package cfapi

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
