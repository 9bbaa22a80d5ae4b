// Package target is where one stack's resources go: the Cloudflare account,
// the stack's names, and how stateful resources are guarded. Every resource
// package takes a Target, so none of them reads config or builds a name.
package target

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/naming"
)

// Target is one stack's destination.
type Target struct {
	AccountID string
	Names     naming.Namer
	// ProtectStateful guards data-holding resources (D1, R2, Vectorize).
	ProtectStateful bool
}

// New derives the Target from a checked config.
func New(c config.Config) (Target, error) {
	names, err := naming.New(c.NameSuffix)
	if err != nil {
		return Target{}, err
	}
	return Target{AccountID: c.AccountID, Names: names, ProtectStateful: c.ProtectStateful}, nil
}

// Account is the account ID as a Pulumi input.
func (t Target) Account() pulumi.StringInput { return pulumi.String(t.AccountID) }

// Stateful returns the options of a resource that holds data: where the
// stack protects them, `pulumi destroy` refuses and a rename or replacement
// leaves the old resource in Cloudflare instead of deleting it.
func (t Target) Stateful(opts ...pulumi.ResourceOption) []pulumi.ResourceOption {
	if t.ProtectStateful {
		opts = append(opts, pulumi.Protect(true), pulumi.RetainOnDelete(true))
	}
	return opts
}
