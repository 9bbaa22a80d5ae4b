package cloudflaretest_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/cloudflare/cloudflare-go/v6/r2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

func TestR2BucketLifecycle(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()

	b, err := client.R2.Buckets.New(ctx, r2.BucketNewParams{
		AccountID: acct, Name: cloudflare.F("assets-bucket"),
		LocationHint: cloudflare.F(r2.BucketNewParamsLocationHintWeur),
		StorageClass: cloudflare.F(r2.BucketNewParamsStorageClassInfrequentAccess),
	})
	require.NoError(t, err)
	assert.Equal(t, "assets-bucket", b.Name)
	assert.Equal(t, r2.BucketLocationWeur, b.Location)
	assert.Equal(t, r2.BucketStorageClassInfrequentAccess, b.StorageClass)
	assert.Equal(t, r2.BucketJurisdictionDefault, b.Jurisdiction)
	assert.NotEmpty(t, b.CreationDate)

	got, err := client.R2.Buckets.Get(ctx, "assets-bucket", r2.BucketGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, b.CreationDate, got.CreationDate)

	_, err = client.R2.Buckets.New(ctx, r2.BucketNewParams{AccountID: acct, Name: cloudflare.F("assets-bucket")})
	requireAPIError(t, err, http.StatusConflict, 10004)
	_, err = client.R2.Buckets.New(ctx, r2.BucketNewParams{AccountID: acct, Name: cloudflare.F("Bad_Name")})
	requireAPIError(t, err, http.StatusBadRequest, 10005)

	_, err = client.R2.Buckets.Delete(ctx, "assets-bucket", r2.BucketDeleteParams{AccountID: acct})
	require.NoError(t, err)
	_, err = client.R2.Buckets.Get(ctx, "assets-bucket", r2.BucketGetParams{AccountID: acct})
	requireAPIError(t, err, http.StatusNotFound, 10006)
	_, ok := s.Bucket(cloudflaretest.AccountID, "assets-bucket")
	assert.False(t, ok)
}

func TestR2ListCursorPagination(t *testing.T) {
	s, client := start(t)
	for i := range 5 {
		s.SeedBucket(cloudflaretest.AccountID, fmt.Sprintf("bucket-%d", i))
	}

	// The SDK's List drops result_info, so read the envelope to get the cursor.
	var names []string
	cursor := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10, "pagination does not terminate")
		params := r2.BucketListParams{AccountID: acct, PerPage: cloudflare.F(2.0)}
		if cursor != "" {
			params.Cursor = cloudflare.F(cursor)
		}
		var env r2.BucketListResponseEnvelope
		_, err := client.R2.Buckets.List(t.Context(), params, option.WithResponseBodyInto(&env))
		require.NoError(t, err)
		assert.EqualValues(t, 2, env.ResultInfo.PerPage)
		for _, b := range env.Result.Buckets {
			names = append(names, b.Name)
		}
		if cursor = env.ResultInfo.Cursor; cursor == "" {
			break
		}
	}
	assert.Equal(t, []string{"bucket-0", "bucket-1", "bucket-2", "bucket-3", "bucket-4"}, names)
	assert.Equal(t, 3, s.Count("GET", "/accounts/*/r2/buckets"))

	all, err := client.R2.Buckets.List(t.Context(), r2.BucketListParams{AccountID: acct, NameContains: cloudflare.F("-3")})
	require.NoError(t, err)
	require.Len(t, all.Buckets, 1)
	assert.Equal(t, "bucket-3", all.Buckets[0].Name)
}
