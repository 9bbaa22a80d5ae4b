package standin

import (
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/dome/dome-infra/internal/cfapi"
)

const (
	// Name is the Pulumi package name the stand-in registers as: the real provider's.
	Name = "cloudflare"
	// Version is the pulumi-cloudflare version the program's SDK asks the engine for
	// (github.com/pulumi/pulumi-cloudflare/sdk/v5 v5.49.1).
	Version = "5.49.1"
)

// The v5 type tokens of the six resources the stand-in implements.
const (
	D1DatabaseType         = "cloudflare:index/d1Database:D1Database"
	R2BucketType           = "cloudflare:index/r2Bucket:R2Bucket"
	QueueType              = "cloudflare:index/queue:Queue"
	WorkersCronTriggerType = "cloudflare:index/workersCronTrigger:WorkersCronTrigger"
	WorkersRouteType       = "cloudflare:index/workersRoute:WorkersRoute"
	WorkersDomainType      = "cloudflare:index/workersDomain:WorkersDomain"
)

// New builds the TEST-ONLY stand-in for pulumi-cloudflare v5 (see the package doc).
func New() (p.Provider, error) {
	prov, err := infer.NewProviderBuilder().
		WithDisplayName("Cloudflare v5 stand-in (TEST ONLY)").
		WithDescription("TEST-ONLY stand-in for pulumi-cloudflare "+Version+": D1Database, R2Bucket, "+
			"Queue, WorkersCronTrigger, WorkersRoute and WorkersDomain against a local Cloudflare API emulator. Never used in a deployment; "+
			"it refuses any non-loopback API base URL.").
		WithKeywords("test-only", "stand-in", "cloudflare").
		// `pulumi import` generates code against the real SDK's package.
		WithGoImportPath("github.com/pulumi/pulumi-cloudflare/sdk/v5/go/cloudflare").
		WithConfig(infer.Config(&Config{})).
		WithResources(
			infer.Resource(&D1Database{}),
			infer.Resource(&R2Bucket{}),
			infer.Resource(&Queue{}),
			infer.Resource(&WorkersCronTrigger{}),
			infer.Resource(&WorkersRoute{}),
			infer.Resource(&WorkersDomain{}),
		).
		Build()
	if err != nil {
		return p.Provider{}, err
	}
	// As the real v5 plugin: a new token updates the provider in place, never
	// replaces it and its resources (cfapi.UpdateConfigInPlace).
	return cfapi.UpdateConfigInPlace(prov), nil
}
