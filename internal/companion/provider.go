package companion

import (
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Provider is an explicit instance of the dome-cloudflare provider. Without one, the
// resources use the default provider configured from the "dome-cloudflare:*" stack config.
type Provider struct {
	pulumi.ProviderResourceState
}

// NewProvider registers a dome-cloudflare provider instance. apiToken is sent as a secret.
func NewProvider(ctx *pulumi.Context, name string, args *ProviderArgs, opts ...pulumi.ResourceOption) (*Provider, error) {
	if args == nil {
		args = &ProviderArgs{}
	}
	if args.ApiToken != nil {
		args.ApiToken = pulumi.ToSecret(args.ApiToken).(pulumi.StringPtrInput)
	}
	opts = append(opts, pulumi.AdditionalSecretOutputs([]string{"apiToken"}))
	var resource Provider
	if err := ctx.RegisterResource(ProviderType, name, args, &resource, opts...); err != nil {
		return nil, err
	}
	return &resource, nil
}

type providerArgs struct {
	ApiToken   *string `pulumi:"apiToken,optional"`
	ApiBaseUrl *string `pulumi:"apiBaseUrl,optional"`
	MaxRetries *int    `pulumi:"maxRetries,optional"`
}

// ProviderArgs configures a Provider. Every field falls back as documented by the
// provider: apiToken to CLOUDFLARE_API_TOKEN, apiBaseUrl to CLOUDFLARE_API_BASE_URL
// then Cloudflare's API, maxRetries to 4.
type ProviderArgs struct {
	// Cloudflare API token (secret).
	ApiToken pulumi.StringPtrInput
	// Base URL of the Cloudflare v4 API.
	ApiBaseUrl pulumi.StringPtrInput
	// Retries of the Cloudflare SDK on connection errors, 408, 409, 429 and 5xx.
	MaxRetries pulumi.IntPtrInput
}

// ElementType returns the plain type of the arguments.
func (ProviderArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*providerArgs)(nil)).Elem()
}
