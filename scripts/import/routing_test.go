package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/discovery"
	"github.com/dome/dome-infra/internal/discovery/discoverytest"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/plan"
	"github.com/dome/dome-infra/internal/routes"
)

const exampleZone = "023e105f4ecef8ad9ca31a8372d0c353"

// routedProd is a project directory whose prod stack gives dome-api a
// route and a custom domain in example.com.
func routedProd(t *testing.T) string {
	dir := t.TempDir()
	for _, f := range []string{"Pulumi.yaml", "Pulumi.prod.yaml"} {
		data, err := os.ReadFile(filepath.Join(repoRoot, f))
		require.NoError(t, err)
		if f == "Pulumi.prod.yaml" {
			data = append(data, []byte(`  dome-infra:zones:
    example.com: `+exampleZone+`
  dome-infra:workers:
    dome-api:
      routes:
        - zone: example.com
          pattern: example.com/api/*
      customDomains:
        - zone: example.com
          hostname: api.example.com
`)...)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), data, 0o644))
	}
	return dir
}

type routingReport struct {
	Import, Unmanaged, Create []discovery.Entry
	Differences               []discovery.Difference
}

func runJSON(t *testing.T, o options) routingReport {
	t.Helper()
	o.asJSON = true
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), o, &stdout, &stderr), stderr.String())
	var rep routingReport
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep), stdout.String())
	return rep
}

func ofType(list []discovery.Entry, typ string) []discovery.Entry {
	var out []discovery.Entry
	for _, e := range list {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

// The import reads routes only in the zones the stack names (one GET per
// zone, no zone listing) and the account's custom domains (one GET); it
// imports the code's with v5's import IDs, names what the code lacks as a
// difference, and -write-config makes the code say what the account has.
func TestRoutesAndCustomDomainsAreReconciled(t *testing.T) {
	dir := routedProd(t)
	s := cloudflaretest.Start(t)
	acct := cloudflaretest.AccountID
	s.AddZone(acct, exampleZone, "example.com")
	seeded := discoverytest.SeedStack(t, s, dir, "prod")
	apiRoute := s.Routes(exampleZone)[0]
	apiDomain := s.Domains(acct)[0]
	// Made by hand, beyond the code: another route of dome-api, a route
	// without a worker, and a custom domain of dome-cron in a zone the stack
	// does not name yet.
	s.SeedRoute(exampleZone, "example.com/admin/*", "dome-api")
	blog := s.SeedRoute(exampleZone, "example.com/blog/*", "")
	statusZone := s.AddZone(acct, "", "status.dev")
	status := s.SeedDomain(acct, statusZone, "status.dev", "dome-cron")

	o := optionsFor(t, s)
	o.dir = dir
	s.ResetRequests()
	rep := runJSON(t, o)
	for _, r := range s.Requests() {
		assert.Equal(t, http.MethodGet, r.Method, r.Path)
	}
	assert.Equal(t, 1, s.Count("GET", "/zones/*/workers/routes"), "one zone named, one list")
	assert.Equal(t, 1, s.Count("GET", "/accounts/*/workers/domains"))

	assert.Equal(t, []discovery.Entry{{Group: discovery.Routes, Type: routes.RouteType, Name: "dome-api/example.com/example.com/api/*",
		CloudflareName: "example.com/api/* → dome-api", ID: exampleZone + "/" + apiRoute.ID}}, ofType(rep.Import, routes.RouteType))
	assert.Equal(t, []discovery.Entry{{Group: discovery.Domains, Type: routes.DomainType, Name: "dome-api/api.example.com",
		CloudflareName: "api.example.com → dome-api", ID: acct + "/" + apiDomain.ID}}, ofType(rep.Import, routes.DomainType))
	assert.Equal(t, exampleZone+"/"+apiRoute.ID, seeded.ImportIDs[plan.Ref{Type: routes.RouteType, Name: "dome-api/example.com/example.com/api/*"}],
		"the seed and the import agree on v5's import ID form")
	unmanaged := append(ofType(rep.Unmanaged, routes.RouteType), ofType(rep.Unmanaged, routes.DomainType)...)
	require.Len(t, unmanaged, 3)
	assert.Equal(t, exampleZone+"/"+blog, unmanaged[1].ID)
	assert.Equal(t, acct+"/"+status, unmanaged[2].ID)

	byProp := map[string]discovery.Difference{}
	for _, d := range rep.Differences {
		byProp[d.Name+" "+d.Property] = d
	}
	routesDiff := byProp["dome-api routes"]
	assert.Equal(t, "example.com/api/* (zone example.com)", routesDiff.Code)
	assert.Equal(t, "example.com/api/* (zone example.com), example.com/admin/* (zone example.com)", routesDiff.Cloudflare)
	assert.False(t, routesDiff.Destructive, "up leaves a route it does not manage alone")
	assert.Equal(t, "dome-infra:workers.dome-api.routes", routesDiff.ConfigKey)
	domainDiff := byProp["dome-cron customDomains"]
	assert.Equal(t, "none", domainDiff.Code)
	assert.Equal(t, "status.dev (zone status.dev)", domainDiff.Cloudflare)
	assert.NotContains(t, byProp, "dome-api customDomains", "the code's custom domain is the account's")
	assert.NotContains(t, byProp, "silo routes", "a route without a worker belongs to no worker")

	// -write-config: the stack now says what the account has, zone included.
	o.writeConfig = true
	runJSON(t, o)
	assert.Empty(t, s.WriteRequests())
	_, cfg, err := config.LoadStack(dir, "prod")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"example.com": exampleZone, "status.dev": statusZone}, cfg.Zones)
	est, err := cfg.Apply(estate.Dome())
	require.NoError(t, err)
	api, _ := est.Worker("dome-api")
	assert.ElementsMatch(t, []estate.Route{{Zone: "example.com", Pattern: "example.com/api/*"}, {Zone: "example.com", Pattern: "example.com/admin/*"}}, api.Routes)
	assert.Equal(t, []estate.CustomDomain{{Zone: "example.com", Hostname: "api.example.com"}}, api.Domains, "kept")
	cron, _ := est.Worker("dome-cron")
	assert.Equal(t, []estate.CustomDomain{{Zone: "status.dev", Hostname: "status.dev"}}, cron.Domains)

	// And the next import adopts them: no routing difference is left, and
	// only the route without a worker stays unmanaged.
	o.writeConfig = false
	rep = runJSON(t, o)
	assert.Len(t, ofType(rep.Import, routes.RouteType), 2)
	assert.Len(t, ofType(rep.Import, routes.DomainType), 2)
	assert.Equal(t, []discovery.Entry{{Group: discovery.Routes, Type: routes.RouteType, CloudflareName: "example.com/blog/* → ",
		ID: exampleZone + "/" + blog, Detail: "zone example.com"}}, append(ofType(rep.Unmanaged, routes.RouteType), ofType(rep.Unmanaged, routes.DomainType)...))
	for _, d := range rep.Differences {
		assert.NotContains(t, []string{routes.RouteType, routes.DomainType}, d.Type, "%+v", d)
	}
}
