package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/policy"
)

// repoRoot is where the real Pulumi.yaml and stack files are.
const repoRoot = "../.."

func TestRepoStacksPass(t *testing.T) {
	var out bytes.Buffer
	n, err := run(repoRoot, &out, false)
	require.NoError(t, err)
	assert.Zero(t, n, out.String())
	text := out.String()
	for _, stack := range []string{"dev", "staging", "prod"} {
		assert.Contains(t, text, fmt.Sprintf("stack %s (Pulumi.%s.yaml): ok\n", stack, stack))
	}
	assert.True(t, strings.HasSuffix(text, fmt.Sprintf("validate: 3 stacks, %d rules, 0 violations\n", len(policy.Rules()))), text)
	assert.Less(t, strings.Index(text, "stack dev"), strings.Index(text, "stack staging"), "promotion order")
	assert.Less(t, strings.Index(text, "stack staging"), strings.Index(text, "stack prod"), "promotion order")
}

// brokenProject is a project directory holding the repository's Pulumi.yaml
// and the given stack files; an environment (dev, staging, prod) not given
// gets the repository's own stack file.
func brokenProject(t *testing.T, stacks map[string]string) string {
	t.Helper()
	dir := rawProject(t, stacks)
	for _, env := range []string{"dev", "staging", "prod"} {
		if _, given := stacks[env]; !given {
			b, err := os.ReadFile(filepath.Join(repoRoot, "Pulumi."+env+".yaml"))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi."+env+".yaml"), b, 0o644))
		}
	}
	return dir
}

// rawProject is brokenProject with only the stack files given.
func rawProject(t *testing.T, stacks map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	project, err := os.ReadFile(filepath.Join(repoRoot, "Pulumi.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), project, 0o644))
	for stack, body := range stacks {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi."+stack+".yaml"), []byte(body), 0o644))
	}
	return dir
}

const plainToken = "xoxb-plain-text-token"

// brokenDev breaks six rules at once: a plain-text token under an unknown
// key, an unprotected prod environment in the dev stack, the placeholder in
// prod and a bad account ID.
var brokenDev = `config:
  dome-infra:accountId: not-an-account-id
  dome-infra:environment: prod
  dome-infra:protect: false
  dome-infra:slackToken: ` + plainToken + "\n" + `  dome-infra:workerBundles:
    dome-notify: placeholder
`

func TestBrokenStackNamesEachRule(t *testing.T) {
	dir := brokenProject(t, map[string]string{"dev": brokenDev})
	var out bytes.Buffer
	n, err := run(dir, &out, false)
	require.NoError(t, err)
	text := out.String()
	assert.Equal(t, 6, n, text)

	tests := []struct {
		rule, subject, text string
	}{
		{rule: "config", subject: `config "dome-infra:accountId"`, text: "32-character lowercase hex"},
		{rule: "config", subject: `config "dome-infra:environment"`, text: `is "prod" but the stack is "dev"`},
		{rule: "known-keys", subject: `config "dome-infra:slackToken"`, text: "is not a key of this project"},
		{rule: "no-plain-secrets", subject: `config "dome-infra:slackToken"`, text: "pulumi config set --secret dome-infra:slackToken"},
		{rule: "protected-in-prod", subject: `config "dome-infra:protect"`, text: "is false in prod"},
		{rule: "worker-bundles", subject: `config "dome-infra:workerBundles.dome-notify"`, text: `is "placeholder", which prod may not use`},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			assert.Contains(t, text, "  ["+tt.rule+"] "+tt.subject+": ")
			assert.Contains(t, text, tt.text)
		})
	}
	assert.Contains(t, text, "stack dev (Pulumi.dev.yaml): 6 violations\n")
	assert.True(t, strings.HasSuffix(text, fmt.Sprintf("validate: 3 stacks, %d rules, 6 violations\n", len(policy.Rules()))), text)
	assert.NotContains(t, text, plainToken, "a secret value never appears in a report")
}

func TestJSONReport(t *testing.T) {
	dir := brokenProject(t, map[string]string{"dev": brokenDev, "prod": strings.Replace(brokenDev, "not-an-account-id", "0123456789abcdef0123456789abcdef", 1)})
	var out bytes.Buffer
	n, err := run(dir, &out, true)
	require.NoError(t, err)
	var rep Report
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep), out.String())

	assert.Equal(t, n, rep.Violations)
	require.Len(t, rep.Stacks, 3)
	assert.Equal(t, "dev", rep.Stacks[0].Stack)
	assert.Equal(t, "prod", rep.Stacks[2].Stack)
	assert.Len(t, rep.Rules, len(policy.Rules()))
	rules := func(s StackReport) []string {
		var out []string
		for _, v := range s.Violations {
			out = append(out, v.Rule)
		}
		return out
	}
	assert.Equal(t, []string{"config", "config", "known-keys", "worker-bundles", "no-plain-secrets", "protected-in-prod"}, rules(rep.Stacks[0]),
		"config errors first, then the policy's rules in their order")
	assert.Empty(t, rules(rep.Stacks[1]))
	assert.Equal(t, []string{"known-keys", "worker-bundles", "no-plain-secrets", "protected-in-prod"}, rules(rep.Stacks[2]))
	assert.NotContains(t, out.String(), plainToken)
}

func TestUnreadableStackFile(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{name: "not yaml", body: "config: [unclosed\n", want: "Pulumi.dev.yaml"},
		{name: "wrong type", want: "observabilityEnabled", body: "config:\n  dome-infra:accountId: 0123456789abcdef0123456789abcdef\n" +
			"  dome-infra:observabilityEnabled: sometimes\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := brokenProject(t, map[string]string{"dev": tt.body})
			var out bytes.Buffer
			n, err := run(dir, &out, false)
			require.NoError(t, err, "a broken stack file is a violation, not a failure of the run")
			assert.Equal(t, 1, n, out.String())
			assert.Contains(t, out.String(), `[config] stack file "Pulumi.dev.yaml": `)
			assert.Contains(t, out.String(), tt.want)
		})
	}
}

func TestFindStacks(t *testing.T) {
	dir := rawProject(t, map[string]string{"prod": "", "pr-42": "", "dev": "", "staging": "", "alpha": ""})
	stacks, err := findStacks(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"dev", "staging", "prod", "alpha", "pr-42"}, stacks, "environments in promotion order, then the rest by name")
}

func TestProjectWithoutStacks(t *testing.T) {
	tests := []struct {
		name   string
		stacks map[string]string
		setup  func(dir string)
		want   string
	}{
		{name: "no stack files", stacks: map[string]string{}, want: "no Pulumi.<stack>.yaml"},
		{name: "no project file", stacks: map[string]string{"dev": ""}, setup: func(dir string) { os.Remove(filepath.Join(dir, "Pulumi.yaml")) }, want: "no Pulumi.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := rawProject(t, tt.stacks)
			if tt.setup != nil {
				tt.setup(dir)
			}
			_, err := run(dir, &bytes.Buffer{}, false)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestStackFilesAndSharedNames is issue 12's classes 2, 6 and 9 for
// validate: missing and misnamed stack files, stacks that share names in
// one account, and messages that name the right key. Each case names its
// rule, file or key, and exits non-zero.
func TestStackFilesAndSharedNames(t *testing.T) {
	devWith := func(extra string) string {
		return "config:\n" + extra
	}
	tests := []struct {
		name    string
		stacks  map[string]string
		setup   func(dir string)
		want    []string
		notWant []string
	}{
		{name: "missing staging", setup: func(dir string) { os.Remove(filepath.Join(dir, "Pulumi.staging.yaml")) },
			want: []string{`[stack-files] stack file "Pulumi.staging.yaml": is missing`}},
		{name: "staging misnamed .yml", setup: func(dir string) {
			os.Rename(filepath.Join(dir, "Pulumi.staging.yaml"), filepath.Join(dir, "Pulumi.staging.yml"))
		}, want: []string{`[stack-files] stack file "Pulumi.staging.yaml": is missing: Pulumi.staging.yml is there, but Pulumi reads only .yaml; rename it to Pulumi.staging.yaml`}},
		{name: "extra misnamed stack", stacks: map[string]string{}, setup: func(dir string) {
			os.WriteFile(filepath.Join(dir, "Pulumi.pr-1.yml"), []byte("config: {}\n"), 0o644)
		}, want: []string{`[stack-files] stack file "Pulumi.pr-1.yml": is ignored: Pulumi reads only .yaml; rename it to Pulumi.pr-1.yaml`}},
		{name: "dev with staging's suffix", stacks: map[string]string{"dev": devWith("  dome-infra:nameSuffix: -staging\n")},
			want: []string{`[stack-names] config "dome-infra:nameSuffix": stack staging gives 17 resources the same Cloudflare names as stack dev, in account the same account (none is set`, `worker "dome-api-staging"`}},
		{name: "two pr stacks alike", stacks: map[string]string{
			"pr-1": "config:\n  dome-infra:environment: dev\n  dome-infra:nameSuffix: -pr\n",
			"pr-2": "config:\n  dome-infra:environment: dev\n  dome-infra:nameSuffix: -pr\n",
		}, want: []string{"stack pr-2 gives 17 resources the same Cloudflare names as stack pr-1"}},
		{name: "same suffix, other accounts", stacks: map[string]string{
			"pr-1": "config:\n  dome-infra:accountId: 0f1e2d3c4b5a69788796a5b4c3d2e1f0\n  dome-infra:environment: dev\n  dome-infra:nameSuffix: -pr\n",
			"pr-2": "config:\n  dome-infra:accountId: 1f1e2d3c4b5a69788796a5b4c3d2e1f0\n  dome-infra:environment: dev\n  dome-infra:nameSuffix: -pr\n",
		}, notWant: []string{"stack-names"}},
		{name: "dev as prod", stacks: map[string]string{"dev": devWith("  dome-infra:environment: prod\n")},
			want: []string{`[config] config "dome-infra:environment": is "prod" but the stack is "dev"`}},
		{name: "empty dev suffix", stacks: map[string]string{"dev": devWith("  dome-infra:nameSuffix: \"\"\n")},
			want: []string{`[config] config "dome-infra:nameSuffix": must not be empty in dev`}},
		{name: "suffix too long", stacks: map[string]string{"dev": devWith("  dome-infra:nameSuffix: -" + strings.Repeat("x", 60) + "\n")},
			want: []string{`[name-limits] config "dome-infra:nameSuffix": "-xxxx`, "allows a suffix of at most 22"}, notWant: []string{"no-plain-secrets", `[name-limits] worker`}},
		{name: "encrypted account", stacks: map[string]string{"dev": devWith("  dome-infra:accountId:\n    secure: v1:c2VjcmV0:c2VjcmV0\n")},
			want: []string{`[config] config "dome-infra:accountId": is encrypted (a secret), which this offline tool cannot read; an account ID is not a secret`}, notWant: []string{`"[secret]"`}},
		{name: "mistyped key", stacks: map[string]string{"dev": devWith("  dome-infra:headSampingRate: \"0.5\"\n")},
			want: []string{`[known-keys] config "dome-infra:headSampingRate": is not a key of this project, so it would be ignored; did you mean "dome-infra:headSamplingRate"?`}},
		{name: "NaN sampling", stacks: map[string]string{"dev": devWith("  dome-infra:headSamplingRate: NaN\n")},
			want: []string{`[config] config "dome-infra:headSamplingRate": must be between 0 and 1, got NaN`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stacks := tt.stacks
			if stacks == nil {
				stacks = map[string]string{}
			}
			dir := brokenProject(t, stacks)
			if tt.setup != nil {
				tt.setup(dir)
			}
			var out bytes.Buffer
			n, err := run(dir, &out, false)
			require.NoError(t, err)
			if len(tt.want) > 0 {
				assert.Positive(t, n, "validate fails: %s", out.String())
			}
			for _, w := range tt.want {
				assert.Contains(t, out.String(), w)
			}
			for _, w := range tt.notWant {
				assert.NotContains(t, out.String(), w)
			}
		})
	}
}
