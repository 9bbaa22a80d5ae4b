package program

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/plan"
	"github.com/dome/dome-infra/internal/routes"
	"github.com/dome/dome-infra/internal/service"
)

const exampleZoneID = "023e105f4ecef8ad9ca31a8372d0c353"

// withRouting is a stack's real config plus a zone, two routes and a custom
// domain for dome-api (the stack files give none: the repository does not
// know production's zone).
func withRouting(t *testing.T, stack string) config.Values {
	v, err := config.ReadStack(projectDir(t), stack)
	require.NoError(t, err)
	v[config.KeyZones] = config.Value{Value: `{"example.com": "` + exampleZoneID + `"}`}
	v[config.KeyWorkers] = config.Value{Value: `{"dome-api": {
		"routes": [{"zone": "example.com", "pattern": "example.com/api/*"}, {"zone": "example.com", "pattern": "*.example.com/v1/*"}],
		"customDomains": [{"zone": "example.com", "hostname": "api.example.com"}]}}`}
	return v
}

func TestStackRoutesAndCustomDomains(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			p, mocks, err := plan.Run(stack, withRouting(t, stack), Run)
			require.NoError(t, err)
			script := stackName(stack, "dome-api")

			rs := resources(p, routes.RouteType)
			require.Len(t, rs, 2)
			r := resource(t, p, routes.RouteType, "dome-api/example.com/example.com/api/*")
			assert.Equal(t, map[string]any{"zoneId": exampleZoneID, "pattern": "example.com/api/*", "scriptName": script}, r.Inputs)
			assert.Contains(t, r.DependsOn, "dome-api", "a route waits for its script")
			assert.Equal(t, stack == "prod", r.Protect)

			ds := resources(p, routes.DomainType)
			require.Len(t, ds, 1)
			d := ds[0]
			assert.Equal(t, "dome-api/api.example.com", d.Name)
			assert.Equal(t, exampleZoneID, d.String("zoneId"))
			assert.Equal(t, "api.example.com", d.String("hostname"))
			assert.Equal(t, script, d.String("service"))
			assert.NotContains(t, d.Inputs, "environment", "v5's default, production")
			assert.NotEmpty(t, d.String("accountId"))
			assert.Equal(t, stack == "prod", d.Protect)
			apiService := plan.Ref{Type: service.Type, Name: "dome-api"}.String()
			assert.Equal(t, apiService, r.Parent, "a route sits in its worker's service")
			assert.Equal(t, apiService, d.Parent, "a custom domain sits in its worker's service")

			for _, reg := range mocks.Registrations() {
				if reg.Type == routes.RouteType || reg.Type == routes.DomainType {
					assert.False(t, reg.RetainOnDelete, "a route holds no data")
					assert.Contains(t, reg.Deps, plan.Ref{Type: companion.WorkerScriptType, Name: "dome-api"})
				}
			}
		})
	}
}

func TestNoStackFileGivesRoutes(t *testing.T) {
	for _, stack := range stacks {
		p := runStack(t, stack)
		assert.Empty(t, resources(p, routes.RouteType), stack)
		assert.Empty(t, resources(p, routes.DomainType), stack)
	}
}

func TestBadRouteRegistersNothing(t *testing.T) {
	v := withRouting(t, "prod")
	v[config.KeyWorkers] = config.Value{Value: `{"dome-api": {"routes": [{"zone": "example.com", "pattern": "example.com/*.jpg"}]}}`}
	_, mocks, err := plan.Run("prod", v, Run)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `config "dome-infra:workers.dome-api.routes[0].pattern"`)
	assert.Empty(t, mocks.Registrations())
}
