package standin

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/dome/dome-infra/internal/cfapi"
)

const (
	// EnvAPIToken is read when the apiToken config is unset (as the real v5 provider does).
	EnvAPIToken = cfapi.EnvAPIToken
	// EnvAPIBaseURL is read when the apiBaseUrl config is unset.
	EnvAPIBaseURL = cfapi.EnvAPIBaseURL
	// DefaultAPIBaseURL is Cloudflare's real API. The stand-in refuses it (see Configure);
	// it is the default only so that forgetting to point the stand-in at the emulator
	// fails loudly instead of silently doing something else.
	DefaultAPIBaseURL = cfapi.DefaultAPIBaseURL
	// DefaultMaxRetries is how often the SDK retries 408/409/429/5xx and connection
	// errors when maxRetries is unset (cloudflare-go's own default).
	DefaultMaxRetries = 2
)

var (
	_ = (infer.CustomConfigure)((*Config)(nil))
	_ = (infer.Annotated)((*Config)(nil))
)

// errPrefix starts every error of the stand-in so that nobody mistakes it for the real
// provider.
const errPrefix = "cloudflare (test-only stand-in): "

// Config is the provider configuration: pulumi config namespace "cloudflare". Keys of the
// real v5 provider that the stand-in does not know are ignored.
//
// The environment fallbacks are applied in Configure, not as schema defaults, so a token
// taken from the environment never lands in the provider's inputs in the Pulumi state.
type Config struct {
	APIToken   *string `pulumi:"apiToken,optional" provider:"secret"`
	APIBaseURL *string `pulumi:"apiBaseUrl,optional"`
	MaxRetries *int    `pulumi:"maxRetries,optional"`

	// Set by Configure. infer.GetConfig returns copies of Config; they share the pointer.
	client *cloudflare.Client
	// The resolved token, kept only to scrub it from error messages.
	token string
	// The base URL's path (e.g. "/client/v4"), trimmed from paths in error messages.
	basePath string
}

// Annotate documents the configuration.
func (c *Config) Annotate(a infer.Annotator) {
	a.Describe(&c.APIToken, "Cloudflare API token. Falls back to "+EnvAPIToken+". Never logged or echoed.")
	a.Describe(&c.APIBaseURL, "Base URL of the (emulated) Cloudflare v4 API. Falls back to "+EnvAPIBaseURL+
		". Must be a loopback address: the stand-in only talks to a local emulator.")
	a.Describe(&c.MaxRetries, fmt.Sprintf("Retries of a request that failed with a connection error, "+
		"408, 409, 429 or 5xx. Defaults to %d.", DefaultMaxRetries))
}

// Configure resolves the settings, refuses any non-loopback base URL and builds the
// Cloudflare client.
func (c *Config) Configure(context.Context) error {
	token := cfapi.Token(c.APIToken)
	u, err := checkLoopbackURL(cfapi.BaseURL(c.APIBaseURL))
	if err != nil {
		return cfapi.Scrub(err, token) // the URL is echoed: never the token with it
	}
	if token == "" {
		return errors.New(errPrefix + "no Cloudflare API token: set the config \"cloudflare:apiToken\" " +
			"(as a secret) or the environment variable " + EnvAPIToken)
	}

	retries, err := cfapi.MaxRetries(c.MaxRetries, DefaultMaxRetries)
	if err != nil {
		return fmt.Errorf(errPrefix+"%w", err)
	}

	c.token = token
	c.basePath = strings.TrimSuffix(u.Path, "/")
	c.client = cfapi.NewClient(token, u.String(), retries, cfapi.ProviderLogf)
	return nil
}

// checkLoopbackURL parses an absolute http(s) URL and accepts it only if its host is
// localhost or a loopback IP (127.0.0.0/8, ::1).
func checkLoopbackURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf(errPrefix+"API base URL %q is not an absolute http(s) URL; "+
			"set %s or \"cloudflare:apiBaseUrl\" to the emulator's URL", redactURL(raw), EnvAPIBaseURL)
	}
	if !isLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf(errPrefix+"refusing API base URL %q: its host is not a loopback address, and "+
			"the stand-in only talks to a local emulator (localhost, 127.0.0.0/8 or [::1]); set %s or "+
			"\"cloudflare:apiBaseUrl\" to the emulator's URL", u.Redacted(), EnvAPIBaseURL)
	}
	return u, nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// redactURL hides any user info of a URL that may not even parse.
func redactURL(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	if i := strings.LastIndex(raw, "@"); i >= 0 {
		return "[REDACTED]@" + raw[i+1:]
	}
	return raw
}

// cf returns the client built by Configure.
func (c Config) cf() (*cloudflare.Client, error) {
	if c.client == nil {
		return nil, errors.New(errPrefix + "provider is not configured")
	}
	return c.client, nil
}

// wrap turns an SDK error into a concise error without headers. The token is scrubbed
// from the whole message, op included (op may echo a resource name, which could be
// anything).
func (c Config) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return cfapi.Scrub(fmt.Errorf("%s%s: %w", errPrefix, op, cfapi.WrapAPIError(err, c.basePath, c.token)), c.token)
}

// clientFrom returns the running provider's configuration and client.
func clientFrom(ctx context.Context) (Config, *cloudflare.Client, error) {
	cfg := infer.GetConfig[Config](ctx)
	client, err := cfg.cf()
	return cfg, client, err
}
