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
// and the given stack files.
func brokenProject(t *testing.T, stacks map[string]string) string {
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

// brokenDev breaks four rules at once: a plain-text token, an unprotected
// prod environment, the placeholder in prod and a bad account ID.
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
	assert.Equal(t, 4, n, text)

	tests := []struct {
		rule, subject, text string
	}{
		{rule: "config", subject: `config "dome-infra:accountId"`, text: "32-character lowercase hex"},
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
	assert.Contains(t, text, "stack dev (Pulumi.dev.yaml): 4 violations\n")
	assert.True(t, strings.HasSuffix(text, fmt.Sprintf("validate: 1 stack, %d rules, 4 violations\n", len(policy.Rules()))), text)
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
	require.Len(t, rep.Stacks, 2)
	assert.Equal(t, "dev", rep.Stacks[0].Stack)
	assert.Equal(t, "prod", rep.Stacks[1].Stack)
	assert.Len(t, rep.Rules, len(policy.Rules()))
	rules := func(s StackReport) []string {
		var out []string
		for _, v := range s.Violations {
			out = append(out, v.Rule)
		}
		return out
	}
	assert.Equal(t, []string{"config", "worker-bundles", "no-plain-secrets", "protected-in-prod"}, rules(rep.Stacks[0]),
		"config errors first, then the policy's rules in their order")
	assert.Equal(t, []string{"worker-bundles", "no-plain-secrets", "protected-in-prod"}, rules(rep.Stacks[1]))
	assert.NotContains(t, out.String(), plainToken)
}

func TestUnreadableStackFile(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{name: "not yaml", body: "config: [unclosed\n", want: "Pulumi.dev.yaml"},
		{name: "wrong type", want: "observabilityEnabled", body: "config:\n  dome-infra:accountId: 0123456789abcdef0123456789abcdef\n" +
			"  dome-infra:observabilityEnabled: sometimes\n"},
		{name: "missing required key", body: "config: {}\n", want: "dome-infra:accountId"},
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
	dir := brokenProject(t, map[string]string{"prod": "", "pr-42": "", "dev": "", "staging": "", "alpha": ""})
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
			dir := brokenProject(t, tt.stacks)
			if tt.setup != nil {
				tt.setup(dir)
			}
			_, err := run(dir, &bytes.Buffer{}, false)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
