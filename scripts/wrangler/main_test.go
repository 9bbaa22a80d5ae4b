package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/wrangler"
)

const repoRoot = "../.."

func TestWritesEveryWorkerOfTheStack(t *testing.T) {
	out := t.TempDir()
	outputs := filepath.Join(t.TempDir(), "outputs.json")
	require.NoError(t, os.WriteFile(outputs, []byte(`{"environment":"dev","d1Databases":{"silo":{"name":"silo-dev","id":"5c1f0e4e-0000-4000-8000-00000000d1d1"}}}`), 0o644))

	var stdout bytes.Buffer
	require.NoError(t, run(options{dir: repoRoot, stack: "dev", out: out, outputs: outputs}, &stdout))
	text := stdout.String()
	assert.Contains(t, text, "wrangler-config dev: 6 workers in "+out+"\n")
	for _, w := range estate.Dome().Workers {
		path := filepath.Join(out, w.Name, wrangler.FileName)
		data, err := os.ReadFile(path)
		require.NoError(t, err, w.Name)
		var c wrangler.Config
		require.NoError(t, json.Unmarshal(data, &c))
		assert.Equal(t, w.Name+"-dev", c.Name)
		assert.Contains(t, text, "  "+path+" ("+w.Name+"-dev)\n")
	}
	assert.Contains(t, text, "binding DOME_META: the ID of D1 database dome-meta-dev is unknown", "the outputs gave silo's ID only")
	assert.NotContains(t, text, "D1 database silo-dev is unknown")
}

// bundles gives every worker the placeholder.
const bundles = "  dome-infra:workerBundles:\n    dome-api: placeholder\n    silo: placeholder\n    constellation: placeholder\n    ai-processor: placeholder\n    dome-cron: placeholder\n    dome-notify: placeholder\n"

func TestRefusesABrokenStack(t *testing.T) {
	tests := []struct {
		name, stack, body, want string
	}{
		{name: "no stack file", stack: "qa", want: `stack "qa" has no Pulumi.qa.yaml`},
		{name: "mistyped key", stack: "dev", body: "config:\n  dome-infra:compatibilityDat: 2025-01-01\n" + bundles,
			want: `[known-keys] config "dome-infra:compatibilityDat": is not a key of this project, so it would be ignored; did you mean "dome-infra:compatibilityDate"?`},
		{name: "dev as prod", stack: "dev", body: "config:\n  dome-infra:environment: prod\n" + bundles, want: `config "dome-infra:environment": is "prod" but the stack is "dev"`},
		{name: "future date", stack: "dev", body: "config:\n  dome-infra:compatibilityDate: 2999-01-01\n" + bundles, want: `config "dome-infra:compatibilityDate": 2999-01-01 is in the future`},
		{name: "plain secret", stack: "dev", body: "config:\n  dome-infra:webhookToken: abc\n" + bundles, want: `[no-plain-secrets] config "dome-infra:webhookToken"`},
		{name: "bad config", stack: "dev", body: "config:\n  dome-infra:accountId: nope\n  dome-infra:workerBundles: {}\n", want: `config "dome-infra:accountId"`},
		{name: "policy violation", stack: "staging", body: "config:\n  dome-infra:accountId: 0123456789abcdef0123456789abcdef\n  dome-infra:workerBundles: {silo: placeholder}\n",
			want: "[worker-bundles]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			project, err := os.ReadFile(filepath.Join(repoRoot, "Pulumi.yaml"))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), project, 0o644))
			if tt.body != "" {
				require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi."+tt.stack+".yaml"), []byte(tt.body), 0o644))
			}
			err = run(options{dir: dir, stack: tt.stack}, &bytes.Buffer{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NoDirExists(t, filepath.Join(dir, "build"), "nothing is written for a broken stack")
		})
	}
}
