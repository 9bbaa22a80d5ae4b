package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/estate"
)

const zoneID = "023e105f4ecef8ad9ca31a8372d0c353" // the API docs' example zone ID

func TestRoutesAndCustomDomainsApplyToTheStacksEstate(t *testing.T) {
	v := valid()
	v[KeyZones] = Value{Value: `{"example.com": "` + zoneID + `"}`}
	v[KeyWorkers] = Value{Value: `{"dome-api": {
		"routes": [{"zone": "example.com", "pattern": "example.com/api/*"}, {"zone": "example.com", "pattern": "https://*.example.com/v1*"}],
		"customDomains": [{"zone": "example.com", "hostname": "api.example.com"}]
	}}`}
	c, err := Parse("dev", v)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"example.com": zoneID}, c.Zones)
	e, err := c.Apply(estate.Dome())
	require.NoError(t, err)
	api, _ := e.Worker("dome-api")
	assert.Equal(t, []estate.Route{{Zone: "example.com", Pattern: "example.com/api/*"}, {Zone: "example.com", Pattern: "https://*.example.com/v1*"}}, api.Routes)
	assert.Equal(t, []estate.CustomDomain{{Zone: "example.com", Hostname: "api.example.com"}}, api.Domains)
	silo, _ := e.Worker("silo")
	assert.Empty(t, silo.Routes, "the model's default is no route")
	assert.Empty(t, silo.Domains)
}

// The cases are Cloudflare's own examples of valid and invalid patterns
// (https://developers.cloudflare.com/workers/configuration/routing/routes/#validity
// and #matching-behavior).
func TestRoutePatternProblem(t *testing.T) {
	valid := []string{
		"example.com", "example.com/", "example.com/*", "*example.com/*", "*.example.com/",
		"https://*.example.com/images/*", "http://example.com/about", "https://example.com/path*",
		"example.com/images/cat.png", "api.eu.example.com/v1/*",
	}
	for _, p := range valid {
		assert.Empty(t, RoutePatternProblem(p, "example.com"), p)
	}
	invalid := map[string]string{
		"example.com/*.jpg":             "a wildcard may only end the path",
		"example.com/?foo=*":            "may not contain query parameters",
		"https://example.com/?anything": "may not contain query parameters",
		"example.org/*":                 "is not in zone example.com",
		"notexample.com/*":              "is not in zone example.com",
		"api.*.example.com/*":           "a wildcard may only begin a hostname",
		"ftp://example.com/*":           "only http:// or https://",
		"/images/*":                     "has no hostname",
		"example.com:8080/*":            "is not a lowercase hostname",
		"API.example.com/*":             "is not a lowercase hostname",
	}
	for p, want := range invalid {
		assert.Contains(t, RoutePatternProblem(p, "example.com"), want, p)
	}
}

func TestRoutingErrorsNameTheKey(t *testing.T) {
	const zones = `{"example.com": "` + zoneID + `"}`
	tests := []struct {
		name, zones, workers, want string
	}{
		{"zone not declared", zones, `{"dome-api": {"routes": [{"zone": "example.org", "pattern": "example.org/*"}]}}`,
			`config "dome-infra:workers.dome-api.routes[0].zone": zone "example.org" is not in dome-infra:zones (it names example.com)`},
		{"no zones at all", ``, `{"dome-api": {"customDomains": [{"zone": "example.com", "hostname": "api.example.com"}]}}`,
			`config "dome-infra:workers.dome-api.customDomains[0].zone": zone "example.com" is not in dome-infra:zones (it names none)`},
		{"missing zone", zones, `{"dome-api": {"routes": [{"pattern": "example.com/*"}]}}`,
			`config "dome-infra:workers.dome-api.routes[0].zone": is required`},
		{"missing pattern", zones, `{"dome-api": {"routes": [{"zone": "example.com"}]}}`,
			`config "dome-infra:workers.dome-api.routes[0].pattern": is required`},
		{"infix wildcard", zones, `{"dome-api": {"routes": [{"zone": "example.com", "pattern": "example.com/*.jpg"}]}}`,
			`config "dome-infra:workers.dome-api.routes[0].pattern": "example.com/*.jpg": path "/*.jpg": a wildcard may only end the path`},
		{"pattern outside its zone", zones, `{"dome-api": {"routes": [{"zone": "example.com", "pattern": "api.example.net/*"}]}}`,
			`config "dome-infra:workers.dome-api.routes[0].pattern": "api.example.net/*": hostname "api.example.net" is not in zone example.com`},
		{"hostname outside its zone", zones, `{"dome-api": {"customDomains": [{"zone": "example.com", "hostname": "api.example.net"}]}}`,
			`config "dome-infra:workers.dome-api.customDomains[0].hostname": "api.example.net" is not in zone example.com`},
		{"wildcard custom domain", zones, `{"dome-api": {"customDomains": [{"zone": "example.com", "hostname": "*.example.com"}]}}`,
			`config "dome-infra:workers.dome-api.customDomains[0].hostname": "*.example.com": a custom domain is one hostname; wildcards are not supported`},
		{"custom domain with a path", zones, `{"dome-api": {"customDomains": [{"zone": "example.com", "hostname": "example.com/api"}]}}`,
			`a custom domain is a hostname alone`},
		{"pattern on two workers", zones, `{"dome-api": {"routes": [{"zone": "example.com", "pattern": "example.com/*"}]}, "silo": {"routes": [{"zone": "example.com", "pattern": "example.com/*"}]}}`,
			`config "dome-infra:workers.silo.routes[0].pattern": "example.com/*" in zone example.com is already dome-infra:workers.dome-api.routes[0]`},
		{"hostname on two workers", zones, `{"dome-api": {"customDomains": [{"zone": "example.com", "hostname": "api.example.com"}]}, "silo": {"customDomains": [{"zone": "example.com", "hostname": "api.example.com"}]}}`,
			`config "dome-infra:workers.silo.customDomains[0].hostname": "api.example.com" is already dome-infra:workers.dome-api.customDomains[0]`},
		{"unknown route field", zones, `{"dome-api": {"routes": [{"zone": "example.com", "pattern": "example.com/*", "zone_id": "x"}]}}`,
			`config "dome-infra:workers": unknown field "zone_id"`},
		{"bad zone ID", `{"example.com": "abc"}`, `{}`,
			`config "dome-infra:zones.example.com": must be the zone's 32-character lowercase hex zone ID`},
		{"bad zone name", `{"Example.com": "` + zoneID + `"}`, `{}`,
			`config "dome-infra:zones.Example.com": "Example.com" is not a zone name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := valid()
			if tt.zones != "" {
				v[KeyZones] = Value{Value: tt.zones}
			}
			v[KeyWorkers] = Value{Value: tt.workers}
			_, err := Parse("dev", v)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
