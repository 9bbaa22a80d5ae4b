package cloudflaretest

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// Workers routes (zone-level, /zones/{zone_id}/workers/routes) and Workers
// custom domains (account-level, /accounts/{account_id}/workers/domains), as
// the API docs ("Worker Routes", "Worker Domain") and cloudflare-go v6.3.0's
// workers.RouteService and workers.DomainService describe them.
//
// Zones exist only through AddZone: the emulator has no zone API (the
// import reads routes only in zones the stack names, so it never lists
// zones).

// RouteState is one route of a zone.
type RouteState struct {
	ID      string `json:"id"`
	Pattern string `json:"pattern"`
	// Script is the worker the route runs; "" for a route without one
	// (which negates less specific patterns).
	Script string `json:"script,omitempty"`
	seq    int
}

// DomainState is one Workers custom domain, in the API's shape.
type DomainState struct {
	ID          string `json:"id"`
	Environment string `json:"environment"`
	Hostname    string `json:"hostname"`
	Service     string `json:"service"`
	ZoneID      string `json:"zone_id"`
	ZoneName    string `json:"zone_name"`
	seq         int
}

type zoneState struct {
	id, name, account string
	routes            map[string]*RouteState
	seq               int
}

const (
	// codeDuplicateRoute is the API's answer to a pattern a zone already
	// routes: "workers.api.error.duplicate_route [code: 10020]" (as wrangler
	// reports it, cloudflare/workers-sdk#1585).
	codeDuplicateRoute = 10020
	// codeRouteScriptNotFound: "Cannot configure a route for a Worker which
	// does not exist" (POST /zones/{zone}/workers/routes, probed live in
	// alchemy-run/distilled#368).
	codeRouteScriptNotFound = 10019
	codeZoneNotFound        = 7003
	// Not verified against the live API (emulator choices): a missing
	// route's and a missing custom domain's codes.
	codeRouteNotFound  = 10005
	codeDomainNotFound = 100114
)

var zoneIDRe = regexp.MustCompile(`^[0-9a-f]{32}$`)

// AddZone adds a zone of the account (id "" makes one up) and returns its
// ID. Routes and custom domains can only be made in a zone that exists.
func (s *Server) AddZone(accountID, id, name string) string {
	if id == "" {
		id = randomHex(16)
	}
	if !zoneIDRe.MatchString(id) || !accountIDRe.MatchString(accountID) {
		panic(fmt.Sprintf("cloudflaretest: zone id %q or account id %q is not 32 lowercase hex characters", id, accountID))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.account(accountID)
	s.zones[id] = &zoneState{id: id, name: name, account: accountID, routes: map[string]*RouteState{}}
	return id
}

// Routes returns a copy of a zone's routes, in creation order.
func (s *Server) Routes(zoneID string) []RouteState {
	s.mu.Lock()
	defer s.mu.Unlock()
	z, ok := s.zones[zoneID]
	if !ok {
		return nil
	}
	var out []RouteState
	for _, r := range sortedBySeq(z.routes, func(r *RouteState) int { return r.seq }) {
		cp := *r
		cp.seq = 0
		out = append(out, cp)
	}
	return out
}

// Domains returns a copy of the account's custom domains, in creation order.
func (s *Server) Domains(accountID string) []DomainState {
	var out []DomainState
	s.withAccount(accountID, func(a *account) {
		for _, d := range sortedBySeq(a.domains, func(d *DomainState) int { return d.seq }) {
			cp := *d
			cp.seq = 0
			out = append(out, cp)
		}
	})
	return out
}

func (s *Server) registerRouting() {
	s.handle("GET /zones/{zone_id}/workers/routes", groupRoutes, s.listRoutes)
	s.handle("POST /zones/{zone_id}/workers/routes", groupRoutes, s.createRoute)
	s.handle("GET /zones/{zone_id}/workers/routes/{route_id}", groupRoutes, s.getRoute)
	s.handle("PUT /zones/{zone_id}/workers/routes/{route_id}", groupRoutes, s.updateRoute)
	s.handle("DELETE /zones/{zone_id}/workers/routes/{route_id}", groupRoutes, s.deleteRoute)

	s.handle("GET /accounts/{account_id}/workers/domains", groupWorkers, s.listDomains)
	s.handle("PUT /accounts/{account_id}/workers/domains", groupWorkers, s.attachDomain)
	s.handle("GET /accounts/{account_id}/workers/domains/{domain_id}", groupWorkers, s.getDomain)
	s.handle("DELETE /accounts/{account_id}/workers/domains/{domain_id}", groupWorkers, s.detachDomain)
}

// zone finds the request's zone. An unknown or malformed zone ID answers
// as Cloudflare answers an object identifier it cannot route to (7003).
func (s *Server) zone(c *call) (*zoneState, error) {
	id := c.param("zone_id")
	z, ok := s.zones[id]
	if !ok {
		return nil, &apiError{Status: http.StatusNotFound, Code: codeZoneNotFound,
			Message: fmt.Sprintf("Could not route to %s%s, perhaps your object identifier is invalid?", apiPrefix, c.r.URL.Path)}
	}
	return z, nil
}

func (s *Server) listRoutes(c *call) (any, error) {
	z, err := s.zone(c)
	if err != nil {
		return nil, err
	}
	out := []RouteState{}
	for _, r := range sortedBySeq(z.routes, func(r *RouteState) int { return r.seq }) {
		out = append(out, *r)
	}
	return out, nil
}

type routeBody struct {
	Pattern string `json:"pattern"`
	Script  string `json:"script"`
}

// checkRoute applies the API's rules: a pattern that includes the zone
// ("Route patterns must include your zone"), no query parameters, a script
// that exists, and one route per pattern in a zone.
func (s *Server) checkRoute(z *zoneState, b routeBody, self string) error {
	if b.Pattern == "" {
		return errBadRequest(codeBadRequest, "pattern is required")
	}
	if strings.Contains(b.Pattern, "?") {
		return errBadRequest(codeBadRequest, "Route pattern %q may not contain query parameters", b.Pattern)
	}
	rest := b.Pattern
	for _, scheme := range []string{"https://", "http://"} {
		rest = strings.TrimPrefix(rest, scheme)
	}
	host, _, _ := strings.Cut(rest, "/")
	host = strings.TrimPrefix(strings.TrimPrefix(host, "*."), "*")
	if host != z.name && !strings.HasSuffix(host, "."+z.name) {
		return errBadRequest(codeBadRequest, "Route pattern %q must include the zone %s", b.Pattern, z.name)
	}
	if b.Script != "" {
		if _, ok := s.account(z.account).scripts[b.Script]; !ok {
			return errBadRequest(codeRouteScriptNotFound, "Cannot configure a route for a Worker which does not exist. Please ensure this Worker exists and try again.")
		}
	}
	for _, r := range z.routes {
		if r.ID != self && r.Pattern == b.Pattern {
			return errConflict(codeDuplicateRoute, "workers.api.error.duplicate_route")
		}
	}
	return nil
}

func (s *Server) createRoute(c *call) (any, error) {
	z, err := s.zone(c)
	if err != nil {
		return nil, err
	}
	var b routeBody
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	if err := s.checkRoute(z, b, ""); err != nil {
		return nil, err
	}
	z.seq++
	r := &RouteState{ID: randomHex(16), Pattern: b.Pattern, Script: b.Script, seq: z.seq}
	z.routes[r.ID] = r
	return *r, nil
}

func (s *Server) route(c *call) (*zoneState, *RouteState, error) {
	z, err := s.zone(c)
	if err != nil {
		return nil, nil, err
	}
	r, ok := z.routes[c.param("route_id")]
	if !ok {
		return nil, nil, errNotFound(codeRouteNotFound, "workers.api.error.route_not_found")
	}
	return z, r, nil
}

func (s *Server) getRoute(c *call) (any, error) {
	_, r, err := s.route(c)
	if err != nil {
		return nil, err
	}
	return *r, nil
}

// updateRoute replaces the pattern and script (PUT; v6's RouteUpdateParams
// also sends the id in the body).
func (s *Server) updateRoute(c *call) (any, error) {
	z, r, err := s.route(c)
	if err != nil {
		return nil, err
	}
	var b routeBody
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	if err := s.checkRoute(z, b, r.ID); err != nil {
		return nil, err
	}
	r.Pattern, r.Script = b.Pattern, b.Script
	return *r, nil
}

func (s *Server) deleteRoute(c *call) (any, error) {
	z, r, err := s.route(c)
	if err != nil {
		return nil, err
	}
	delete(z.routes, r.ID)
	return map[string]string{"id": r.ID}, nil
}

// listDomains lists the account's custom domains, filtered by any of
// environment, hostname, service, zone_id and zone_name (exact matches, the
// query parameters of v6's DomainListParams).
func (s *Server) listDomains(c *call) (any, error) {
	out := []DomainState{}
	for _, d := range sortedBySeq(c.acct.domains, func(d *DomainState) int { return d.seq }) {
		keep := true
		for q, v := range map[string]string{"environment": d.Environment, "hostname": d.Hostname, "service": d.Service, "zone_id": d.ZoneID, "zone_name": d.ZoneName} {
			if want := c.query(q); want != "" && want != v {
				keep = false
			}
		}
		if keep {
			out = append(out, *d)
		}
	}
	return out, nil
}

// attachDomain is PUT /workers/domains: it attaches a worker to a hostname
// of a zone of the account. A hostname already attached is re-attached
// (same ID), which is how terraform-provider-cloudflare v4's workers_domain
// updates one (its Update calls the same AttachWorkersDomain).
func (s *Server) attachDomain(c *call) (any, error) {
	var b struct {
		Environment string `json:"environment"`
		Hostname    string `json:"hostname"`
		Service     string `json:"service"`
		ZoneID      string `json:"zone_id"`
		ZoneName    string `json:"zone_name"`
	}
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	if b.Hostname == "" || b.Service == "" {
		return nil, errBadRequest(codeBadRequest, "hostname and service are required")
	}
	var z *zoneState
	for _, cand := range s.zones {
		if cand.account == c.accountID && (cand.id == b.ZoneID || (b.ZoneID == "" && cand.name == b.ZoneName)) {
			z = cand
		}
	}
	if z == nil {
		return nil, errBadRequest(codeBadRequest, "zone_id %q (zone_name %q) is not a zone of this account", b.ZoneID, b.ZoneName)
	}
	if b.Hostname != z.name && !strings.HasSuffix(b.Hostname, "."+z.name) {
		return nil, errBadRequest(codeBadRequest, "hostname %q is not in zone %s", b.Hostname, z.name)
	}
	if _, ok := c.acct.scripts[b.Service]; !ok {
		return nil, errNotFound(codeScriptNotFound, "workers.api.error.script_not_found")
	}
	if b.Environment == "" {
		b.Environment = "production"
	}
	var d *DomainState
	for _, cand := range c.acct.domains {
		if cand.Hostname == b.Hostname {
			d = cand
		}
	}
	if d == nil {
		c.acct.seq++
		d = &DomainState{ID: randomHex(16), seq: c.acct.seq}
		c.acct.domains[d.ID] = d
	}
	d.Environment, d.Hostname, d.Service, d.ZoneID, d.ZoneName = b.Environment, b.Hostname, b.Service, z.id, z.name
	return *d, nil
}

func (s *Server) getDomain(c *call) (any, error) {
	d, ok := c.acct.domains[c.param("domain_id")]
	if !ok {
		return nil, errNotFound(codeDomainNotFound, "Domain not found")
	}
	return *d, nil
}

// detachDomain answers 200 without a result: v6's DomainService.Delete
// reads no body.
func (s *Server) detachDomain(c *call) (any, error) {
	id := c.param("domain_id")
	if _, ok := c.acct.domains[id]; !ok {
		return nil, errNotFound(codeDomainNotFound, "Domain not found")
	}
	delete(c.acct.domains, id)
	return nil, nil
}

// SeedRoute adds a route to a zone made with AddZone, as the dashboard would
// (no checks), and returns its ID.
func (s *Server) SeedRoute(zoneID, pattern, script string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	z, ok := s.zones[zoneID]
	if !ok {
		panic(fmt.Sprintf("cloudflaretest: no zone %q (AddZone first)", zoneID))
	}
	z.seq++
	r := &RouteState{ID: randomHex(16), Pattern: pattern, Script: script, seq: z.seq}
	z.routes[r.ID] = r
	return r.ID
}

// SeedDomain attaches a custom domain in environment production, as the
// dashboard would (no checks), and returns its ID.
func (s *Server) SeedDomain(accountID, zoneID, hostname, service string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	z, ok := s.zones[zoneID]
	if !ok {
		panic(fmt.Sprintf("cloudflaretest: no zone %q (AddZone first)", zoneID))
	}
	a := s.account(accountID)
	a.seq++
	d := &DomainState{ID: randomHex(16), Environment: "production", Hostname: hostname, Service: service, ZoneID: z.id, ZoneName: z.name, seq: a.seq}
	a.domains[d.ID] = d
	return d.ID
}
