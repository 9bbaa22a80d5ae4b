package cloudflaretest_test

import (
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/r2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

// TestR2JurisdictionHidesBuckets: a bucket in the eu jurisdiction is listed,
// read and deleted only with the cf-r2-jurisdiction header naming it.
func TestR2JurisdictionHidesBuckets(t *testing.T) {
	s, client := start(t)
	s.SeedBucket(cloudflaretest.AccountID, "plain")
	s.SeedBucketIn(cloudflaretest.AccountID, "in-eu", "eu")
	ctx := t.Context()
	names := func(j string) []string {
		params := r2.BucketListParams{AccountID: acct}
		if j != "" {
			params.Jurisdiction = cloudflare.F(r2.BucketListParamsCfR2Jurisdiction(j))
		}
		res, err := client.R2.Buckets.List(ctx, params)
		require.NoError(t, err)
		var out []string
		for _, b := range res.Buckets {
			out = append(out, b.Name)
		}
		return out
	}
	assert.Equal(t, []string{"plain"}, names(""), "no header: the default jurisdiction only")
	assert.Equal(t, []string{"in-eu"}, names("eu"))
	assert.Empty(t, names("fedramp"))

	_, err := client.R2.Buckets.Get(ctx, "in-eu", r2.BucketGetParams{AccountID: acct})
	requireAPIError(t, err, 404, 0)
	b, err := client.R2.Buckets.Get(ctx, "in-eu", r2.BucketGetParams{AccountID: acct,
		Jurisdiction: cloudflare.F(r2.BucketGetParamsCfR2JurisdictionEu)})
	require.NoError(t, err)
	assert.Equal(t, "in-eu", b.Name)
}
