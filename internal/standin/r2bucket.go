package standin

import (
	"context"
	"fmt"
	"strings"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/r2"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/dome/dome-infra/internal/cfapi"
)

var (
	_ = (infer.CustomResource[R2BucketArgs, R2BucketState])((*R2Bucket)(nil))
	_ = (infer.CustomCheck[R2BucketArgs])((*R2Bucket)(nil))
	_ = (infer.CustomDiff[R2BucketArgs, R2BucketState])((*R2Bucket)(nil))
	_ = (infer.CustomRead[R2BucketArgs, R2BucketState])((*R2Bucket)(nil))
	_ = (infer.CustomDelete[R2BucketState])((*R2Bucket)(nil))
	_ = (infer.Annotated)((*R2Bucket)(nil))
	_ = (infer.Annotated)((*R2BucketArgs)(nil))
	_ = (infer.Annotated)((*R2BucketState)(nil))
)

const r2ImportForm = "<account id>/<bucket name>"

// r2Locations are v5's documented location hints.
var r2Locations = []string{"WNAM", "ENAM", "WEUR", "EEUR", "APAC", "OC"}

// R2Bucket is v5's cloudflare:index/r2Bucket:R2Bucket. Its ID is the bucket name. Every
// change replaces the bucket (as in v5).
type R2Bucket struct{}

// Annotate sets v5's token.
func (r *R2Bucket) Annotate(a infer.Annotator) {
	a.Describe(&r, "TEST-ONLY stand-in for pulumi-cloudflare v5's R2Bucket.\n\n"+
		"Import with `pulumi import "+R2BucketType+" <name> "+r2ImportForm+"`.")
	a.SetToken("index/r2Bucket", "R2Bucket")
}

// R2BucketArgs are v5's inputs.
type R2BucketArgs struct {
	AccountID string  `pulumi:"accountId"`
	Name      string  `pulumi:"name"`
	Location  *string `pulumi:"location,optional"`
}

// Annotate documents the inputs.
func (r *R2BucketArgs) Annotate(a infer.Annotator) {
	a.Describe(&r.AccountID, "The account identifier to target for the resource.")
	a.Describe(&r.Name, "The name of the R2 bucket.")
	a.Describe(&r.Location, "The location hint of the R2 bucket. Available values: `WNAM`, `ENAM`, `WEUR`, "+
		"`EEUR`, `APAC`, `OC`.")
}

// R2BucketState are v5's outputs (location is always set: it is computed when not given).
type R2BucketState struct {
	AccountID string `pulumi:"accountId"`
	Name      string `pulumi:"name"`
	Location  string `pulumi:"location"`
}

// Annotate documents the outputs.
func (r *R2BucketState) Annotate(a infer.Annotator) {
	a.Describe(&r.AccountID, "The account identifier to target for the resource.")
	a.Describe(&r.Name, "The name of the R2 bucket.")
	a.Describe(&r.Location, "The location of the R2 bucket, upper case (WNAM, ENAM, ...).")
}

// Check validates the inputs.
func (*R2Bucket) Check(ctx context.Context, req infer.CheckRequest) (infer.CheckResponse[R2BucketArgs], error) {
	args, failures, err := infer.DefaultCheck[R2BucketArgs](ctx, req.NewInputs)
	if err != nil || len(failures) > 0 {
		return infer.CheckResponse[R2BucketArgs]{Inputs: args, Failures: failures}, err
	}
	c := newChecker(req.NewInputs)
	c.idPart("accountId", args.AccountID)
	c.matches("name", args.Name, bucketNameRe,
		"R2 bucket name (3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit)")
	if args.Location != nil {
		// v4.51.0: stringvalidator.OneOf(locationHints...), upper case only.
		c.oneOf("location", *args.Location, r2Locations...)
	}
	return infer.CheckResponse[R2BucketArgs]{Inputs: args, Failures: c.Failures}, nil
}

// Diff: every change replaces (v4.51.0: RequiresReplace on account_id, name and
// location). An unset location never differs (it is Optional+Computed); a set one is
// compared as a plain string, case-sensitively. The replacement creates the new bucket
// first, as the bridge does for any replacement unless the program asks for
// deleteBeforeReplace: with the same name, that create fails with a 409 (name taken).
func (*R2Bucket) Diff(_ context.Context, req infer.DiffRequest[R2BucketArgs, R2BucketState]) (infer.DiffResponse, error) {
	return diffR2(req.State, req.Inputs), nil
}

func diffR2(st R2BucketState, in R2BucketArgs) p.DiffResponse {
	d := cfapi.NewDiffer()
	d.Str("accountId", st.AccountID, in.AccountID, true)
	d.Str("name", st.Name, in.Name, true)
	if in.Location != nil {
		d.Change("location", st.Location != *in.Location, st.Location != "", true, true)
	}
	return d.Response(false)
}

// Create creates the bucket: POST /accounts/{accountId}/r2/buckets.
func (*R2Bucket) Create(ctx context.Context, req infer.CreateRequest[R2BucketArgs]) (infer.CreateResponse[R2BucketState], error) {
	in := req.Inputs
	if req.DryRun {
		return infer.CreateResponse[R2BucketState]{ID: in.Name, Output: R2BucketState{
			AccountID: in.AccountID, Name: in.Name, Location: strings.ToUpper(deref(in.Location)),
		}}, nil
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.CreateResponse[R2BucketState]{}, err
	}
	params := r2.BucketNewParams{AccountID: cloudflare.F(in.AccountID), Name: cloudflare.F(in.Name)}
	if in.Location != nil {
		params.LocationHint = cloudflare.F(r2.BucketNewParamsLocationHint(strings.ToLower(*in.Location)))
	}
	b, err := client.R2.Buckets.New(ctx, params)
	if err != nil {
		return infer.CreateResponse[R2BucketState]{}, cfg.wrap(fmt.Sprintf("create R2 bucket %q", in.Name), err)
	}
	return infer.CreateResponse[R2BucketState]{ID: b.Name, Output: r2State(in.AccountID, b)}, nil
}

func r2State(accountID string, b *r2.Bucket) R2BucketState {
	return R2BucketState{AccountID: accountID, Name: b.Name, Location: strings.ToUpper(string(b.Location))}
}

// Read fetches the bucket: GET /accounts/{accountId}/r2/buckets/{name}. A bucket that is
// gone is an error, as in v4.51.0 ("failed reading R2 bucket" for any error,
// internal/framework/service/r2_bucket/resource.go). The inputs keep the location the program wrote (none on import).
func (*R2Bucket) Read(
	ctx context.Context, req infer.ReadRequest[R2BucketArgs, R2BucketState],
) (infer.ReadResponse[R2BucketArgs, R2BucketState], error) {
	type resp = infer.ReadResponse[R2BucketArgs, R2BucketState]
	accountID, name, err := parseImportID(req.ID, firstNonEmpty(req.State.AccountID, req.Inputs.AccountID), r2ImportForm)
	if err != nil {
		return resp{}, err
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return resp{}, err
	}
	b, err := client.R2.Buckets.Get(ctx, name, r2.BucketGetParams{AccountID: cloudflare.F(accountID)})
	if err != nil {
		return resp{}, cfg.wrap(fmt.Sprintf("failed reading R2 bucket %q", name), err)
	}
	args := R2BucketArgs{AccountID: accountID, Name: b.Name, Location: req.Inputs.Location}
	return resp{ID: b.Name, Inputs: args, State: r2State(accountID, b)}, nil
}

// Delete deletes the bucket: DELETE /accounts/{accountId}/r2/buckets/{name}. A bucket
// that is already gone is an error, as in v4.51.0 ("failed to delete R2 bucket").
func (*R2Bucket) Delete(ctx context.Context, req infer.DeleteRequest[R2BucketState]) (infer.DeleteResponse, error) {
	accountID, name, err := parseImportID(req.ID, req.State.AccountID, r2ImportForm)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	_, err = client.R2.Buckets.Delete(ctx, name, r2.BucketDeleteParams{AccountID: cloudflare.F(accountID)})
	return infer.DeleteResponse{}, cfg.wrap(fmt.Sprintf("failed to delete R2 bucket %q", name), err)
}

func deref[T any](v *T) T {
	if v == nil {
		var zero T
		return zero
	}
	return *v
}
