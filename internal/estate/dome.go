package estate

// ContentEventsBucket is the bucket whose object-created events feed the
// content-events queue. DEVELOPERS.md says only "one bucket": it is
// silo-content, because clients upload content straight into silo's bucket
// and silo (the queue's consumer) then records it. Change it here, and only
// here, if that ever moves to dome-raw.
const ContentEventsBucket = "silo-content"

// Dome is the estate as it exists today (DEVELOPERS.md). Binding names that
// DEVELOPERS.md gives are kept (DB, BUCKET, VECTORIZE, D1_DATABASE); the rest
// are UPPER_SNAKE forms of the target's name, so they read as what they bind.
func Dome() Estate {
	return Estate{
		Workers: []Worker{
			{
				Name:        "dome-api",
				Description: "Public API of Dome",
				Public:      true,
				Bindings: []Binding{
					{Name: "DOME_META", Kind: D1, Target: "dome-meta"},
					{Name: "CONSTELLATION", Kind: Service, Target: "constellation"},
					{Name: "SILO", Kind: Service, Target: "silo"},
					{Name: "AI", Kind: AI},
					{Name: "DOME_EVENTS", Kind: QueueProducer, Target: "dome-events"},
				},
			},
			{
				Name:        "silo",
				Description: "Content store: metadata in D1, bodies in R2",
				Bindings: []Binding{
					{Name: "DB", Kind: D1, Target: "silo"},
					{Name: "BUCKET", Kind: R2, Target: "silo-content"},
					{Name: "RAW_BUCKET", Kind: R2, Target: "dome-raw"},
					{Name: "NEW_CONTENT_CONSTELLATION", Kind: QueueProducer, Target: "new-content-constellation"},
					{Name: "NEW_CONTENT_AI", Kind: QueueProducer, Target: "new-content-ai"},
					{Name: "DOME_EVENTS", Kind: QueueProducer, Target: "dome-events"},
				},
				Consumes: []Consumer{
					{Queue: "content-events"},
					{Queue: "enriched-content"},
				},
			},
			{
				Name:        "constellation",
				Description: "Embeds notes and searches them in Vectorize",
				Bindings: []Binding{
					{Name: "VECTORIZE", Kind: Vectorize, Target: "dome-notes"},
					{Name: "SILO", Kind: Service, Target: "silo"},
					{Name: "AI", Kind: AI},
				},
				Consumes: []Consumer{
					{Queue: "new-content-constellation", DeadLetterQueue: "embed-dead-letter"},
				},
			},
			{
				Name:        "ai-processor",
				Description: "Enriches new content with Workers AI",
				Bindings: []Binding{
					{Name: "SILO", Kind: Service, Target: "silo"},
					{Name: "AI", Kind: AI},
					{Name: "ENRICHED_CONTENT", Kind: QueueProducer, Target: "enriched-content"},
				},
				Consumes: []Consumer{
					{Queue: "new-content-ai"},
				},
			},
			{
				Name:        "dome-cron",
				Description: "Scheduled jobs",
				Bindings: []Binding{
					{Name: "D1_DATABASE", Kind: D1, Target: "dome-meta"},
					{Name: "DOME_EVENTS", Kind: QueueProducer, Target: "dome-events"},
				},
				Crons: []string{"*/5 * * * *"},
			},
			{
				Name:        "dome-notify",
				Description: "Sends notifications for Dome events",
				// dome-notify is the one consumer of dome-events; dome-cron
				// only produces to it (a queue has one consumer).
				Consumes: []Consumer{
					{Queue: "dome-events"},
				},
			},
		},
		Databases: []Database{
			{Name: "dome-meta", Description: "Metadata storage"},
			{Name: "silo", Description: "Content metadata storage"},
		},
		Buckets: []Bucket{
			{Name: "dome-raw", Description: "Raw file storage"},
			{Name: "silo-content", Description: "Content storage for silo service"},
		},
		Indexes: []Index{
			// DEVELOPERS.md gives production's description; it is the
			// index's own (see Index.Description).
			{Name: "dome-notes", Description: "Vector storage for notes"},
		},
		Queues: []Queue{
			{Name: "content-events", Description: "Object-created events of " + ContentEventsBucket},
			{Name: "dome-events", Description: "Dome events for notification"},
			{Name: "embed-dead-letter", Description: "Embeddings that failed", DeadLetter: true},
			{Name: "enriched-content", Description: "Content enriched by ai-processor"},
			{Name: "new-content-ai", Description: "New content for ai-processor"},
			{Name: "new-content-constellation", Description: "New content for constellation"},
		},
		BucketEvents: []BucketEvents{
			{Bucket: ContentEventsBucket, Queue: "content-events", Actions: ObjectCreated},
		},
	}
}
