// Package provider implements the dome-cloudflare companion resource provider: the
// Cloudflare resources (and resource properties) that pulumi-cloudflare v5 lacks.
//
//   - WorkerScript: a Worker's ES module and ALL of its bindings (including Workers AI,
//     Vectorize, queue producers, secrets), its compatibility settings, tags and
//     observability settings, uploaded in one multipart request so there is never a
//     window in which the code runs without its bindings.
//   - QueueConsumer: a Worker consumer of a Queue.
//   - VectorizeIndex: a Vectorize (v2) index.
//   - R2EventNotification: the event notification rules of one R2 bucket for one queue.
//
// The provider is built with pulumi-go-provider's infer package. Every call to
// Cloudflare goes through the official Go SDK (github.com/cloudflare/cloudflare-go/v6),
// with its retries and typed errors.
//
// The Pulumi program registers these resources with the hand-written SDK in
// internal/companion; the property names are a contract shared by both packages and are
// checked by TestSchemaAgreement.
package provider

import (
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// New builds the dome-cloudflare provider.
func New() (p.Provider, error) {
	return infer.NewProviderBuilder().
		WithDisplayName("Dome Cloudflare companion").
		WithDescription("Cloudflare resources that pulumi-cloudflare v5 lacks: Workers with every "+
			"binding kind in one upload, queue consumers, Vectorize indexes and R2 event notifications.").
		WithNamespace("dome").
		WithConfig(infer.Config(&Config{})).
		WithResources(
			infer.Resource(&WorkerScript{}),
			infer.Resource(&QueueConsumer{}),
			infer.Resource(&VectorizeIndex{}),
			infer.Resource(&R2EventNotification{}),
		).
		WithModuleMap(map[tokens.ModuleName]tokens.ModuleName{
			"provider": "index",
		}).
		Build()
}
