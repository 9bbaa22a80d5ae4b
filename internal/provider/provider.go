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
// with its retries and typed errors. The client construction, the error reporting (which
// keeps the token out of every message), the differ and the check plumbing are shared
// with the test-only stand-in provider in internal/cfapi.
//
// The Pulumi program registers these resources with the Go SDK generated from this
// provider's schema, sdk/go/domecloudflare (`make sdk`, scripts/gensdk); the schema's
// Go language settings (GoLanguage) say where that package lives.
package provider

import (
	"context"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"github.com/dome/dome-infra/internal/companion"
)

// GoImportPath is the import path of the generated Go SDK: a package of this module
// (sdk/go/domecloudflare, package domecloudflare), not a module of its own.
const GoImportPath = "github.com/dome/dome-infra/sdk/go/domecloudflare"

// GoLanguage is the schema's Go language settings (pkg/v3 codegen/go's GoPackageInfo),
// read by the SDK generator. It replaces infer's defaults, which name an import path
// outside this module (github.com/<namespace>/<name>/sdk/go/<name>) and set
// respectSchemaVersion. Without respectSchemaVersion the SDK registers resources with no
// plugin version, as the program always has: the engine takes the plugin from
// Pulumi.yaml's plugins entry (./bin, built from the same commit) whatever the version,
// and a version would rename the default provider (default_0_1_0), moving every
// companion resource of a deployed stack, and of every import file, to a new provider
// at each version bump. Nor are resource container types (WorkerScriptArray, ...)
// generated: nothing here references a companion resource from another package.
var GoLanguage = map[string]any{
	"importBasePath": GoImportPath,
}

// New builds the dome-cloudflare provider.
func New() (p.Provider, error) {
	prov, err := infer.NewProviderBuilder().
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
		WithLanguageMap(map[string]any{"go": GoLanguage}).
		Build()
	if err != nil {
		return p.Provider{}, err
	}
	// infer's Read only re-applies the secret flags the request came with, not the
	// schema's: a Read without inputs (or without state) would return WorkerScript's
	// secret text in plain text. Mark it secret on every Read; infer has no per-resource
	// hook for that.
	read := prov.Read
	prov.Read = func(ctx context.Context, req p.ReadRequest) (p.ReadResponse, error) {
		resp, err := read(ctx, req)
		if string(req.Urn.Type()) == companion.WorkerScriptType {
			resp = markWorkerScriptSecrets(resp)
		}
		return resp, err
	}
	return prov, nil
}
