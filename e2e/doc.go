// Package e2e holds the end-to-end tests of dome-infra (build tag e2e; run
// them with `make e2e`, after `make tools`). Each test runs the real
// program (program.Run) as an inline Pulumi program with a stack's real
// Pulumi.<stack>.yaml, through the real pulumi CLI (bin/pulumi), the
// companion provider and the test-only stand-in of pulumi-cloudflare v5,
// against a fresh in-memory Cloudflare emulator (internal/cloudflaretest)
// and a temporary file backend. Nothing reaches Cloudflare or Pulumi Cloud.
package e2e
