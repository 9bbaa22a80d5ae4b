package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/estate"
)

func TestOverridesApplyToTheStacksEstate(t *testing.T) {
	v := valid()
	v[KeyWorkers] = Value{Value: `{
		"silo": {
			"compatibilityDate": "2024-11-11",
			"compatibilityFlags": ["nodejs_compat"],
			"observability": {"headSamplingRate": 0.1},
			"vars": {"LOG_LEVEL": "info", "LIMITS": {"max": 3}},
			"secrets": ["API_KEY"],
			"externalSecrets": ["STRIPE_KEY"],
			"workersDev": true,
			"tags": ["content"]
		}
	}`}
	v[KeyConsumers] = Value{Value: `{"new-content-constellation": {"batchSize": 25, "maxRetries": 5, "deadLetterQueue": "embed-dead-letter"}}`}
	v[KeyVectorizeIndexes] = Value{Value: `{"dome-notes": {"description": "made by hand"}}`}
	v[KeyBucketEvents] = Value{Value: `{"silo-content": {"prefix": "uploads/", "actions": ["PutObject"]}}`}
	c, err := Parse("dev", v)
	require.NoError(t, err)
	e, err := c.Apply(estate.Dome())
	require.NoError(t, err)

	silo, _ := e.Worker("silo")
	assert.Equal(t, "2024-11-11", silo.CompatibilityDate)
	assert.Equal(t, []string{"nodejs_compat"}, silo.CompatibilityFlags)
	assert.Equal(t, estate.Observability{Enabled: true, HeadSamplingRate: 0.1}, silo.Observability,
		"an unset field keeps the stack-wide value")
	assert.True(t, silo.Public)
	assert.Equal(t, []string{"content"}, silo.Tags)
	assert.Equal(t, []string{"STRIPE_KEY"}, silo.ExternalSecrets)
	assert.Contains(t, silo.Bindings, estate.Binding{Name: "LOG_LEVEL", Kind: estate.PlainText, Text: "info"})
	assert.Contains(t, silo.Bindings, estate.Binding{Name: "LIMITS", Kind: estate.JSON, Text: `{"max":3}`})
	assert.Contains(t, silo.Bindings, estate.Binding{Name: "API_KEY", Kind: estate.SecretText, Target: "dome-infra:secret-silo-API_KEY"})

	api, _ := e.Worker("dome-api")
	assert.Equal(t, "2025-09-01", api.CompatibilityDate, "other workers keep the stack's settings")
	assert.True(t, api.Public, "the model's default")

	_, cons, _ := e.ConsumerOf("new-content-constellation")
	assert.Equal(t, estate.Consumer{Queue: "new-content-constellation", DeadLetterQueue: "embed-dead-letter", BatchSize: 25, MaxRetries: 5}, cons)
	assert.Equal(t, "made by hand", e.Indexes[0].Description)
	assert.Equal(t, "uploads/", e.BucketEvents[0].Prefix)
	assert.Equal(t, []string{"PutObject"}, e.BucketEvents[0].Actions)

	assert.Empty(t, estate.Dome().Workers[1].CompatibilityFlags, "the model itself is untouched")
}

func TestOverridesNameTheBadKey(t *testing.T) {
	tests := []struct {
		name, key, value, want string
		atApply                bool
	}{
		{"unknown field", KeyWorkers, `{"silo": {"compatibiltyDate": "2024-01-01"}}`, `config "dome-infra:workers": unknown field "compatibiltyDate"`, false},
		{"bad date", KeyWorkers, `{"silo": {"compatibilityDate": "yesterday"}}`, `config "dome-infra:workers.silo.compatibilityDate": must be a date`, false},
		{"rate out of range", KeyWorkers, `{"silo": {"observability": {"headSamplingRate": 2}}}`, `config "dome-infra:workers.silo.observability.headSamplingRate": must be between 0 and 1`, false},
		{"bad var name", KeyWorkers, `{"silo": {"vars": {"log-level": "x"}}}`, `config "dome-infra:workers.silo.vars": "log-level" is not a binding name`, false},
		{"secret twice", KeyWorkers, `{"silo": {"secrets": ["K"], "externalSecrets": ["K"]}}`, `config "dome-infra:workers.silo.externalSecrets": "K" is already in secrets`, false},
		{"bad flag", KeyWorkers, `{"silo": {"compatibilityFlags": ["Node Compat"]}}`, `config "dome-infra:workers.silo.compatibilityFlags"`, false},
		{"batch size", KeyConsumers, `{"dome-events": {"batchSize": 500}}`, `config "dome-infra:consumers.dome-events.batchSize": must be between 1 and 100`, false},
		{"unknown action", KeyBucketEvents, `{"silo-content": {"actions": ["Upload"]}}`, `config "dome-infra:bucketEvents.silo-content.actions": "Upload" is not an R2 event action`, false},
		{"not an object", KeyConsumers, `[1, 2]`, `config "dome-infra:consumers"`, false},
		{"unknown worker", KeyWorkers, `{"silo-v2": {}}`, `config "dome-infra:workers.silo-v2": "silo-v2" is not a worker of the estate`, true},
		{"queue nobody consumes", KeyConsumers, `{"embed-dead-letter": {"batchSize": 5}}`, `config "dome-infra:consumers.embed-dead-letter": no worker of the estate consumes`, true},
		{"unknown dead-letter queue", KeyConsumers, `{"dome-events": {"deadLetterQueue": "lost"}}`, `config "dome-infra:consumers.dome-events.deadLetterQueue": "lost" is not a queue of the estate`, true},
		{"unknown index", KeyVectorizeIndexes, `{"notes": {"description": "x"}}`, `config "dome-infra:vectorizeIndexes.notes"`, true},
		{"bucket without events", KeyBucketEvents, `{"dome-raw": {"prefix": "x/"}}`, `config "dome-infra:bucketEvents.dome-raw": bucket "dome-raw" sends no events`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := valid()
			v[tt.key] = Value{Value: tt.value}
			c, err := Parse("dev", v)
			if !tt.atApply {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.want)
				return
			}
			require.NoError(t, err)
			_, err = c.Apply(estate.Dome())
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestCodeDefaultsToExternal(t *testing.T) {
	c, err := Parse("prod", Values{
		KeyAccountID: {Value: "7a3c0b9e5d2f41e8a6c4b2d0f9e7c5a3"}, KeyHeadSamplingRate: {Value: "1"},
		KeyCompatibilityDate: {Value: "2025-09-01"}, KeyVectorDimensions: {Value: "768"}, KeyVectorMetric: {Value: "cosine"},
	})
	require.NoError(t, err)
	assert.Equal(t, External, c.CodeOf("silo"), "no `up` can replace code the stack does not name")
}
