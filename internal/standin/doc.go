// Package standin is a TEST-ONLY stand-in for the pulumi-cloudflare v5 resource
// provider. It never ships and is never used in a deployment.
//
// The end-to-end tests run the real pulumi engine against the in-repo Cloudflare API
// emulator (internal/cloudflaretest). The program registers four resources of the
// pulumi-cloudflare v5 SDK (github.com/pulumi/pulumi-cloudflare/sdk/v5 v5.49.1), so the
// engine needs a "cloudflare" resource plugin at version 5.49.1, and the real plugin
// cannot be downloaded in the test environment. This package is that plugin: a small
// provider built with pulumi-go-provider's infer package that registers as package
// "cloudflare", version "5.49.1", and implements exactly these resources with v5's own
// type tokens, property names and import ID forms:
//
//	cloudflare:index/d1Database:D1Database                  ID: database UUID   import: <account id>/<database id>
//	cloudflare:index/r2Bucket:R2Bucket                      ID: bucket name     import: <account id>/<bucket name>
//	cloudflare:index/queue:Queue                            ID: queue ID        import: <account_id>/<queue_id>
//	cloudflare:index/workersCronTrigger:WorkersCronTrigger  ID: script name     import: <account_id>/<script_name>
//
// Every call goes through cloudflare-go v6 (github.com/cloudflare/cloudflare-go/v6), so the
// stand-in talks to the emulator through a base URL. Because it is test-only it REFUSES to
// talk to anything but a loopback address: Configure fails unless the base URL's host is
// localhost, 127.0.0.0/8 or [::1]. The client construction, the error reporting (token
// redaction), the differ and the check plumbing are the companion provider's, shared in
// internal/cfapi; that loopback rule is the stand-in's own.
//
// # Configuration
//
//   - Token: config "cloudflare:apiToken" (secret), else CLOUDFLARE_API_TOKEN, as v5.
//     Never logged or echoed in errors.
//   - Base URL: config "cloudflare:apiBaseUrl", else CLOUDFLARE_API_BASE_URL, else
//     Cloudflare's API, which is refused. Use cloudflaretest.Server.URL().
//   - Retries: config "cloudflare:maxRetries", default 2 (v5's own key, "cloudflare:retries",
//     is ignored like the other keys the stand-in does not know).
//
// Other "cloudflare:*" keys the real v5 provider accepts are ignored.
//
// # Deliberate differences from v5
//
//   - WorkersCronTrigger's ID is the script name (v5 uses a checksum of it), and
//     changing accountId or scriptName replaces the trigger (v5 updates in place, which
//     leaves the old script's schedules behind). schedules compare as a set, as in v5.
//   - R2Bucket's location output is upper case (WNAM, ...); inputs compare
//     case-insensitively, and an unset location input never differs (it is computed).
//   - Queue renames are applied in place with PATCH (v5 updates in place too), which
//     keeps the queue's settings.
//
// # Using it from the engine
//
// [Install] (or [InstallForTest]) builds cmd/pulumi-resource-cloudflare-standin and lays it
// out as $PULUMI_HOME/plugins/resource-cloudflare-v5.49.1/pulumi-resource-cloudflare, where
// the engine finds "resource cloudflare v5.49.1". See README.md.
package standin
