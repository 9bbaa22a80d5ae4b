package provider

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func validNotificationInputs() map[string]any {
	return map[string]any{
		"accountId":  "acc",
		"bucketName": "dome-blobs",
		"queueId":    "q-123",
		"rules": []any{
			map[string]any{"actions": []any{"PutObject", "CompleteMultipartUpload"}, "prefix": "uploads/", "description": "new uploads"},
			map[string]any{"actions": []any{"DeleteObject", "LifecycleDeletion"}, "suffix": ".pdf"},
		},
	}
}

func checkNotification(ctx context.Context, in map[string]any) ([]p.CheckFailure, error) {
	resp, err := (&R2EventNotification{}).Check(ctx, infer.CheckRequest{Name: "n", NewInputs: props(in)})
	return resp.Failures, err
}

func TestR2EventNotificationCheck(t *testing.T) {
	runCheckCases(t, checkNotification, validNotificationInputs(), []checkCase{
		{name: "valid"},
		{name: "eu jurisdiction", mutate: map[string]any{"jurisdiction": "eu"}},
		{name: "bad jurisdiction", mutate: map[string]any{"jurisdiction": "us"}, wantProps: []string{"jurisdiction"}},
		{name: "no rules", mutate: map[string]any{"rules": []any{}}, wantProps: []string{"rules"}},
		{name: "missing rules", mutate: map[string]any{"rules": nil}, wantProps: []string{"rules"}},
		{name: "rule without actions", mutate: map[string]any{"rules[1].actions": []any{}}, wantProps: []string{"rules[1].actions"}},
		{
			name:      "unknown action",
			mutate:    map[string]any{"rules[0].actions[1]": "object-create"},
			wantProps: []string{"rules[0].actions[1]"},
			wantIn:    `"CompleteMultipartUpload"`,
		},
		{name: "duplicate action", mutate: map[string]any{"rules[1].actions[1]": "DeleteObject"}, wantProps: []string{"rules[1].actions[1]"}},
		{name: "empty bucket", mutate: map[string]any{"bucketName": ""}, wantProps: []string{"bucketName"}},
		{name: "queue id with slash", mutate: map[string]any{"queueId": "a/b"}, wantProps: []string{"queueId"}},
		{name: "unknown queue in preview", mutate: map[string]any{"queueId": unknown}},
	})
}

func notificationArgs(t *testing.T) R2EventNotificationArgs {
	t.Helper()
	resp, err := (&R2EventNotification{}).Check(context.Background(), infer.CheckRequest{NewInputs: props(validNotificationInputs())})
	require.NoError(t, err)
	require.Empty(t, resp.Failures)
	return resp.Inputs
}

func TestR2EventNotificationDiff(t *testing.T) {
	base := notificationArgs(t)
	state := R2EventNotificationState{R2EventNotificationArgs: base}

	d := diffR2EventNotification(state, base)
	assert.False(t, d.HasChanges)
	assert.Empty(t, d.DetailedDiff)

	t.Run("default jurisdiction equals unset", func(t *testing.T) {
		in := notificationArgs(t)
		in.Jurisdiction = ptr("default")
		assert.False(t, diffR2EventNotification(state, in).HasChanges)
	})
	t.Run("reordered actions are the same rule", func(t *testing.T) {
		in := notificationArgs(t)
		require.Greater(t, len(in.Rules[0].Actions), 1, "the fixture's first rule has several actions")
		slices.Reverse(in.Rules[0].Actions)
		assert.False(t, diffR2EventNotification(state, in).HasChanges, "Cloudflare may answer the actions in another order")
	})
	t.Run("empty prefix equals unset", func(t *testing.T) {
		in := notificationArgs(t)
		in.Rules[1].Prefix = ptr("")
		assert.False(t, diffR2EventNotification(state, in).HasChanges)
	})

	cases := []struct {
		name   string
		mutate func(*R2EventNotificationArgs)
		prop   string
		kind   p.DiffKind
	}{
		{"account replaces", func(a *R2EventNotificationArgs) { a.AccountID = "other" }, "accountId", p.UpdateReplace},
		{"bucket replaces", func(a *R2EventNotificationArgs) { a.BucketName = "other" }, "bucketName", p.UpdateReplace},
		{"queue replaces", func(a *R2EventNotificationArgs) { a.QueueID = "q-2" }, "queueId", p.UpdateReplace},
		{"jurisdiction replaces", func(a *R2EventNotificationArgs) { a.Jurisdiction = ptr("eu") }, "jurisdiction", p.AddReplace},
		{"action updates", func(a *R2EventNotificationArgs) { a.Rules[0].Actions = []string{"PutObject"} }, "rules", p.Update},
		{"prefix updates", func(a *R2EventNotificationArgs) { a.Rules[0].Prefix = ptr("in/") }, "rules", p.Update},
		{"suffix updates", func(a *R2EventNotificationArgs) { a.Rules[1].Suffix = nil }, "rules", p.Update},
		{"description updates", func(a *R2EventNotificationArgs) { a.Rules[0].Description = nil }, "rules", p.Update},
		{"rule added", func(a *R2EventNotificationArgs) {
			a.Rules = append(a.Rules, R2EventNotificationRule{Actions: []string{"CopyObject"}})
		}, "rules", p.Update},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := notificationArgs(t)
			tc.mutate(&in)
			d := diffR2EventNotification(state, in)
			require.Equal(t, map[string]p.PropertyDiff{tc.prop: {Kind: tc.kind}}, d.DetailedDiff)
			assert.Equal(t, tc.kind != p.Update, d.DeleteBeforeReplace,
				"a replacement removes the old rules first (rules of a bucket may not overlap)")
		})
	}
}

func TestBuildRulesUpdate(t *testing.T) {
	in := notificationArgs(t)
	in.Jurisdiction = ptr("eu")
	params := buildRulesUpdate(in)
	assert.Equal(t, "eu", string(params.Jurisdiction.Value), "sent as the cf-r2-jurisdiction header")
	body, err := json.Marshal(params)
	require.NoError(t, err)
	assert.JSONEq(t, `{"rules": [
		{"actions": ["PutObject", "CompleteMultipartUpload"], "prefix": "uploads/", "description": "new uploads"},
		{"actions": ["DeleteObject", "LifecycleDeletion"], "suffix": ".pdf"}
	]}`, string(body))
}
