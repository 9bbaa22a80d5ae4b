package standin

import (
	"strings"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/cloudflare/cloudflare-go/v6/queues"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

func queueInputs(name string) map[string]any {
	return map[string]any{"accountId": acct, "name": name}
}

func TestQueueLifecycle(t *testing.T) {
	s, srv := configured(t)
	h := newHarness(t, srv, QueueType)

	id, state := h.create(queueInputs("dome-events"))
	q, ok := s.QueueByName(acct, "dome-events")
	require.True(t, ok)
	assert.Equal(t, q.QueueID, id, "the ID is the queue ID")
	assert.Equal(t, queueInputs("dome-events"), plain(state))

	read := h.refresh(id, state, props(queueInputs("dome-events")))
	assert.Equal(t, id, read.ID)
	assert.Equal(t, queueInputs("dome-events"), plain(read.Inputs))
	h.requireNoChanges(read, queueInputs("dome-events"))

	// A rename is an in-place update (as in v5) that keeps the queue and its settings.
	settings := cloudflaretest.QueueSettings{DeliveryDelay: 30, MessageRetentionPeriod: 3600}
	require.NoError(t, s.UpdateQueueSettings(acct, id, settings))
	in, d := h.diff(id, state, queueInputs("dome-events-v2"))
	assert.Equal(t, map[string]p.PropertyDiff{"name": {Kind: p.Update}}, d.DetailedDiff)
	s.ResetRequests()
	state = h.update(id, state, in)
	assert.Equal(t, queueInputs("dome-events-v2"), plain(state))
	assert.Equal(t, 1, s.Count("PUT", "/accounts/*/workers/queues/dome-events"),
		"one PUT on v5's legacy path, by the old name (the preview makes no request)")
	assert.Len(t, s.WriteRequests(), 1)
	q, ok = s.Queue(acct, id)
	require.True(t, ok)
	assert.Equal(t, "dome-events-v2", q.QueueName)
	assert.Equal(t, settings, q.Settings, "the rename keeps the settings")

	_, d = h.diff(id, state, map[string]any{"accountId": strings.Repeat("b", 32), "name": "dome-events-v2"})
	assert.Equal(t, map[string]p.PropertyDiff{"accountId": {Kind: p.UpdateReplace}}, d.DetailedDiff)

	s.ResetRequests()
	h.delete(id, state)
	assert.Empty(t, s.Queues(acct))
	assert.Equal(t, 1, s.Count("DELETE", "/accounts/*/workers/queues/dome-events-v2"), "v5 deletes by name")
}

func TestQueueImport(t *testing.T) {
	s, srv := configured(t)
	h := newHarness(t, srv, QueueType)
	id := s.SeedQueue(acct, "content-events")
	s.ResetRequests()

	read := h.importRead(acct + "/" + id)
	assert.Equal(t, id, read.ID)
	assert.Equal(t, queueInputs("content-events"), plain(read.Inputs), "exactly accountId and name")
	assert.Equal(t, queueInputs("content-events"), plain(read.Properties))
	h.requireNoChanges(read, queueInputs("content-events"))
	assert.Empty(t, s.WriteRequests())

	assert.Empty(t, h.importRead(acct+"/"+strings.Repeat("0", 32)).ID, "a missing queue")
	_, err := srv.Read(p.ReadRequest{ID: id, Urn: h.urn})
	assert.ErrorContains(t, err, "<account_id>/<queue_id>")
}

func TestQueueDrift(t *testing.T) {
	s, srv := configured(t)
	h := newHarness(t, srv, QueueType)
	id, state := h.create(queueInputs("new-content-ai"))

	// Rename through the API with another client (the emulator has no rename helper).
	other := cloudflare.NewClient(option.WithBaseURL(s.URL()), option.WithAPIToken(s.Token()))
	_, err := other.Queues.Edit(t.Context(), id, queues.QueueEditParams{
		AccountID: cloudflare.F(acct),
		Queue:     queues.QueueParam{QueueName: cloudflare.F("renamed")},
	})
	require.NoError(t, err)

	read := h.refresh(id, state, props(queueInputs("new-content-ai")))
	assert.Equal(t, id, read.ID)
	assert.Equal(t, queueInputs("renamed"), plain(read.Inputs), "the rename shows in the inputs")
	assert.Equal(t, queueInputs("renamed"), plain(read.Properties))
	_, d := h.diff(id, read.Properties, queueInputs("new-content-ai"))
	assert.Equal(t, map[string]p.PropertyDiff{"name": {Kind: p.Update}}, d.DetailedDiff, "the next up renames it back")

	require.True(t, s.DeleteQueue(acct, id))
	assert.Empty(t, h.refresh(id, read.Properties, read.Inputs).ID, "a deleted queue is reported gone, as in v4.51.0")
	// v4.51.0's delete of a queue that is gone fails ("error deleting workers queue").
	err = srv.Delete(p.DeleteRequest{ID: id, Urn: h.urn, Properties: read.Properties})
	assert.ErrorContains(t, err, "error deleting workers queue")
	assert.ErrorContains(t, err, "404")
}

func TestQueueCheck(t *testing.T) {
	h := newHarness(t, newProvider(t), QueueType)
	runCheckCases(t, h, queueInputs("dome-events"), []checkCase{
		{name: "valid"},
		{name: "missing name", mutate: map[string]any{"name": nil}, wantProps: []string{"name"}},
		{name: "empty name", mutate: map[string]any{"name": ""}, wantProps: []string{"name"}},
		{name: "missing accountId", mutate: map[string]any{"accountId": nil}, wantProps: []string{"accountId"}},
		{name: "accountId with space", mutate: map[string]any{"accountId": "a b"}, wantProps: []string{"accountId"}},
	})
}
