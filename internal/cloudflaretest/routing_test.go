package cloudflaretest_test

import (
	"net/http"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/workers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

func seedRouting(t *testing.T, s *cloudflaretest.Server) string {
	t.Helper()
	s.SeedScript(cloudflaretest.AccountID, cloudflaretest.ScriptState{Name: "dome-api"})
	s.SeedScript(cloudflaretest.AccountID, cloudflaretest.ScriptState{Name: "silo"})
	return s.AddZone(cloudflaretest.AccountID, "", "example.com")
}

// The zone-level routes API through cloudflare-go v6's workers.RouteService:
// POST, GET (list and one), PUT, DELETE under /zones/{zone_id}/workers/routes
// (API docs "Worker Routes").
func TestRouteLifecycle(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()
	zone := seedRouting(t, s)
	z := cloudflare.F(zone)

	r, err := client.Workers.Routes.New(ctx, workers.RouteNewParams{ZoneID: z, Pattern: cloudflare.F("example.com/api/*"), Script: cloudflare.F("dome-api")})
	require.NoError(t, err)
	assert.Regexp(t, `^[0-9a-f]{32}$`, r.ID)
	assert.Equal(t, "example.com/api/*", r.Pattern)
	assert.Equal(t, "dome-api", r.Script)

	// A route without a script negates less specific patterns (docs,
	// "Matching behavior"): allowed, and listed without a script.
	bare, err := client.Workers.Routes.New(ctx, workers.RouteNewParams{ZoneID: z, Pattern: cloudflare.F("example.com/api/health")})
	require.NoError(t, err)

	list, err := client.Workers.Routes.List(ctx, workers.RouteListParams{ZoneID: z})
	require.NoError(t, err)
	require.Len(t, list.Result, 2)
	assert.Equal(t, r.ID, list.Result[0].ID, "creation order")
	assert.Empty(t, list.Result[1].Script)

	got, err := client.Workers.Routes.Get(ctx, r.ID, workers.RouteGetParams{ZoneID: z})
	require.NoError(t, err)
	assert.Equal(t, "dome-api", got.Script)

	up, err := client.Workers.Routes.Update(ctx, r.ID, workers.RouteUpdateParams{ZoneID: z, ID: cloudflare.F(r.ID), Pattern: cloudflare.F("*.example.com/api/*"), Script: cloudflare.F("silo")})
	require.NoError(t, err)
	assert.Equal(t, r.ID, up.ID)
	assert.Equal(t, []cloudflaretest.RouteState{
		{ID: r.ID, Pattern: "*.example.com/api/*", Script: "silo"},
		{ID: bare.ID, Pattern: "example.com/api/health"},
	}, s.Routes(zone))

	del, err := client.Workers.Routes.Delete(ctx, r.ID, workers.RouteDeleteParams{ZoneID: z})
	require.NoError(t, err)
	assert.Equal(t, r.ID, del.ID)
	_, err = client.Workers.Routes.Get(ctx, r.ID, workers.RouteGetParams{ZoneID: z})
	requireAPIError(t, err, http.StatusNotFound, 0)
	assert.Len(t, s.Routes(zone), 1)
}

func TestRouteRules(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()
	zone := cloudflare.F(seedRouting(t, s))
	_, err := client.Workers.Routes.New(ctx, workers.RouteNewParams{ZoneID: zone, Pattern: cloudflare.F("example.com/*"), Script: cloudflare.F("dome-api")})
	require.NoError(t, err)

	// One route per pattern: wrangler reports "workers.api.error.duplicate_route
	// [code: 10020]" (cloudflare/workers-sdk#1585).
	_, err = client.Workers.Routes.New(ctx, workers.RouteNewParams{ZoneID: zone, Pattern: cloudflare.F("example.com/*"), Script: cloudflare.F("silo")})
	requireAPIError(t, err, http.StatusConflict, 10020)
	// "Route patterns must include your zone" (docs, Validity).
	_, err = client.Workers.Routes.New(ctx, workers.RouteNewParams{ZoneID: zone, Pattern: cloudflare.F("example.org/*"), Script: cloudflare.F("silo")})
	requireAPIError(t, err, http.StatusBadRequest, 0)
	// "Route patterns may not contain any query parameters" (docs, Validity).
	_, err = client.Workers.Routes.New(ctx, workers.RouteNewParams{ZoneID: zone, Pattern: cloudflare.F("example.com/?a=*"), Script: cloudflare.F("silo")})
	requireAPIError(t, err, http.StatusBadRequest, 0)
	// A script that does not exist: code 10019 (alchemy-run/distilled#368).
	_, err = client.Workers.Routes.New(ctx, workers.RouteNewParams{ZoneID: zone, Pattern: cloudflare.F("example.com/x"), Script: cloudflare.F("ghost")})
	requireAPIError(t, err, http.StatusBadRequest, 10019)
	// A zone that does not exist.
	_, err = client.Workers.Routes.List(ctx, workers.RouteListParams{ZoneID: cloudflare.F("00000000000000000000000000000000")})
	requireAPIError(t, err, http.StatusNotFound, 7003)
}

// Workers Routes is its own, zone-level permission group: a token with only
// Workers Scripts cannot read a zone's routes.
func TestRoutesNeedTheWorkersRoutesPermission(t *testing.T) {
	s, client := start(t, cloudflaretest.WithPermissions(cloudflaretest.PermWorkersScriptsWrite))
	zone := seedRouting(t, s)
	_, err := client.Workers.Routes.List(t.Context(), workers.RouteListParams{ZoneID: cloudflare.F(zone)})
	requireAPIError(t, err, http.StatusForbidden, 10000)
	assert.Contains(t, errorMessage(t, err), `"Workers Routes Read"`)

	s2, client2 := start(t, cloudflaretest.WithPermissions(cloudflaretest.PermWorkersRoutesRead))
	zone2 := seedRouting(t, s2)
	_, err = client2.Workers.Routes.List(t.Context(), workers.RouteListParams{ZoneID: cloudflare.F(zone2)})
	require.NoError(t, err)
}

// Custom domains through cloudflare-go v6's workers.DomainService: PUT
// attaches (environment defaults to production), GET lists with the filters
// of DomainListParams, GET and DELETE by id (API docs "Worker Domain").
func TestCustomDomainLifecycle(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()
	zone := seedRouting(t, s)

	d, err := client.Workers.Domains.Update(ctx, workers.DomainUpdateParams{AccountID: acct,
		Hostname: cloudflare.F("api.example.com"), Service: cloudflare.F("dome-api"), ZoneID: cloudflare.F(zone), Environment: cloudflare.F("production")})
	require.NoError(t, err)
	assert.Regexp(t, `^[0-9a-f]{32}$`, d.ID)
	assert.Equal(t, "example.com", d.ZoneName, "the answer names the zone")
	assert.Equal(t, "production", d.Environment)

	_, err = client.Workers.Domains.Update(ctx, workers.DomainUpdateParams{AccountID: acct,
		Hostname: cloudflare.F("example.com"), Service: cloudflare.F("silo"), ZoneID: cloudflare.F(zone), Environment: cloudflare.F("production")})
	require.NoError(t, err, "the zone's apex can be a custom domain")

	all, err := client.Workers.Domains.List(ctx, workers.DomainListParams{AccountID: acct})
	require.NoError(t, err)
	assert.Len(t, all.Result, 2)
	byService, err := client.Workers.Domains.List(ctx, workers.DomainListParams{AccountID: acct, Service: cloudflare.F("dome-api")})
	require.NoError(t, err)
	require.Len(t, byService.Result, 1)
	assert.Equal(t, "api.example.com", byService.Result[0].Hostname)
	byHost, err := client.Workers.Domains.List(ctx, workers.DomainListParams{AccountID: acct, Hostname: cloudflare.F("nope.example.com")})
	require.NoError(t, err)
	assert.Empty(t, byHost.Result)

	// Re-attaching a hostname moves it, keeping its ID (terraform v4's
	// workers_domain updates with the same PUT).
	moved, err := client.Workers.Domains.Update(ctx, workers.DomainUpdateParams{AccountID: acct,
		Hostname: cloudflare.F("api.example.com"), Service: cloudflare.F("silo"), ZoneID: cloudflare.F(zone), Environment: cloudflare.F("production")})
	require.NoError(t, err)
	assert.Equal(t, d.ID, moved.ID)
	got, err := client.Workers.Domains.Get(ctx, d.ID, workers.DomainGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, "silo", got.Service)

	require.NoError(t, client.Workers.Domains.Delete(ctx, d.ID, workers.DomainDeleteParams{AccountID: acct}))
	_, err = client.Workers.Domains.Get(ctx, d.ID, workers.DomainGetParams{AccountID: acct})
	requireAPIError(t, err, http.StatusNotFound, 0)
	assert.Len(t, s.Domains(cloudflaretest.AccountID), 1)
}

func TestCustomDomainRules(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()
	zone := seedRouting(t, s)
	attach := func(host, service, zoneID string) error {
		_, err := client.Workers.Domains.Update(ctx, workers.DomainUpdateParams{AccountID: acct,
			Hostname: cloudflare.F(host), Service: cloudflare.F(service), ZoneID: cloudflare.F(zoneID), Environment: cloudflare.F("production")})
		return err
	}
	requireAPIError(t, attach("api.example.org", "dome-api", zone), http.StatusBadRequest, 0)
	requireAPIError(t, attach("api.example.com", "ghost", zone), http.StatusNotFound, 10007)
	requireAPIError(t, attach("api.example.com", "dome-api", "00000000000000000000000000000000"), http.StatusBadRequest, 0)
	assert.Empty(t, s.Domains(cloudflaretest.AccountID))
}
