package config

import (
	"fmt"
	"regexp"
	"strings"
)

// hostnamePattern is a lowercase DNS name of at least two labels.
var hostnamePattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// parseZones reads dome-infra:zones: zone name → zone ID. The ID is what the
// API takes; the name lets a route or custom domain be checked against its
// zone before anything is registered, and lets the import tool list a zone's
// routes without the Zone Read permission (it never lists zones).
func parseZones(p *parser) map[string]string {
	zones := p.stringMap(KeyZones)
	for _, name := range SortedKeys(zones) {
		if !hostnamePattern.MatchString(name) {
			p.fail(bad(KeyZones+"."+name, "%q is not a zone name (a lowercase domain such as example.com)", name))
		}
		if id := zones[name]; !accountIDPattern.MatchString(id) {
			p.fail(bad(KeyZones+"."+name, "must be the zone's 32-character lowercase hex zone ID (the zone's Overview page in the dashboard), got %q", id))
		}
	}
	return zones
}

// RoutePatternProblem says what makes pattern an invalid Workers route
// pattern in zone, or "" when it is valid. The rules are Cloudflare's
// ("Validity", https://developers.cloudflare.com/workers/configuration/routing/routes/#validity):
// a pattern must include its zone; it may begin with http:// or https://;
// its hostname may begin with `*` (the host and its subhosts) or `*.` (the
// subhosts only); its path may end with `*`; it may not contain query
// parameters nor infix wildcards (`example.com/*.jpg`).
func RoutePatternProblem(pattern, zone string) string {
	rest := pattern
	for _, scheme := range []string{"https://", "http://"} {
		if r, ok := strings.CutPrefix(rest, scheme); ok {
			rest = r
			break
		}
	}
	if strings.Contains(rest, "://") {
		return "only http:// or https:// may begin a route pattern"
	}
	if strings.ContainsAny(pattern, "?#") {
		return "a route pattern may not contain query parameters (end the path with * to match URLs with a query string)"
	}
	host, path, _ := strings.Cut(rest, "/")
	bare := host
	if h, ok := strings.CutPrefix(host, "*."); ok {
		bare = h
	} else if h, ok := strings.CutPrefix(host, "*"); ok {
		bare = h
	}
	switch {
	case host == "":
		return "has no hostname (write it as host/path, e.g. api." + zone + "/*)"
	case strings.Contains(bare, "*"):
		return fmt.Sprintf("hostname %q: a wildcard may only begin a hostname (*.%s or *%s)", host, zone, zone)
	case !hostnamePattern.MatchString(bare):
		return fmt.Sprintf("hostname %q is not a lowercase hostname (a port is not allowed either)", host)
	case bare != zone && !strings.HasSuffix(bare, "."+zone):
		return fmt.Sprintf("hostname %q is not in zone %s: a route pattern must include its zone", host, zone)
	}
	if i := strings.Index(path, "*"); i >= 0 && i != len(path)-1 {
		return fmt.Sprintf("path %q: a wildcard may only end the path (no infix wildcards such as /*.jpg)", "/"+path)
	}
	return ""
}

// CustomDomainProblem says what makes hostname an invalid Workers custom
// domain in zone, or "" when it is valid: a hostname of the zone (its apex
// included), without a path or a wildcard
// (https://developers.cloudflare.com/workers/configuration/routing/custom-domains/).
func CustomDomainProblem(hostname, zone string) string {
	switch {
	case strings.Contains(hostname, "*"):
		return fmt.Sprintf("%q: a custom domain is one hostname; wildcards are not supported (use a route)", hostname)
	case strings.ContainsAny(hostname, "/:?"):
		return fmt.Sprintf("%q: a custom domain is a hostname alone, without a scheme, port or path (use a route for a path)", hostname)
	case !hostnamePattern.MatchString(hostname):
		return fmt.Sprintf("%q is not a lowercase hostname", hostname)
	case hostname != zone && !strings.HasSuffix(hostname, "."+zone):
		return fmt.Sprintf("%q is not in zone %s", hostname, zone)
	}
	return ""
}

// checkRouting checks every worker's routes and custom domains: each names a
// zone of dome-infra:zones, is valid in it, and is not given twice (a
// pattern is one route of one zone; a hostname is one custom domain).
func checkRouting(p *parser, workers map[string]WorkerOverride, zones map[string]string) {
	routeOwner := map[string]string{}
	domainOwner := map[string]string{}
	zoneOK := func(key, zone string) bool {
		if zone == "" {
			p.fail(bad(key+".zone", "is required: the name of a zone of %s", KeyZones))
			return false
		}
		if _, ok := zones[zone]; !ok {
			known := "it names none"
			if len(zones) > 0 {
				known = "it names " + strings.Join(SortedKeys(zones), ", ")
			}
			p.fail(bad(key+".zone", "zone %q is not in %s (%s); add it with its zone ID: `pulumi config set --path '%s.%s' <zone id>`", zone, KeyZones, known, KeyZones, zone))
			return false
		}
		return true
	}
	for _, w := range SortedKeys(workers) {
		ov := workers[w]
		for i, r := range ov.Routes {
			key := fmt.Sprintf("%s.%s.routes[%d]", KeyWorkers, w, i)
			if r.Pattern == "" {
				p.fail(bad(key+".pattern", "is required, e.g. api.example.com/*"))
				continue
			}
			if !zoneOK(key, r.Zone) {
				continue
			}
			if problem := RoutePatternProblem(r.Pattern, r.Zone); problem != "" {
				p.fail(bad(key+".pattern", "%q: %s", r.Pattern, problem))
				continue
			}
			// Patterns are case-sensitive and unique per zone.
			id := r.Zone + " " + r.Pattern
			if first, dup := routeOwner[id]; dup {
				p.fail(bad(key+".pattern", "%q in zone %s is already %s: a pattern is one route, to one worker", r.Pattern, r.Zone, first))
				continue
			}
			routeOwner[id] = key
		}
		for i, d := range ov.CustomDomains {
			key := fmt.Sprintf("%s.%s.customDomains[%d]", KeyWorkers, w, i)
			if d.Hostname == "" {
				p.fail(bad(key+".hostname", "is required, e.g. api.example.com"))
				continue
			}
			if !zoneOK(key, d.Zone) {
				continue
			}
			if problem := CustomDomainProblem(d.Hostname, d.Zone); problem != "" {
				p.fail(bad(key+".hostname", "%s", problem))
				continue
			}
			if first, dup := domainOwner[d.Hostname]; dup {
				p.fail(bad(key+".hostname", "%q is already %s: a hostname is the custom domain of one worker", d.Hostname, first))
				continue
			}
			domainOwner[d.Hostname] = key
		}
	}
}
