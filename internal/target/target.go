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
	// Protect guards every resource of the stack (prod).
	Protect bool
}

// New derives the Target from a checked config.
func New(c config.Config) (Target, error) {
	names, err := naming.New(c.NameSuffix)
	if err != nil {
		return Target{}, err
	}
	return Target{AccountID: c.AccountID, Names: names, Protect: c.Protect}, nil
}

// Account is the account ID as a Pulumi input.
func (t Target) Account() pulumi.StringInput { return pulumi.String(t.AccountID) }

// Stateless returns the options of a resource that holds no data (a
// worker, a consumer, a trigger). In a protected stack it is protected too:
// `pulumi destroy` then refuses before it deletes anything, instead of
// taking the workers and queues down and stopping at the first database.
func (t Target) Stateless(opts ...pulumi.ResourceOption) []pulumi.ResourceOption {
	if t.Protect {
		opts = append(opts, pulumi.Protect(true))
	}
	return opts
}

// Stateful returns the options of a resource that holds data (D1, R2,
// Vectorize): in a protected stack it is also retained on delete, so a
// rename or replacement leaves the old one, and its data, in Cloudflare.
func (t Target) Stateful(opts ...pulumi.ResourceOption) []pulumi.ResourceOption {
	if t.Protect {
		opts = append(t.Stateless(opts...), pulumi.RetainOnDelete(true))
	}
	return opts
}
