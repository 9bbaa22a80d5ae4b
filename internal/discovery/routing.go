package discovery

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/workers"

	"github.com/dome/dome-infra/internal/cfapi"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/plan"
	"github.com/dome/dome-infra/internal/routes"
)

// Route is one Workers route of a zone the stack names.
type Route struct {
	ZoneID   string `json:"zoneId"`
	ZoneName string `json:"zoneName"`
	ID       string `json:"id"`
	Pattern  string `json:"pattern"`
	// Script is "" for a route without a worker.
	Script string `json:"script,omitempty"`
}

// Domain is one Workers custom domain of the account.
type Domain struct {
	ID          string `json:"id"`
	Hostname    string `json:"hostname"`
	Service     string `json:"service"`
	Environment string `json:"environment"`
	ZoneID      string `json:"zoneId"`
	ZoneName    string `json:"zoneName"`
}

// WithZones names the zones whose routes Discover lists (config.Config.Zones:
// zone name → ID). Routes are zone-level: listing the account's zones would
// need the Zone Read permission, so discovery reads only the zones the stack
// names, with Workers Routes Read.
func WithZones(zones map[string]string) Option {
	return func(s *settings) { s.zones = zones }
}

// RouteImportID is v5 WorkersRoute's import ID.
func RouteImportID(zoneID, routeID string) string { return zoneID + "/" + routeID }

// DomainImportID is v5 WorkersDomain's import ID.
func DomainImportID(accountID, domainID string) string { return accountID + "/" + domainID }

// routes lists the routes of each zone the stack names, in zone-name order.
func (d discoverer) routes() ([]Route, error) {
	out := []Route{}
	for _, name := range config.SortedKeys(d.settings.zones) {
		id := d.settings.zones[name]
		iter := d.client.Workers.Routes.ListAutoPaging(d.ctx, workers.RouteListParams{ZoneID: cloudflare.F(id)})
		for iter.Next() {
			r := iter.Current()
			out = append(out, Route{ZoneID: id, ZoneName: name, ID: r.ID, Pattern: r.Pattern, Script: r.Script})
		}
		if err := iter.Err(); err != nil {
			return nil, wrap(fmt.Sprintf("listing the Workers routes of zone %s (%s)", name, id), PermWorkersRoutesRead, err)
		}
	}
	return out, nil
}

// domains lists the account's custom domains (one request; the API filters
// by service too, but one list serves every worker).
func (d discoverer) domains() ([]Domain, error) {
	out := []Domain{}
	iter := d.client.Workers.Domains.ListAutoPaging(d.ctx, workers.DomainListParams{AccountID: cloudflare.F(d.account)})
	for iter.Next() {
		x := iter.Current()
		out = append(out, Domain{ID: x.ID, Hostname: x.Hostname, Service: x.Service, Environment: x.Environment, ZoneID: x.ZoneID, ZoneName: x.ZoneName})
	}
	if err := iter.Err(); err != nil {
		if cfapi.IsNotFound(err) {
			return out, nil
		}
		return nil, wrap("listing the Workers custom domains", PermWorkersScriptsRead, err)
	}
	return out, nil
}

func routeKey(zoneID, pattern string) string { return zoneID + " " + pattern }

// matchRoute sorts a plan route into Import or Create, by zone and pattern
// (a pattern is one route of a zone).
func (r *reconciler) matchRoute(e Entry, res plan.Resource) error {
	zone, err := required(res, "zoneId")
	if err != nil {
		return err
	}
	pattern, err := required(res, "pattern")
	if err != nil {
		return err
	}
	script := res.String("scriptName")
	e.CloudflareName = pattern + " → " + script
	route, ok := r.inv.routes[routeKey(zone, pattern)]
	if !ok {
		r.create(e)
		return nil
	}
	r.mark("route", route.ID)
	e.ID = RouteImportID(zone, route.ID)
	if route.Script != script {
		e.Detail = fmt.Sprintf("the route runs %s in the account, %q in the code; `pulumi up` will point it at the code's", describeScript(route.Script), script)
	}
	r.importEntry(res, e)
	return nil
}

// matchDomain sorts a plan custom domain into Import or Create, by hostname.
func (r *reconciler) matchDomain(e Entry, res plan.Resource) error {
	host, err := required(res, "hostname")
	if err != nil {
		return err
	}
	service := res.String("service")
	e.CloudflareName = host + " → " + service
	d, ok := r.inv.domains[host]
	if !ok {
		r.create(e)
		return nil
	}
	r.mark("domain", d.ID)
	e.ID = DomainImportID(r.in.AccountID, d.ID)
	var details []string
	if d.Service != service {
		details = append(details, fmt.Sprintf("the account attaches it to %q, the code to %q; `pulumi up` will move it", d.Service, service))
	}
	if zone := res.String("zoneId"); zone != d.ZoneID {
		details = append(details, fmt.Sprintf("its zone is %s in the account, %s in the code; `pulumi up` will replace it", d.ZoneID, zone))
	}
	e.Detail = strings.Join(details, "; ")
	r.importEntry(res, e)
	return nil
}

func (r *reconciler) unmanagedRouting() {
	for _, rt := range r.in.Inventory.Routes {
		if r.sel[Routes] && !r.isMatched("route", rt.ID) {
			r.report.Unmanaged = append(r.report.Unmanaged, Entry{Group: Routes, Type: routes.RouteType,
				CloudflareName: rt.Pattern + " → " + rt.Script, ID: RouteImportID(rt.ZoneID, rt.ID), Detail: "zone " + rt.ZoneName})
		}
	}
	for _, d := range r.in.Inventory.Domains {
		if r.sel[Domains] && !r.isMatched("domain", d.ID) {
			r.report.Unmanaged = append(r.report.Unmanaged, Entry{Group: Routes, Type: routes.DomainType,
				CloudflareName: d.Hostname + " → " + d.Service, ID: DomainImportID(r.in.AccountID, d.ID), Detail: "zone " + d.ZoneName})
		}
	}
}

func describeScript(s string) string {
	if s == "" {
		return "no worker"
	}
	return fmt.Sprintf("%q", s)
}

// compareRouting compares, per worker of the stack, the routes and custom
// domains the account gives its script (in the zones the stack names) with
// the code's. A route or domain the code lacks is not touched by `pulumi
// up` (it is not in the state), so it is a change, never destructive;
// -write-config writes the account's list into the worker's override so the
// next import adopts it.
func (c *comparer) compareRouting() {
	routesKnown, domainsKnown := slices.Contains(c.in.Inv.Groups, Routes), slices.Contains(c.in.Inv.Groups, Domains)
	zoneNames := map[string]string{}
	for _, rt := range c.in.Inv.Routes {
		zoneNames[rt.ZoneID] = rt.ZoneName
	}
	for _, w := range c.in.Estate.Workers {
		script := c.in.Names.Worker(w.Name)

		var live []config.RouteOverride
		for _, rt := range c.in.Inv.Routes {
			if rt.Script == script {
				live = append(live, config.RouteOverride{Zone: rt.ZoneName, Pattern: rt.Pattern})
			}
		}
		var code []config.RouteOverride
		for _, rt := range w.Routes {
			code = append(code, config.RouteOverride(rt))
		}
		if routesKnown && !sameSetFunc(code, live, routeID) {
			d := Difference{Type: routes.RouteType, Name: w.Name, Property: "routes",
				Code: describeRoutes(code), Cloudflare: describeRoutes(live),
				Effect:    routingEffect(len(missingFrom(live, code, routeID)), len(missingFrom(code, live, routeID)), "route"),
				ConfigKey: config.KeyWorkers + "." + w.Name + ".routes"}
			c.diffs = append(c.diffs, d)
			o := c.worker(w.Name)
			o.Routes = live
			if o.Routes == nil {
				o.Routes = []config.RouteOverride{}
			}
			c.setWorker(w.Name, o)
		}

		var liveD []config.CustomDomainOverride
		for _, d := range c.in.Inv.Domains {
			if d.Service == script {
				zone := d.ZoneName
				if zone == "" {
					zone = zoneNames[d.ZoneID]
				}
				liveD = append(liveD, config.CustomDomainOverride{Zone: zone, Hostname: d.Hostname})
				if _, known := c.in.Zones[zone]; !known && zone != "" {
					// The answer names the zone and its ID: -write-config
					// declares it, so the written domain checks out.
					if c.fixes.Zones == nil {
						c.fixes.Zones = map[string]string{}
					}
					c.fixes.Zones[zone] = d.ZoneID
				}
			}
		}
		var codeD []config.CustomDomainOverride
		for _, d := range w.Domains {
			codeD = append(codeD, config.CustomDomainOverride(d))
		}
		if domainsKnown && !sameSetFunc(codeD, liveD, domainID) {
			d := Difference{Type: routes.DomainType, Name: w.Name, Property: "customDomains",
				Code: describeDomains(codeD), Cloudflare: describeDomains(liveD),
				Effect:    routingEffect(len(missingFrom(liveD, codeD, domainID)), len(missingFrom(codeD, liveD, domainID)), "custom domain"),
				ConfigKey: config.KeyWorkers + "." + w.Name + ".customDomains"}
			c.diffs = append(c.diffs, d)
			o := c.worker(w.Name)
			o.CustomDomains = liveD
			if o.CustomDomains == nil {
				o.CustomDomains = []config.CustomDomainOverride{}
			}
			c.setWorker(w.Name, o)
		}
	}
}

func routeID(r config.RouteOverride) string         { return r.Zone + " " + r.Pattern }
func domainID(d config.CustomDomainOverride) string { return d.Hostname }

// routingEffect says what the first up does: it creates what only the code
// has; what only the account has stays as it is, unmanaged.
func routingEffect(onlyAccount, onlyCode int, what string) string {
	var parts []string
	if onlyCode > 0 {
		parts = append(parts, fmt.Sprintf("up creates the %d %s(s) only the code has", onlyCode, what))
	}
	if onlyAccount > 0 {
		parts = append(parts, fmt.Sprintf("the %d %s(s) the code lacks stay as they are, unmanaged (not imported); -write-config adds them to the stack so the next import adopts them", onlyAccount, what))
	}
	return strings.Join(parts, "; ")
}

// missingFrom lists the items of a that b lacks.
func missingFrom[T any](a, b []T, key func(T) string) []T {
	var out []T
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y T) bool { return key(x) == key(y) }) {
			out = append(out, x)
		}
	}
	return out
}

func sameSetFunc[T any](a, b []T, key func(T) string) bool {
	return len(missingFrom(a, b, key)) == 0 && len(missingFrom(b, a, key)) == 0
}

func describeRoutes(rs []config.RouteOverride) string {
	if len(rs) == 0 {
		return "none"
	}
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%s (zone %s)", r.Pattern, r.Zone)
	}
	return strings.Join(parts, ", ")
}

func describeDomains(ds []config.CustomDomainOverride) string {
	if len(ds) == 0 {
		return "none"
	}
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf("%s (zone %s)", d.Hostname, d.Zone)
	}
	return strings.Join(parts, ", ")
}
