package provider

import (
	"context"
	"strings"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func validIndexInputs() map[string]any {
	return map[string]any{
		"accountId":   "acc",
		"name":        "dome-embeddings",
		"dimensions":  768,
		"metric":      "cosine",
		"description": "document chunks",
	}
}

func checkIndex(ctx context.Context, in map[string]any) ([]p.CheckFailure, error) {
	resp, err := (&VectorizeIndex{}).Check(ctx, infer.CheckRequest{Name: "i", NewInputs: props(in)})
	return resp.Failures, err
}

func TestVectorizeIndexCheck(t *testing.T) {
	runCheckCases(t, checkIndex, validIndexInputs(), []checkCase{
		{name: "valid"},
		{name: "no description", mutate: map[string]any{"description": nil}},
		{name: "euclidean", mutate: map[string]any{"metric": "euclidean"}},
		{name: "dot-product", mutate: map[string]any{"metric": "dot-product"}},
		{name: "bad metric", mutate: map[string]any{"metric": "dot_product"}, wantProps: []string{"metric"}, wantIn: `"dot-product"`},
		{name: "dimensions 0", mutate: map[string]any{"dimensions": 0}, wantProps: []string{"dimensions"}},
		{name: "dimensions 1537", mutate: map[string]any{"dimensions": 1537}, wantProps: []string{"dimensions"}, wantIn: "1536"},
		{name: "dimensions 1536 ok", mutate: map[string]any{"dimensions": 1536}},
		{name: "dimensions 1 ok", mutate: map[string]any{"dimensions": 1}},
		{name: "missing dimensions", mutate: map[string]any{"dimensions": nil}, wantProps: []string{"dimensions"}},
		{name: "name uppercase", mutate: map[string]any{"name": "Dome"}, wantProps: []string{"name"}},
		{name: "name 65 chars", mutate: map[string]any{"name": strings.Repeat("a", 65)}, wantProps: []string{"name"}},
		{name: "name 64 chars ok", mutate: map[string]any{"name": strings.Repeat("a", 64)}},
		{name: "empty account", mutate: map[string]any{"accountId": ""}, wantProps: []string{"accountId"}},
		{name: "unknown name in preview", mutate: map[string]any{"name": unknown}},
	})
}

func TestVectorizeIndexDiff(t *testing.T) {
	base := VectorizeIndexArgs{AccountID: "acc", Name: "dome-embeddings", Dimensions: 768, Metric: "cosine",
		Description: ptr("document chunks")}
	state := VectorizeIndexState{VectorizeIndexArgs: base, CreatedOn: "2025-01-01T00:00:00Z"}

	d := diffVectorizeIndex(state, base)
	assert.False(t, d.HasChanges)
	assert.Empty(t, d.DetailedDiff)

	t.Run("empty description equals unset", func(t *testing.T) {
		st := state
		st.Description = ptr("")
		in := base
		in.Description = nil
		assert.False(t, diffVectorizeIndex(st, in).HasChanges)
	})

	cases := []struct {
		name                string
		mutate              func(*VectorizeIndexArgs)
		prop                string
		kind                p.DiffKind
		deleteBeforeReplace bool
	}{
		{"dimensions replace in place of the old index", func(a *VectorizeIndexArgs) { a.Dimensions = 1024 }, "dimensions", p.UpdateReplace, true},
		{"metric replaces", func(a *VectorizeIndexArgs) { a.Metric = "euclidean" }, "metric", p.UpdateReplace, true},
		{"description replaces", func(a *VectorizeIndexArgs) { a.Description = ptr("v2") }, "description", p.UpdateReplace, true},
		{"description removed replaces", func(a *VectorizeIndexArgs) { a.Description = nil }, "description", p.DeleteReplace, true},
		{"rename creates the new index first", func(a *VectorizeIndexArgs) { a.Name = "dome-embeddings-v2" }, "name", p.UpdateReplace, false},
		{"account replaces", func(a *VectorizeIndexArgs) { a.AccountID = "other" }, "accountId", p.UpdateReplace, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := base
			tc.mutate(&in)
			d := diffVectorizeIndex(state, in)
			require.True(t, d.HasChanges)
			require.Equal(t, map[string]p.PropertyDiff{tc.prop: {Kind: tc.kind}}, d.DetailedDiff)
			assert.Equal(t, tc.deleteBeforeReplace, d.DeleteBeforeReplace)
		})
	}
}
