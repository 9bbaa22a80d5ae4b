package cloudflaretest_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/d1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

func TestD1Lifecycle(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()

	db, err := client.D1.Database.New(ctx, d1.DatabaseNewParams{
		AccountID: acct, Name: cloudflare.F("app-db"),
		PrimaryLocationHint: cloudflare.F(d1.DatabaseNewParamsPrimaryLocationHintWeur),
	})
	require.NoError(t, err)
	assert.Equal(t, "app-db", db.Name)
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, db.UUID)
	assert.Equal(t, "production", db.Version)
	assert.False(t, db.CreatedAt.IsZero())
	assert.Zero(t, db.NumTables)
	assert.Zero(t, db.FileSize)

	got, err := client.D1.Database.Get(ctx, db.UUID, d1.DatabaseGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, db.UUID, got.UUID)
	assert.EqualValues(t, "disabled", got.ReadReplication.Mode)

	_, err = client.D1.Database.New(ctx, d1.DatabaseNewParams{AccountID: acct, Name: cloudflare.F("app-db")})
	requireAPIError(t, err, http.StatusConflict, 0)

	edited, err := client.D1.Database.Edit(ctx, db.UUID, d1.DatabaseEditParams{
		AccountID:       acct,
		ReadReplication: cloudflare.F(d1.DatabaseEditParamsReadReplication{Mode: cloudflare.F(d1.DatabaseEditParamsReadReplicationModeAuto)}),
	})
	require.NoError(t, err)
	assert.EqualValues(t, "auto", edited.ReadReplication.Mode)

	state, ok := s.D1Database(cloudflaretest.AccountID, db.UUID)
	require.True(t, ok)
	assert.Equal(t, "weur", state.PrimaryLocationHint)

	_, err = client.D1.Database.Delete(ctx, db.UUID, d1.DatabaseDeleteParams{AccountID: acct})
	require.NoError(t, err)
	_, err = client.D1.Database.Get(ctx, db.UUID, d1.DatabaseGetParams{AccountID: acct})
	requireAPIError(t, err, http.StatusNotFound, 7404)
	_, err = client.D1.Database.Delete(ctx, db.UUID, d1.DatabaseDeleteParams{AccountID: acct})
	requireAPIError(t, err, http.StatusNotFound, 7404)
	assert.Empty(t, s.D1Databases(cloudflaretest.AccountID))
}

func TestD1CreateValidation(t *testing.T) {
	_, client := start(t)
	_, err := client.D1.Database.New(t.Context(), d1.DatabaseNewParams{
		AccountID: acct, Name: cloudflare.F("x"), PrimaryLocationHint: cloudflare.F(d1.DatabaseNewParamsPrimaryLocationHint("mars")),
	})
	requireAPIError(t, err, http.StatusBadRequest, 0)
	assert.Contains(t, errorMessage(t, err), "mars")
}

func TestD1ListPaginatesAndFilters(t *testing.T) {
	s, client := start(t)
	for i := range 5 {
		s.SeedD1(cloudflaretest.AccountID, fmt.Sprintf("db-%d", i), "")
	}
	s.SeedD1(cloudflaretest.AccountID, "other", "11111111-2222-4333-8444-555555555555")

	pager := client.D1.Database.ListAutoPaging(t.Context(), d1.DatabaseListParams{AccountID: acct, PerPage: cloudflare.F(2.0)})
	var names []string
	for pager.Next() {
		names = append(names, pager.Current().Name)
	}
	require.NoError(t, pager.Err())
	assert.Equal(t, []string{"db-0", "db-1", "db-2", "db-3", "db-4", "other"}, names)
	assert.Equal(t, 4, s.Count("GET", "/accounts/*/d1/database"), "3 full pages and the empty one that stops the pager")

	first, err := client.D1.Database.List(t.Context(), d1.DatabaseListParams{AccountID: acct, PerPage: cloudflare.F(4.0), Page: cloudflare.F(2.0)})
	require.NoError(t, err)
	assert.EqualValues(t, 2, first.ResultInfo.Page)
	assert.EqualValues(t, 4, first.ResultInfo.PerPage)
	require.Len(t, first.Result, 2)
	assert.Contains(t, first.JSON.RawJSON(), `"total_count":6`)
	assert.Contains(t, first.JSON.RawJSON(), `"total_pages":2`)

	filtered, err := client.D1.Database.List(t.Context(), d1.DatabaseListParams{AccountID: acct, Name: cloudflare.F("other")})
	require.NoError(t, err)
	require.Len(t, filtered.Result, 1)
	assert.Equal(t, "11111111-2222-4333-8444-555555555555", filtered.Result[0].UUID)
}

func TestD1StateHelpers(t *testing.T) {
	s, client := start(t)
	s.SeedD1(cloudflaretest.AccountID, "seeded", "")
	db, ok := s.D1DatabaseByName(cloudflaretest.AccountID, "seeded")
	require.True(t, ok)

	got, err := client.D1.Database.Get(t.Context(), db.UUID, d1.DatabaseGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, "seeded", got.Name)

	assert.True(t, s.DeleteD1(cloudflaretest.AccountID, db.UUID))
	_, err = client.D1.Database.Get(t.Context(), db.UUID, d1.DatabaseGetParams{AccountID: acct})
	requireAPIError(t, err, http.StatusNotFound, 7404)
	assert.Panics(t, func() { s.SeedD1("bad-account", "x", "") })
}
