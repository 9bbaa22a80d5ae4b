package standin

import (
	"context"
	"fmt"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/d1"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/dome/dome-infra/internal/cfapi"
)

var (
	_ = (infer.CustomResource[D1DatabaseArgs, D1DatabaseState])((*D1Database)(nil))
	_ = (infer.CustomCheck[D1DatabaseArgs])((*D1Database)(nil))
	_ = (infer.CustomDiff[D1DatabaseArgs, D1DatabaseState])((*D1Database)(nil))
	_ = (infer.CustomRead[D1DatabaseArgs, D1DatabaseState])((*D1Database)(nil))
	_ = (infer.CustomDelete[D1DatabaseState])((*D1Database)(nil))
	_ = (infer.Annotated)((*D1Database)(nil))
	_ = (infer.Annotated)((*D1DatabaseArgs)(nil))
	_ = (infer.Annotated)((*D1DatabaseState)(nil))
)

// d1ImportForm is v5's import ID form.
const d1ImportForm = "<account id>/<database id>"

// D1Database is v5's cloudflare:index/d1Database:D1Database. Its ID is the database
// UUID. D1 cannot rename a database, so every change replaces it (as in v5).
type D1Database struct{}

// Annotate sets v5's token.
func (d *D1Database) Annotate(a infer.Annotator) {
	a.Describe(&d, "TEST-ONLY stand-in for pulumi-cloudflare v5's D1Database.\n\n"+
		"Import with `pulumi import "+D1DatabaseType+" <name> "+d1ImportForm+"`.")
	a.SetToken("index/d1Database", "D1Database")
}

// D1DatabaseArgs are v5's inputs.
type D1DatabaseArgs struct {
	AccountID string `pulumi:"accountId"`
	Name      string `pulumi:"name"`
}

// Annotate documents the inputs.
func (d *D1DatabaseArgs) Annotate(a infer.Annotator) {
	a.Describe(&d.AccountID, "The account identifier to target for the resource.")
	a.Describe(&d.Name, "The name of the D1 Database.")
}

// D1DatabaseState are v5's outputs.
type D1DatabaseState struct {
	D1DatabaseArgs
	Version string `pulumi:"version"`
}

// Annotate documents the outputs.
func (d *D1DatabaseState) Annotate(a infer.Annotator) {
	a.Describe(&d.Version, "The backend version of the database.")
}

// Check validates the inputs.
func (*D1Database) Check(ctx context.Context, req infer.CheckRequest) (infer.CheckResponse[D1DatabaseArgs], error) {
	args, failures, err := infer.DefaultCheck[D1DatabaseArgs](ctx, req.NewInputs)
	if err != nil || len(failures) > 0 {
		return infer.CheckResponse[D1DatabaseArgs]{Inputs: args, Failures: failures}, err
	}
	c := newChecker(req.NewInputs)
	c.idPart("accountId", args.AccountID)
	c.nonEmpty("name", args.Name)
	return infer.CheckResponse[D1DatabaseArgs]{Inputs: args, Failures: c.Failures}, nil
}

// Diff: accountId and name both replace; no request is made.
func (*D1Database) Diff(
	_ context.Context, req infer.DiffRequest[D1DatabaseArgs, D1DatabaseState],
) (infer.DiffResponse, error) {
	return diffD1(req.State, req.Inputs), nil
}

func diffD1(st D1DatabaseState, in D1DatabaseArgs) p.DiffResponse {
	d := cfapi.NewDiffer()
	d.Str("accountId", st.AccountID, in.AccountID, true)
	d.Str("name", st.Name, in.Name, true)
	// A replacement always has a new name or a new account, so the new database can be
	// created before the old one is deleted.
	return d.Response(false)
}

// Create creates the database: POST /accounts/{accountId}/d1/database.
func (*D1Database) Create(
	ctx context.Context, req infer.CreateRequest[D1DatabaseArgs],
) (infer.CreateResponse[D1DatabaseState], error) {
	in := req.Inputs
	if req.DryRun {
		return infer.CreateResponse[D1DatabaseState]{Output: D1DatabaseState{D1DatabaseArgs: in}}, nil
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.CreateResponse[D1DatabaseState]{}, err
	}
	db, err := client.D1.Database.New(ctx, d1.DatabaseNewParams{
		AccountID: cloudflare.F(in.AccountID),
		Name:      cloudflare.F(in.Name),
	})
	if err != nil {
		return infer.CreateResponse[D1DatabaseState]{}, cfg.wrap(fmt.Sprintf("create D1 database %q", in.Name), err)
	}
	return infer.CreateResponse[D1DatabaseState]{
		ID:     db.UUID,
		Output: D1DatabaseState{D1DatabaseArgs: D1DatabaseArgs{AccountID: in.AccountID, Name: db.Name}, Version: db.Version},
	}, nil
}

// Read fetches the database: GET /accounts/{accountId}/d1/database/{id}. The ID may be
// the import form "<account id>/<database id>" or the plain UUID with the account in the
// inputs or state. A 404 reports the database gone.
func (*D1Database) Read(
	ctx context.Context, req infer.ReadRequest[D1DatabaseArgs, D1DatabaseState],
) (infer.ReadResponse[D1DatabaseArgs, D1DatabaseState], error) {
	type resp = infer.ReadResponse[D1DatabaseArgs, D1DatabaseState]
	accountID, id, err := parseImportID(req.ID, firstNonEmpty(req.State.AccountID, req.Inputs.AccountID), d1ImportForm)
	if err != nil {
		return resp{}, err
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return resp{}, err
	}
	db, err := client.D1.Database.Get(ctx, id, d1.DatabaseGetParams{AccountID: cloudflare.F(accountID)})
	if err != nil {
		return resp{}, cfg.wrap(fmt.Sprintf("failed reading D1 database %s", id), err)
	}
	args := D1DatabaseArgs{AccountID: accountID, Name: db.Name}
	return resp{ID: db.UUID, Inputs: args, State: D1DatabaseState{D1DatabaseArgs: args, Version: db.Version}}, nil
}

// Delete deletes the database: DELETE /accounts/{accountId}/d1/database/{id}. A database
// that is already gone is an error, as in v4.51.0 ("failed to delete D1 database").
func (*D1Database) Delete(ctx context.Context, req infer.DeleteRequest[D1DatabaseState]) (infer.DeleteResponse, error) {
	accountID, id, err := parseImportID(req.ID, req.State.AccountID, d1ImportForm)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	_, err = client.D1.Database.Delete(ctx, id, d1.DatabaseDeleteParams{AccountID: cloudflare.F(accountID)})
	return infer.DeleteResponse{}, cfg.wrap(fmt.Sprintf("failed to delete D1 database %s (%q)", id, req.State.Name), err)
}
