package provider

import (
	"context"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigure(t *testing.T) {
	t.Run("no token anywhere names both sources", func(t *testing.T) {
		t.Setenv(EnvAPIToken, "")
		err := (&Config{}).Configure(context.Background())
		require.Error(t, err)
		assert.Contains(t, err.Error(), "apiToken")
		assert.Contains(t, err.Error(), EnvAPIToken)
	})

	t.Run("token from the environment, defaults", func(t *testing.T) {
		t.Setenv(EnvAPIToken, testToken)
		t.Setenv(EnvAPIBaseURL, "")
		c := &Config{}
		require.NoError(t, c.Configure(context.Background()))
		assert.NotNil(t, c.client)
		assert.Equal(t, testToken, c.token)
		assert.Equal(t, "/client/v4", c.basePath)
		assert.Nil(t, c.APIToken, "the environment token is not written back into the config")
	})

	t.Run("config wins over the environment", func(t *testing.T) {
		t.Setenv(EnvAPIToken, "from-env")
		t.Setenv(EnvAPIBaseURL, "https://env.example/client/v4/")
		c := &Config{APIToken: ptr(testToken), APIBaseURL: ptr("http://127.0.0.1:8787/client/v4/")}
		require.NoError(t, c.Configure(context.Background()))
		assert.Equal(t, testToken, c.token)
	})

	t.Run("base URL from the environment", func(t *testing.T) {
		t.Setenv(EnvAPIToken, testToken)
		t.Setenv(EnvAPIBaseURL, "http://127.0.0.1:9999/emu/client/v4/")
		c := &Config{}
		require.NoError(t, c.Configure(context.Background()))
		assert.Equal(t, "/emu/client/v4", c.basePath)
	})

	t.Run("invalid settings never echo the token", func(t *testing.T) {
		for _, c := range []*Config{
			{APIToken: ptr(testToken), APIBaseURL: ptr("not a url")},
			{APIToken: ptr(testToken), MaxRetries: ptr(-1)},
		} {
			err := c.Configure(context.Background())
			require.Error(t, err)
			assert.NotContains(t, err.Error(), testToken)
		}
	})

	t.Run("unconfigured provider", func(t *testing.T) {
		_, err := Config{}.cf()
		require.Error(t, err)
	})
}

// TestNewTokenReplacesNothing: the built provider's DiffConfig calls a new
// token (or one moved in from the environment) an update, so the engine
// keeps every resource of the provider (cfapi.UpdateConfigInPlace); infer
// alone would replace them all.
func TestNewTokenReplacesNothing(t *testing.T) {
	prov, err := New()
	require.NoError(t, err)
	srv, err := integration.NewServer(context.Background(), Name, semver.MustParse(Version), integration.WithProvider(prov))
	require.NoError(t, err)
	urn := resource.URN("urn:pulumi:prod::dome-infra::pulumi:providers:dome-cloudflare::dome-cloudflare")
	for name, old := range map[string]property.Map{
		"rotated":            property.NewMap(map[string]property.Value{"apiToken": property.New("old-token").WithSecret(true)}),
		"moved from the env": property.NewMap(nil),
	} {
		t.Run(name, func(t *testing.T) {
			resp, err := srv.DiffConfig(p.DiffRequest{Urn: urn, State: old, OldInputs: old,
				Inputs: property.NewMap(map[string]property.Value{"apiToken": property.New("new-token").WithSecret(true)})})
			require.NoError(t, err)
			assert.True(t, resp.HasChanges)
			for path, d := range resp.DetailedDiff {
				assert.NotContains(t, []p.DiffKind{p.AddReplace, p.UpdateReplace, p.DeleteReplace}, d.Kind, path)
			}
			assert.False(t, resp.DeleteBeforeReplace)
		})
	}
}
