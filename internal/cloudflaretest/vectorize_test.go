package cloudflaretest_test

import (
	"net/http"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/cloudflare/cloudflare-go/v6/vectorize"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

func newIndex(name string, dims int64, metric vectorize.IndexDimensionConfigurationMetric) vectorize.IndexNewParams {
	return vectorize.IndexNewParams{
		AccountID: acct, Name: cloudflare.F(name), Description: cloudflare.F("docs"),
		Config: cloudflare.F[vectorize.IndexNewParamsConfigUnion](vectorize.IndexDimensionConfigurationParam{
			Dimensions: cloudflare.F(dims), Metric: cloudflare.F(metric),
		}),
	}
}

func TestVectorizeLifecycle(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()

	ix, err := client.Vectorize.Indexes.New(ctx, newIndex("embeddings", 768, vectorize.IndexDimensionConfigurationMetricCosine))
	require.NoError(t, err)
	assert.Equal(t, "embeddings", ix.Name)
	assert.Equal(t, "docs", ix.Description)
	assert.EqualValues(t, 768, ix.Config.Dimensions)
	assert.Equal(t, vectorize.IndexDimensionConfigurationMetricCosine, ix.Config.Metric)
	assert.False(t, ix.CreatedOn.IsZero())

	preset, err := client.Vectorize.Indexes.New(ctx, vectorize.IndexNewParams{
		AccountID: acct, Name: cloudflare.F("preset"),
		Config: cloudflare.F[vectorize.IndexNewParamsConfigUnion](vectorize.IndexNewParamsConfigVectorizeIndexPresetConfiguration{
			Preset: cloudflare.F(vectorize.IndexNewParamsConfigVectorizeIndexPresetConfigurationPresetCfBaaiBgeSmallEnV1_5),
		}),
	})
	require.NoError(t, err)
	assert.EqualValues(t, 384, preset.Config.Dimensions)

	got, err := client.Vectorize.Indexes.Get(ctx, "embeddings", vectorize.IndexGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, ix.Config, got.Config)

	info, err := client.Vectorize.Indexes.Info(ctx, "embeddings", vectorize.IndexInfoParams{AccountID: acct})
	require.NoError(t, err)
	assert.EqualValues(t, 768, info.Dimensions)

	list, err := client.Vectorize.Indexes.List(ctx, vectorize.IndexListParams{AccountID: acct})
	require.NoError(t, err)
	require.Len(t, list.Result, 2)

	// The SDK's list is a single page; page/per_page are still honoured.
	second, err := client.Vectorize.Indexes.List(ctx, vectorize.IndexListParams{AccountID: acct},
		option.WithQuery("per_page", "1"), option.WithQuery("page", "2"))
	require.NoError(t, err)
	require.Len(t, second.Result, 1)
	assert.Equal(t, "preset", second.Result[0].Name)

	_, err = client.Vectorize.Indexes.Delete(ctx, "embeddings", vectorize.IndexDeleteParams{AccountID: acct})
	require.NoError(t, err)
	// Not a 404: a deleted index is 3005 (sent with 410), one never created 3000 with 400.
	_, err = client.Vectorize.Indexes.Get(ctx, "embeddings", vectorize.IndexGetParams{AccountID: acct})
	requireAPIError(t, err, http.StatusGone, 3005)
	assert.Contains(t, errorMessage(t, err), "vectorize.index.deleted")
	_, err = client.Vectorize.Indexes.Delete(ctx, "embeddings", vectorize.IndexDeleteParams{AccountID: acct})
	requireAPIError(t, err, http.StatusGone, 3005)
	_, err = client.Vectorize.Indexes.Get(ctx, "never", vectorize.IndexGetParams{AccountID: acct})
	requireAPIError(t, err, http.StatusBadRequest, 3000)
	assert.Equal(t, `vectorize.index.not_found - Index name "never"`, errorMessage(t, err))
	_, ok := s.VectorizeIndex(cloudflaretest.AccountID, "embeddings")
	assert.False(t, ok)
}

func TestVectorizeValidation(t *testing.T) {
	s, client := start(t)
	s.SeedVectorizeIndex(cloudflaretest.AccountID, "taken", 3, "euclidean")
	tests := []struct {
		name   string
		params vectorize.IndexNewParams
		status int
	}{
		{"duplicate name", newIndex("taken", 3, vectorize.IndexDimensionConfigurationMetricCosine), http.StatusConflict},
		{"unknown metric", newIndex("a", 3, "manhattan"), http.StatusBadRequest},
		{"zero dimensions", newIndex("b", 0, vectorize.IndexDimensionConfigurationMetricDOTProduct), http.StatusBadRequest},
		{"too many dimensions", newIndex("c", 1537, vectorize.IndexDimensionConfigurationMetricDOTProduct), http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := client.Vectorize.Indexes.New(t.Context(), tt.params)
			requireAPIError(t, err, tt.status, 0)
		})
	}
	ix, err := client.Vectorize.Indexes.New(t.Context(), newIndex("max", 1536, vectorize.IndexDimensionConfigurationMetricDOTProduct))
	require.NoError(t, err)
	assert.Equal(t, vectorize.IndexDimensionConfigurationMetricDOTProduct, ix.Config.Metric)
	assert.Len(t, s.VectorizeIndexes(cloudflaretest.AccountID), 2)
}
