// Package guard judges a Pulumi preview before anything is applied: it
// reads the engine's own account of what an `up` would do and refuses
// destruction nobody named.
//
// # Input
//
// Either of the engine's two machine-readable previews, detected by content:
//
//   - the display JSON of `pulumi preview --json` (pkg/v3/display.PreviewDigest:
//     one object with steps[].op, urn, oldState, newState, diffReasons,
//     replaceReasons, detailedDiff, and diagnostics);
//   - the engine events of `pulumi preview --event-log <file>` or of the
//     Automation API (JSON lines of apitype.EngineEvent; the steps are the
//     resourcePreEvent metadata: op, urn, type, old, new, diffs, keys,
//     detailedDiff).
//
// # Classification
//
// A step is destructive when it can remove something from Cloudflare or
// replace what runs there:
//
//   - op delete, replace, create-replacement, delete-replaced,
//     import-replacement or remove-pending-replace: the resource (or the copy
//     being replaced) is deleted. A replace whose delete-replaced step comes
//     before its create-replacement step is named delete-before-replace: the
//     resource is absent in between.
//   - dome-cloudflare:index:WorkerScript, op update, when the diff touches
//     `content` or `mainModule` (the worker's code is replaced by another
//     upload), or when a binding entry goes away: a name listed in one of
//     the old inputs' binding properties (every property named `*Bindings`,
//     secretTextBindings included, and `aiBinding`) is absent from the same
//     property of the new inputs, or, when the inputs cannot tell (a value
//     hidden as a secret), the detailed diff deletes an entry of one.
//   - dome-cloudflare:index:QueueConsumer, op update, when the old inputs
//     have a `deadLetterQueue` and the new ones do not (or the detailed diff
//     deletes it): failed messages would be dropped instead of kept.
//
// The diff is read from detailedDiff (property paths such as
// `secretTextBindings[1].text`, judged by their first segment); when the
// provider gave none, from diffReasons.
//
// Not destructive: same, create, update (other than above), read, refresh,
// import, and the steps of resources the program only reads (read-replacement,
// discard, discard-replaced): dropping or re-reading a read resource forgets a
// reference and never calls the provider's Delete.
//
// A preview whose diagnostics contain an error is not judged at all: it
// does not describe what an `up` would do.
//
// # Verdict
//
// In dev the guard reports and passes. In staging, in prod, and in any
// environment it does not know, each destructive step fails the guard
// unless its resource's URN is named in the overrides (-allow-destroy=<urn>,
// one per resource; there is no wildcard). An override that names no
// destructive step is reported, so a stale one is seen.
package guard

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"

	"github.com/dome/dome-infra/internal/config"
)

// The companion provider's types with rules of their own.
const (
	TypeWorkerScript  = "dome-cloudflare:index:WorkerScript"
	TypeQueueConsumer = "dome-cloudflare:index:QueueConsumer"
)

// Step is one step of a preview, from either input format.
type Step struct {
	Op   apitype.OpType
	URN  string
	Type string
	Name string
	// DetailedDiff maps property paths to how they change; nil when the
	// provider gave no detailed diff.
	DetailedDiff   map[string]apitype.DiffKind
	DiffReasons    []string
	ReplaceReasons []string
	OldInputs      map[string]any
	NewInputs      map[string]any
}

// Preview is what the engine said an `up` would do.
type Preview struct {
	Steps []Step
	// Errors are the preview's error diagnostics.
	Errors []string
}

// Finding is one resource's destructive steps and why: a replace is one
// finding whatever steps the engine gives it (replace, create-replacement,
// delete-replaced).
type Finding struct {
	URN  string
	Type string
	Name string
	// Op is the finding's main step: replace for any of a replace's steps.
	Op apitype.OpType
	// Steps are the resource's destructive steps, in the preview's order.
	Steps   []apitype.OpType
	Reasons []string
}

func (f Finding) String() string {
	steps := ""
	if len(f.Steps) > 1 || (len(f.Steps) == 1 && f.Steps[0] != f.Op) {
		names := make([]string, len(f.Steps))
		for i, s := range f.Steps {
			names[i] = string(s)
		}
		steps = " (steps: " + strings.Join(names, ", ") + ")"
	}
	return fmt.Sprintf("%s %s %q%s: %s\n    %s", f.Op, f.Type, f.Name, steps, strings.Join(f.Reasons, "; "), f.URN)
}

// Verdict is the guard's judgement of one preview in one environment.
type Verdict struct {
	Env string
	// Enforced is false in dev, where destruction is reported only.
	Enforced bool
	// Refused are the destructive steps no override names.
	Refused []Finding
	// Allowed are the destructive steps an override names.
	Allowed []Finding
	// Unused are overrides that name no destructive step.
	Unused []string
	// Errors are the preview's error diagnostics; a preview with errors is
	// not judged.
	Errors []string
	// Steps counts the preview's steps.
	Steps int
}

// Pass says whether the up may go ahead.
func (v Verdict) Pass() bool {
	return len(v.Errors) == 0 && (!v.Enforced || len(v.Refused) == 0)
}

// Enforced says whether destructive steps fail the guard in env: everywhere
// but dev.
func Enforced(env string) bool { return env != "dev" }

// Judge classifies every step of p and applies the overrides (URNs).
func Judge(p Preview, env string, allow []string) Verdict {
	v := Verdict{Env: env, Enforced: Enforced(env), Errors: p.Errors, Steps: len(p.Steps)}
	allowed := map[string]bool{}
	for _, u := range allow {
		allowed[u] = true
	}
	deleteFirst := deleteBeforeReplace(p.Steps)
	var order []string
	byURN := map[string]*Finding{}
	for _, s := range p.Steps {
		reasons := Classify(s)
		if len(reasons) == 0 {
			continue
		}
		f := byURN[s.URN]
		if f == nil {
			f = &Finding{URN: s.URN, Type: s.Type, Name: s.Name, Op: s.Op}
			byURN[s.URN] = f
			order = append(order, s.URN)
		}
		f.Steps = append(f.Steps, s.Op)
		if isReplaceOp(s.Op) {
			f.Op = apitype.OpReplace
		}
		for _, r := range reasons {
			if !slices.Contains(f.Reasons, r) {
				f.Reasons = append(f.Reasons, r)
			}
		}
	}
	for _, u := range order {
		f := *byURN[u]
		if deleteFirst[u] {
			f.Reasons = append(f.Reasons, "delete-before-replace: the resource is absent until its replacement is created")
		}
		if allowed[u] {
			v.Allowed = append(v.Allowed, f)
		} else {
			v.Refused = append(v.Refused, f)
		}
	}
	for u := range allowed {
		if byURN[u] == nil {
			v.Unused = append(v.Unused, u)
		}
	}
	sort.Strings(v.Unused)
	return v
}

// destructiveOps delete or replace a managed resource.
var destructiveOps = map[apitype.OpType]string{
	apitype.OpDelete:               "deletes the resource",
	apitype.OpReplace:              "replaces the resource (the old one is deleted)",
	apitype.OpCreateReplacement:    "replaces the resource (the old one is deleted)",
	apitype.OpDeleteReplaced:       "replaces the resource (the old one is deleted)",
	apitype.OpImportReplacement:    "replaces the resource with an imported one",
	apitype.OpRemovePendingReplace: "removes a resource pending replacement",
}

func isReplaceOp(op apitype.OpType) bool {
	return op == apitype.OpReplace || op == apitype.OpCreateReplacement || op == apitype.OpDeleteReplaced
}

// deleteBeforeReplace are the URNs whose delete-replaced step comes before
// their create-replacement step.
func deleteBeforeReplace(steps []Step) map[string]bool {
	out := map[string]bool{}
	created := map[string]bool{}
	for _, s := range steps {
		switch s.Op {
		case apitype.OpCreateReplacement:
			created[s.URN] = true
		case apitype.OpDeleteReplaced:
			if !created[s.URN] {
				out[s.URN] = true
			}
		}
	}
	return out
}

// Classify says why a step is destructive; nil when it is not.
func Classify(s Step) []string {
	if what, ok := destructiveOps[s.Op]; ok {
		r := what
		if len(s.ReplaceReasons) > 0 {
			return []string{r, "replace forced by " + strings.Join(s.ReplaceReasons, ", ")}
		}
		return []string{r}
	}
	if s.Op != apitype.OpUpdate {
		return nil
	}
	switch s.Type {
	case TypeWorkerScript:
		return workerScriptUpdate(s)
	case TypeQueueConsumer:
		return queueConsumerUpdate(s)
	}
	return nil
}

// changed are the top-level properties the step changes, with the kinds
// of change of each (from the detailed diff, else from diffReasons as
// updates).
func changed(s Step) map[string][]apitype.DiffKind {
	out := map[string][]apitype.DiffKind{}
	if s.DetailedDiff != nil {
		for path, kind := range s.DetailedDiff {
			root := rootOf(path)
			out[root] = append(out[root], kind)
		}
		return out
	}
	for _, k := range s.DiffReasons {
		root := rootOf(k)
		out[root] = append(out[root], apitype.DiffUpdate)
	}
	return out
}

// rootOf is a property path's first segment: "secretTextBindings[1].text"
// → "secretTextBindings", `["a.b"]` → "a.b".
func rootOf(path string) string {
	if strings.HasPrefix(path, `["`) {
		if end := strings.Index(path, `"]`); end > 0 {
			return path[2:end]
		}
	}
	if i := strings.IndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return path
}

func isBindingProperty(p string) bool {
	return (strings.HasSuffix(p, "Bindings") || p == "aiBinding") && p != "unmodelledBindings"
}

func workerScriptUpdate(s Step) []string {
	var reasons []string
	diff := changed(s)
	for _, p := range []string{"content", "mainModule"} {
		if _, ok := diff[p]; ok {
			reasons = append(reasons, "replaces the worker's code ("+p+" changes)")
		}
	}
	// What the companion provider does not model is state only (no input); its
	// provider marks it deleted exactly when this update's upload drops it.
	for _, p := range []string{"unmodelledBindings", "unmodelledSettings"} {
		if slices.Contains(diff[p], apitype.DiffDelete) {
			reasons = append(reasons, "removes what the provider does not model ("+p+"; its warning names each)")
		}
	}
	props := map[string]bool{}
	for p := range s.OldInputs {
		if isBindingProperty(p) {
			props[p] = true
		}
	}
	for p := range diff {
		if isBindingProperty(p) {
			props[p] = true
		}
	}
	for _, p := range config.SortedKeys(props) {
		oldNames, oldOK := bindingNames(s.OldInputs[p])
		newNames, newOK := bindingNames(s.NewInputs[p])
		if s.OldInputs != nil && s.NewInputs != nil && oldOK && newOK {
			for _, n := range oldNames {
				if !slices.Contains(newNames, n) {
					reasons = append(reasons, fmt.Sprintf("removes binding %s (%s)", n, p))
				}
			}
			continue
		}
		reasons = append(reasons, deletedEntries(s, p, oldNames, oldOK)...)
	}
	return reasons
}

// deletedEntries reads binding removals from the detailed diff, for when
// the new inputs cannot be read (a secret): a deleted property removes
// every old entry; a deleted path p[i] removes the old entry i.
func deletedEntries(s Step, p string, oldNames []string, oldOK bool) []string {
	var out []string
	paths := make([]string, 0, len(s.DetailedDiff))
	for path := range s.DetailedDiff {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		kind := s.DetailedDiff[path]
		if rootOf(path) != p || (kind != apitype.DiffDelete && kind != apitype.DiffDeleteReplace) {
			continue
		}
		switch {
		case path == p && oldOK && len(oldNames) > 0:
			for _, n := range oldNames {
				out = append(out, fmt.Sprintf("removes binding %s (%s)", n, p))
			}
		case path != p && oldOK && indexOf(path, p) >= 0 && indexOf(path, p) < len(oldNames) && !strings.Contains(path[len(p):], "]."):
			out = append(out, fmt.Sprintf("removes an entry of %s (%s, was %s)", p, path, oldNames[indexOf(path, p)]))
		case path == p || !strings.Contains(path[len(p):], "]."):
			out = append(out, fmt.Sprintf("removes an entry of %s (%s)", p, path))
		}
	}
	if len(out) == 0 && s.DetailedDiff == nil {
		for _, k := range s.DiffReasons {
			if k == p && oldOK && len(oldNames) > 0 {
				out = append(out, fmt.Sprintf("may remove a binding of %s (the new value is hidden and the provider gave no detailed diff)", p))
			}
		}
	}
	return out
}

// indexOf is i of a path "p[i]", else -1.
func indexOf(path, p string) int {
	rest := strings.TrimPrefix(path, p)
	if !strings.HasPrefix(rest, "[") {
		return -1
	}
	end := strings.Index(rest, "]")
	if end < 0 {
		return -1
	}
	n := 0
	for _, c := range rest[1:end] {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	if end == 1 {
		return -1
	}
	return n
}

// bindingNames are the names of a binding property's entries: a list of
// objects with a name, or one object (aiBinding). ok is false when the
// value cannot be read (a secret, an unknown).
func bindingNames(v any) (names []string, ok bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case []any:
		for _, e := range x {
			m, isMap := e.(map[string]any)
			if !isMap {
				return nil, false
			}
			n, isString := m["name"].(string)
			if !isString {
				return nil, false
			}
			names = append(names, n)
		}
		return names, true
	case map[string]any:
		n, isString := x["name"].(string)
		if !isString {
			return nil, false
		}
		return []string{n}, true
	}
	return nil, false
}

func queueConsumerUpdate(s Step) []string {
	const p = "deadLetterQueue"
	if s.OldInputs != nil && s.NewInputs != nil {
		old, _ := s.OldInputs[p].(string)
		now, _ := s.NewInputs[p].(string)
		if old != "" && now == "" {
			return []string{"removes " + p + " " + old + ": failed messages would be dropped"}
		}
		if old != "" || now != "" {
			return nil
		}
	}
	for _, k := range changed(s)[p] {
		if k == apitype.DiffDelete || k == apitype.DiffDeleteReplace {
			return []string{"removes " + p + ": failed messages would be dropped"}
		}
	}
	return nil
}
