package provider

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/dome/dome-infra/internal/cfapi"
)

const (
	// EnvAPIToken is the environment variable read when the apiToken config is unset.
	EnvAPIToken = cfapi.EnvAPIToken
	// EnvAPIBaseURL is the environment variable read when the apiBaseUrl config is unset.
	EnvAPIBaseURL = cfapi.EnvAPIBaseURL
	// DefaultAPIBaseURL is Cloudflare's v4 API.
	DefaultAPIBaseURL = cfapi.DefaultAPIBaseURL
	// DefaultMaxRetries is the number of retries the SDK makes on 408/409/429/5xx and
	// connection errors when maxRetries is unset.
	DefaultMaxRetries = 4
)

var (
	_ = (infer.CustomConfigure)((*Config)(nil))
	_ = (infer.Annotated)((*Config)(nil))
)

// Config is the provider configuration (pulumi config namespace "dome-cloudflare", or the
// arguments of an explicit domecloudflare.NewProvider).
//
// The environment fallbacks are applied in Configure, not as schema defaults, so a token
// taken from the environment never lands in the provider's inputs in the Pulumi state.
type Config struct {
	APIToken   *string `pulumi:"apiToken,optional" provider:"secret"`
	APIBaseURL *string `pulumi:"apiBaseUrl,optional"`
	MaxRetries *int    `pulumi:"maxRetries,optional"`

	// Built once by Configure. infer.GetConfig returns copies of Config, and they all
	// share this pointer.
	client *cloudflare.Client
	// The resolved token, kept only to scrub it from error messages.
	token string
	// The resolved base URL's path (e.g. "/client/v4"), trimmed from error messages.
	basePath string
}

// Annotate documents the configuration.
func (c *Config) Annotate(a infer.Annotator) {
	a.Describe(&c.APIToken, "Cloudflare API token. Falls back to the "+EnvAPIToken+
		" environment variable. Never logged or echoed in errors.")
	a.Describe(&c.APIBaseURL, "Base URL of the Cloudflare v4 API. Falls back to the "+EnvAPIBaseURL+
		" environment variable, then to "+DefaultAPIBaseURL+".")
	a.Describe(&c.MaxRetries, fmt.Sprintf("How many times the Cloudflare SDK retries a request that "+
		"failed with a connection error, 408, 409, 429 or 5xx. Defaults to %d.", DefaultMaxRetries))
}

// Configure resolves the settings and builds the Cloudflare client, once per provider
// process.
func (c *Config) Configure(context.Context) error {
	token := cfapi.Token(c.APIToken)
	if token == "" {
		return errors.New("dome-cloudflare: no Cloudflare API token: set the provider config " +
			"\"dome-cloudflare:apiToken\" (apiToken) or the environment variable " + EnvAPIToken)
	}

	baseURL := cfapi.BaseURL(c.APIBaseURL)
	u, err := url.Parse(baseURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return fmt.Errorf("dome-cloudflare: apiBaseUrl %q is not an absolute URL", baseURL)
	}

	retries, err := cfapi.MaxRetries(c.MaxRetries, DefaultMaxRetries)
	if err != nil {
		return fmt.Errorf("dome-cloudflare: %w", err)
	}

	c.token = token
	c.basePath = strings.TrimSuffix(u.Path, "/")
	c.client = cfapi.NewClient(token, baseURL, retries, cfapi.ProviderLogf)
	return nil
}

// cf returns the client built by Configure.
func (c Config) cf() (*cloudflare.Client, error) {
	if c.client == nil {
		return nil, errors.New("dome-cloudflare: provider is not configured")
	}
	return c.client, nil
}

// wrap turns an SDK error into a concise error without headers or the token (see
// cfapi.WrapAPIError). op describes what was being done, e.g. `upload worker "silo"`.
func (c Config) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", op, cfapi.WrapAPIError(err, c.basePath, c.token))
}

// clientFrom returns the running provider's configuration and client.
func clientFrom(ctx context.Context) (Config, *cloudflare.Client, error) {
	cfg := infer.GetConfig[Config](ctx)
	client, err := cfg.cf()
	return cfg, client, err
}
