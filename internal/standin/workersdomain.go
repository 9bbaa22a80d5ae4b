package standin

import (
	"context"
	"fmt"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/workers"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/dome/dome-infra/internal/cfapi"
)

var (
	_ = (infer.CustomResource[WorkersDomainArgs, WorkersDomainState])((*WorkersDomain)(nil))
	_ = (infer.CustomCheck[WorkersDomainArgs])((*WorkersDomain)(nil))
	_ = (infer.CustomDiff[WorkersDomainArgs, WorkersDomainState])((*WorkersDomain)(nil))
	_ = (infer.CustomUpdate[WorkersDomainArgs, WorkersDomainState])((*WorkersDomain)(nil))
	_ = (infer.CustomRead[WorkersDomainArgs, WorkersDomainState])((*WorkersDomain)(nil))
	_ = (infer.CustomDelete[WorkersDomainState])((*WorkersDomain)(nil))
	_ = (infer.Annotated)((*WorkersDomain)(nil))
	_ = (infer.Annotated)((*WorkersDomainArgs)(nil))
)

const (
	domainImportForm = "<account_id>/<worker_domain_id>"
	// defaultEnvironment is v5's default of environment ("Defaults to `production`").
	defaultEnvironment = "production"
)

// WorkersDomain is v5's cloudflare:index/workersDomain:WorkersDomain: a Worker custom
// domain. Its ID is the domain's ID. accountId and zoneId replace it; hostname, service
// and environment update in place with the same PUT that creates it, as
// terraform-provider-cloudflare v4's workers_domain does (Create and Update both call
// AttachWorkersDomain). As there, Read of a domain that is gone is an error.
type WorkersDomain struct{}

// Annotate sets v5's token.
func (d *WorkersDomain) Annotate(a infer.Annotator) {
	a.Describe(&d, "TEST-ONLY stand-in for pulumi-cloudflare v5's WorkersDomain.\n\n"+
		"Import with `pulumi import "+WorkersDomainType+" <name> "+domainImportForm+"`.")
	a.SetToken("index/workersDomain", "WorkersDomain")
}

// WorkersDomainArgs are v5's inputs.
type WorkersDomainArgs struct {
	AccountID   string  `pulumi:"accountId"`
	Environment *string `pulumi:"environment,optional"`
	Hostname    string  `pulumi:"hostname"`
	Service     string  `pulumi:"service"`
	ZoneID      string  `pulumi:"zoneId"`
}

// Annotate documents the inputs.
func (d *WorkersDomainArgs) Annotate(a infer.Annotator) {
	a.Describe(&d.AccountID, "The account identifier to target for the resource.")
	a.Describe(&d.Environment, "The name of the Worker environment. Defaults to `production`.")
	a.Describe(&d.Hostname, "Hostname of the Worker Domain.")
	a.Describe(&d.Service, "Name of worker script to attach the domain to.")
	a.Describe(&d.ZoneID, "The zone identifier to target for the resource.")
}

// WorkersDomainState are v5's outputs: the inputs.
type WorkersDomainState struct {
	WorkersDomainArgs
}

// Check validates the inputs and fills environment's default, as the bridge does from
// v4's schema default.
func (*WorkersDomain) Check(ctx context.Context, req infer.CheckRequest) (infer.CheckResponse[WorkersDomainArgs], error) {
	args, failures, err := infer.DefaultCheck[WorkersDomainArgs](ctx, req.NewInputs)
	if err != nil || len(failures) > 0 {
		return infer.CheckResponse[WorkersDomainArgs]{Inputs: args, Failures: failures}, err
	}
	c := newChecker(req.NewInputs)
	c.idPart("accountId", args.AccountID)
	c.idPart("zoneId", args.ZoneID)
	c.idPart("hostname", args.Hostname)
	c.idPart("service", args.Service)
	if args.Environment == nil {
		env := defaultEnvironment
		args.Environment = &env
	}
	return infer.CheckResponse[WorkersDomainArgs]{Inputs: args, Failures: c.Failures}, nil
}

// Diff: accountId and zoneId replace; the rest updates in place.
func (*WorkersDomain) Diff(_ context.Context, req infer.DiffRequest[WorkersDomainArgs, WorkersDomainState]) (infer.DiffResponse, error) {
	d := cfapi.NewDiffer()
	d.Str("accountId", req.State.AccountID, req.Inputs.AccountID, true)
	d.Str("zoneId", req.State.ZoneID, req.Inputs.ZoneID, true)
	d.Str("hostname", req.State.Hostname, req.Inputs.Hostname, false)
	d.Str("service", req.State.Service, req.Inputs.Service, false)
	cfapi.OptDefault(d, "environment", req.State.Environment, req.Inputs.Environment, defaultEnvironment, false)
	return d.Response(false), nil
}

func attach(ctx context.Context, in WorkersDomainArgs) (string, WorkersDomainState, error) {
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return "", WorkersDomainState{}, err
	}
	env := firstNonEmpty(deref(in.Environment), defaultEnvironment)
	d, err := client.Workers.Domains.Update(ctx, workers.DomainUpdateParams{
		AccountID:   cloudflare.F(in.AccountID),
		Environment: cloudflare.F(env),
		Hostname:    cloudflare.F(in.Hostname),
		Service:     cloudflare.F(in.Service),
		ZoneID:      cloudflare.F(in.ZoneID),
	})
	if err != nil {
		return "", WorkersDomainState{}, cfg.wrap(fmt.Sprintf("error attaching worker domain %q to %q", in.Hostname, in.Service), err)
	}
	return d.ID, domainState(in.AccountID, d), nil
}

// Create attaches the domain: PUT /accounts/{accountId}/workers/domains.
func (*WorkersDomain) Create(ctx context.Context, req infer.CreateRequest[WorkersDomainArgs]) (infer.CreateResponse[WorkersDomainState], error) {
	if req.DryRun {
		return infer.CreateResponse[WorkersDomainState]{Output: WorkersDomainState{req.Inputs}}, nil
	}
	id, st, err := attach(ctx, req.Inputs)
	return infer.CreateResponse[WorkersDomainState]{ID: id, Output: st}, err
}

// Update attaches it again with the new settings (the same PUT).
func (*WorkersDomain) Update(ctx context.Context, req infer.UpdateRequest[WorkersDomainArgs, WorkersDomainState]) (infer.UpdateResponse[WorkersDomainState], error) {
	if req.DryRun {
		return infer.UpdateResponse[WorkersDomainState]{Output: WorkersDomainState{req.Inputs}}, nil
	}
	_, st, err := attach(ctx, req.Inputs)
	return infer.UpdateResponse[WorkersDomainState]{Output: st}, err
}

// Read gets the domain: GET /accounts/{accountId}/workers/domains/{id}. Any error,
// a 404 included, is an error, as in v4 ("error reading worker domain").
func (*WorkersDomain) Read(ctx context.Context, req infer.ReadRequest[WorkersDomainArgs, WorkersDomainState]) (infer.ReadResponse[WorkersDomainArgs, WorkersDomainState], error) {
	type resp = infer.ReadResponse[WorkersDomainArgs, WorkersDomainState]
	accountID, id, err := parseImportID(req.ID, firstNonEmpty(req.State.AccountID, req.Inputs.AccountID), domainImportForm)
	if err != nil {
		return resp{}, err
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return resp{}, err
	}
	d, err := client.Workers.Domains.Get(ctx, id, workers.DomainGetParams{AccountID: cloudflare.F(accountID)})
	if err != nil {
		return resp{}, cfg.wrap(fmt.Sprintf("error reading worker domain %q", id), err)
	}
	st := domainState(accountID, d)
	return resp{ID: d.ID, Inputs: st.WorkersDomainArgs, State: st}, nil
}

// Delete detaches the domain: DELETE /accounts/{accountId}/workers/domains/{id}. As in
// v4, one already gone is an error.
func (*WorkersDomain) Delete(ctx context.Context, req infer.DeleteRequest[WorkersDomainState]) (infer.DeleteResponse, error) {
	accountID, id, err := parseImportID(req.ID, req.State.AccountID, domainImportForm)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	err = client.Workers.Domains.Delete(ctx, id, workers.DomainDeleteParams{AccountID: cloudflare.F(accountID)})
	return infer.DeleteResponse{}, cfg.wrap(fmt.Sprintf("detach worker domain %s (%q)", id, req.State.Hostname), err)
}

func domainState(accountID string, d *workers.Domain) WorkersDomainState {
	env := firstNonEmpty(d.Environment, defaultEnvironment)
	return WorkersDomainState{WorkersDomainArgs{
		AccountID: accountID, Environment: &env, Hostname: d.Hostname, Service: d.Service, ZoneID: d.ZoneID,
	}}
}
