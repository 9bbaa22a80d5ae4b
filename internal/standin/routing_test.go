package standin

import (
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/cloudflare/cloudflare-go/v6/workers"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

// byHand changes a route behind Pulumi's back.
func byHand(t *testing.T, s *cloudflaretest.Server, zone, id, pattern, script string) {
	client := cloudflare.NewClient(option.WithBaseURL(s.URL()), option.WithAPIToken(s.Token()))
	_, err := client.Workers.Routes.Update(t.Context(), id, workers.RouteUpdateParams{
		ZoneID: cloudflare.F(zone), ID: cloudflare.F(id), Pattern: cloudflare.F(pattern), Script: cloudflare.F(script)})
	require.NoError(t, err)
}

func TestWorkersRouteLifecycle(t *testing.T) {
	s, srv := configured(t)
	s.SeedScript(acct, cloudflaretest.ScriptState{Name: "dome-api"})
	s.SeedScript(acct, cloudflaretest.ScriptState{Name: "silo"})
	zone := s.AddZone(acct, "", "example.com")
	h := newHarness(t, srv, WorkersRouteType)
	in := map[string]any{"zoneId": zone, "pattern": "example.com/api/*", "scriptName": "dome-api"}

	s.ResetRequests()
	id, state := h.create(in)
	assert.Regexp(t, `^[0-9a-f]{32}$`, id, "the ID is the route's")
	assert.Equal(t, in, plain(state))
	assert.Equal(t, 1, s.Count("POST", "/zones/*/workers/routes"))
	assert.Len(t, s.WriteRequests(), 1)

	// Import by v5's documented form, then a clean preview.
	read := h.importRead(zone + "/" + id)
	assert.Equal(t, id, read.ID)
	assert.Equal(t, in, plain(read.Inputs))
	h.requireNoChanges(read, in)

	// pattern and scriptName update in place; zoneId replaces.
	newIn, d := h.diff(id, state, map[string]any{"zoneId": zone, "pattern": "*.example.com/api/*", "scriptName": "silo"})
	assert.Equal(t, map[string]p.PropertyDiff{"pattern": {Kind: p.Update}, "scriptName": {Kind: p.Update}}, d.DetailedDiff)
	state = h.update(id, state, newIn)
	assert.Equal(t, []cloudflaretest.RouteState{{ID: id, Pattern: "*.example.com/api/*", Script: "silo"}}, s.Routes(zone))
	_, d = h.diff(id, state, map[string]any{"zoneId": "023e105f4ecef8ad9ca31a8372d0c353", "pattern": "*.example.com/api/*", "scriptName": "silo"})
	assert.Equal(t, p.UpdateReplace, d.DetailedDiff["zoneId"].Kind)

	// Drift: a script changed by hand shows on refresh.
	byHand(t, s, zone, id, "*.example.com/api/*", "dome-api")
	refreshed := h.refresh(id, state, newIn)
	assert.Equal(t, "dome-api", plain(refreshed.Inputs)["scriptName"])

	h.delete(id, state)
	assert.Empty(t, s.Routes(zone))
	// Gone: refresh reports it gone; a second delete is a warning, not an error.
	assert.Empty(t, h.refresh(id, state, newIn).ID)
	h.delete(id, state)

	assert.NotEmpty(t, failureProps(h.failures(map[string]any{"zoneId": "a/b", "pattern": ""})))
}

func TestWorkersDomainLifecycle(t *testing.T) {
	s, srv := configured(t)
	s.SeedScript(acct, cloudflaretest.ScriptState{Name: "dome-api"})
	s.SeedScript(acct, cloudflaretest.ScriptState{Name: "silo"})
	zone := s.AddZone(acct, "", "example.com")
	h := newHarness(t, srv, WorkersDomainType)
	// The program leaves environment unset: Check fills v5's default.
	program := map[string]any{"accountId": acct, "zoneId": zone, "hostname": "api.example.com", "service": "dome-api"}

	s.ResetRequests()
	id, state := h.create(program)
	assert.Regexp(t, `^[0-9a-f]{32}$`, id)
	assert.Equal(t, "production", plain(state)["environment"])
	assert.Equal(t, 1, s.Count("PUT", "/accounts/*/workers/domains"))
	assert.Len(t, s.WriteRequests(), 1)

	read := h.importRead(acct + "/" + id)
	assert.Equal(t, id, read.ID)
	assert.Equal(t, map[string]any{"accountId": acct, "zoneId": zone, "hostname": "api.example.com", "service": "dome-api", "environment": "production"}, plain(read.Inputs))
	h.requireNoChanges(read, program)

	moved := map[string]any{"accountId": acct, "zoneId": zone, "hostname": "api.example.com", "service": "silo"}
	newIn, d := h.diff(id, state, moved)
	assert.Equal(t, map[string]p.PropertyDiff{"service": {Kind: p.Update}}, d.DetailedDiff)
	state = h.update(id, state, newIn)
	require.Len(t, s.Domains(acct), 1)
	assert.Equal(t, "silo", s.Domains(acct)[0].Service)
	_, d = h.diff(id, state, map[string]any{"accountId": acct, "zoneId": "023e105f4ecef8ad9ca31a8372d0c353", "hostname": "api.example.com", "service": "silo"})
	assert.Equal(t, p.UpdateReplace, d.DetailedDiff["zoneId"].Kind)

	h.delete(id, state)
	assert.Empty(t, s.Domains(acct))
	// As v4: reading a domain that is gone is an error, and so is deleting it again.
	_, err := srv.Read(p.ReadRequest{ID: id, Urn: h.urn, Properties: state})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "error reading worker domain")
	require.Error(t, srv.Delete(p.DeleteRequest{ID: id, Urn: h.urn, Properties: state}))
}
