// Package diagram draws the estate as a Mermaid flowchart: every worker, what
// it binds (D1, R2, Vectorize, Workers AI, other workers), how messages flow
// through the queues (producer → queue → consumer, dead letters, bucket
// events) and when cron triggers run. It is derived from estate.Dome() only,
// so the picture in docs/architecture.md cannot drift from the code: a test
// compares the committed file with what Markdown produces now.
//
// Names are logical (production's); other stacks add their suffix.
package diagram

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/dome/dome-infra/internal/estate"
)

// Kind is what a node stands for; it picks the node's shape and style.
type Kind string

const (
	Worker          Kind = "worker"
	Database        Kind = "d1"
	Bucket          Kind = "r2"
	Index           Kind = "vectorize"
	Queue           Kind = "queue"
	DeadLetterQueue Kind = "deadletter"
	AI              Kind = "ai"
	KVNamespace     Kind = "kv"
	Dataset         Kind = "analytics"
	Cron            Kind = "cron"
)

// Node is one box of the diagram.
type Node struct {
	// ID is Mermaid-safe (letters, digits, underscores) and prefixed by kind,
	// since a worker and a database may share a name (silo) and some bare
	// words ("end") are Mermaid keywords.
	ID    string
	Label string
	Kind  Kind
}

// Edge is one arrow. Label is the binding name the worker's code reads, or
// what flows along it; Dashed marks dead letters.
type Edge struct {
	From, To string
	Label    string
	Dashed   bool
}

// Service is a box around the nodes of one worker's service, the
// program's `dome:index:Service` component: the worker and its cron
// trigger. Its queue consumers are the arrows from queues into the worker.
// The data the services share stays outside every box, as it stays at the
// top of the stack.
type Service struct {
	ID      string
	Label   string
	Members []string // node IDs
}

// Graph is the diagram before it is written out.
type Graph struct {
	Nodes    []Node
	Edges    []Edge
	Services []Service
}

// ID is the node ID of a named resource of the kind.
func ID(kind Kind, name string) string {
	prefix := map[Kind]string{
		Worker: "w", Database: "d1", Bucket: "r2", Index: "vec", Queue: "q", DeadLetterQueue: "q",
		AI: "ai", KVNamespace: "kv", Dataset: "ae", Cron: "cron",
	}[kind]
	if name == "" {
		return prefix
	}
	return prefix + "_" + unsafeID.ReplaceAllString(name, "_")
}

var unsafeID = regexp.MustCompile(`[^A-Za-z0-9_]`)

// bindingNodes are the kinds of node a binding points at; plain-text and
// secret bindings are configuration, not architecture, and are left out.
var bindingNodes = map[estate.BindingKind]Kind{
	estate.D1:              Database,
	estate.R2:              Bucket,
	estate.Vectorize:       Index,
	estate.QueueProducer:   Queue,
	estate.Service:         Worker,
	estate.AI:              AI,
	estate.KVNamespace:     KVNamespace,
	estate.AnalyticsEngine: Dataset,
}

// Build derives the graph from the estate. Nodes come grouped by kind and
// sorted by name, edges worker by worker (by name), so the output is stable
// whatever order the estate declares things in.
func Build(e estate.Estate) Graph {
	var g Graph
	workers := slices.SortedFunc(slices.Values(e.Workers), func(a, b estate.Worker) int { return strings.Compare(a.Name, b.Name) })
	deadLetter := map[string]bool{}
	for _, q := range e.Queues {
		deadLetter[q.Name] = q.DeadLetter
	}
	queueKind := func(name string) Kind {
		if deadLetter[name] {
			return DeadLetterQueue
		}
		return Queue
	}

	for _, w := range workers {
		g.add(Worker, w.Name, w.Name)
	}
	for _, d := range sortedNames(e.Databases, func(d estate.Database) string { return d.Name }) {
		g.add(Database, d, "D1 "+d)
	}
	for _, b := range sortedNames(e.Buckets, func(b estate.Bucket) string { return b.Name }) {
		g.add(Bucket, b, "R2 "+b)
	}
	for _, i := range sortedNames(e.Indexes, func(i estate.Index) string { return i.Name }) {
		g.add(Index, i, "Vectorize "+i)
	}
	for _, q := range sortedNames(e.Queues, func(q estate.Queue) string { return q.Name }) {
		g.add(queueKind(q), q, q)
	}

	// Workers AI, KV namespaces and datasets are not declared in the estate;
	// they get a node when something binds them.
	var extra []Node
	seen := map[string]bool{}
	for _, w := range workers {
		for _, b := range w.Bindings {
			kind, ok := bindingNodes[b.Kind]
			if !ok {
				continue
			}
			if kind == Queue {
				kind = queueKind(b.Target)
			}
			to := ID(kind, b.Target)
			g.Edges = append(g.Edges, Edge{From: ID(Worker, w.Name), To: to, Label: b.Name})
			if seen[to] {
				continue
			}
			seen[to] = true
			switch kind {
			case AI:
				extra = append(extra, Node{ID: to, Label: "Workers AI", Kind: AI})
			case KVNamespace:
				extra = append(extra, Node{ID: to, Label: "KV " + b.Target, Kind: KVNamespace})
			case Dataset:
				extra = append(extra, Node{ID: to, Label: "Analytics Engine " + b.Target, Kind: Dataset})
			}
		}
		for _, c := range w.Consumes {
			g.Edges = append(g.Edges, Edge{From: ID(queueKind(c.Queue), c.Queue), To: ID(Worker, w.Name), Label: consumerLabel(c)})
			if c.DeadLetterQueue != "" {
				g.Edges = append(g.Edges, Edge{From: ID(Worker, w.Name), To: ID(queueKind(c.DeadLetterQueue), c.DeadLetterQueue),
					Label: "dead letters of " + c.Queue, Dashed: true})
			}
		}
		svc := Service{ID: "svc_" + unsafeID.ReplaceAllString(w.Name, "_"), Label: "service " + w.Name, Members: []string{ID(Worker, w.Name)}}
		if len(w.Crons) > 0 {
			extra = append(extra, Node{ID: ID(Cron, w.Name), Label: "cron " + strings.Join(w.Crons, ", "), Kind: Cron})
			g.Edges = append(g.Edges, Edge{From: ID(Cron, w.Name), To: ID(Worker, w.Name), Label: "scheduled"})
			svc.Members = append(svc.Members, ID(Cron, w.Name))
		}
		g.Services = append(g.Services, svc)
	}
	g.Nodes = append(g.Nodes, extra...)

	for _, ev := range e.BucketEvents {
		label := strings.Join(ev.Actions, ", ")
		if ev.Prefix != "" {
			label += " under " + ev.Prefix
		}
		if ev.Suffix != "" {
			label += " ending " + ev.Suffix
		}
		g.Edges = append(g.Edges, Edge{From: ID(Bucket, ev.Bucket), To: ID(queueKind(ev.Queue), ev.Queue), Label: label})
	}
	return g
}

func (g *Graph) add(kind Kind, name, label string) {
	g.Nodes = append(g.Nodes, Node{ID: ID(kind, name), Label: label, Kind: kind})
}

func sortedNames[T any](items []T, name func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = name(it)
	}
	slices.Sort(out)
	return out
}

// consumerLabel names the consumer's non-default settings, if any.
func consumerLabel(c estate.Consumer) string {
	var parts []string
	add := func(v int, format string) {
		if v != 0 {
			parts = append(parts, fmt.Sprintf(format, v))
		}
	}
	add(c.BatchSize, "batch %d")
	add(c.MaxWaitTimeMs, "wait %d ms")
	add(c.MaxRetries, "retries %d")
	add(c.RetryDelay, "retry delay %d s")
	add(c.MaxConcurrency, "concurrency %d")
	return strings.Join(parts, ", ")
}

// shapes are Mermaid's node shapes, as the text around the label.
var shapes = map[Kind][2]string{
	Worker:          {`["`, `"]`},
	Database:        {`[("`, `")]`},
	Bucket:          {`[("`, `")]`},
	Index:           {`{{"`, `"}}`},
	Queue:           {`(["`, `"])`},
	DeadLetterQueue: {`(["`, `"])`},
	AI:              {`(("`, `"))`},
	KVNamespace:     {`[("`, `")]`},
	Dataset:         {`[("`, `")]`},
	Cron:            {`>"`, `"]`},
}

// styles colour each kind, so storage, queues and compute read apart.
var styles = []struct {
	kind  Kind
	style string
}{
	{Worker, "fill:#fde8d7,stroke:#f38020,color:#222"},
	{Database, "fill:#e3f0ff,stroke:#3b82f6,color:#222"},
	{Bucket, "fill:#e3f0ff,stroke:#3b82f6,color:#222"},
	{Index, "fill:#ede9fe,stroke:#7c3aed,color:#222"},
	{Queue, "fill:#e7f7ee,stroke:#16a34a,color:#222"},
	{DeadLetterQueue, "fill:#fde2e2,stroke:#dc2626,color:#222,stroke-dasharray:4 3"},
	{AI, "fill:#ede9fe,stroke:#7c3aed,color:#222"},
	{KVNamespace, "fill:#e3f0ff,stroke:#3b82f6,color:#222"},
	{Dataset, "fill:#e3f0ff,stroke:#3b82f6,color:#222"},
	{Cron, "fill:#f3f4f6,stroke:#6b7280,color:#222"},
}

// Mermaid writes the graph as a `flowchart LR`: the nodes outside any
// service, then each service as a subgraph with its nodes, then the edges.
func (g Graph) Mermaid() string {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	inService := map[string]bool{}
	for _, svc := range g.Services {
		for _, m := range svc.Members {
			inService[m] = true
		}
	}
	byID := map[string]Node{}
	node := func(n Node, indent string) {
		s := shapes[n.Kind]
		fmt.Fprintf(&b, "%s%s%s%s%s:::%s\n", indent, n.ID, s[0], label(n.Label), s[1], n.Kind)
	}
	for _, n := range g.Nodes {
		byID[n.ID] = n
		if !inService[n.ID] {
			node(n, "    ")
		}
	}
	for _, svc := range g.Services {
		fmt.Fprintf(&b, "    subgraph %s[%s]\n", svc.ID, quote(svc.Label))
		for _, m := range svc.Members {
			node(byID[m], "        ")
		}
		b.WriteString("    end\n")
	}
	b.WriteString("\n")
	for _, e := range g.Edges {
		b.WriteString("    " + e.Mermaid() + "\n")
	}
	b.WriteString("\n")
	used := map[Kind]bool{}
	for _, n := range g.Nodes {
		used[n.Kind] = true
	}
	for _, s := range styles {
		if used[s.kind] {
			fmt.Fprintf(&b, "    classDef %s %s\n", s.kind, s.style)
		}
	}
	return b.String()
}

// Mermaid is the edge as one Mermaid statement.
func (e Edge) Mermaid() string {
	arrow := "-->"
	if e.Dashed {
		arrow = "-.->"
	}
	if e.Label == "" {
		return fmt.Sprintf("%s %s %s", e.From, arrow, e.To)
	}
	return fmt.Sprintf("%s %s|%s| %s", e.From, arrow, quote(e.Label), e.To)
}

// label escapes what would end a quoted Mermaid label early.
func label(s string) string { return strings.ReplaceAll(s, `"`, "#quot;") }

func quote(s string) string { return `"` + label(s) + `"` }

// Markdown is the whole of docs/architecture.md.
func Markdown(e estate.Estate) string {
	return `# Architecture

<!-- Generated from internal/estate by ` + "`make diagram`" + `; do not edit by hand. -->

This diagram is generated from the estate model (` + "`estate.Dome()`" + ` in
` + "`internal/estate`" + `), the same model the Pulumi program deploys, so it
shows what the code declares. After changing the estate, run ` + "`make diagram`" + `
to regenerate this file; a test fails while it is out of date. Names are the
logical (production) ones: dev and staging add their suffix (` + "`silo-dev`" + `).

Each box is a service, the program's ` + "`dome:index:Service`" + ` component: the
worker, its cron trigger and its queue consumers (the arrows into the worker
from the queues it reads). The data the services share — databases, buckets,
the index, the queues — stays outside the boxes, at the top of the stack.

Arrows from a worker are its bindings, labelled with the name its code reads
(` + "`env.DB`" + `); arrows into a worker come from the queue it consumes or its
cron trigger. Dashed arrows carry dead letters; arrows from a bucket are its
event notifications, labelled with the actions that send them.

` + "```mermaid\n" + Build(e).Mermaid() + "```\n"
}
