// Package databases manages the estate's D1 databases.
package databases

import (
	"fmt"

	"github.com/pulumi/pulumi-cloudflare/sdk/v5/go/cloudflare"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/target"
)

// Type is the Pulumi type token of a D1 database.
const Type = "cloudflare:index/d1Database:D1Database"

// Database is a created D1 database.
type Database struct {
	Logical string
	// Name is its Cloudflare name in this stack.
	Name pulumi.StringOutput
	// ID is the database's UUID, which D1 bindings need.
	ID       pulumi.StringOutput
	Resource pulumi.CustomResource
}

// Create registers every database, by logical name. They depend on nothing.
func Create(ctx *pulumi.Context, t target.Target, dbs []estate.Database) (map[string]Database, error) {
	out := make(map[string]Database, len(dbs))
	for _, db := range dbs {
		r, err := cloudflare.NewD1Database(ctx, db.Name, &cloudflare.D1DatabaseArgs{
			AccountId: t.Account(),
			Name:      pulumi.String(t.Names.Database(db.Name)),
		}, t.Stateful()...)
		if err != nil {
			return nil, fmt.Errorf("D1 database %q: %w", db.Name, err)
		}
		out[db.Name] = Database{Logical: db.Name, Name: r.Name, ID: r.ID().ToStringOutput(), Resource: r}
	}
	return out, nil
}
