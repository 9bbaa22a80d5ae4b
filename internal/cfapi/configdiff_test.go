package cfapi_test

import (
	"context"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cfapi"
)

// TestUpdateConfigInPlace: every replacing kind becomes its in-place kind;
// the change itself stays (the provider is configured anew).
func TestUpdateConfigInPlace(t *testing.T) {
	prov := cfapi.UpdateConfigInPlace(p.Provider{
		DiffConfig: func(context.Context, p.DiffRequest) (p.DiffResponse, error) {
			return p.DiffResponse{HasChanges: true, DeleteBeforeReplace: true, DetailedDiff: map[string]p.PropertyDiff{
				"apiToken":   {Kind: p.UpdateReplace, InputDiff: true},
				"apiBaseUrl": {Kind: p.AddReplace, InputDiff: true},
				"maxRetries": {Kind: p.DeleteReplace, InputDiff: true},
				"other":      {Kind: p.Update, InputDiff: true},
			}}, nil
		},
	})
	got, err := prov.DiffConfig(context.Background(), p.DiffRequest{})
	require.NoError(t, err)
	assert.True(t, got.HasChanges)
	assert.False(t, got.DeleteBeforeReplace)
	assert.Equal(t, map[string]p.PropertyDiff{
		"apiToken":   {Kind: p.Update, InputDiff: true},
		"apiBaseUrl": {Kind: p.Add, InputDiff: true},
		"maxRetries": {Kind: p.Delete, InputDiff: true},
		"other":      {Kind: p.Update, InputDiff: true},
	}, got.DetailedDiff)
	assert.Nil(t, cfapi.UpdateConfigInPlace(p.Provider{}).DiffConfig, "nothing to wrap")
}
