package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/r2"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/dome/dome-infra/internal/cfapi"
	"github.com/dome/dome-infra/internal/companion"
)

var (
	_ = (infer.CustomResource[R2EventNotificationArgs, R2EventNotificationState])((*R2EventNotification)(nil))
	_ = (infer.CustomCheck[R2EventNotificationArgs])((*R2EventNotification)(nil))
	_ = (infer.CustomDiff[R2EventNotificationArgs, R2EventNotificationState])((*R2EventNotification)(nil))
	_ = (infer.CustomUpdate[R2EventNotificationArgs, R2EventNotificationState])((*R2EventNotification)(nil))
	_ = (infer.CustomRead[R2EventNotificationArgs, R2EventNotificationState])((*R2EventNotification)(nil))
	_ = (infer.CustomDelete[R2EventNotificationState])((*R2EventNotification)(nil))
	_ = (infer.Annotated)((*R2EventNotification)(nil))
	_ = (infer.Annotated)((*R2EventNotificationArgs)(nil))
	_ = (infer.Annotated)((*R2EventNotificationState)(nil))
	_ = (infer.Annotated)((*R2EventNotificationRule)(nil))
)

// R2 object actions that can trigger a notification.
var r2Actions = []string{
	string(r2.BucketEventNotificationUpdateParamsRulesActionPutObject),
	string(r2.BucketEventNotificationUpdateParamsRulesActionCopyObject),
	string(r2.BucketEventNotificationUpdateParamsRulesActionDeleteObject),
	string(r2.BucketEventNotificationUpdateParamsRulesActionCompleteMultipartUpload),
	string(r2.BucketEventNotificationUpdateParamsRulesActionLifecycleDeletion),
}

// R2 bucket jurisdictions.
var r2Jurisdictions = []string{
	string(r2.BucketEventNotificationUpdateParamsCfR2JurisdictionDefault),
	string(r2.BucketEventNotificationUpdateParamsCfR2JurisdictionEu),
	string(r2.BucketEventNotificationUpdateParamsCfR2JurisdictionFedramp),
}

// R2EventNotification manages ALL event notification rules of one bucket that target one
// queue.
//
// Cloudflare's "PUT .../configuration/queues/{queueId}" ADDS the rules it is given to the
// rules that already exist for that bucket and queue (it creates rules; it does not
// replace them — Cloudflare's own Terraform provider deletes before putting for the same
// reason). So:
//
//   - Create is one write: PUT the rules.
//   - Update is two writes: DELETE every rule of the bucket for the queue, then PUT the
//     new rules. Between the two, no notification is sent for that queue.
//   - Read is one read: GET the configuration of the bucket for the queue.
//   - Delete is one write: DELETE every rule of the bucket for the queue.
type R2EventNotification struct{}

// Annotate documents the resource.
func (r *R2EventNotification) Annotate(a infer.Annotator) {
	a.Describe(&r, "The event notification rules that send the events of one R2 bucket to one queue. "+
		"The resource owns all rules of that bucket for that queue.\n\n"+
		"Import with `pulumi import "+companion.R2EventNotificationType+" <name> <accountId>/<bucketName>/<queueId>`.")
	a.SetToken("index", "R2EventNotification")
}

// R2EventNotificationArgs are the inputs of an R2EventNotification.
type R2EventNotificationArgs struct {
	AccountID    string                    `pulumi:"accountId"`
	BucketName   string                    `pulumi:"bucketName"`
	QueueID      string                    `pulumi:"queueId"`
	Jurisdiction *string                   `pulumi:"jurisdiction,optional"`
	Rules        []R2EventNotificationRule `pulumi:"rules"`
}

// Annotate documents the inputs.
func (r *R2EventNotificationArgs) Annotate(a infer.Annotator) {
	a.Describe(&r.AccountID, "Cloudflare account ID. Changing it replaces the resource.")
	a.Describe(&r.BucketName, "Name of the R2 bucket. Changing it replaces the resource.")
	a.Describe(&r.QueueID, "ID of the queue that receives the notifications. Changing it replaces the resource.")
	a.Describe(&r.Jurisdiction, "Jurisdiction of the bucket: default, eu or fedramp. Changing it replaces the resource.")
	a.Describe(&r.Rules, "The notification rules (at least one).")
}

// R2EventNotificationRule is one notification rule.
type R2EventNotificationRule struct {
	Actions     []string `pulumi:"actions"`
	Prefix      *string  `pulumi:"prefix,optional"`
	Suffix      *string  `pulumi:"suffix,optional"`
	Description *string  `pulumi:"description,optional"`
}

// Annotate documents the type.
func (r *R2EventNotificationRule) Annotate(a infer.Annotator) {
	a.Describe(&r.Actions, "Object actions that trigger a notification: PutObject, CopyObject, "+
		"DeleteObject, CompleteMultipartUpload, LifecycleDeletion.")
	a.Describe(&r.Prefix, "Only notify for object keys with this prefix.")
	a.Describe(&r.Suffix, "Only notify for object keys with this suffix.")
	a.Describe(&r.Description, "Description of the rule.")
}

// R2EventNotificationState is the state of an R2EventNotification.
type R2EventNotificationState struct {
	R2EventNotificationArgs
	QueueName string `pulumi:"queueName,optional"`
}

// Annotate documents the outputs.
func (r *R2EventNotificationState) Annotate(a infer.Annotator) {
	a.Describe(&r.QueueName, "Name of the queue, as reported by Cloudflare (known after a read).")
}

// Check validates the inputs.
func (*R2EventNotification) Check(
	ctx context.Context, req infer.CheckRequest,
) (infer.CheckResponse[R2EventNotificationArgs], error) {
	args, failures, err := infer.DefaultCheck[R2EventNotificationArgs](ctx, req.NewInputs)
	if err != nil || len(failures) > 0 {
		return infer.CheckResponse[R2EventNotificationArgs]{Inputs: args, Failures: failures}, err
	}
	c := newChecker(req.NewInputs)
	c.idPart("accountId", args.AccountID)
	c.idPart("bucketName", args.BucketName)
	c.idPart("queueId", args.QueueID)
	if args.Jurisdiction != nil {
		c.oneOf("jurisdiction", *args.Jurisdiction, r2Jurisdictions...)
	}
	if len(args.Rules) == 0 {
		c.Failf("rules", "must contain at least one rule")
	}
	for i, rule := range args.Rules {
		path := fmt.Sprintf("rules[%d].actions", i)
		if len(rule.Actions) == 0 {
			c.Failf(path, "must contain at least one action")
		}
		seen := map[string]bool{}
		for j, action := range rule.Actions {
			apath := fmt.Sprintf("%s[%d]", path, j)
			c.oneOf(apath, action, r2Actions...)
			if seen[action] {
				c.Failf(apath, "%q is listed twice", action)
			}
			seen[action] = true
		}
	}
	return infer.CheckResponse[R2EventNotificationArgs]{Inputs: args, Failures: c.Failures}, nil
}

// Diff compares the new inputs with the state, without any request.
func (*R2EventNotification) Diff(
	_ context.Context, req infer.DiffRequest[R2EventNotificationArgs, R2EventNotificationState],
) (infer.DiffResponse, error) {
	return diffR2EventNotification(req.State, req.Inputs), nil
}

func diffR2EventNotification(st R2EventNotificationState, in R2EventNotificationArgs) p.DiffResponse {
	d := cfapi.NewDiffer()
	d.Str("accountId", st.AccountID, in.AccountID, true)
	d.Str("bucketName", st.BucketName, in.BucketName, true)
	d.Str("queueId", st.QueueID, in.QueueID, true)
	d.Change("jurisdiction", jurisdictionOf(st.Jurisdiction) != jurisdictionOf(in.Jurisdiction),
		st.Jurisdiction != nil, in.Jurisdiction != nil, true)
	cfapi.ListFunc(d, "rules", st.Rules, in.Rules, ruleEqual, false)
	// Rules of a bucket may not overlap, and the old and new resource may share the
	// bucket: remove the old rules before adding the new ones.
	return d.Response(true)
}

// ruleEqual compares two rules, their actions as a set: Cloudflare may answer a rule's
// actions in another order than they were sent, which is no change.
func ruleEqual(a, b R2EventNotificationRule) bool {
	return sameSet(a.Actions, b.Actions) &&
		deref(a.Prefix) == deref(b.Prefix) &&
		deref(a.Suffix) == deref(b.Suffix) &&
		deref(a.Description) == deref(b.Description)
}

// sameSet reports whether a and b hold the same strings, in any order and count.
func sameSet(a, b []string) bool {
	in := func(xs []string, x string) bool { return slices.Contains(xs, x) }
	for _, x := range a {
		if !in(b, x) {
			return false
		}
	}
	for _, x := range b {
		if !in(a, x) {
			return false
		}
	}
	return true
}

func jurisdictionOf(j *string) string {
	if j == nil || *j == "" {
		return string(r2.BucketEventNotificationUpdateParamsCfR2JurisdictionDefault)
	}
	return *j
}

// Create adds the rules. One write:
//
//	PUT /accounts/{accountId}/event_notifications/r2/{bucketName}/configuration/queues/{queueId}
//
// Rules that already exist for the bucket and queue (made outside Pulumi) are kept by
// that PUT; import the configuration instead of creating it to take them over.
func (*R2EventNotification) Create(
	ctx context.Context, req infer.CreateRequest[R2EventNotificationArgs],
) (infer.CreateResponse[R2EventNotificationState], error) {
	in := req.Inputs
	id := companion.R2EventNotificationID(in.AccountID, in.BucketName, in.QueueID)
	if req.DryRun {
		return infer.CreateResponse[R2EventNotificationState]{
			ID: id, Output: R2EventNotificationState{R2EventNotificationArgs: in},
		}, nil
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.CreateResponse[R2EventNotificationState]{}, err
	}
	// Cloudflare's PUT adds rules to the ones the bucket already sends to the queue:
	// never add to rules nobody imported.
	if existing, err := getRules(ctx, client, in); err == nil && len(existing.Rules) > 0 {
		return infer.CreateResponse[R2EventNotificationState]{}, fmt.Errorf(
			"the event notification of bucket %q for queue %q %s", in.BucketName, in.QueueID, ExistsMessage)
	} else if err != nil && !cfapi.IsNotFound(err) {
		return infer.CreateResponse[R2EventNotificationState]{}, cfg.wrap(
			fmt.Sprintf("read event notifications of bucket %q", in.BucketName), err)
	}
	if err := putRules(ctx, cfg, client, in); err != nil {
		return infer.CreateResponse[R2EventNotificationState]{}, err
	}
	return infer.CreateResponse[R2EventNotificationState]{ID: id, Output: R2EventNotificationState{R2EventNotificationArgs: in}}, nil
}

// Update replaces the rules. Two writes, because the PUT appends:
//
//	DELETE /accounts/{accountId}/event_notifications/r2/{bucketName}/configuration/queues/{queueId}
//	PUT    /accounts/{accountId}/event_notifications/r2/{bucketName}/configuration/queues/{queueId}
func (*R2EventNotification) Update(
	ctx context.Context, req infer.UpdateRequest[R2EventNotificationArgs, R2EventNotificationState],
) (infer.UpdateResponse[R2EventNotificationState], error) {
	in := req.Inputs
	state := R2EventNotificationState{R2EventNotificationArgs: in, QueueName: req.State.QueueName}
	if req.DryRun {
		return infer.UpdateResponse[R2EventNotificationState]{Output: state}, nil
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.UpdateResponse[R2EventNotificationState]{}, err
	}
	if err := deleteRules(ctx, cfg, client, in); err != nil && !cfapi.IsNotFound(err) {
		return infer.UpdateResponse[R2EventNotificationState]{}, err
	}
	if err := putRules(ctx, cfg, client, in); err != nil {
		return infer.UpdateResponse[R2EventNotificationState]{}, err
	}
	return infer.UpdateResponse[R2EventNotificationState]{Output: state}, nil
}

// Read fetches the rules of the bucket for the queue. One read:
//
//	GET /accounts/{accountId}/event_notifications/r2/{bucketName}/configuration/queues/{queueId}
func (*R2EventNotification) Read(
	ctx context.Context, req infer.ReadRequest[R2EventNotificationArgs, R2EventNotificationState],
) (infer.ReadResponse[R2EventNotificationArgs, R2EventNotificationState], error) {
	type resp = infer.ReadResponse[R2EventNotificationArgs, R2EventNotificationState]
	accountID, bucketName, queueID, err := companion.ParseR2EventNotificationID(req.ID)
	if err != nil {
		return resp{}, err
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return resp{}, err
	}
	jurisdiction := req.State.Jurisdiction
	if jurisdiction == nil {
		jurisdiction = req.Inputs.Jurisdiction
	}
	got, err := getRules(ctx, client, R2EventNotificationArgs{
		AccountID: accountID, BucketName: bucketName, QueueID: queueID, Jurisdiction: jurisdiction,
	})
	if cfapi.IsNotFound(err) {
		return resp{}, nil
	}
	if err != nil {
		return resp{}, cfg.wrap(fmt.Sprintf("read event notifications of bucket %q for queue %q", bucketName, queueID), err)
	}
	if len(got.Rules) == 0 {
		return resp{}, nil // no rule left for this queue: the resource is gone
	}
	args := R2EventNotificationArgs{
		AccountID:    accountID,
		BucketName:   bucketName,
		QueueID:      queueID,
		Jurisdiction: jurisdiction,
	}
	for _, rule := range got.Rules {
		actions := make([]string, len(rule.Actions))
		for i, a := range rule.Actions {
			actions[i] = string(a)
		}
		args.Rules = append(args.Rules, R2EventNotificationRule{
			Actions:     actions,
			Prefix:      nonEmptyPtr(rule.Prefix),
			Suffix:      nonEmptyPtr(rule.Suffix),
			Description: nonEmptyPtr(rule.Description),
		})
	}
	state := R2EventNotificationState{R2EventNotificationArgs: args, QueueName: got.QueueName}
	return resp{ID: companion.R2EventNotificationID(accountID, bucketName, queueID), Inputs: args, State: state}, nil
}

// getRules reads the rules by which the bucket sends events to the queue.
func getRules(ctx context.Context, client *cloudflare.Client, in R2EventNotificationArgs) (*r2.BucketEventNotificationGetResponse, error) {
	params := r2.BucketEventNotificationGetParams{AccountID: cloudflare.F(in.AccountID)}
	if in.Jurisdiction != nil {
		params.Jurisdiction = cloudflare.F(r2.BucketEventNotificationGetParamsCfR2Jurisdiction(*in.Jurisdiction))
	}
	return client.R2.Buckets.EventNotifications.Get(ctx, in.BucketName, in.QueueID, params)
}

// Delete removes every rule of the bucket for the queue. One write:
//
//	DELETE /accounts/{accountId}/event_notifications/r2/{bucketName}/configuration/queues/{queueId}
func (*R2EventNotification) Delete(
	ctx context.Context, req infer.DeleteRequest[R2EventNotificationState],
) (infer.DeleteResponse, error) {
	args := req.State.R2EventNotificationArgs
	if args.AccountID == "" || args.BucketName == "" || args.QueueID == "" {
		var err error
		if args.AccountID, args.BucketName, args.QueueID, err = companion.ParseR2EventNotificationID(req.ID); err != nil {
			return infer.DeleteResponse{}, err
		}
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	err = deleteRules(ctx, cfg, client, args)
	if cfapi.IsNotFound(err) {
		p.GetLogger(ctx).Warningf("event notifications of bucket %q for queue %q were already deleted",
			args.BucketName, args.QueueID)
		return infer.DeleteResponse{}, nil
	}
	return infer.DeleteResponse{}, err
}

// buildRulesUpdate is the pure mapping from the inputs to the PUT's parameters.
func buildRulesUpdate(in R2EventNotificationArgs) r2.BucketEventNotificationUpdateParams {
	rules := make([]r2.BucketEventNotificationUpdateParamsRule, len(in.Rules))
	for i, rule := range in.Rules {
		actions := make([]r2.BucketEventNotificationUpdateParamsRulesAction, len(rule.Actions))
		for j, a := range rule.Actions {
			actions[j] = r2.BucketEventNotificationUpdateParamsRulesAction(a)
		}
		r := r2.BucketEventNotificationUpdateParamsRule{Actions: cloudflare.F(actions)}
		if rule.Prefix != nil {
			r.Prefix = cloudflare.F(*rule.Prefix)
		}
		if rule.Suffix != nil {
			r.Suffix = cloudflare.F(*rule.Suffix)
		}
		if rule.Description != nil {
			r.Description = cloudflare.F(*rule.Description)
		}
		rules[i] = r
	}
	params := r2.BucketEventNotificationUpdateParams{
		AccountID: cloudflare.F(in.AccountID),
		Rules:     cloudflare.F(rules),
	}
	if in.Jurisdiction != nil {
		params.Jurisdiction = cloudflare.F(r2.BucketEventNotificationUpdateParamsCfR2Jurisdiction(*in.Jurisdiction))
	}
	return params
}

func putRules(ctx context.Context, cfg Config, client *cloudflare.Client, in R2EventNotificationArgs) error {
	_, err := client.R2.Buckets.EventNotifications.Update(ctx, in.BucketName, in.QueueID, buildRulesUpdate(in))
	if err != nil {
		return cfg.wrap(fmt.Sprintf("put event notifications of bucket %q for queue %q", in.BucketName, in.QueueID), err)
	}
	return nil
}

// deleteRules deletes all rules of the bucket for the queue (the DELETE without a body).
// The SDK sends the cf-r2-jurisdiction header from the params. A 404 stays recognizable
// with cfapi.IsNotFound.
func deleteRules(ctx context.Context, cfg Config, client *cloudflare.Client, in R2EventNotificationArgs) error {
	params := r2.BucketEventNotificationDeleteParams{AccountID: cloudflare.F(in.AccountID)}
	if in.Jurisdiction != nil {
		params.Jurisdiction = cloudflare.F(r2.BucketEventNotificationDeleteParamsCfR2Jurisdiction(*in.Jurisdiction))
	}
	_, err := client.R2.Buckets.EventNotifications.Delete(ctx, in.BucketName, in.QueueID, params)
	if err != nil {
		return cfg.wrap(fmt.Sprintf("delete event notifications of bucket %q for queue %q", in.BucketName, in.QueueID), err)
	}
	return nil
}
