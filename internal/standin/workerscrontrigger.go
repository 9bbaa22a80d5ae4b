package standin

import (
	"context"
	"fmt"
	"slices"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/workers"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/dome/dome-infra/internal/cfapi"
)

var (
	_ = (infer.CustomResource[WorkersCronTriggerArgs, WorkersCronTriggerState])((*WorkersCronTrigger)(nil))
	_ = (infer.CustomCheck[WorkersCronTriggerArgs])((*WorkersCronTrigger)(nil))
	_ = (infer.CustomDiff[WorkersCronTriggerArgs, WorkersCronTriggerState])((*WorkersCronTrigger)(nil))
	_ = (infer.CustomUpdate[WorkersCronTriggerArgs, WorkersCronTriggerState])((*WorkersCronTrigger)(nil))
	_ = (infer.CustomRead[WorkersCronTriggerArgs, WorkersCronTriggerState])((*WorkersCronTrigger)(nil))
	_ = (infer.CustomDelete[WorkersCronTriggerState])((*WorkersCronTrigger)(nil))
	_ = (infer.Annotated)((*WorkersCronTrigger)(nil))
	_ = (infer.Annotated)((*WorkersCronTriggerArgs)(nil))
)

const cronImportForm = "<account_id>/<script_name>"

// WorkersCronTrigger is v5's cloudflare:index/workersCronTrigger:WorkersCronTrigger: the
// complete set of cron schedules of one Worker script.
//
// Its ID is the script name (v5 uses a checksum of the script name). Create and Update
// PUT the schedules; Delete PUTs an empty list; Read GETs them, so schedules changed
// behind Pulumi's back show as drift, and a deleted script reports the trigger gone.
// Unlike v5, a new accountId or scriptName replaces the trigger (v5 would update in place
// and leave the old script's schedules behind). schedules compare as a set, as in v5.
type WorkersCronTrigger struct{}

// Annotate sets v5's token.
func (w *WorkersCronTrigger) Annotate(a infer.Annotator) {
	a.Describe(&w, "TEST-ONLY stand-in for pulumi-cloudflare v5's WorkersCronTrigger. The ID is the script name.\n\n"+
		"Import with `pulumi import "+WorkersCronTriggerType+" <name> "+cronImportForm+"`.")
	a.SetToken("index/workersCronTrigger", "WorkersCronTrigger")
}

// WorkersCronTriggerArgs are v5's inputs.
type WorkersCronTriggerArgs struct {
	AccountID  string   `pulumi:"accountId"`
	ScriptName string   `pulumi:"scriptName"`
	Schedules  []string `pulumi:"schedules"`
}

// Annotate documents the inputs.
func (w *WorkersCronTriggerArgs) Annotate(a infer.Annotator) {
	a.Describe(&w.AccountID, "The account identifier to target for the resource.")
	a.Describe(&w.ScriptName, "Worker script to target for the schedules.")
	a.Describe(&w.Schedules, "Cron expressions to execute the Worker script.")
}

// WorkersCronTriggerState are v5's outputs: the inputs.
type WorkersCronTriggerState struct {
	WorkersCronTriggerArgs
}

// Check validates the inputs.
func (*WorkersCronTrigger) Check(
	ctx context.Context, req infer.CheckRequest,
) (infer.CheckResponse[WorkersCronTriggerArgs], error) {
	args, failures, err := infer.DefaultCheck[WorkersCronTriggerArgs](ctx, req.NewInputs)
	if err != nil || len(failures) > 0 {
		return infer.CheckResponse[WorkersCronTriggerArgs]{Inputs: args, Failures: failures}, err
	}
	c := newChecker(req.NewInputs)
	c.idPart("accountId", args.AccountID)
	c.idPart("scriptName", args.ScriptName)
	if len(args.Schedules) == 0 {
		c.Failf("schedules", "schedules must hold at least one cron expression")
	}
	for i, s := range args.Schedules {
		c.nonEmpty(fmt.Sprintf("schedules[%d]", i), s)
	}
	return infer.CheckResponse[WorkersCronTriggerArgs]{Inputs: args, Failures: c.Failures}, nil
}

// Diff: accountId and scriptName replace; schedules update in place, compared as a set.
func (*WorkersCronTrigger) Diff(
	_ context.Context, req infer.DiffRequest[WorkersCronTriggerArgs, WorkersCronTriggerState],
) (infer.DiffResponse, error) {
	return diffCron(req.State, req.Inputs), nil
}

func diffCron(st WorkersCronTriggerState, in WorkersCronTriggerArgs) p.DiffResponse {
	d := cfapi.NewDiffer()
	d.Str("accountId", st.AccountID, in.AccountID, true)
	d.Str("scriptName", st.ScriptName, in.ScriptName, true)
	d.Change("schedules", !sameSet(st.Schedules, in.Schedules),
		len(st.Schedules) > 0, len(in.Schedules) > 0, false)
	// The replacement targets another script or account, so it can be created first.
	return d.Response(false)
}

// Create sets the schedules: PUT /accounts/{accountId}/workers/scripts/{script}/schedules.
func (*WorkersCronTrigger) Create(
	ctx context.Context, req infer.CreateRequest[WorkersCronTriggerArgs],
) (infer.CreateResponse[WorkersCronTriggerState], error) {
	in := req.Inputs
	if req.DryRun {
		return infer.CreateResponse[WorkersCronTriggerState]{ID: in.ScriptName, Output: WorkersCronTriggerState{in}}, nil
	}
	crons, err := putSchedules(ctx, in.AccountID, in.ScriptName, in.Schedules)
	if err != nil {
		return infer.CreateResponse[WorkersCronTriggerState]{}, err
	}
	return infer.CreateResponse[WorkersCronTriggerState]{ID: in.ScriptName, Output: cronState(in, crons)}, nil
}

// Update replaces the schedules with one PUT.
func (*WorkersCronTrigger) Update(
	ctx context.Context, req infer.UpdateRequest[WorkersCronTriggerArgs, WorkersCronTriggerState],
) (infer.UpdateResponse[WorkersCronTriggerState], error) {
	in := req.Inputs
	if req.DryRun {
		return infer.UpdateResponse[WorkersCronTriggerState]{Output: WorkersCronTriggerState{in}}, nil
	}
	crons, err := putSchedules(ctx, in.AccountID, in.ScriptName, in.Schedules)
	if err != nil {
		return infer.UpdateResponse[WorkersCronTriggerState]{}, err
	}
	return infer.UpdateResponse[WorkersCronTriggerState]{Output: cronState(in, crons)}, nil
}

// cronState is the state after a write: the program's order when the API holds the same
// set, the API's list otherwise.
func cronState(in WorkersCronTriggerArgs, crons []string) WorkersCronTriggerState {
	if !sameSet(in.Schedules, crons) {
		in.Schedules = crons
	}
	return WorkersCronTriggerState{in}
}

func putSchedules(ctx context.Context, accountID, script string, schedules []string) ([]string, error) {
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return nil, err
	}
	body := make([]workers.ScriptScheduleUpdateParamsBody, 0, len(schedules))
	for _, s := range schedules {
		body = append(body, workers.ScriptScheduleUpdateParamsBody{Cron: cloudflare.F(s)})
	}
	res, err := client.Workers.Scripts.Schedules.Update(ctx, script, workers.ScriptScheduleUpdateParams{
		AccountID: cloudflare.F(accountID),
		Body:      body,
	})
	if err != nil {
		return nil, cfg.wrap(fmt.Sprintf("set the cron schedules of worker %q", script), err)
	}
	crons := make([]string, 0, len(res.Schedules))
	for _, s := range res.Schedules {
		crons = append(crons, s.Cron)
	}
	return crons, nil
}

// Read gets the schedules: GET /accounts/{accountId}/workers/scripts/{script}/schedules.
// A missing script reports the trigger gone; no schedules is drift (an empty list), as in
// v5.
func (*WorkersCronTrigger) Read(
	ctx context.Context, req infer.ReadRequest[WorkersCronTriggerArgs, WorkersCronTriggerState],
) (infer.ReadResponse[WorkersCronTriggerArgs, WorkersCronTriggerState], error) {
	type resp = infer.ReadResponse[WorkersCronTriggerArgs, WorkersCronTriggerState]
	accountID, script, err := parseImportID(req.ID, firstNonEmpty(req.State.AccountID, req.Inputs.AccountID), cronImportForm)
	if err != nil {
		return resp{}, err
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return resp{}, err
	}
	res, err := client.Workers.Scripts.Schedules.Get(ctx, script, workers.ScriptScheduleGetParams{AccountID: cloudflare.F(accountID)})
	if cfapi.IsNotFound(err) {
		return resp{}, nil
	}
	if err != nil {
		return resp{}, cfg.wrap(fmt.Sprintf("read the cron schedules of worker %q", script), err)
	}
	crons := make([]string, 0, len(res.Schedules))
	for _, s := range res.Schedules {
		crons = append(crons, s.Cron)
	}
	// Keep the program's order when nothing drifted, so a refresh is a no-op.
	known := req.Inputs.Schedules
	if len(known) == 0 {
		known = req.State.Schedules
	}
	if len(known) > 0 && sameSet(known, crons) {
		crons = append([]string(nil), known...)
	}
	args := WorkersCronTriggerArgs{AccountID: accountID, ScriptName: script, Schedules: crons}
	return resp{ID: script, Inputs: args, State: WorkersCronTriggerState{args}}, nil
}

// Delete removes every schedule of the script (PUT of an empty list). A script that is
// already gone is a warning.
func (*WorkersCronTrigger) Delete(ctx context.Context, req infer.DeleteRequest[WorkersCronTriggerState]) (infer.DeleteResponse, error) {
	accountID, script, err := parseImportID(req.ID, req.State.AccountID, cronImportForm)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	_, err = putSchedules(ctx, accountID, script, nil)
	if cfapi.IsNotFound(err) {
		p.GetLogger(ctx).Warningf("worker %q was already deleted, and its cron schedules with it", script)
		return infer.DeleteResponse{}, nil
	}
	return infer.DeleteResponse{}, err
}

// sameSet compares schedules as a set (v5 declares schedules a set).
func sameSet(a, b []string) bool {
	a, b = dedupSorted(a), dedupSorted(b)
	return slices.Equal(a, b)
}

func dedupSorted(v []string) []string {
	out := slices.Clone(v)
	slices.Sort(out)
	return slices.Compact(out)
}
