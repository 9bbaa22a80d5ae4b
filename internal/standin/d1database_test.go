package standin

import (
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func d1Inputs(name string) map[string]any {
	return map[string]any{"accountId": acct, "name": name}
}

func TestD1DatabaseLifecycle(t *testing.T) {
	s, srv := configured(t)
	h := newHarness(t, srv, D1DatabaseType)

	id, state := h.create(d1Inputs("dome-meta"))
	db, ok := s.D1DatabaseByName(acct, "dome-meta")
	require.True(t, ok)
	assert.Equal(t, db.UUID, id, "the ID is the database UUID")
	assert.Equal(t, map[string]any{"accountId": acct, "name": "dome-meta", "version": "production"}, plain(state))

	// Refresh with the plain ID: nothing drifted.
	read := h.refresh(id, state, props(d1Inputs("dome-meta")))
	assert.Equal(t, id, read.ID)
	assert.Equal(t, plain(state), plain(read.Properties))
	assert.Equal(t, d1Inputs("dome-meta"), plain(read.Inputs))
	h.requireNoChanges(read, d1Inputs("dome-meta"))

	// D1 cannot rename: a new name (or account) replaces, creating the new one first.
	_, d := h.diff(id, state, d1Inputs("dome-meta-v2"))
	assert.True(t, d.HasChanges)
	assert.Equal(t, map[string]p.PropertyDiff{"name": {Kind: p.UpdateReplace}}, d.DetailedDiff)
	assert.False(t, d.DeleteBeforeReplace)
	_, d = h.diff(id, state, map[string]any{"accountId": "ffffffffffffffffffffffffffffffff", "name": "dome-meta"})
	assert.Equal(t, map[string]p.PropertyDiff{"accountId": {Kind: p.UpdateReplace}}, d.DetailedDiff)

	s.ResetRequests()
	h.delete(id, state)
	assert.Empty(t, s.D1Databases(acct))
	assert.Equal(t, 1, s.Count("DELETE", "/accounts/*/d1/database/"+id))
}

func TestD1DatabaseImport(t *testing.T) {
	s, srv := configured(t)
	h := newHarness(t, srv, D1DatabaseType)
	const uuid = "ac198406-1036-495e-b0f1-b61f7c9ecbdf"
	s.SeedD1(acct, "dome-meta", uuid)
	s.ResetRequests()

	read := h.importRead(acct + "/" + uuid)
	assert.Equal(t, uuid, read.ID, "the imported ID is the plain UUID, as after a create")
	assert.Equal(t, d1Inputs("dome-meta"), plain(read.Inputs), "exactly the inputs the program writes")
	assert.Equal(t, map[string]any{"accountId": acct, "name": "dome-meta", "version": "production"}, plain(read.Properties))
	h.requireNoChanges(read, d1Inputs("dome-meta"))
	assert.Empty(t, s.WriteRequests(), "import only reads")

	t.Run("missing database", func(t *testing.T) {
		h.t = t
		_, err := srv.Read(p.ReadRequest{ID: acct + "/00000000-0000-4000-8000-000000000000", Urn: h.urn})
		assert.ErrorContains(t, err, "failed reading D1 database", "v4.51.0's Read fails on any error, 404 included")
	})
	t.Run("bad import IDs", func(t *testing.T) {
		for _, id := range []string{uuid, "/" + uuid, acct + "/", acct + "/a/b"} {
			_, err := srv.Read(p.ReadRequest{ID: id, Urn: h.urn})
			require.ErrorContains(t, err, "<account id>/<database id>", "ID %q", id)
		}
	})
}

func TestD1DatabaseDrift(t *testing.T) {
	s, srv := configured(t)
	h := newHarness(t, srv, D1DatabaseType)
	id, state := h.create(d1Inputs("silo"))
	logs := captureLogs(t)

	require.True(t, s.DeleteD1(acct, id))
	// As v4.51.0 (internal/framework/service/d1/resource.go): a database deleted behind
	// Pulumi's back fails the refresh, naming the 404, and so does its delete.
	_, err := srv.Read(p.ReadRequest{ID: id, Urn: h.urn, Properties: state, Inputs: props(d1Inputs("silo"))})
	assert.ErrorContains(t, err, "failed reading D1 database "+id)
	assert.ErrorContains(t, err, "404 Not Found")
	err = srv.Delete(p.DeleteRequest{ID: id, Urn: h.urn, Properties: state})
	assert.ErrorContains(t, err, "failed to delete D1 database")
	assert.ErrorContains(t, err, "404")
	assert.NotContains(t, logs(), "was already deleted")
}

func TestD1DatabaseCreateConflict(t *testing.T) {
	s, srv := configured(t)
	s.SeedD1(acct, "taken", "")
	err := newHarness(t, srv, D1DatabaseType).createErr(d1Inputs("taken"))
	assert.ErrorContains(t, err, `create D1 database "taken"`)
	assert.ErrorContains(t, err, "409")
	assert.ErrorContains(t, err, "already exists")
}

func TestD1DatabaseCheck(t *testing.T) {
	h := newHarness(t, newProvider(t), D1DatabaseType)
	runCheckCases(t, h, d1Inputs("dome-meta"), []checkCase{
		{name: "valid"},
		{name: "missing accountId", mutate: map[string]any{"accountId": nil}, wantProps: []string{"accountId"}},
		{name: "missing name", mutate: map[string]any{"name": nil}, wantProps: []string{"name"}},
		{name: "empty name", mutate: map[string]any{"name": " "}, wantProps: []string{"name"}, wantIn: "must not be empty"},
		{name: "empty accountId", mutate: map[string]any{"accountId": ""}, wantProps: []string{"accountId"}},
		{name: "slash in accountId", mutate: map[string]any{"accountId": "a/b"}, wantProps: []string{"accountId"}, wantIn: "'/'"},
		{name: "unknown name in preview", mutate: map[string]any{"name": unknown}},
		{name: "unknown account in preview", mutate: map[string]any{"accountId": unknown}},
	})
}
