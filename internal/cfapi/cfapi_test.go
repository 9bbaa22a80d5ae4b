package cfapi_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cfapi"
)

func ptr[T any](v T) *T { return &v }

func TestSettings(t *testing.T) {
	t.Setenv(cfapi.EnvAPIToken, " from-env ")
	t.Setenv(cfapi.EnvAPIBaseURL, "")
	assert.Equal(t, "from-env", cfapi.Token(nil))
	assert.Equal(t, "from-env", cfapi.Token(ptr("  ")), "a blank setting falls back")
	assert.Equal(t, "configured", cfapi.Token(ptr(" configured ")))
	assert.Equal(t, cfapi.DefaultAPIBaseURL, cfapi.BaseURL(nil))
	t.Setenv(cfapi.EnvAPIBaseURL, "http://127.0.0.1:1/client/v4/")
	assert.Equal(t, "http://127.0.0.1:1/client/v4/", cfapi.BaseURL(nil))

	t.Setenv(cfapi.EnvAPIToken, "")
	assert.Empty(t, cfapi.Token(nil))

	n, err := cfapi.MaxRetries(nil, 3)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	n, err = cfapi.MaxRetries(ptr(0), 3)
	require.NoError(t, err)
	assert.Equal(t, 0, n)
	_, err = cfapi.MaxRetries(ptr(-1), 3)
	assert.EqualError(t, err, "maxRetries must be >= 0, got -1")
}

func TestDiffer(t *testing.T) {
	d := cfapi.NewDiffer()
	d.Str("same", "a", "a", true)
	d.Str("name", "a", "b", false)
	cfapi.Opt(d, "added", nil, ptr(1), false)
	cfapi.Opt(d, "deleted", ptr("x"), nil, true)
	cfapi.List(d, "empty", nil, []string{}, true)
	cfapi.ListFunc(d, "folded", []string{"A"}, []string{"a"},
		func(a, b string) bool { return a == b || a == "A" && b == "a" }, true)
	resp := d.Response(true)
	assert.True(t, resp.HasChanges)
	assert.Equal(t, map[string]p.PropertyDiff{
		"name":    {Kind: p.Update},
		"added":   {Kind: p.Add},
		"deleted": {Kind: p.DeleteReplace},
	}, resp.DetailedDiff)
	assert.True(t, resp.DeleteBeforeReplace)

	d = cfapi.NewDiffer()
	d.Str("name", "a", "b", false)
	assert.False(t, d.Response(true).DeleteBeforeReplace, "only a replacement deletes first")
	assert.False(t, cfapi.NewDiffer().Response(true).HasChanges)
}

func TestDifferOptDefault(t *testing.T) {
	d := cfapi.NewDiffer()
	cfapi.OptDefault(d, "unsetToDefault", nil, ptr(10), 10, false)
	cfapi.OptDefault(d, "defaultToUnset", ptr(10), nil, 10, false)
	cfapi.OptDefault(d, "same", ptr(5), ptr(5), 10, false)
	cfapi.OptDefault(d, "added", nil, ptr(50), 10, false)
	cfapi.OptDefault(d, "deleted", ptr(50), nil, 10, false)
	cfapi.OptDefault(d, "updated", ptr(50), ptr(10), 10, false)
	assert.Equal(t, map[string]p.PropertyDiff{
		"added":   {Kind: p.Add},
		"deleted": {Kind: p.Delete},
		"updated": {Kind: p.Update},
	}, d.Response(false).DetailedDiff)
	assert.Equal(t, 3, cfapi.OrDefault(nil, 3))
	assert.Equal(t, 0, cfapi.OrDefault(ptr(0), 3))
}

func TestCheckerIgnoresUnknowns(t *testing.T) {
	c := cfapi.NewChecker(property.NewMap(map[string]property.Value{
		"known":   property.New(""),
		"unknown": property.New(property.Computed),
		"list":    property.New([]property.Value{property.New("x"), property.New(property.Computed)}),
	}))
	c.Failf("known", "must not be empty")
	c.Failf("missing", "is %s", "required")
	c.Failf("unknown", "must not be empty")
	c.Failf("list[0]", "bad")
	c.Failf("list[1]", "bad")
	c.Failf("list", "bad")
	assert.Equal(t, []p.CheckFailure{
		{Property: "known", Reason: "must not be empty"},
		{Property: "missing", Reason: "is required"},
		{Property: "list[0]", Reason: "bad"},
	}, c.Failures)
}

func TestDeleted(t *testing.T) {
	wrap := func(op string, err error) error { return errors.New(op + ": wrapped") }
	notFound := &cloudflare.Error{StatusCode: http.StatusNotFound}
	_, err := cfapi.Deleted(context.Background(), notFound, `Worker "silo"`, wrap)
	assert.NoError(t, err, "a resource that is already gone is deleted")
	_, err = cfapi.Deleted(context.Background(), &cloudflare.Error{StatusCode: http.StatusForbidden}, `Worker "silo"`, wrap)
	assert.EqualError(t, err, `delete Worker "silo": wrapped`)
	_, err = cfapi.Deleted(context.Background(), nil, `Worker "silo"`, wrap)
	assert.NoError(t, err)
}
