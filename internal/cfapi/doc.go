// Package cfapi is what both Pulumi resource providers of this repository need to call
// Cloudflare and to answer Pulumi: the dome-cloudflare companion provider
// (internal/provider) and the test-only pulumi-cloudflare v5 stand-in (internal/standin).
//
//   - Calling Cloudflare: the SDK client built from a token, a base URL and a retry count
//     (NewClient), with the token and base URL falling back to CLOUDFLARE_API_TOKEN and
//     CLOUDFLARE_API_BASE_URL (Token, BaseURL, MaxRetries). It waits out Cloudflare's
//     rate limit (a block of up to five minutes, whole-second Retry-After) where the
//     SDK alone would give up, and says what it waits for (ratelimit.go).
//   - Reporting its errors: SDK errors reduced to method, path, status and the API's
//     messages, never headers, with the token redacted (APIError, WrapAPIError, Scrub,
//     Messages); "not found" as each API says it, Vectorize's 400/3000 and 3005 included
//     (StatusCode, IsNotFound); a delete that finds the
//     resource gone is a warning (Deleted). Discovery (internal/discovery) uses the
//     same status and message extraction for its own errors.
//   - Answering Pulumi: the Differ that turns compared properties into a DiffResponse
//     (OptDefault for a setting whose unset value is the API's default), and the
//     Checker that records Check failures by property path without reporting values
//     that are unknown during a preview.
//   - Cloudflare's documented defaults that code and emulator must agree on: a queue
//     consumer's settings and limits (subpackage queuelimits, which imports nothing,
//     so the stack config checks them without the SDK), used by the companion provider and
//     applied by the emulator (internal/cloudflaretest).
//
// It exists so that the token redaction, the error format and the diff rules have one
// implementation: the stand-in began as a copy of the provider's plumbing, and two copies
// of security-relevant code drift apart. What belongs to one provider stays in it: its
// configuration schema and defaults, its error prefix, the wording of its check failures,
// and the stand-in's refusal of any base URL that is not a loopback address.
package cfapi
