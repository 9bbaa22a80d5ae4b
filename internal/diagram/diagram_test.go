package diagram

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/estate"
)

// TestCommittedDiagramIsCurrent keeps docs/architecture.md in step with the
// estate: change the estate, and this fails until the file is regenerated.
func TestCommittedDiagramIsCurrent(t *testing.T) {
	committed, err := os.ReadFile(filepath.Join("..", "..", "docs", "architecture.md"))
	require.NoError(t, err, "docs/architecture.md is missing: run `make diagram`")
	assert.Equal(t, Markdown(estate.Dome()), string(committed),
		"docs/architecture.md is out of date with internal/estate: run `make diagram` and commit the result")
}

func TestDomeEdges(t *testing.T) {
	g := Build(estate.Dome())
	tests := []struct {
		name string
		want Edge
	}{
		{"cron worker produces to dome-events", Edge{From: "w_dome_cron", To: "q_dome_events", Label: "DOME_EVENTS"}},
		{"dome-notify consumes dome-events", Edge{From: "q_dome_events", To: "w_dome_notify"}},
		{"constellation's dead letters", Edge{From: "w_constellation", To: "q_embed_dead_letter", Label: "dead letters of new-content-constellation", Dashed: true}},
		{"silo-content events feed content-events", Edge{From: "r2_silo_content", To: "q_content_events", Label: "PutObject, CopyObject, CompleteMultipartUpload"}},
		{"silo binds its database as DB", Edge{From: "w_silo", To: "d1_silo", Label: "DB"}},
		{"silo binds its bucket", Edge{From: "w_silo", To: "r2_silo_content", Label: "BUCKET"}},
		{"constellation binds the index", Edge{From: "w_constellation", To: "vec_dome_notes", Label: "VECTORIZE"}},
		{"dome-api binds Workers AI", Edge{From: "w_dome_api", To: "ai", Label: "AI"}},
		{"service binding worker to worker", Edge{From: "w_dome_api", To: "w_constellation", Label: "CONSTELLATION"}},
		{"cron trigger", Edge{From: "cron_dome_cron", To: "w_dome_cron", Label: "scheduled"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Contains(t, g.Edges, tt.want)
		})
	}

	text := g.Mermaid()
	assert.True(t, strings.HasPrefix(text, "flowchart LR\n"))
	for _, line := range []string{
		`w_constellation -.->|"dead letters of new-content-constellation"| q_embed_dead_letter`,
		`w_dome_cron -->|"DOME_EVENTS"| q_dome_events`,
		`q_dome_events --> w_dome_notify`,
		`cron_dome_cron>"cron */5 * * * *"]:::cron`,
		`q_embed_dead_letter(["embed-dead-letter"]):::deadletter`,
	} {
		assert.Contains(t, text, "    "+line+"\n")
	}
}

// TestEveryEstateFactIsDrawn derives the expectations from the model itself,
// so a worker, binding or queue added later is covered too.
func TestEveryEstateFactIsDrawn(t *testing.T) {
	e := estate.Dome()
	g := Build(e)
	nodes := map[string]bool{}
	for _, n := range g.Nodes {
		assert.False(t, nodes[n.ID], "node %s is declared twice", n.ID)
		nodes[n.ID] = true
	}
	drawn := func(match func(Edge) bool) bool { return slices.ContainsFunc(g.Edges, match) }

	for _, w := range e.Workers {
		worker := ID(Worker, w.Name)
		assert.True(t, nodes[worker], w.Name)
		for _, b := range w.Bindings {
			if _, ok := bindingNodes[b.Kind]; ok {
				assert.True(t, drawn(func(edge Edge) bool { return edge.From == worker && edge.Label == b.Name }), "%s binding %s", w.Name, b.Name)
			}
		}
		for _, c := range w.Consumes {
			assert.True(t, drawn(func(edge Edge) bool { return edge.From == ID(Queue, c.Queue) && edge.To == worker }), "%s consumes %s", w.Name, c.Queue)
		}
	}
	for _, q := range e.Queues {
		assert.True(t, nodes[ID(Queue, q.Name)], q.Name)
	}
	for _, ev := range e.BucketEvents {
		want := Edge{From: ID(Bucket, ev.Bucket), To: ID(Queue, ev.Queue), Label: strings.Join(ev.Actions, ", ")}
		assert.Contains(t, g.Edges, want)
	}
	// Every edge joins declared nodes: Mermaid would silently invent a bare
	// node for a mistyped ID.
	for _, edge := range g.Edges {
		assert.True(t, nodes[edge.From] && nodes[edge.To], "edge %s joins undeclared nodes", edge.Mermaid())
	}
}

var safeID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

func TestIDsAndLabels(t *testing.T) {
	tests := []struct {
		kind Kind
		name string
		want string
	}{
		{Worker, "dome-api", "w_dome_api"},
		{Database, "silo", "d1_silo"},
		{Worker, "silo", "w_silo"},
		{Queue, "dome-events", "q_dome_events"},
		{DeadLetterQueue, "embed-dead-letter", "q_embed_dead_letter"},
		{AI, "", "ai"},
		{Worker, "end", "w_end"},
		{KVNamespace, "0f2a.b c", "kv_0f2a_b_c"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, ID(tt.kind, tt.name))
		assert.Regexp(t, safeID, ID(tt.kind, tt.name))
	}
	assert.Equal(t, `a -->|"say #quot;hi#quot;"| b`, Edge{From: "a", To: "b", Label: `say "hi"`}.Mermaid())
}

func TestBuildIsStable(t *testing.T) {
	e := estate.Dome()
	reversed := estate.Dome()
	for i, j := 0, len(reversed.Workers)-1; i < j; i, j = i+1, j-1 {
		reversed.Workers[i], reversed.Workers[j] = reversed.Workers[j], reversed.Workers[i]
	}
	for i, j := 0, len(reversed.Queues)-1; i < j; i, j = i+1, j-1 {
		reversed.Queues[i], reversed.Queues[j] = reversed.Queues[j], reversed.Queues[i]
	}
	assert.Equal(t, Build(e).Mermaid(), Build(reversed).Mermaid(), "declaration order does not change the diagram")
}

func TestOptionalBindingsAndSettings(t *testing.T) {
	e := estate.Estate{
		Workers: []estate.Worker{{
			Name: "edge",
			Bindings: []estate.Binding{
				{Name: "CACHE", Kind: estate.KVNamespace, Target: "0f2a"},
				{Name: "HITS", Kind: estate.AnalyticsEngine, Target: "hits"},
				{Name: "GREETING", Kind: estate.PlainText, Text: "hello"},
				{Name: "TOKEN", Kind: estate.SecretText, Target: "dome-infra:token"},
			},
			Consumes: []estate.Consumer{{Queue: "jobs", BatchSize: 10, MaxRetries: 5}},
		}},
		Queues: []estate.Queue{{Name: "jobs"}},
	}
	text := Build(e).Mermaid()
	assert.Contains(t, text, `kv_0f2a[("KV 0f2a")]:::kv`)
	assert.Contains(t, text, `w_edge -->|"HITS"| ae_hits`)
	assert.Contains(t, text, `q_jobs -->|"batch 10, retries 5"| w_edge`)
	assert.NotContains(t, text, "GREETING", "plain-text bindings are configuration, not architecture")
	assert.NotContains(t, text, "hello")
	assert.NotContains(t, text, "TOKEN")
}

// TestEachServiceIsABox: every worker is drawn in its own service box with
// its cron trigger, as the program registers them in its service component;
// nothing else is in a box (the shared data stays outside).
func TestEachServiceIsABox(t *testing.T) {
	e := estate.Dome()
	g := Build(e)
	require.Len(t, g.Services, len(e.Workers))
	boxed := map[string]string{}
	for _, svc := range g.Services {
		for _, m := range svc.Members {
			assert.Empty(t, boxed[m], "%s is in one box only", m)
			boxed[m] = svc.ID
		}
	}
	for _, w := range e.Workers {
		svc := "svc_" + strings.TrimPrefix(ID(Worker, w.Name), "w_")
		assert.Equal(t, svc, boxed[ID(Worker, w.Name)], w.Name)
		if len(w.Crons) > 0 {
			assert.Equal(t, svc, boxed[ID(Cron, w.Name)], "%s's cron trigger", w.Name)
		}
	}
	assert.Len(t, boxed, len(e.Workers)+1, "the six workers and the one cron trigger")

	text := g.Mermaid()
	assert.Contains(t, text, "    subgraph svc_dome_cron[\"service dome-cron\"]\n        w_dome_cron[\"dome-cron\"]:::worker\n        cron_dome_cron>\"cron */5 * * * *\"]:::cron\n    end\n")
	assert.Equal(t, 1, strings.Count(text, "w_dome_cron[\"dome-cron\"]"), "a boxed node is declared once, in its box")
}
