// Package vectorize manages the estate's Vectorize indexes, through the
// companion provider (pulumi-cloudflare v5 has no Vectorize resource).
package vectorize

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/target"
	"github.com/dome/dome-infra/sdk/go/domecloudflare"
)

// Index is a created Vectorize index.
type Index struct {
	Logical  string
	Name     pulumi.StringOutput
	Resource pulumi.CustomResource
}

// Create registers every index with the stack's shape (dimensions and
// metric must match the embedding model, so they are stack config).
// Changing either replaces the index, and with it every vector.
func Create(ctx *pulumi.Context, t target.Target, shape config.VectorIndex, indexes []estate.Index, opts ...pulumi.ResourceOption) (map[string]Index, error) {
	out := make(map[string]Index, len(indexes))
	for _, idx := range indexes {
		r, err := domecloudflare.NewVectorizeIndex(ctx, idx.Name, &domecloudflare.VectorizeIndexArgs{
			AccountId:  t.Account(),
			Name:       pulumi.String(t.Names.Index(idx.Name)),
			Dimensions: pulumi.Int(shape.Dimensions),
			Metric:     pulumi.String(shape.Metric),
			// The API cannot change a description, so a difference forces a
			// replacement, which deletes the vectors: the model carries
			// production's, and a stack can override it.
			Description: optionalString(idx.Description),
		}, t.Stateful(opts...)...)
		if err != nil {
			return nil, fmt.Errorf("Vectorize index %q: %w", idx.Name, err)
		}
		out[idx.Name] = Index{Logical: idx.Name, Name: r.Name, Resource: r}
	}
	return out, nil
}

func optionalString(s string) pulumi.StringPtrInput {
	if s == "" {
		return nil
	}
	return pulumi.StringPtr(s)
}
