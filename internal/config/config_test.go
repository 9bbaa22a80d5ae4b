package config

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// valid is a complete, correct dev config; cases change one key.
func valid() Values {
	return Values{
		KeyAccountID:         {Value: "0123456789abcdef0123456789abcdef"},
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
		{name: "missing account", stack: "dev", drop: KeyAccountID, wantKey: KeyAccountID, wantMsg: "is required"},
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
		})
	}
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

func TestReadStackAppliesProjectDefaults(t *testing.T) {
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
