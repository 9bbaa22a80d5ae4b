package cloudflaretest_test

import (
	"net/http"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/queues"
	"github.com/cloudflare/cloudflare-go/v6/r2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

func TestEventNotifications(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()
	s.SeedBucket(cloudflaretest.AccountID, "uploads")
	qid := s.SeedQueue(cloudflaretest.AccountID, "upload-events")

	_, err := client.R2.Buckets.EventNotifications.Update(ctx, "uploads", qid, r2.BucketEventNotificationUpdateParams{
		AccountID: acct,
		Rules: cloudflare.F([]r2.BucketEventNotificationUpdateParamsRule{{
			Actions:     cloudflare.F([]r2.BucketEventNotificationUpdateParamsRulesAction{r2.BucketEventNotificationUpdateParamsRulesActionPutObject, r2.BucketEventNotificationUpdateParamsRulesActionCopyObject}),
			Prefix:      cloudflare.F("img/"),
			Suffix:      cloudflare.F(".png"),
			Description: cloudflare.F("new images"),
		}}),
	})
	require.NoError(t, err)

	got, err := client.R2.Buckets.EventNotifications.Get(ctx, "uploads", qid, r2.BucketEventNotificationGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, qid, got.QueueID)
	assert.Equal(t, "upload-events", got.QueueName)
	require.Len(t, got.Rules, 1)
	rule := got.Rules[0]
	assert.NotEmpty(t, rule.RuleID)
	assert.NotEmpty(t, rule.CreatedAt)
	assert.Equal(t, "img/", rule.Prefix)
	assert.Equal(t, ".png", rule.Suffix)
	assert.Equal(t, "new images", rule.Description)
	assert.Equal(t, []r2.BucketEventNotificationGetResponseRulesAction{"PutObject", "CopyObject"}, rule.Actions)

	list, err := client.R2.Buckets.EventNotifications.List(ctx, "uploads", r2.BucketEventNotificationListParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, "uploads", list.BucketName)
	require.Len(t, list.Queues, 1)
	assert.Equal(t, "upload-events", list.Queues[0].QueueName)
	assert.Equal(t, rule.RuleID, list.Queues[0].Rules[0].RuleID)

	// The bucket shows up as a producer of the queue.
	q, err := client.Queues.Get(ctx, qid, queues.QueueGetParams{AccountID: acct})
	require.NoError(t, err)
	require.Len(t, q.Producers, 1)
	assert.Equal(t, queues.QueueProducersTypeR2Bucket, q.Producers[0].Type)
	assert.Equal(t, "uploads", q.Producers[0].BucketName)

	_, err = client.R2.Buckets.EventNotifications.Delete(ctx, "uploads", qid, r2.BucketEventNotificationDeleteParams{AccountID: acct})
	require.NoError(t, err)
	_, err = client.R2.Buckets.EventNotifications.Get(ctx, "uploads", qid, r2.BucketEventNotificationGetParams{AccountID: acct})
	requireAPIError(t, err, http.StatusNotFound, 0)
	list, err = client.R2.Buckets.EventNotifications.List(ctx, "uploads", r2.BucketEventNotificationListParams{AccountID: acct})
	require.NoError(t, err)
	assert.Empty(t, list.Queues)
	assert.Empty(t, s.EventNotifications(cloudflaretest.AccountID, "uploads"))
}

// A PUT adds its rules to the queue's existing rules, as Cloudflare's does; only a DELETE
// removes them.
func TestEventNotificationPutAppends(t *testing.T) {
	s, client := start(t)
	ctx := t.Context()
	s.SeedBucket(cloudflaretest.AccountID, "uploads")
	qid := s.SeedQueue(cloudflaretest.AccountID, "upload-events")
	put := func(prefix string) {
		t.Helper()
		_, err := client.R2.Buckets.EventNotifications.Update(ctx, "uploads", qid, r2.BucketEventNotificationUpdateParams{
			AccountID: acct,
			Rules: cloudflare.F([]r2.BucketEventNotificationUpdateParamsRule{{
				Actions: cloudflare.F([]r2.BucketEventNotificationUpdateParamsRulesAction{r2.BucketEventNotificationUpdateParamsRulesActionPutObject}),
				Prefix:  cloudflare.F(prefix),
			}}),
		})
		require.NoError(t, err)
	}
	prefixes := func() []string {
		t.Helper()
		got, err := client.R2.Buckets.EventNotifications.Get(ctx, "uploads", qid, r2.BucketEventNotificationGetParams{AccountID: acct})
		require.NoError(t, err)
		var out []string
		for _, r := range got.Rules {
			out = append(out, r.Prefix)
		}
		return out
	}

	put("a/")
	first := s.EventNotifications(cloudflaretest.AccountID, "uploads")[0].Rules[0]
	put("b/")
	assert.Equal(t, []string{"a/", "b/"}, prefixes(), "the second PUT adds to the first")
	kept := s.EventNotifications(cloudflaretest.AccountID, "uploads")[0].Rules[0]
	assert.Equal(t, first.RuleID, kept.RuleID, "existing rules keep their IDs")
	assert.Equal(t, first.CreatedAt, kept.CreatedAt)

	// Overlap is not checked: the same rule again is stored twice (Cloudflare rejects it).
	put("b/")
	assert.Equal(t, []string{"a/", "b/", "b/"}, prefixes())

	// Replacing the rules is DELETE, then PUT.
	_, err := client.R2.Buckets.EventNotifications.Delete(ctx, "uploads", qid, r2.BucketEventNotificationDeleteParams{AccountID: acct})
	require.NoError(t, err)
	put("c/")
	assert.Equal(t, []string{"c/"}, prefixes())
}

func TestEventNotificationErrors(t *testing.T) {
	s, client := start(t)
	s.SeedBucket(cloudflaretest.AccountID, "uploads")
	qid := s.SeedQueue(cloudflaretest.AccountID, "events")
	rules := cloudflare.F([]r2.BucketEventNotificationUpdateParamsRule{{
		Actions: cloudflare.F([]r2.BucketEventNotificationUpdateParamsRulesAction{r2.BucketEventNotificationUpdateParamsRulesActionDeleteObject}),
	}})
	tests := []struct {
		name           string
		bucket, queue  string
		rules          []r2.BucketEventNotificationUpdateParamsRule
		status, code   int
		useCustomRules bool
	}{
		{name: "unknown bucket", bucket: "nope", queue: qid, status: http.StatusNotFound, code: 10006},
		{name: "unknown queue", bucket: "uploads", queue: "0123456789abcdef0123456789abcdef", status: http.StatusNotFound, code: 11000},
		{name: "unknown action", bucket: "uploads", queue: qid, status: http.StatusBadRequest, useCustomRules: true,
			rules: []r2.BucketEventNotificationUpdateParamsRule{{Actions: cloudflare.F([]r2.BucketEventNotificationUpdateParamsRulesAction{"Explode"})}}},
		{name: "no rules", bucket: "uploads", queue: qid, status: http.StatusBadRequest, useCustomRules: true,
			rules: []r2.BucketEventNotificationUpdateParamsRule{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := r2.BucketEventNotificationUpdateParams{AccountID: acct, Rules: rules}
			if tt.useCustomRules {
				params.Rules = cloudflare.F(tt.rules)
			}
			_, err := client.R2.Buckets.EventNotifications.Update(t.Context(), tt.bucket, tt.queue, params)
			requireAPIError(t, err, tt.status, tt.code)
		})
	}
	_, err := client.R2.Buckets.EventNotifications.List(t.Context(), "nope", r2.BucketEventNotificationListParams{AccountID: acct})
	requireAPIError(t, err, http.StatusNotFound, 10006)
}

func TestEventNotificationSeedingAndCascade(t *testing.T) {
	s, client := start(t)
	s.SeedBucket(cloudflaretest.AccountID, "logs")
	qid := s.SeedQueue(cloudflaretest.AccountID, "log-events")
	require.NoError(t, s.SeedEventNotification(cloudflaretest.AccountID, "logs", qid,
		cloudflaretest.EventNotificationRule{Actions: []string{"PutObject"}, Suffix: ".json"}))
	require.Error(t, s.SeedEventNotification(cloudflaretest.AccountID, "missing", qid))

	got, err := client.R2.Buckets.EventNotifications.Get(t.Context(), "logs", qid, r2.BucketEventNotificationGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, ".json", got.Rules[0].Suffix)

	// Deleting the queue drops the rules that target it.
	require.True(t, s.DeleteQueue(cloudflaretest.AccountID, qid))
	assert.Empty(t, s.EventNotifications(cloudflaretest.AccountID, "logs"))
}
