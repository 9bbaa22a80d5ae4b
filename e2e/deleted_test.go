//go:build e2e

package e2e

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/internal/standin"
	"github.com/dome/dome-infra/scripts/drift/driftcheck"
)

// TestDeletedOutsidePulumi: resources deleted in Cloudflare behind Pulumi's
// back. For the companion provider's four resources, a queue and a cron
// trigger, each answers "not found" in its own way (a Vectorize index with
// 400/3000 or 410/3005, not a 404): the drift check names every deletion,
// refresh drops them from the state and the next up recreates them. A D1
// database and an R2 bucket behave as the real v5 plugin does
// (terraform-provider-cloudflare v4.51.0): their Read fails, so refresh
// fails; the drift check still names both, from the plugins' errors.
func TestDeletedOutsidePulumi(t *testing.T) {
	t.Parallel()
	cf := cloudflaretest.Start(t)
	e := newStack(t, cf, "dev")
	acct := e.cfg.AccountID
	e.up()

	check := func() *driftcheck.Report {
		t.Helper()
		ctx, cancel := e.ctx()
		defer cancel()
		rep, err := driftcheck.Check(ctx, &e.stack)
		require.NoError(t, err, "the drift check runs")
		return rep
	}

	// The companion provider's resources, a queue and the cron trigger's worker.
	require.True(t, cf.DeleteVectorizeIndex(acct, e.names.Index("dome-notes")))
	events, ok := cf.QueueByName(acct, e.names.Queue("dome-events"))
	require.True(t, ok)
	consumers := cf.Consumers(acct, events.QueueID)
	require.Len(t, consumers, 1)
	require.True(t, cf.DeleteConsumer(acct, events.QueueID, consumers[0].ConsumerID))
	contentEvents, ok := cf.QueueByName(acct, e.names.Queue("content-events"))
	require.True(t, ok)
	require.True(t, cf.DeleteEventNotification(acct, e.names.Bucket("silo-content"), contentEvents.QueueID))
	require.True(t, cf.DeleteScript(acct, e.names.Worker("dome-cron")))
	deadLetter, ok := cf.QueueByName(acct, e.names.Queue("embed-dead-letter"))
	require.True(t, ok)
	require.True(t, cf.DeleteQueue(acct, deadLetter.QueueID))

	rep := check()
	gone := map[string]string{
		companion.VectorizeIndexType:      "dome-notes",
		companion.QueueConsumerType:       "dome-events",
		companion.R2EventNotificationType: "silo-content-to-content-events",
		companion.WorkerScriptType:        "dome-cron",
		standin.WorkersCronTriggerType:    "dome-cron",
		standin.QueueType:                 "embed-dead-letter",
	}
	var named []string
	for typ, name := range gone {
		d, found := rep.Find(typ, name)
		if assert.True(t, found, "%s %q must be named: %+v", typ, name, rep.Drifted) {
			assert.True(t, d.Gone(), "%s %q: deleted, got %s", typ, name, d.Op)
			named = append(named, typ[strings.LastIndex(typ, ":")+1:]+" "+name)
		}
	}
	assert.Len(t, rep.Drifted, len(gone), "only the deleted resources: %+v", rep.Drifted)
	code, out := runDriftCommand(t, e)
	assert.Equal(t, 1, code, "scripts/drift on deletions:\n%s", out)
	assert.Contains(t, out, `"dome-notes": deleted outside Pulumi`)

	summary := e.refresh()
	assert.Equal(t, len(gone), summary["delete"], "refresh drops what is gone: %v", summary)
	got := e.up()
	assert.Equal(t, len(gone), got["create"], "the next up recreates it: %v", got)
	requireEstate(t, cf, e.cfg, nil)
	requireNoChanges(t, e.preview(), "preview after refresh and up")

	// D1 and R2, through the v5 plugin.
	require.True(t, cf.DeleteBucket(acct, e.names.Bucket("dome-raw")))
	var metaID string
	for _, db := range cf.D1Databases(acct) {
		if db.Name == e.names.Database("dome-meta") {
			metaID = db.UUID
		}
	}
	require.NotEmpty(t, metaID)
	require.True(t, cf.DeleteD1(acct, metaID))
	rep = check()
	for typ, name := range map[string]string{standin.D1DatabaseType: "dome-meta", standin.R2BucketType: "dome-raw"} {
		d, found := rep.Find(typ, name)
		if assert.True(t, found, "%s %q must be named though its read fails: %+v", typ, name, rep.Drifted) {
			assert.True(t, d.Gone())
			assert.Contains(t, d.ReadError, "404")
			named = append(named, typ[strings.LastIndex(typ, ":")+1:]+" "+name+" (read fails, as in v5)")
		}
	}
	code, out = runDriftCommand(t, e)
	assert.Equal(t, 1, code, "scripts/drift names what its provider cannot read:\n%s", out)
	assert.Contains(t, out, `"dome-meta": deleted outside Pulumi (its provider cannot read it`)
	ctx, cancel := e.ctx()
	defer cancel()
	_, err := e.stack.Refresh(ctx)
	require.Error(t, err, "refresh fails on a D1 database the v5 plugin cannot read")
	assert.Contains(t, err.Error(), "failed reading D1 database")
	slices.Sort(named)
	record(t, "Deleted outside Pulumi", "named by make drift: %s; refresh dropped the first %d and up recreated them; "+
		"refresh fails on the D1 database and R2 bucket, as with the real v5 plugin", strings.Join(named, ", "), len(gone))
}
