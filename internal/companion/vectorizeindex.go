package companion

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// VectorizeIndex is a Vectorize index. Every change replaces it (and drops its vectors).
// ID: "<accountId>/<name>" (VectorizeIndexID).
type VectorizeIndex struct {
	pulumi.CustomResourceState

	AccountId   pulumi.StringOutput    `pulumi:"accountId"`
	Name        pulumi.StringOutput    `pulumi:"name"`
	Dimensions  pulumi.IntOutput       `pulumi:"dimensions"`
	Metric      pulumi.StringOutput    `pulumi:"metric"`
	Description pulumi.StringPtrOutput `pulumi:"description"`
	// Creation time (RFC 3339).
	CreatedOn pulumi.StringPtrOutput `pulumi:"createdOn"`
	// Last modification time (RFC 3339).
	ModifiedOn pulumi.StringPtrOutput `pulumi:"modifiedOn"`
}

// NewVectorizeIndex registers a VectorizeIndex.
func NewVectorizeIndex(ctx *pulumi.Context, name string, args *VectorizeIndexArgs, opts ...pulumi.ResourceOption) (*VectorizeIndex, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	if args.AccountId == nil {
		return nil, errors.New("invalid value for required argument 'AccountId'")
	}
	if args.Name == nil {
		return nil, errors.New("invalid value for required argument 'Name'")
	}
	if args.Dimensions == nil {
		return nil, errors.New("invalid value for required argument 'Dimensions'")
	}
	if args.Metric == nil {
		return nil, errors.New("invalid value for required argument 'Metric'")
	}
	var resource VectorizeIndex
	if err := ctx.RegisterResource(VectorizeIndexType, name, args, &resource, opts...); err != nil {
		return nil, err
	}
	return &resource, nil
}

type vectorizeIndexArgs struct {
	AccountId   string  `pulumi:"accountId"`
	Name        string  `pulumi:"name"`
	Dimensions  int     `pulumi:"dimensions"`
	Metric      string  `pulumi:"metric"`
	Description *string `pulumi:"description,optional"`
}

// VectorizeIndexArgs are the arguments of a VectorizeIndex.
type VectorizeIndexArgs struct {
	// Cloudflare account ID.
	AccountId pulumi.StringInput
	// Index name (lowercase letters, digits, hyphens; at most 64).
	Name pulumi.StringInput
	// Vector dimensions, 1..1536.
	Dimensions pulumi.IntInput
	// Distance metric: "cosine", "euclidean" or "dot-product".
	Metric pulumi.StringInput
	// Description (changing it replaces the index).
	Description pulumi.StringPtrInput
}

// ElementType returns the plain type of the arguments.
func (VectorizeIndexArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*vectorizeIndexArgs)(nil)).Elem()
}
