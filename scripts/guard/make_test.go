package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakePulumi stands in for the pulumi CLI in the Makefile's recipes: a
// preview copies $FIXTURE (a real engine's events, gzipped) to the
// --event-log file and prints the token's length; an up prints its
// arguments; `config get dome-infra:accountId` answers the stack files'
// account.
const fakePulumi = `#!/usr/bin/env bash
case "$1" in
config) if [ "$3" = dome-infra:accountId ]; then echo 0123456789abcdef0123456789abcdef; exit 0; fi; exit 1 ;;
preview)
	while [ $# -gt 0 ]; do if [ "$1" = --event-log ]; then out=$2; fi; shift; done
	gzip -dc "$FIXTURE" > "$out"; echo "fake preview: token of ${#CLOUDFLARE_API_TOKEN} characters" ;;
up) echo "FAKE UP RAN: $*" ;;
esac
`

// TestMakeRunsTheGuard runs `make preview` and `make up` with a stand-in
// pulumi CLI on the real engine's previews (internal/guard/testdata): up
// refuses when the guard does and nothing reaches `pulumi up`; a named
// override lets it through; dev reports and goes on; .env reaches the
// CLI and its value is never printed.
func TestMakeRunsTheGuard(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	tmp := t.TempDir()
	fake := filepath.Join(tmp, "pulumi")
	require.NoError(t, os.WriteFile(fake, []byte(fakePulumi), 0o755))
	fixtures := filepath.Join(root, "internal", "guard", "testdata")
	const secret = "dotenv-token-value-never-printed"
	dotenv := filepath.Join(tmp, "dotenv")
	require.NoError(t, os.WriteFile(dotenv, []byte("# local credentials\nCLOUDFLARE_API_TOKEN=\""+secret+"\"\n"), 0o600))
	deleteURN := "urn:pulumi:dev::dome-infra::cloudflare:index/d1Database:D1Database::guard-extra"

	run := func(fixture string, args ...string) (string, error) {
		// -o build: the companion provider's build is not what is tested.
		cmd := exec.Command("make", append([]string{"--no-print-directory", "-o", "build",
			"BIN=" + filepath.Join(tmp, "bin"), "PULUMI=" + fake,
			"PREVIEW_EVENTS=" + filepath.Join(tmp, "preview.events.jsonl"), "PREVIEW_TEXT=" + filepath.Join(tmp, "preview.txt")},
			args...)...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "FIXTURE="+filepath.Join(fixtures, fixture), "DOTENV_FILE="+dotenv,
			"CLOUDFLARE_ACCOUNT_ID=", "GITHUB_STEP_SUMMARY=", "ALLOW_DESTROY=")
		// The token comes from the dotenv file, not the environment; an
		// outer make's flags (make test) are not this make's.
		for _, key := range []string{"CLOUDFLARE_API_TOKEN", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "STACK", "YES"} {
			cmd.Env = withoutKey(cmd.Env, key)
		}
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	out, err := run("delete.events.jsonl.gz", "up", "STACK=prod", "YES=1")
	assert.Error(t, err, "make up of prod over a delete:\n%s", out)
	assert.Contains(t, out, "guard: prod: REFUSED")
	assert.Contains(t, out, deleteURN)
	assert.NotContains(t, out, "FAKE UP RAN", "pulumi up ran after the guard refused")

	out, err = run("delete.events.jsonl.gz", "up", "STACK=staging", "YES=1", "ALLOW_DESTROY="+deleteURN)
	assert.NoError(t, err, out)
	assert.Contains(t, out, "allowed by -allow-destroy")
	assert.Contains(t, out, "FAKE UP RAN: up --stack staging --yes --skip-preview")

	out, err = run("delete.events.jsonl.gz", "up", "STACK=dev")
	assert.NoError(t, err, out)
	assert.Contains(t, out, "guard: dev: PASS (reported only in dev)")
	assert.Contains(t, out, "FAKE UP RAN: up --stack dev")

	out, err = run("clean.events.jsonl.gz", "preview", "STACK=prod")
	assert.NoError(t, err, out)
	assert.Contains(t, out, "guard: prod: PASS: no destructive step")
	assert.Contains(t, out, "token of 32 characters", ".env's token reaches the CLI")
	assert.NotContains(t, out, secret, "a value from .env was printed")

	out, err = run("clean.events.jsonl.gz", "help")
	assert.NoError(t, err, out)
	for _, target := range []string{"preview", "up", "check", "test", "help"} {
		assert.Contains(t, "\n"+out, "\n  "+target+" ", "make help lists %s", target)
	}
}

func withoutKey(env []string, key string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return out
}
