// Package routes puts workers in front of a zone's hostnames: each route
// (a URL pattern of a zone) as pulumi-cloudflare v5's WorkersRoute, each
// custom domain (a hostname the worker is the origin of) as its
// WorkersDomain. A stack gives them (dome-infra:workers.<worker>.routes,
// .customDomains); the estate model has none.
package routes

import (
	"fmt"

	"github.com/pulumi/pulumi-cloudflare/sdk/v5/go/cloudflare"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/service"
	"github.com/dome/dome-infra/internal/target"
)

// The Pulumi type tokens of a route and a custom domain.
const (
	RouteType  = "cloudflare:index/workersRoute:WorkersRoute"
	DomainType = "cloudflare:index/workersDomain:WorkersDomain"
)

// Created is what Create registered, by resource name.
type Created struct {
	Routes  map[string]*cloudflare.WorkersRoute
	Domains map[string]*cloudflare.WorkersDomain
}

// RouteName and DomainName are the resources' logical names. They carry the
// pattern or hostname rather than a position, so reordering a stack's list
// changes nothing in Cloudflare.
func RouteName(worker string, r estate.Route) string { return worker + "/" + r.Zone + "/" + r.Pattern }

// DomainName is a custom domain's logical name (see RouteName).
func DomainName(worker string, d estate.CustomDomain) string { return worker + "/" + d.Hostname }

// Create registers every worker's routes and custom domains. zones maps a
// zone name to its ID (config.Config.Zones); scripts maps a worker to its
// script name output (bindings.Targets.Workers after workers.Create), so
// each route waits for its script; each sits in its worker's service
// (services). opts go to every resource (a provider); in a protected stack
// each is protected too (target.Stateless): a route holds no data, but
// deleting one takes the API off its hostname.
func Create(ctx *pulumi.Context, t target.Target, zones map[string]string, workers []estate.Worker, scripts map[string]pulumi.StringOutput, services service.Services, opts ...pulumi.ResourceOption) (Created, error) {
	out := Created{Routes: map[string]*cloudflare.WorkersRoute{}, Domains: map[string]*cloudflare.WorkersDomain{}}
	for _, w := range workers {
		if len(w.Routes)+len(w.Domains) == 0 {
			continue
		}
		script, ok := scripts[w.Name]
		if !ok {
			return out, fmt.Errorf("worker %q has routes but no script was registered for it", w.Name)
		}
		// A worker's routes and custom domains sit in its service, beside
		// its script (README, "The resource tree").
		inService, err := services.In(w.Name, t.Stateless(opts...)...)
		if err != nil {
			return out, err
		}
		for _, r := range w.Routes {
			zone, ok := zones[r.Zone]
			if !ok {
				return out, fmt.Errorf("worker %q route %q: zone %q has no zone ID", w.Name, r.Pattern, r.Zone)
			}
			name := RouteName(w.Name, r)
			res, err := cloudflare.NewWorkersRoute(ctx, name, &cloudflare.WorkersRouteArgs{
				ZoneId:     pulumi.String(zone),
				Pattern:    pulumi.String(r.Pattern),
				ScriptName: script.ToStringPtrOutput(),
			}, inService...)
			if err != nil {
				return out, fmt.Errorf("worker %q route %q: %w", w.Name, r.Pattern, err)
			}
			out.Routes[name] = res
		}
		for _, d := range w.Domains {
			zone, ok := zones[d.Zone]
			if !ok {
				return out, fmt.Errorf("worker %q custom domain %q: zone %q has no zone ID", w.Name, d.Hostname, d.Zone)
			}
			name := DomainName(w.Name, d)
			// environment is left to v5's default, "production".
			res, err := cloudflare.NewWorkersDomain(ctx, name, &cloudflare.WorkersDomainArgs{
				AccountId: t.Account(),
				ZoneId:    pulumi.String(zone),
				Hostname:  pulumi.String(d.Hostname),
				Service:   script,
			}, inService...)
			if err != nil {
				return out, fmt.Errorf("worker %q custom domain %q: %w", w.Name, d.Hostname, err)
			}
			out.Domains[name] = res
		}
	}
	return out, nil
}
