package provider

// Name is the Pulumi package name of the companion provider. The plugin binary is
// therefore called pulumi-resource-dome-cloudflare and resource type tokens are
// "dome-cloudflare:index:<Resource>".
const Name = "dome-cloudflare"

// Version is the provider version reported to the Pulumi engine. It is a variable so a
// release build can stamp it:
//
//	go build -ldflags "-X github.com/dome/dome-infra/internal/provider.Version=0.2.0" ./cmd/pulumi-resource-dome-cloudflare
var Version = "0.1.0"
