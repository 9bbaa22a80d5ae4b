package cfapi

import (
	"fmt"
	"os"
	"strings"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/option"
)

const (
	// EnvAPIToken is the environment variable Token falls back to.
	EnvAPIToken = "CLOUDFLARE_API_TOKEN"
	// EnvAPIBaseURL is the environment variable BaseURL falls back to.
	EnvAPIBaseURL = "CLOUDFLARE_API_BASE_URL"
	// DefaultAPIBaseURL is Cloudflare's v4 API.
	DefaultAPIBaseURL = "https://api.cloudflare.com/client/v4/"
)

// Token returns the configured API token or, when it is unset or blank, the value of
// CLOUDFLARE_API_TOKEN; "" when neither is set. White space around it is trimmed.
//
// The providers apply this fallback when they are configured, not as a schema default,
// so a token taken from the environment never lands in the Pulumi state.
func Token(configured *string) string { return setting(configured, EnvAPIToken, "") }

// BaseURL returns the configured API base URL or, when it is unset or blank, the value of
// CLOUDFLARE_API_BASE_URL, else DefaultAPIBaseURL. It is not validated.
func BaseURL(configured *string) string {
	return setting(configured, EnvAPIBaseURL, DefaultAPIBaseURL)
}

func setting(configured *string, env, fallback string) string {
	if configured != nil {
		if v := strings.TrimSpace(*configured); v != "" {
			return v
		}
	}
	if v := strings.TrimSpace(os.Getenv(env)); v != "" {
		return v
	}
	return fallback
}

// MaxRetries returns the configured number of retries, or def when it is unset. A
// negative number is an error naming the maxRetries setting.
func MaxRetries(configured *int, def int) (int, error) {
	if configured == nil {
		return def, nil
	}
	if *configured < 0 {
		return 0, fmt.Errorf("maxRetries must be >= 0, got %d", *configured)
	}
	return *configured, nil
}

// NewClient builds the SDK client. The SDK retries requests that failed with a connection
// error, 408, 409, 429 or 5xx up to maxRetries times; before that, a 429 with a
// Retry-After is waited out as Cloudflare asks, up to MaxRetryAfter at a time and
// MaxRateLimitWait in all, each wait reported through logf (see ratelimit.go).
//
// cloudflare.NewClient also reads CLOUDFLARE_API_KEY, CLOUDFLARE_EMAIL and
// CLOUDFLARE_API_USER_SERVICE_KEY from the environment; the corresponding headers are
// removed so that only the given token authenticates.
func NewClient(token, baseURL string, maxRetries int, logf Logf, extra ...option.RequestOption) *cloudflare.Client {
	return cloudflare.NewClient(append([]option.RequestOption{
		newRateLimiter(logf).option(),
		option.WithBaseURL(baseURL),
		option.WithAPIToken(token),
		option.WithMaxRetries(maxRetries),
		option.WithHeaderDel("X-Auth-Key"),
		option.WithHeaderDel("X-Auth-Email"),
		option.WithHeaderDel("X-Auth-User-Service-Key"),
	}, extra...)...)
}
