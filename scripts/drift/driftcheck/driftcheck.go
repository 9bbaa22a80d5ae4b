// Package driftcheck is the logic of `make drift` (scripts/drift) and of the
// end-to-end drift tests: a refresh of a stack in preview mode that expects
// no changes (`pulumi refresh --preview-only --expect-no-changes`), read
// through the Automation API's event stream so that what drifted can be
// named: each resource, and which of its properties differ. Values are never
// reported, so no secret can leak into a log.
package driftcheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Property is one property of a resource that differs between the state of
// the last deployment and Cloudflare: its path ("observability.enabled",
// "r2BucketBindings[1]") and how it differs (add, delete, update).
type Property struct {
	Path string           `json:"path"`
	Kind apitype.DiffKind `json:"kind"`
	// Detail names the entries of a list of named items (bindings) that
	// differ: "RAW_BUCKET removed". Only names, never values.
	Detail string `json:"detail,omitempty"`
}

// Resource is one resource that drifted.
type Resource struct {
	URN  string `json:"urn"`
	Type string `json:"type"`
	Name string `json:"name"`
	// Op is what the refresh would do to the state: "update" (Cloudflare
	// has other values) or "delete" (the resource is gone from Cloudflare).
	Op         apitype.OpType `json:"op"`
	Properties []Property     `json:"properties,omitempty"`
	// ReadError is set when the resource's provider failed to read it with a
	// "not found" answer instead of reporting it gone: what the real
	// pulumi-cloudflare v5 plugin does for a D1 database or R2 bucket
	// deleted outside Pulumi (terraform-provider-cloudflare v4.51.0's Read
	// fails on any error). Op is then "delete".
	ReadError string `json:"readError,omitempty"`
}

// Gone reports whether the resource no longer exists in Cloudflare.
func (r Resource) Gone() bool { return r.Op == apitype.OpDelete || r.Op == apitype.OpDeleteReplaced }

// Report is the outcome of a drift check.
type Report struct {
	Stack string `json:"stack"`
	// Summary is the refresh preview's count of resources by operation;
	// only "same" when nothing drifted.
	Summary map[string]int `json:"summary"`
	// Drifted lists what differs, sorted by type then name.
	Drifted []Resource `json:"drifted"`
}

// Clean reports whether nothing drifted: every resource is "same".
func (r *Report) Clean() bool {
	if len(r.Drifted) > 0 {
		return false
	}
	for op, n := range r.Summary {
		if op != string(apitype.OpSame) && n > 0 {
			return false
		}
	}
	return true
}

// Find returns the drifted resource of that type token and logical name.
func (r *Report) Find(typ, name string) (Resource, bool) {
	for _, d := range r.Drifted {
		if d.Type == typ && d.Name == name {
			return d, true
		}
	}
	return Resource{}, false
}

// Paths lists the resource's drifted property paths.
func (r Resource) Paths() []string {
	out := make([]string, len(r.Properties))
	for i, p := range r.Properties {
		out[i] = p.Path
	}
	return out
}

// Write prints the short summary: one line per drifted resource with the
// properties that differ, then what to do about it.
func (r *Report) Write(w io.Writer) error {
	var b strings.Builder
	checked := 0
	for _, n := range r.Summary {
		checked += n
	}
	if r.Clean() {
		fmt.Fprintf(&b, "drift: stack %s: no drift (%d resources match the last deployment)\n", r.Stack, checked)
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "drift: stack %s: %d of %d resources differ from the last deployment\n", r.Stack, len(r.Drifted), checked)
	for _, d := range r.Drifted {
		switch {
		case d.ReadError != "":
			// The recovery of docs/runbooks.md, run by e2e TestRunbookRestoreAndRecover.
			fmt.Fprintf(&b, "  - %s %q: deleted outside Pulumi (its provider cannot read it: %s); `pulumi refresh` "+
				"fails on it too: recreate it (empty) on purpose: pulumi state unprotect '%s' --stack %s --yes, then "+
				"make up STACK=%s REPLACE='%s' ALLOW_DESTROY='%s'; its data comes back out of band (docs/runbooks.md)\n",
				d.Type, d.Name, d.ReadError, d.URN, r.Stack, r.Stack, d.URN, d.URN)
		case d.Gone():
			fmt.Fprintf(&b, "  - %s %q: deleted outside Pulumi\n", d.Type, d.Name)
		case len(d.Properties) == 0:
			fmt.Fprintf(&b, "  ~ %s %q: %s\n", d.Type, d.Name, d.Op)
		default:
			parts := make([]string, len(d.Properties))
			for i, p := range d.Properties {
				what := describeKind(p.Kind)
				if p.Detail != "" {
					what = p.Detail
				}
				parts[i] = fmt.Sprintf("%s (%s)", p.Path, what)
			}
			fmt.Fprintf(&b, "  ~ %s %q: %s\n", d.Type, d.Name, strings.Join(parts, ", "))
		}
	}
	if len(r.Drifted) == 0 {
		fmt.Fprintf(&b, "  (the refresh preview counted %s, but named no resource)\n", summaryText(r.Summary))
	}
	fmt.Fprintf(&b, "To accept Cloudflare's values: pulumi refresh --stack %s, then change the code to match.\n", r.Stack)
	fmt.Fprintf(&b, "To restore the code's values: pulumi refresh --stack %s, then make up STACK=%s.\n", r.Stack, r.Stack)
	_, err := io.WriteString(w, b.String())
	return err
}

func describeKind(k apitype.DiffKind) string {
	switch k {
	case apitype.DiffAdd, apitype.DiffAddReplace:
		return "added in Cloudflare"
	case apitype.DiffDelete, apitype.DiffDeleteReplace:
		return "removed in Cloudflare"
	case apitype.DiffUpdate, apitype.DiffUpdateReplace:
		return "changed"
	}
	return string(k)
}

func summaryText(summary map[string]int) string {
	keys := make([]string, 0, len(summary))
	for k := range summary {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, summary[k])
	}
	return strings.Join(parts, ", ")
}

// Check runs a refresh of the stack in preview mode (nothing is written to
// the state or to Cloudflare) and reports every resource whose state in
// Cloudflare differs from the state of the last deployment. opts are added
// to the refresh (e.g. optrefresh.ProgressStreams).
func Check(ctx context.Context, stack *auto.Stack, opts ...optrefresh.Option) (*Report, error) {
	ch := make(chan events.EngineEvent)
	done := make(chan struct{})
	c := collector{byURN: map[string]*Resource{}}
	go func() {
		defer close(done)
		for ev := range ch {
			c.add(ev)
		}
	}()
	opts = append(opts, optrefresh.EventStreams(ch))
	res, err := stack.PreviewRefresh(ctx, opts...)
	// The Automation API closes the stream once the CLI has run; it does not
	// when it fails before starting it.
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		if err == nil {
			err = errors.New("the refresh preview's event stream did not end")
		}
	}
	if err != nil {
		// A refresh that failed only because providers could not read resources that
		// are gone is drift: name them. Any other failure is the check's own.
		if unreadable := c.unreadable(); len(unreadable) > 0 && !c.otherErrors {
			rep := &Report{Stack: stack.Name(), Summary: map[string]int{}, Drifted: c.list()}
			rep.Summary[string(apitype.OpDelete)] = len(unreadable)
			return rep, nil
		}
		return nil, fmt.Errorf("drift check of stack %s: %w", stack.Name(), err)
	}
	rep := &Report{Stack: stack.Name(), Summary: map[string]int{}}
	for op, n := range res.ChangeSummary {
		rep.Summary[string(op)] = n
	}
	rep.Drifted = c.list()
	return rep, nil
}

// collector turns engine events into drifted resources.
type collector struct {
	byURN map[string]*Resource
	// otherErrors: an error diagnostic that is not a resource's "not found".
	otherErrors bool
}

// notFoundRe matches a provider's error for a resource that is gone: the HTTP
// status or Cloudflare's wording ("The database … could not be found", "The
// specified bucket does not exist.").
var notFoundRe = regexp.MustCompile(`(?i)\b404\b|not found|could not be found|does not exist`)

// diagnostic records an error diagnostic of a resource: a "not found" one makes
// the resource drifted as deleted.
func (c *collector) diagnostic(d *apitype.DiagnosticEvent) {
	if d.Severity != "error" {
		return
	}
	urn := resource.URN(d.URN)
	if d.URN == "" || !urn.IsValid() || urn.Type() == resource.RootStackType {
		return // the engine's own summary ("preview failed"), on no resource or the stack
	}
	if !notFoundRe.MatchString(d.Message) {
		c.otherErrors = true
		return
	}
	r, ok := c.byURN[d.URN]
	if !ok {
		r = &Resource{URN: d.URN, Type: string(urn.Type()), Name: urn.Name()}
		c.byURN[d.URN] = r
	}
	r.Op = apitype.OpDelete
	r.Properties = nil
	r.ReadError = firstLine(d.Message)
}

func (c *collector) unreadable() []Resource {
	var out []Resource
	for _, r := range c.byURN {
		if r.ReadError != "" {
			out = append(out, *r)
		}
	}
	return out
}

// firstLine is the message's first non-empty line, trimmed, at most 500 bytes.
func firstLine(msg string) string {
	for _, l := range strings.Split(msg, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			if len(l) > 500 {
				l = l[:500] + "…"
			}
			return l
		}
	}
	return ""
}

func (c *collector) add(ev events.EngineEvent) {
	if ev.DiagnosticEvent != nil {
		c.diagnostic(ev.DiagnosticEvent)
		return
	}
	var m *apitype.StepEventMetadata
	switch {
	case ev.ResOutputsEvent != nil:
		m = &ev.ResOutputsEvent.Metadata
	case ev.ResourcePreEvent != nil:
		m = &ev.ResourcePreEvent.Metadata
	default:
		return
	}
	switch m.Op {
	case apitype.OpSame, apitype.OpRefresh, apitype.OpRead:
		return
	}
	urn := resource.URN(m.URN)
	r, ok := c.byURN[m.URN]
	if !ok {
		r = &Resource{URN: m.URN, Type: m.Type, Op: m.Op}
		if urn.IsValid() {
			r.Name = urn.Name()
			if r.Type == "" {
				r.Type = string(urn.Type())
			}
		}
		c.byURN[m.URN] = r
	}
	r.Op = m.Op
	props := map[string]apitype.DiffKind{}
	for _, p := range r.Properties {
		props[p.Path] = p.Kind
	}
	for path, d := range m.DetailedDiff {
		props[path] = d.Kind
	}
	if len(m.DetailedDiff) == 0 {
		for _, k := range m.Diffs {
			if _, seen := props[k]; !seen {
				props[k] = apitype.DiffUpdate
			}
		}
	}
	r.Properties = r.Properties[:0]
	for path, kind := range props {
		if strings.HasPrefix(path, "__") {
			continue // engine bookkeeping
		}
		r.Properties = append(r.Properties, Property{Path: path, Kind: kind, Detail: namedDetail(m, path)})
	}
	sort.Slice(r.Properties, func(i, j int) bool { return r.Properties[i].Path < r.Properties[j].Path })
}

// namedDetail says which named entries of a top-level list property (such
// as a worker's bindings, each with a "name") were removed, added or
// changed between the state (Old) and Cloudflare (New). It reads only the
// "name" of each entry and compares entries as a whole, so no value is
// ever shown; secret values are opaque to it and give no detail.
func namedDetail(m *apitype.StepEventMetadata, path string) string {
	if m.Old == nil || m.New == nil || strings.ContainsAny(path, ".[") {
		return ""
	}
	oldItems, ok1 := namedItems(m.Old.Outputs[path])
	newItems, ok2 := namedItems(m.New.Outputs[path])
	if !ok1 && !ok2 {
		return ""
	}
	var parts []string
	for _, name := range sortedKeys(oldItems) {
		if n, ok := newItems[name]; !ok {
			parts = append(parts, name+" removed")
		} else if !reflect.DeepEqual(oldItems[name], n) {
			parts = append(parts, name+" changed")
		}
	}
	for _, name := range sortedKeys(newItems) {
		if _, ok := oldItems[name]; !ok {
			parts = append(parts, name+" added")
		}
	}
	return strings.Join(parts, ", ")
}

// namedItems reads a list of objects that each have a string "name"; false
// for anything else (including a secret).
func namedItems(v any) (map[string]any, bool) {
	list, ok := v.([]any)
	if !ok && v != nil {
		return nil, false
	}
	out := map[string]any{}
	for _, e := range list {
		obj, ok := e.(map[string]any)
		if !ok {
			return nil, false
		}
		name, ok := obj["name"].(string)
		if !ok || name == "" {
			return nil, false
		}
		out[name] = obj
	}
	return out, true
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (c *collector) list() []Resource {
	out := make([]Resource, 0, len(c.byURN))
	for _, r := range c.byURN {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b Resource) int {
		if a.Type != b.Type {
			return strings.Compare(a.Type, b.Type)
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// PulumiCommand is the Automation API's handle on the pulumi CLI at cli (a
// path, or a name on PATH). The Automation API wants the CLI as
// <root>/bin/pulumi; a CLI elsewhere is reached through a symlink in a
// temporary directory, which cleanup removes.
func PulumiCommand(cli string) (cmd auto.PulumiCommand, cleanup func(), err error) {
	cleanup = func() {}
	path, err := exec.LookPath(cli)
	if err != nil {
		return nil, cleanup, fmt.Errorf("the pulumi CLI %q is missing: install it, or run `make tools` to build bin/pulumi: %w", cli, err)
	}
	if path, err = filepath.Abs(path); err != nil {
		return nil, cleanup, err
	}
	root := filepath.Dir(filepath.Dir(path))
	if filepath.Base(path) != "pulumi" || filepath.Base(filepath.Dir(path)) != "bin" {
		tmp, err := os.MkdirTemp("", "driftcheck-")
		if err != nil {
			return nil, cleanup, err
		}
		cleanup = func() { _ = os.RemoveAll(tmp) }
		if err := os.Mkdir(filepath.Join(tmp, "bin"), 0o755); err != nil {
			cleanup()
			return nil, func() {}, err
		}
		if err := os.Symlink(path, filepath.Join(tmp, "bin", "pulumi")); err != nil {
			cleanup()
			return nil, func() {}, err
		}
		root = tmp
	}
	cmd, err = auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: root})
	if err != nil {
		cleanup()
		return nil, func() {}, fmt.Errorf("the pulumi CLI %s: %w", path, err)
	}
	return cmd, cleanup, nil
}
