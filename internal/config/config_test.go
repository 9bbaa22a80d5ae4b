package config

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testAccount is a well-formed account ID that is neither the stand-in nor
// the offline one.
const testAccount = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"

func TestMain(m *testing.M) {
	os.Unsetenv(EnvAccountID) // the cases say where the account comes from
	os.Exit(m.Run())
}

// valid is a complete, correct dev config; cases change one key.
func valid() Values {
	return Values{
		KeyAccountID:         {Value: testAccount},
		KeyHeadSamplingRate:  {Value: "1"},
		KeyCompatibilityDate: {Value: "2025-09-01"},
		KeyVectorDimensions:  {Value: "768"},
		KeyVectorMetric:      {Value: "cosine"},
		KeyWorkerBundles:     {Value: `{"silo":"placeholder"}`},
	}
}

func TestParseDerivesEnvironmentDefaults(t *testing.T) {
	tests := []struct {
		stack       string
		set         Values
		wantEnv     Environment
		wantSuffix  string
		wantProtect bool
	}{
		{stack: "dev", wantEnv: Dev, wantSuffix: "-dev"},
		{stack: "staging", wantEnv: Staging, wantSuffix: "-staging"},
		{stack: "prod", wantEnv: Prod, wantSuffix: "", wantProtect: true},
		{stack: "pr-42", set: Values{KeyEnvironment: {Value: "dev"}, KeyNameSuffix: {Value: "-pr-42"}}, wantEnv: Dev, wantSuffix: "-pr-42"},
		{stack: "staging", set: Values{KeyProtect: {Value: "true"}}, wantEnv: Staging, wantSuffix: "-staging", wantProtect: true},
	}
	for _, tt := range tests {
		t.Run(tt.stack, func(t *testing.T) {
			v := valid()
			for k, x := range tt.set {
				v[k] = x
			}
			c, err := Parse(tt.stack, v)
			require.NoError(t, err)
			assert.Equal(t, tt.wantEnv, c.Environment)
			assert.Equal(t, tt.wantSuffix, c.NameSuffix)
			assert.Equal(t, tt.wantProtect, c.Protect)
			assert.Equal(t, Observability{Enabled: true, HeadSamplingRate: 1}, c.Observability)
			assert.Equal(t, VectorIndex{Dimensions: 768, Metric: "cosine"}, c.VectorIndex)
		})
	}
}

func TestParseNamesTheBadKey(t *testing.T) {
	tests := []struct {
		name    string
		stack   string
		set     Values
		drop    string
		wantKey string
		wantMsg string
	}{
		{name: "missing account", stack: "dev", drop: KeyAccountID, wantKey: KeyAccountID, wantMsg: "is required (no account in the stack's config nor in CLOUDFLARE_ACCOUNT_ID)"},
		{name: "stand-in account", stack: "dev", set: Values{KeyAccountID: {Value: StandInAccountID}}, wantKey: KeyAccountID, wantMsg: "is a stand-in, not a Cloudflare account"},
		{name: "offline account", stack: "prod", set: Values{KeyAccountID: {Value: OfflineAccountID}}, wantKey: KeyAccountID, wantMsg: "is a stand-in"},
		{name: "encrypted account", stack: "dev", set: Values{KeyAccountID: {Value: SecretPlaceholder, Secret: true}}, wantKey: KeyAccountID, wantMsg: "is encrypted (a secret), which this offline tool cannot read; an account ID is not a secret"},
		{name: "secret account malformed", stack: "dev", set: Values{KeyAccountID: {Value: "s3cr3t-abc", Secret: true}}, wantKey: KeyAccountID, wantMsg: "got (a secret value, not shown)"},
		{name: "environment prod in dev", stack: "dev", set: Values{KeyEnvironment: {Value: "prod"}}, wantKey: KeyEnvironment, wantMsg: `is "prod" but the stack is "dev": a stack's environment must match its name`},
		{name: "environment staging in dev", stack: "dev", set: Values{KeyEnvironment: {Value: "staging"}}, wantKey: KeyEnvironment, wantMsg: `is "staging" but the stack is "dev"`},
		{name: "environment prod in a pr stack", stack: "pr-42", set: Values{KeyEnvironment: {Value: "prod"}}, wantKey: KeyEnvironment, wantMsg: `only the prod stack plans prod's names`},
		{name: "empty suffix in dev", stack: "dev", set: Values{KeyNameSuffix: {Value: ""}}, wantKey: KeyNameSuffix, wantMsg: "must not be empty in dev"},
		{name: "empty suffix in staging", stack: "staging", set: Values{KeyNameSuffix: {Value: ""}}, wantKey: KeyNameSuffix, wantMsg: "must not be empty in staging"},
		{name: "empty suffix in a pr stack", stack: "pr-42", set: Values{KeyEnvironment: {Value: "dev"}, KeyNameSuffix: {Value: ""}}, wantKey: KeyNameSuffix, wantMsg: "must not be empty in dev"},
		{name: "sampling NaN", stack: "dev", set: Values{KeyHeadSamplingRate: {Value: "NaN"}}, wantKey: KeyHeadSamplingRate, wantMsg: "between 0 and 1, got NaN"},
		{name: "sampling Inf", stack: "dev", set: Values{KeyHeadSamplingRate: {Value: "+Inf"}}, wantKey: KeyHeadSamplingRate, wantMsg: "between 0 and 1"},
		{name: "sampling negative", stack: "dev", set: Values{KeyHeadSamplingRate: {Value: "-0.1"}}, wantKey: KeyHeadSamplingRate, wantMsg: "between 0 and 1"},
		{name: "date in the future", stack: "dev", set: Values{KeyCompatibilityDate: {Value: "2999-01-01"}}, wantKey: KeyCompatibilityDate, wantMsg: "2999-01-01 is in the future"},
		{name: "date tomorrow", stack: "dev", set: Values{KeyCompatibilityDate: {Value: time.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)}}, wantKey: KeyCompatibilityDate, wantMsg: "is in the future"},
		{name: "dimensions zero", stack: "dev", set: Values{KeyVectorDimensions: {Value: "0"}}, wantKey: KeyVectorDimensions, wantMsg: "between 1 and 1536 (Vectorize's limit), got 0"},
		{name: "dimensions negative", stack: "dev", set: Values{KeyVectorDimensions: {Value: "-768"}}, wantKey: KeyVectorDimensions, wantMsg: "got -768"},
		{name: "dimensions not a number", stack: "dev", set: Values{KeyVectorDimensions: {Value: "768.5"}}, wantKey: KeyVectorDimensions, wantMsg: "whole number"},
		{name: "short account", stack: "dev", set: Values{KeyAccountID: {Value: "abc"}}, wantKey: KeyAccountID, wantMsg: `32-character lowercase hex Cloudflare account ID, got "abc"`},
		{name: "unknown environment from stack", stack: "qa", wantKey: KeyEnvironment, wantMsg: `unknown environment "qa" (from the stack name)`},
		{name: "unknown environment from key", stack: "dev", set: Values{KeyEnvironment: {Value: "test"}}, wantKey: KeyEnvironment, wantMsg: `unknown environment "test" (from the key)`},
		{name: "bad suffix", stack: "dev", set: Values{KeyNameSuffix: {Value: "dev"}}, wantKey: KeyNameSuffix, wantMsg: "invalid"},
		{name: "suffix in prod", stack: "prod", set: Values{KeyNameSuffix: {Value: "-prod"}}, wantKey: KeyNameSuffix, wantMsg: "must be empty in prod"},
		{name: "bad bool", stack: "dev", set: Values{KeyProtect: {Value: "yes please"}}, wantKey: KeyProtect, wantMsg: "true or false"},
		{name: "sampling out of range", stack: "dev", set: Values{KeyHeadSamplingRate: {Value: "1.5"}}, wantKey: KeyHeadSamplingRate, wantMsg: "between 0 and 1"},
		{name: "sampling not a number", stack: "dev", set: Values{KeyHeadSamplingRate: {Value: "all"}}, wantKey: KeyHeadSamplingRate, wantMsg: "must be a number"},
		{name: "bad date", stack: "dev", set: Values{KeyCompatibilityDate: {Value: "2025-13-01"}}, wantKey: KeyCompatibilityDate, wantMsg: "must be a date"},
		{name: "dimensions too large", stack: "dev", set: Values{KeyVectorDimensions: {Value: "4096"}}, wantKey: KeyVectorDimensions, wantMsg: "between 1 and 1536"},
		{name: "unknown metric", stack: "dev", set: Values{KeyVectorMetric: {Value: "manhattan"}}, wantKey: KeyVectorMetric, wantMsg: "cosine, euclidean, dot-product"},
		{name: "bundles not an object", stack: "dev", set: Values{KeyWorkerBundles: {Value: `["a"]`}}, wantKey: KeyWorkerBundles, wantMsg: "object of strings"},
		{name: "plain token", stack: "dev", set: Values{KeyAPIToken: {Value: "s3cr3t-token-value"}}, wantKey: KeyAPIToken, wantMsg: "set in plain text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := valid()
			delete(v, tt.drop)
			for k, x := range tt.set {
				v[k] = x
			}
			_, err := Parse(tt.stack, v)
			require.Error(t, err)
			assert.Contains(t, err.Error(), `config "`+tt.wantKey+`": `, "the error names the key")
			assert.Contains(t, err.Error(), tt.wantMsg)
			assert.NotContains(t, err.Error(), "s3cr3t", "a secret value never appears in an error")
			assert.NotContains(t, err.Error(), `"[secret]"`, "the placeholder of an encrypted value is not blamed")
		})
	}
}

func TestParseReadsAnUnquotedDate(t *testing.T) {
	v := valid()
	v[KeyCompatibilityDate] = Value{Value: "2024-05-01 00:00:00 +0000 UTC"} // YAML's 2024-05-01, unquoted
	c, err := Parse("dev", v)
	require.NoError(t, err)
	assert.Equal(t, "2024-05-01", c.CompatibilityDate)
}

func TestParseAcceptsSecretToken(t *testing.T) {
	v := valid()
	v[KeyAPIToken] = Value{Value: SecretPlaceholder, Secret: true}
	c, err := Parse("dev", v)
	require.NoError(t, err)
	assert.True(t, c.APITokenSet)
}

func TestParseReportsEveryProblem(t *testing.T) {
	_, err := Parse("qa", Values{})
	require.Error(t, err)
	var errs *Errors
	require.ErrorAs(t, err, &errs)
	assert.GreaterOrEqual(t, len(errs.List), 4, "missing account, bad env, missing date, missing metric...")
}

// projectDir is the repository root, where Pulumi.yaml is.
func projectDir(t *testing.T) string {
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

func TestAccountSources(t *testing.T) {
	noAccount := valid()
	delete(noAccount, KeyAccountID)
	tests := []struct {
		name       string
		values     Values
		env        string
		mode       Mode
		wantID     string
		wantSource string
		wantErr    string
	}{
		{name: "config", values: valid(), env: "ffffffffffffffffffffffffffffffff", wantID: testAccount, wantSource: AccountFromConfig},
		{name: "environment", values: noAccount, env: testAccount, wantID: testAccount, wantSource: AccountFromEnv},
		{name: "environment malformed", values: noAccount, env: "abc", wantErr: `config "dome-infra:accountId": must be a 32-character lowercase hex Cloudflare account ID, got "abc" (from CLOUDFLARE_ACCOUNT_ID)`},
		{name: "environment stand-in", values: noAccount, env: StandInAccountID, wantErr: "(from CLOUDFLARE_ACCOUNT_ID) is a stand-in"},
		{name: "offline without account", values: noAccount, mode: Offline, wantID: OfflineAccountID, wantSource: AccountFromOffline},
		{name: "offline keeps the stand-in", values: Values{KeyAccountID: {Value: StandInAccountID}}, mode: Offline, wantErr: "dome-infra:vectorizeMetric"},
		{name: "deploy without account", values: noAccount, wantErr: `config "dome-infra:accountId": is required`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvAccountID, tt.env)
			c, err := ParseMode("dev", tt.values, tt.mode)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantID, c.AccountID)
			assert.Equal(t, tt.wantSource, c.AccountSource)
		})
	}
}

func TestReadStackNamesAMissingStackFile(t *testing.T) {
	dir := t.TempDir()
	project, err := os.ReadFile(filepath.Join(projectDir(t), "Pulumi.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), project, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.dev.yaml"), []byte("config: {}\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.prod.yaml"), []byte("config: {}\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.staging.yml"), []byte("config: {}\n"), 0o644))
	tests := []struct{ stack, want string }{
		{"qa", `stack "qa" has no Pulumi.qa.yaml in ` + dir + `; the stacks here are dev, prod`},
		{"staging", `stack "staging" has no Pulumi.staging.yaml in ` + dir + `; Pulumi.staging.yml is there, but Pulumi reads only .yaml: rename it to Pulumi.staging.yaml; the stacks here are dev, prod`},
	}
	for _, tt := range tests {
		_, err := ReadStack(dir, tt.stack)
		require.Error(t, err)
		assert.Equal(t, tt.want, err.Error())
		assert.NotContains(t, err.Error(), "is required", "not a list of missing values")
	}
}

func TestKnownKeysComeFromPulumiYaml(t *testing.T) {
	keys, err := KnownKeys(projectDir(t))
	require.NoError(t, err)
	for _, k := range Keys() {
		assert.Contains(t, keys, k, "every key this package reads is declared or documented")
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte("name: dome-infra\nruntime: go\nconfig:\n  dome-infra:workers:\n    type: object\n    default: {}\n"), 0o644))
	keys, err = KnownKeys(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{KeyAccountID, KeyEnvironment, KeyNameSuffix, KeyProtect, "dome-infra:workers"}, keys, "a key Pulumi.yaml declares is known without code")
}

func TestReadStackAppliesProjectDefaults(t *testing.T) {
	t.Setenv(EnvAccountID, testAccount)
	for _, stack := range []string{"dev", "staging", "prod"} {
		t.Run(stack, func(t *testing.T) {
			v, err := ReadStack(projectDir(t), stack)
			require.NoError(t, err)
			// From Pulumi.yaml's defaults, not the stack file.
			assert.Equal(t, "768", v[KeyVectorDimensions].Value)
			assert.Equal(t, "cosine", v[KeyVectorMetric].Value)
			c, err := Parse(stack, v)
			require.NoError(t, err)
			assert.Equal(t, Environment(stack), c.Environment)
		})
	}
	v, err := ReadStack(projectDir(t), "prod")
	require.NoError(t, err)
	c, err := Parse("prod", v)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"dome-meta": "ac198406-1036-495e-b0f1-b61f7c9ecbdf",
		"silo":      "baf652ea-e575-4019-b95c-c9d44d02c1aa",
	}, c.D1DatabaseIDs, "the production D1 IDs of DEVELOPERS.md")
}

func TestReadStackErrors(t *testing.T) {
	_, err := ReadStack(projectDir(t), "nosuchstack")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Pulumi.nosuchstack.yaml")
}
