package provider

import (
	"context"
	"fmt"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/vectorize"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/dome/dome-infra/internal/cfapi"
	"github.com/dome/dome-infra/internal/companion"
)

var (
	_ = (infer.CustomResource[VectorizeIndexArgs, VectorizeIndexState])((*VectorizeIndex)(nil))
	_ = (infer.CustomCheck[VectorizeIndexArgs])((*VectorizeIndex)(nil))
	_ = (infer.CustomDiff[VectorizeIndexArgs, VectorizeIndexState])((*VectorizeIndex)(nil))
	_ = (infer.CustomRead[VectorizeIndexArgs, VectorizeIndexState])((*VectorizeIndex)(nil))
	_ = (infer.CustomDelete[VectorizeIndexState])((*VectorizeIndex)(nil))
	_ = (infer.Annotated)((*VectorizeIndex)(nil))
	_ = (infer.Annotated)((*VectorizeIndexArgs)(nil))
	_ = (infer.Annotated)((*VectorizeIndexState)(nil))
)

const (
	maxVectorizeDimensions = 1536
	maxVectorizeNameBytes  = 64
)

// Vectorize distance metrics.
var vectorizeMetrics = []string{
	string(vectorize.IndexDimensionConfigurationMetricCosine),
	string(vectorize.IndexDimensionConfigurationMetricEuclidean),
	string(vectorize.IndexDimensionConfigurationMetricDOTProduct),
}

// VectorizeIndex manages a Vectorize (v2) index.
//
// Cloudflare has no update call for indexes, so VectorizeIndex implements no Update:
// every change is a replacement (delete, then create, since the name is unique per
// account), which drops all vectors in the index. That includes a change of
// description: the API cannot change it either, and silently ignoring it would leave a
// permanent diff, so it is shown as a replacement like the rest. Use the
// `ignoreChanges: ["description"]` resource option to keep an index whose description
// was edited in code.
type VectorizeIndex struct{}

// Annotate documents the resource.
func (v *VectorizeIndex) Annotate(a infer.Annotator) {
	a.Describe(&v, "A Cloudflare Vectorize index. Indexes cannot be modified: any change (dimensions, "+
		"metric, name, description) replaces the index and DROPS ITS VECTORS.\n\n"+
		"Import with `pulumi import "+companion.VectorizeIndexType+" <name> <accountId>/<indexName>`.")
	a.SetToken("index", "VectorizeIndex")
}

// VectorizeIndexArgs are the inputs of a VectorizeIndex.
type VectorizeIndexArgs struct {
	AccountID   string  `pulumi:"accountId"`
	Name        string  `pulumi:"name"`
	Dimensions  int     `pulumi:"dimensions"`
	Metric      string  `pulumi:"metric"`
	Description *string `pulumi:"description,optional"`
}

// Annotate documents the inputs.
func (v *VectorizeIndexArgs) Annotate(a infer.Annotator) {
	a.Describe(&v.AccountID, "Cloudflare account ID.")
	a.Describe(&v.Name, fmt.Sprintf("Index name: lowercase letters, digits and hyphens, at most %d "+
		"characters.", maxVectorizeNameBytes))
	a.Describe(&v.Dimensions, fmt.Sprintf("Vector dimensions, 1..%d.", maxVectorizeDimensions))
	a.Describe(&v.Metric, "Distance metric: cosine, euclidean or dot-product.")
	a.Describe(&v.Description, "Description of the index. Changing it replaces the index.")
}

// VectorizeIndexState is the state of a VectorizeIndex.
type VectorizeIndexState struct {
	VectorizeIndexArgs
	CreatedOn  string `pulumi:"createdOn,optional"`
	ModifiedOn string `pulumi:"modifiedOn,optional"`
}

// Annotate documents the outputs.
func (v *VectorizeIndexState) Annotate(a infer.Annotator) {
	a.Describe(&v.CreatedOn, "When the index was created (RFC 3339).")
	a.Describe(&v.ModifiedOn, "When the index was last modified (RFC 3339).")
}

// Check validates the inputs.
func (*VectorizeIndex) Check(
	ctx context.Context, req infer.CheckRequest,
) (infer.CheckResponse[VectorizeIndexArgs], error) {
	args, failures, err := infer.DefaultCheck[VectorizeIndexArgs](ctx, req.NewInputs)
	if err != nil || len(failures) > 0 {
		return infer.CheckResponse[VectorizeIndexArgs]{Inputs: args, Failures: failures}, err
	}
	c := newChecker(req.NewInputs)
	c.idPart("accountId", args.AccountID)
	c.matches("name", args.Name, vectorizeNameRe, fmt.Sprintf(
		"Vectorize index name (lowercase letters, digits and hyphens, at most %d characters)", maxVectorizeNameBytes))
	if args.Dimensions < 1 || args.Dimensions > maxVectorizeDimensions {
		c.Failf("dimensions", "must be between 1 and %d, got %d", maxVectorizeDimensions, args.Dimensions)
	}
	c.oneOf("metric", args.Metric, vectorizeMetrics...)
	return infer.CheckResponse[VectorizeIndexArgs]{Inputs: args, Failures: c.Failures}, nil
}

// Diff compares the new inputs with the state, without any request. Every change is a
// replacement (kind update&replace).
func (*VectorizeIndex) Diff(
	_ context.Context, req infer.DiffRequest[VectorizeIndexArgs, VectorizeIndexState],
) (infer.DiffResponse, error) {
	return diffVectorizeIndex(req.State, req.Inputs), nil
}

func diffVectorizeIndex(st VectorizeIndexState, in VectorizeIndexArgs) p.DiffResponse {
	d := cfapi.NewDiffer()
	d.Str("accountId", st.AccountID, in.AccountID, true)
	d.Str("name", st.Name, in.Name, true)
	d.Change("dimensions", st.Dimensions != in.Dimensions, true, true, true)
	d.Str("metric", st.Metric, in.Metric, true)
	// "" and unset are the same description for Cloudflare.
	d.Change("description", deref(st.Description) != deref(in.Description),
		deref(st.Description) != "", deref(in.Description) != "", true)
	// Same account and name: the old index must be deleted before the new one can be
	// created. A new name (or account) can be created first.
	sameName := st.AccountID == in.AccountID && st.Name == in.Name
	return d.Response(sameName)
}

// Create creates the index. One write:
//
//	POST /accounts/{accountId}/vectorize/v2/indexes
func (*VectorizeIndex) Create(
	ctx context.Context, req infer.CreateRequest[VectorizeIndexArgs],
) (infer.CreateResponse[VectorizeIndexState], error) {
	in := req.Inputs
	id := companion.VectorizeIndexID(in.AccountID, in.Name)
	if req.DryRun {
		return infer.CreateResponse[VectorizeIndexState]{ID: id, Output: VectorizeIndexState{VectorizeIndexArgs: in}}, nil
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.CreateResponse[VectorizeIndexState]{}, err
	}
	params := vectorize.IndexNewParams{
		AccountID: cloudflare.F(in.AccountID),
		Name:      cloudflare.F(in.Name),
		Config: cloudflare.F[vectorize.IndexNewParamsConfigUnion](vectorize.IndexDimensionConfigurationParam{
			Dimensions: cloudflare.F(int64(in.Dimensions)),
			Metric:     cloudflare.F(vectorize.IndexDimensionConfigurationMetric(in.Metric)),
		}),
	}
	if in.Description != nil {
		params.Description = cloudflare.F(*in.Description)
	}
	idx, err := client.Vectorize.Indexes.New(ctx, params)
	if cfapi.IsConflict(err) {
		return infer.CreateResponse[VectorizeIndexState]{}, fmt.Errorf("Vectorize index %q %s", in.Name, ExistsMessage)
	}
	if err != nil {
		return infer.CreateResponse[VectorizeIndexState]{}, cfg.wrap(fmt.Sprintf("create Vectorize index %q", in.Name), err)
	}
	return infer.CreateResponse[VectorizeIndexState]{ID: id, Output: VectorizeIndexState{
		VectorizeIndexArgs: in,
		CreatedOn:          formatTime(idx.CreatedOn),
		ModifiedOn:         formatTime(idx.ModifiedOn),
	}}, nil
}

// Read fetches the index. One read:
//
//	GET /accounts/{accountId}/vectorize/v2/indexes/{name}
func (*VectorizeIndex) Read(
	ctx context.Context, req infer.ReadRequest[VectorizeIndexArgs, VectorizeIndexState],
) (infer.ReadResponse[VectorizeIndexArgs, VectorizeIndexState], error) {
	type resp = infer.ReadResponse[VectorizeIndexArgs, VectorizeIndexState]
	accountID, name, err := companion.ParseVectorizeIndexID(req.ID)
	if err != nil {
		return resp{}, err
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return resp{}, err
	}
	idx, err := client.Vectorize.Indexes.Get(ctx, name, vectorize.IndexGetParams{AccountID: cloudflare.F(accountID)})
	if cfapi.IsNotFound(err) {
		return resp{}, nil
	}
	if err != nil {
		return resp{}, cfg.wrap(fmt.Sprintf("read Vectorize index %q", name), err)
	}
	args := VectorizeIndexArgs{
		AccountID:   accountID,
		Name:        name,
		Dimensions:  int(idx.Config.Dimensions),
		Metric:      string(idx.Config.Metric),
		Description: nonEmptyPtr(idx.Description),
	}
	state := VectorizeIndexState{
		VectorizeIndexArgs: args,
		CreatedOn:          formatTime(idx.CreatedOn),
		ModifiedOn:         formatTime(idx.ModifiedOn),
	}
	return resp{ID: companion.VectorizeIndexID(accountID, name), Inputs: args, State: state}, nil
}

// Delete deletes the index and its vectors.
//
//	DELETE /accounts/{accountId}/vectorize/v2/indexes/{name}
func (*VectorizeIndex) Delete(ctx context.Context, req infer.DeleteRequest[VectorizeIndexState]) (infer.DeleteResponse, error) {
	accountID, name := req.State.AccountID, req.State.Name
	if accountID == "" || name == "" {
		var err error
		if accountID, name, err = companion.ParseVectorizeIndexID(req.ID); err != nil {
			return infer.DeleteResponse{}, err
		}
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	_, err = client.Vectorize.Indexes.Delete(ctx, name, vectorize.IndexDeleteParams{AccountID: cloudflare.F(accountID)})
	return cfapi.Deleted(ctx, err, fmt.Sprintf("Vectorize index %q", name), cfg.wrap)
}
