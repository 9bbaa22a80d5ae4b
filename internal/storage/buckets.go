// Package storage manages the estate's R2 buckets and the event
// notifications that send their object events to queues.
package storage

import (
	"fmt"

	"github.com/pulumi/pulumi-cloudflare/sdk/v5/go/cloudflare"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/target"
)

// BucketType is the Pulumi type token of an R2 bucket.
const BucketType = "cloudflare:index/r2Bucket:R2Bucket"

// Bucket is a created R2 bucket.
type Bucket struct {
	Logical  string
	Name     pulumi.StringOutput
	Resource pulumi.CustomResource
}

// CreateBuckets registers every bucket, by logical name.
func CreateBuckets(ctx *pulumi.Context, t target.Target, buckets []estate.Bucket) (map[string]Bucket, error) {
	out := make(map[string]Bucket, len(buckets))
	for _, b := range buckets {
		r, err := cloudflare.NewR2Bucket(ctx, b.Name, &cloudflare.R2BucketArgs{
			AccountId: t.Account(),
			Name:      pulumi.String(t.Names.Bucket(b.Name)),
		}, t.Stateful()...)
		if err != nil {
			return nil, fmt.Errorf("R2 bucket %q: %w", b.Name, err)
		}
		out[b.Name] = Bucket{Logical: b.Name, Name: r.Name, Resource: r}
	}
	return out, nil
}
