package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/companion"
)

const smokeAccount = "0123456789abcdef0123456789abcdef"

// smokeServer starts the Cloudflare emulator and the provider behind an in-process
// integration server configured against it.
func smokeServer(t *testing.T) (*cloudflaretest.Server, integration.Server) {
	t.Helper()
	cf := cloudflaretest.Start(t)
	prov, err := New()
	require.NoError(t, err)
	srv, err := integration.NewServer(context.Background(), Name, semver.MustParse(Version),
		integration.WithProvider(prov))
	require.NoError(t, err)
	require.NoError(t, srv.Configure(p.ConfigureRequest{Args: property.NewMap(map[string]property.Value{
		"apiToken":   property.New(cf.Token()),
		"apiBaseUrl": property.New(cf.URL()),
		"maxRetries": property.New(0.0),
	})}))
	return cf, srv
}

// checkOK runs Check and requires no failure.
func checkOK(t *testing.T, srv integration.Server, urn presource.URN, in map[string]any) property.Map {
	t.Helper()
	checked, err := srv.Check(p.CheckRequest{Urn: urn, Inputs: props(in)})
	require.NoError(t, err)
	require.Empty(t, checked.Failures)
	return checked.Inputs
}

// TestWorkerScriptSmoke runs WorkerScript create, read, diff and delete through the
// provider's gRPC-level surface (integration server) against the Cloudflare emulator.
// The full lifecycle suite lives elsewhere; this only proves the wiring.
func TestWorkerScriptSmoke(t *testing.T) {
	cf, srv := smokeServer(t)
	cf.SeedD1(smokeAccount, "dome-db", "d1-uuid")
	cf.SeedBucket(smokeAccount, "dome-blobs")
	cf.SeedQueue(smokeAccount, "dome-jobs")
	cf.SeedVectorizeIndex(smokeAccount, "dome-embeddings", 768, "cosine")
	const account = smokeAccount

	urn := presource.NewURN("test", "dome", "", companion.WorkerScriptType, "silo")
	inputs := validWorkerInputs()
	inputs["accountId"] = account
	checked, err := srv.Check(p.CheckRequest{Urn: urn, Inputs: props(inputs)})
	require.NoError(t, err)
	require.Empty(t, checked.Failures)
	assert.True(t, checked.Inputs.Get("secretTextBindings").AsArray().Get(0).AsMap().Get("text").Secret(),
		"Check marks secret text secret")

	cf.ResetRequests()
	created, err := srv.Create(p.CreateRequest{Urn: urn, Properties: checked.Inputs})
	require.NoError(t, err)
	assert.Equal(t, companion.WorkerScriptID(account, "silo"), created.ID)
	assert.Len(t, cf.Requests(), 2, "create is an existence read and one upload")
	assert.Equal(t, 1, cf.Count("GET", "/accounts/*/workers/scripts/*/settings"))
	assert.Equal(t, 1, cf.Count("PUT", "/accounts/*/workers/scripts/*"))
	assert.NotContains(t, created.Properties.AsMap(), "content", "the source is not kept twice")
	assert.Equal(t, contentSha256(inputs["content"].(string)), created.Properties.Get("contentSha256").AsString())
	assert.True(t, created.Properties.Get("secretTextBindings").Secret() ||
		created.Properties.Get("secretTextBindings").HasSecrets(), "secret text stays secret in outputs")

	script, ok := cf.Script(account, "silo")
	require.True(t, ok)
	assert.Equal(t, "index.js", script.MainModule)
	assert.Equal(t, "2025-01-15", script.CompatibilityDate)
	assert.Len(t, script.Bindings, 12, "every binding went up with the code")

	// Read (refresh) recovers inputs, including the secret text from the previous state.
	cf.ResetRequests()
	read, err := srv.Read(p.ReadRequest{ID: created.ID, Urn: urn, Properties: created.Properties, Inputs: checked.Inputs})
	require.NoError(t, err)
	assert.Equal(t, created.ID, read.ID)
	assert.Zero(t, len(cf.WriteRequests()), "read does not write")
	assert.Equal(t, inputs["content"], read.Inputs.Get("content").AsString())
	secrets := read.Inputs.Get("secretTextBindings").AsArray()
	require.Equal(t, 2, secrets.Len())
	assert.Equal(t, "s3cr3t-one", secrets.Get(0).AsMap().Get("text").AsString())

	// A diff with no change makes no request.
	cf.ResetRequests()
	diff, err := srv.Diff(p.DiffRequest{ID: created.ID, Urn: urn, State: read.Properties, Inputs: checked.Inputs})
	require.NoError(t, err)
	assert.False(t, diff.HasChanges, "%+v", diff.DetailedDiff)
	assert.Empty(t, cf.Requests())

	// Import: only the ID is known.
	imported, err := srv.Read(p.ReadRequest{ID: created.ID, Urn: urn})
	require.NoError(t, err)
	assert.Equal(t, "silo", imported.Inputs.Get("name").AsString())
	assert.Equal(t, 10, countBindings(imported.Inputs), "the bindings but the secrets")
	assert.Equal(t, 2, imported.Inputs.Get("externalSecrets").AsArray().Len(), "secrets Pulumi never set are reported by name")

	require.NoError(t, srv.Delete(p.DeleteRequest{ID: created.ID, Urn: urn, Properties: read.Properties}))
	_, ok = cf.Script(account, "silo")
	assert.False(t, ok)
	assert.Equal(t, []string{"true"}, lastQuery(cf, "DELETE")["force"])

	// Deleting again only warns.
	require.NoError(t, srv.Delete(p.DeleteRequest{ID: created.ID, Urn: urn, Properties: read.Properties}))

	// Reading a deleted Worker reports it gone (empty ID).
	gone, err := srv.Read(p.ReadRequest{ID: created.ID, Urn: urn, Properties: read.Properties})
	require.NoError(t, err)
	assert.Empty(t, gone.ID)
}

func countBindings(m property.Map) int {
	n := 0
	if !m.Get("aiBinding").IsNull() {
		n++
	}
	for _, k := range []string{
		"d1DatabaseBindings", "r2BucketBindings", "vectorizeBindings", "queueBindings", "serviceBindings",
		"kvNamespaceBindings", "analyticsEngineBindings", "plainTextBindings", "secretTextBindings",
	} {
		if v := m.Get(k); v.IsArray() {
			n += v.AsArray().Len()
		}
	}
	return n
}

func lastQuery(cf *cloudflaretest.Server, method string) map[string][]string {
	var last map[string][]string
	for _, r := range cf.Requests() {
		if r.Method == method {
			last = r.Query
		}
	}
	if last == nil {
		panic(fmt.Sprintf("no %s request", method))
	}
	return last
}

func TestQueueConsumerSmoke(t *testing.T) {
	cf, srv := smokeServer(t)
	queueID := cf.SeedQueue(smokeAccount, "dome-jobs")
	urn := presource.NewURN("test", "dome", "", companion.QueueConsumerType, "consumer")
	in := validConsumerInputs()
	in["accountId"], in["queueId"] = smokeAccount, queueID
	in["deadLetterQueue"] = "dome-jobs-dlq"

	inputs := checkOK(t, srv, urn, in)
	cf.ResetRequests()
	created, err := srv.Create(p.CreateRequest{Urn: urn, Properties: inputs})
	require.NoError(t, err)
	assert.Equal(t, 1, len(cf.WriteRequests()), "create is one write")
	assert.Equal(t, 1, cf.Count("GET", "/accounts/*/queues/*"), "plus the queue read for its name")
	consumerID := created.Properties.Get("consumerId").AsString()
	assert.Equal(t, companion.QueueConsumerID(smokeAccount, queueID, consumerID), created.ID)
	assert.Equal(t, "dome-jobs", created.Properties.Get("queueName").AsString())
	consumers := cf.Consumers(smokeAccount, queueID)
	require.Len(t, consumers, 1)
	assert.Equal(t, "silo", consumers[0].ScriptName)
	assert.Equal(t, 5, consumers[0].Settings.MaxConcurrency)

	read, err := srv.Read(p.ReadRequest{ID: created.ID, Urn: urn, Properties: created.Properties, Inputs: inputs})
	require.NoError(t, err)
	assert.Equal(t, "dome-jobs-dlq", read.Inputs.Get("deadLetterQueue").AsString())
	diff, err := srv.Diff(p.DiffRequest{ID: created.ID, Urn: urn, State: read.Properties, Inputs: inputs})
	require.NoError(t, err)
	assert.False(t, diff.HasChanges, "%+v", diff.DetailedDiff)

	in["batchSize"], in["scriptName"] = 50, "silo-v2"
	newInputs := checkOK(t, srv, urn, in)
	cf.ResetRequests()
	updated, err := srv.Update(p.UpdateRequest{ID: created.ID, Urn: urn, State: read.Properties, Inputs: newInputs})
	require.NoError(t, err)
	assert.Equal(t, 1, len(cf.Requests()), "update is exactly one request")
	assert.Equal(t, 1, cf.Count("PUT", "/accounts/*/queues/*/consumers/*"))
	assert.Equal(t, 50.0, updated.Properties.Get("batchSize").AsNumber())
	consumers = cf.Consumers(smokeAccount, queueID)
	require.Len(t, consumers, 1)
	assert.Equal(t, "silo-v2", consumers[0].ScriptName)
	assert.Equal(t, 50, consumers[0].Settings.BatchSize)

	require.NoError(t, srv.Delete(p.DeleteRequest{ID: created.ID, Urn: urn, Properties: updated.Properties}))
	assert.Empty(t, cf.Consumers(smokeAccount, queueID))
	require.NoError(t, srv.Delete(p.DeleteRequest{ID: created.ID, Urn: urn, Properties: updated.Properties}),
		"already gone is a warning")
}

func TestVectorizeIndexSmoke(t *testing.T) {
	cf, srv := smokeServer(t)
	urn := presource.NewURN("test", "dome", "", companion.VectorizeIndexType, "index")
	in := validIndexInputs()
	in["accountId"] = smokeAccount

	inputs := checkOK(t, srv, urn, in)
	cf.ResetRequests()
	created, err := srv.Create(p.CreateRequest{Urn: urn, Properties: inputs})
	require.NoError(t, err)
	assert.Len(t, cf.Requests(), 1, "create is one request")
	assert.Equal(t, companion.VectorizeIndexID(smokeAccount, "dome-embeddings"), created.ID)
	idx, ok := cf.VectorizeIndex(smokeAccount, "dome-embeddings")
	require.True(t, ok)
	assert.Equal(t, 768, idx.Config.Dimensions)
	assert.Equal(t, "cosine", idx.Config.Metric)
	assert.Equal(t, "document chunks", idx.Description)

	imported, err := srv.Read(p.ReadRequest{ID: created.ID, Urn: urn})
	require.NoError(t, err)
	diff, err := srv.Diff(p.DiffRequest{ID: created.ID, Urn: urn, State: imported.Properties, Inputs: inputs})
	require.NoError(t, err)
	assert.False(t, diff.HasChanges, "an import matches the program: %+v", diff.DetailedDiff)

	in["dimensions"] = 1024
	diff, err = srv.Diff(p.DiffRequest{ID: created.ID, Urn: urn, State: imported.Properties, Inputs: checkOK(t, srv, urn, in)})
	require.NoError(t, err)
	assert.Equal(t, p.UpdateReplace, diff.DetailedDiff["dimensions"].Kind)
	assert.True(t, diff.DeleteBeforeReplace)

	require.NoError(t, srv.Delete(p.DeleteRequest{ID: created.ID, Urn: urn, Properties: created.Properties}))
	_, ok = cf.VectorizeIndex(smokeAccount, "dome-embeddings")
	assert.False(t, ok)
}

func TestR2EventNotificationSmoke(t *testing.T) {
	cf, srv := smokeServer(t)
	cf.SeedBucket(smokeAccount, "dome-blobs")
	queueID := cf.SeedQueue(smokeAccount, "dome-jobs")
	urn := presource.NewURN("test", "dome", "", companion.R2EventNotificationType, "events")
	in := validNotificationInputs()
	in["accountId"], in["queueId"] = smokeAccount, queueID

	inputs := checkOK(t, srv, urn, in)
	cf.ResetRequests()
	created, err := srv.Create(p.CreateRequest{Urn: urn, Properties: inputs})
	require.NoError(t, err)
	assert.Len(t, cf.Requests(), 2, "create reads that the queue has no rules yet (a PUT adds to them), then writes once")
	assert.Equal(t, companion.R2EventNotificationID(smokeAccount, "dome-blobs", queueID), created.ID)

	read, err := srv.Read(p.ReadRequest{ID: created.ID, Urn: urn, Properties: created.Properties, Inputs: inputs})
	require.NoError(t, err)
	assert.Equal(t, "dome-jobs", read.Properties.Get("queueName").AsString())
	diff, err := srv.Diff(p.DiffRequest{ID: created.ID, Urn: urn, State: read.Properties, Inputs: inputs})
	require.NoError(t, err)
	assert.False(t, diff.HasChanges, "%+v", diff.DetailedDiff)

	in["rules"] = []any{map[string]any{"actions": []any{"CopyObject"}, "prefix": "copies/"}}
	newInputs := checkOK(t, srv, urn, in)
	cf.ResetRequests()
	_, err = srv.Update(p.UpdateRequest{ID: created.ID, Urn: urn, State: read.Properties, Inputs: newInputs})
	require.NoError(t, err)
	assert.Equal(t, []string{"DELETE", "PUT"}, methods(cf.Requests()), "update deletes then puts")
	configs := cf.EventNotifications(smokeAccount, "dome-blobs")
	require.Len(t, configs, 1)
	require.Len(t, configs[0].Rules, 1, "the old rules are gone")
	assert.Equal(t, "copies/", configs[0].Rules[0].Prefix)

	require.NoError(t, srv.Delete(p.DeleteRequest{ID: created.ID, Urn: urn, Properties: read.Properties}))
	assert.Empty(t, cf.EventNotifications(smokeAccount, "dome-blobs"))
	gone, err := srv.Read(p.ReadRequest{ID: created.ID, Urn: urn, Properties: read.Properties})
	require.NoError(t, err)
	assert.Empty(t, gone.ID)
}

func methods(reqs []cloudflaretest.Request) []string {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = r.Method
	}
	return out
}
