package standin

import (
	"context"
	"fmt"
	"net/url"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/queues"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/dome/dome-infra/internal/cfapi"
)

var (
	_ = (infer.CustomResource[QueueArgs, QueueState])((*Queue)(nil))
	_ = (infer.CustomCheck[QueueArgs])((*Queue)(nil))
	_ = (infer.CustomDiff[QueueArgs, QueueState])((*Queue)(nil))
	_ = (infer.CustomUpdate[QueueArgs, QueueState])((*Queue)(nil))
	_ = (infer.CustomRead[QueueArgs, QueueState])((*Queue)(nil))
	_ = (infer.CustomDelete[QueueState])((*Queue)(nil))
	_ = (infer.Annotated)((*Queue)(nil))
	_ = (infer.Annotated)((*QueueArgs)(nil))
)

const queueImportForm = "<account_id>/<queue_id>"

// Queue is v5's cloudflare:index/queue:Queue. Its ID is the queue ID. A new name is
// applied in place (v5 updates the name in place too); a new account replaces the queue.
type Queue struct{}

// Annotate sets v5's token.
func (q *Queue) Annotate(a infer.Annotator) {
	a.Describe(&q, "TEST-ONLY stand-in for pulumi-cloudflare v5's Queue.\n\n"+
		"Import with `pulumi import "+QueueType+" <name> "+queueImportForm+"`.")
	a.SetToken("index/queue", "Queue")
}

// QueueArgs are v5's inputs.
type QueueArgs struct {
	AccountID string `pulumi:"accountId"`
	Name      string `pulumi:"name"`
}

// Annotate documents the inputs.
func (q *QueueArgs) Annotate(a infer.Annotator) {
	a.Describe(&q.AccountID, "The account identifier to target for the resource.")
	a.Describe(&q.Name, "The name of the queue.")
}

// QueueState are v5's outputs: the inputs.
type QueueState struct {
	QueueArgs
}

// Check validates the inputs.
func (*Queue) Check(ctx context.Context, req infer.CheckRequest) (infer.CheckResponse[QueueArgs], error) {
	args, failures, err := infer.DefaultCheck[QueueArgs](ctx, req.NewInputs)
	if err != nil || len(failures) > 0 {
		return infer.CheckResponse[QueueArgs]{Inputs: args, Failures: failures}, err
	}
	c := newChecker(req.NewInputs)
	c.idPart("accountId", args.AccountID)
	c.nonEmpty("name", args.Name)
	return infer.CheckResponse[QueueArgs]{Inputs: args, Failures: c.Failures}, nil
}

// Diff: accountId replaces, name updates in place.
func (*Queue) Diff(_ context.Context, req infer.DiffRequest[QueueArgs, QueueState]) (infer.DiffResponse, error) {
	return diffQueue(req.State, req.Inputs), nil
}

func diffQueue(st QueueState, in QueueArgs) p.DiffResponse {
	d := cfapi.NewDiffer()
	d.Str("accountId", st.AccountID, in.AccountID, true)
	d.Str("name", st.Name, in.Name, false)
	return d.Response(false)
}

// Create creates the queue: POST /accounts/{accountId}/queues.
func (*Queue) Create(ctx context.Context, req infer.CreateRequest[QueueArgs]) (infer.CreateResponse[QueueState], error) {
	in := req.Inputs
	if req.DryRun {
		return infer.CreateResponse[QueueState]{Output: QueueState{in}}, nil
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.CreateResponse[QueueState]{}, err
	}
	q, err := client.Queues.New(ctx, queues.QueueNewParams{
		AccountID: cloudflare.F(in.AccountID),
		QueueName: cloudflare.F(in.Name),
	})
	if err != nil {
		return infer.CreateResponse[QueueState]{}, cfg.wrap(fmt.Sprintf("create queue %q", in.Name), err)
	}
	return infer.CreateResponse[QueueState]{ID: q.QueueID, Output: QueueState{QueueArgs{AccountID: in.AccountID, Name: q.QueueName}}}, nil
}

// Update renames the queue as v4.51.0 does (cloudflare-go v0.114.0 UpdateQueue): PUT
// /accounts/{accountId}/workers/queues/{old name} with {"queue_name": new name}.
func (*Queue) Update(
	ctx context.Context, req infer.UpdateRequest[QueueArgs, QueueState],
) (infer.UpdateResponse[QueueState], error) {
	in := req.Inputs
	if req.DryRun || in.Name == req.State.Name {
		return infer.UpdateResponse[QueueState]{Output: QueueState{in}}, nil
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.UpdateResponse[QueueState]{}, err
	}
	var q queues.Queue
	err = client.Put(ctx, fmt.Sprintf("accounts/%s/workers/queues/%s", in.AccountID, url.PathEscape(req.State.Name)),
		map[string]string{"queue_name": in.Name}, &envelope[queues.Queue]{Result: &q})
	if err != nil {
		return infer.UpdateResponse[QueueState]{}, cfg.wrap(
			fmt.Sprintf("rename queue %s from %q to %q", req.ID, req.State.Name, in.Name), err)
	}
	return infer.UpdateResponse[QueueState]{Output: QueueState{QueueArgs{AccountID: in.AccountID, Name: q.QueueName}}}, nil
}

// Read fetches the queue: GET /accounts/{accountId}/queues/{id}. A 404 reports the queue
// gone, as v4.51.0 does (it lists the queues and clears the ID when none has it). A rename behind Pulumi's back shows as a new name in both inputs and state.
func (*Queue) Read(ctx context.Context, req infer.ReadRequest[QueueArgs, QueueState]) (infer.ReadResponse[QueueArgs, QueueState], error) {
	type resp = infer.ReadResponse[QueueArgs, QueueState]
	accountID, id, err := parseImportID(req.ID, firstNonEmpty(req.State.AccountID, req.Inputs.AccountID), queueImportForm)
	if err != nil {
		return resp{}, err
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return resp{}, err
	}
	q, err := client.Queues.Get(ctx, id, queues.QueueGetParams{AccountID: cloudflare.F(accountID)})
	if cfapi.IsNotFound(err) {
		return resp{}, nil
	}
	if err != nil {
		return resp{}, cfg.wrap(fmt.Sprintf("read queue %s", id), err)
	}
	args := QueueArgs{AccountID: accountID, Name: q.QueueName}
	return resp{ID: q.QueueID, Inputs: args, State: QueueState{args}}, nil
}

// Delete deletes the queue as v4.51.0 does: by name, DELETE
// /accounts/{accountId}/workers/queues/{name} (cloudflare-go v0.114.0 DeleteQueue). A
// queue that is already gone is an error ("error deleting workers queue"), as there.
func (*Queue) Delete(ctx context.Context, req infer.DeleteRequest[QueueState]) (infer.DeleteResponse, error) {
	accountID, id, err := parseImportID(req.ID, req.State.AccountID, queueImportForm)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	name := req.State.Name
	if name == "" {
		return infer.DeleteResponse{}, fmt.Errorf(errPrefix+"delete queue %s: no name in the state (v5 deletes a queue by name)", id)
	}
	err = client.Delete(ctx, fmt.Sprintf("accounts/%s/workers/queues/%s", accountID, url.PathEscape(name)), nil, nil)
	return infer.DeleteResponse{}, cfg.wrap(fmt.Sprintf("error deleting workers queue %s (%q)", id, name), err)
}

// envelope is the API's answer, for calls made with the client's generic methods.
type envelope[T any] struct {
	Result *T `json:"result"`
}
