package standin

import (
	"context"
	"fmt"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/workers"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/dome/dome-infra/internal/cfapi"
)

var (
	_ = (infer.CustomResource[WorkersRouteArgs, WorkersRouteState])((*WorkersRoute)(nil))
	_ = (infer.CustomCheck[WorkersRouteArgs])((*WorkersRoute)(nil))
	_ = (infer.CustomDiff[WorkersRouteArgs, WorkersRouteState])((*WorkersRoute)(nil))
	_ = (infer.CustomUpdate[WorkersRouteArgs, WorkersRouteState])((*WorkersRoute)(nil))
	_ = (infer.CustomRead[WorkersRouteArgs, WorkersRouteState])((*WorkersRoute)(nil))
	_ = (infer.CustomDelete[WorkersRouteState])((*WorkersRoute)(nil))
	_ = (infer.Annotated)((*WorkersRoute)(nil))
	_ = (infer.Annotated)((*WorkersRouteArgs)(nil))
)

// The import form v5.49.1 documents (workersRoute.go, "## Import"), as
// terraform-provider-cloudflare v4's import test builds it (ImportStateIdPrefix
// "<zone_id>/").
const routeImportForm = "<zone_id>/<route_id>"

// WorkersRoute is v5's cloudflare:index/workersRoute:WorkersRoute: one route of a zone.
// Its ID is the route ID. A new zoneId replaces it ("Modifying this attribute will force
// creation of a new resource"); pattern and scriptName update in place (PUT).
type WorkersRoute struct{}

// Annotate sets v5's token.
func (r *WorkersRoute) Annotate(a infer.Annotator) {
	a.Describe(&r, "TEST-ONLY stand-in for pulumi-cloudflare v5's WorkersRoute.\n\n"+
		"Import with `pulumi import "+WorkersRouteType+" <name> "+routeImportForm+"`.")
	a.SetToken("index/workersRoute", "WorkersRoute")
}

// WorkersRouteArgs are v5's inputs.
type WorkersRouteArgs struct {
	ZoneID     string  `pulumi:"zoneId"`
	Pattern    string  `pulumi:"pattern"`
	ScriptName *string `pulumi:"scriptName,optional"`
}

// Annotate documents the inputs.
func (r *WorkersRouteArgs) Annotate(a infer.Annotator) {
	a.Describe(&r.ZoneID, "The zone identifier to target for the resource.")
	a.Describe(&r.Pattern, "The route pattern to associate the Worker with.")
	a.Describe(&r.ScriptName, "Worker script name to invoke for requests that match the route pattern.")
}

// WorkersRouteState are v5's outputs: the inputs.
type WorkersRouteState struct {
	WorkersRouteArgs
}

// Check validates the inputs.
func (*WorkersRoute) Check(ctx context.Context, req infer.CheckRequest) (infer.CheckResponse[WorkersRouteArgs], error) {
	args, failures, err := infer.DefaultCheck[WorkersRouteArgs](ctx, req.NewInputs)
	if err != nil || len(failures) > 0 {
		return infer.CheckResponse[WorkersRouteArgs]{Inputs: args, Failures: failures}, err
	}
	c := newChecker(req.NewInputs)
	c.idPart("zoneId", args.ZoneID)
	c.nonEmpty("pattern", args.Pattern)
	return infer.CheckResponse[WorkersRouteArgs]{Inputs: args, Failures: c.Failures}, nil
}

// Diff: zoneId replaces; pattern and scriptName update in place.
func (*WorkersRoute) Diff(_ context.Context, req infer.DiffRequest[WorkersRouteArgs, WorkersRouteState]) (infer.DiffResponse, error) {
	d := cfapi.NewDiffer()
	d.Str("zoneId", req.State.ZoneID, req.Inputs.ZoneID, true)
	d.Str("pattern", req.State.Pattern, req.Inputs.Pattern, false)
	cfapi.Opt(d, "scriptName", nonEmptyPtr(req.State.ScriptName), nonEmptyPtr(req.Inputs.ScriptName), false)
	return d.Response(false), nil
}

// Create creates the route: POST /zones/{zoneId}/workers/routes.
func (*WorkersRoute) Create(ctx context.Context, req infer.CreateRequest[WorkersRouteArgs]) (infer.CreateResponse[WorkersRouteState], error) {
	in := req.Inputs
	if req.DryRun {
		return infer.CreateResponse[WorkersRouteState]{Output: WorkersRouteState{in}}, nil
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.CreateResponse[WorkersRouteState]{}, err
	}
	params := workers.RouteNewParams{ZoneID: cloudflare.F(in.ZoneID), Pattern: cloudflare.F(in.Pattern)}
	if s := deref(in.ScriptName); s != "" {
		params.Script = cloudflare.F(s)
	}
	r, err := client.Workers.Routes.New(ctx, params)
	if err != nil {
		return infer.CreateResponse[WorkersRouteState]{}, cfg.wrap(fmt.Sprintf("create the route %q", in.Pattern), err)
	}
	return infer.CreateResponse[WorkersRouteState]{ID: r.ID, Output: routeState(in.ZoneID, r.Pattern, r.Script, in.ScriptName)}, nil
}

// Update replaces pattern and script: PUT /zones/{zoneId}/workers/routes/{id}.
func (*WorkersRoute) Update(ctx context.Context, req infer.UpdateRequest[WorkersRouteArgs, WorkersRouteState]) (infer.UpdateResponse[WorkersRouteState], error) {
	in := req.Inputs
	if req.DryRun {
		return infer.UpdateResponse[WorkersRouteState]{Output: WorkersRouteState{in}}, nil
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.UpdateResponse[WorkersRouteState]{}, err
	}
	params := workers.RouteUpdateParams{ZoneID: cloudflare.F(in.ZoneID), ID: cloudflare.F(req.ID), Pattern: cloudflare.F(in.Pattern)}
	if s := deref(in.ScriptName); s != "" {
		params.Script = cloudflare.F(s)
	}
	r, err := client.Workers.Routes.Update(ctx, req.ID, params)
	if err != nil {
		return infer.UpdateResponse[WorkersRouteState]{}, cfg.wrap(fmt.Sprintf("update the route %s (%q)", req.ID, in.Pattern), err)
	}
	return infer.UpdateResponse[WorkersRouteState]{Output: routeState(in.ZoneID, r.Pattern, r.Script, in.ScriptName)}, nil
}

// Read gets the route: GET /zones/{zoneId}/workers/routes/{id}. A route that is gone
// reports the resource gone.
func (*WorkersRoute) Read(ctx context.Context, req infer.ReadRequest[WorkersRouteArgs, WorkersRouteState]) (infer.ReadResponse[WorkersRouteArgs, WorkersRouteState], error) {
	type resp = infer.ReadResponse[WorkersRouteArgs, WorkersRouteState]
	zoneID, id, err := parseImportID(req.ID, firstNonEmpty(req.State.ZoneID, req.Inputs.ZoneID), routeImportForm)
	if err != nil {
		return resp{}, err
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return resp{}, err
	}
	r, err := client.Workers.Routes.Get(ctx, id, workers.RouteGetParams{ZoneID: cloudflare.F(zoneID)})
	if cfapi.IsNotFound(err) {
		return resp{}, nil
	}
	if err != nil {
		return resp{}, cfg.wrap(fmt.Sprintf("read the route %s", id), err)
	}
	st := routeState(zoneID, r.Pattern, r.Script, nil)
	return resp{ID: r.ID, Inputs: st.WorkersRouteArgs, State: st}, nil
}

// Delete deletes the route: DELETE /zones/{zoneId}/workers/routes/{id}. One already gone
// is a warning.
func (*WorkersRoute) Delete(ctx context.Context, req infer.DeleteRequest[WorkersRouteState]) (infer.DeleteResponse, error) {
	zoneID, id, err := parseImportID(req.ID, req.State.ZoneID, routeImportForm)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	_, err = client.Workers.Routes.Delete(ctx, id, workers.RouteDeleteParams{ZoneID: cloudflare.F(zoneID)})
	if cfapi.IsNotFound(err) {
		p.GetLogger(ctx).Warningf("route %s (%q) was already deleted", id, req.State.Pattern)
		return infer.DeleteResponse{}, nil
	}
	return infer.DeleteResponse{}, cfg.wrap(fmt.Sprintf("delete the route %s (%q)", id, req.State.Pattern), err)
}

// routeState is the state of a route as the API has it; a route without a script has
// no scriptName (nil, or the program's empty one).
func routeState(zoneID, pattern, script string, programScript *string) WorkersRouteState {
	st := WorkersRouteState{WorkersRouteArgs{ZoneID: zoneID, Pattern: pattern}}
	if script != "" {
		st.ScriptName = &script
	} else {
		st.ScriptName = programScript
	}
	return st
}

// nonEmptyPtr treats an empty string as unset.
func nonEmptyPtr(s *string) *string {
	if s == nil || *s == "" {
		return nil
	}
	return s
}
