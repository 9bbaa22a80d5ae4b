package cfapi

import (
	"slices"

	p "github.com/pulumi/pulumi-go-provider"
)

// Differ builds a DiffResponse whose DetailedDiff names every changed top-level property
// and whether the change forces a replacement. It never talks to Cloudflare.
type Differ struct {
	detailed map[string]p.PropertyDiff
	replaces bool
}

// NewDiffer returns a Differ with no changes.
func NewDiffer() *Differ { return &Differ{detailed: map[string]p.PropertyDiff{}} }

// Change records a change of property name. wasSet/isSet say whether the property was
// set in the old state and is set in the new inputs (so an optional property appearing
// is an "add" and disappearing a "delete"); replace says whether the change can only be
// applied by replacing the resource.
func (d *Differ) Change(name string, changed, wasSet, isSet, replace bool) {
	if !changed {
		return
	}
	var kind p.DiffKind
	switch {
	case !wasSet && isSet:
		kind = p.Add
		if replace {
			kind = p.AddReplace
		}
	case wasSet && !isSet:
		kind = p.Delete
		if replace {
			kind = p.DeleteReplace
		}
	default:
		kind = p.Update
		if replace {
			kind = p.UpdateReplace
		}
	}
	d.replaces = d.replaces || replace
	d.detailed[name] = p.PropertyDiff{Kind: kind}
}

// Str records a change of a required string property.
func (d *Differ) Str(name, old, new string, replace bool) {
	d.Change(name, old != new, true, true, replace)
}

// Opt records a change of an optional property; nil is unset.
func Opt[T comparable](d *Differ, name string, old, new *T, replace bool) {
	d.Change(name, !PtrEqual(old, new), old != nil, new != nil, replace)
}

// OptDefault records a change of an optional property whose unset value means def (a
// default the API applies): unset and def are equal, so only a change of the effective
// value is recorded.
func OptDefault[T comparable](d *Differ, name string, old, new *T, def T, replace bool) {
	d.Change(name, OrDefault(old, def) != OrDefault(new, def), old != nil, new != nil, replace)
}

// OrDefault returns *v, or def when v is nil.
func OrDefault[T any](v *T, def T) T {
	if v == nil {
		return def
	}
	return *v
}

// List records a change of a list property; nil and empty lists are equal.
func List[T comparable](d *Differ, name string, old, new []T, replace bool) {
	d.Change(name, !slices.Equal(old, new), len(old) > 0, len(new) > 0, replace)
}

// ListFunc is List for element types that need a custom equality.
func ListFunc[T any](d *Differ, name string, old, new []T, eq func(a, b T) bool, replace bool) {
	d.Change(name, !slices.EqualFunc(old, new, eq), len(old) > 0, len(new) > 0, replace)
}

// Response is the DiffResponse. deleteBeforeReplace applies only if a recorded change
// forces a replacement.
func (d *Differ) Response(deleteBeforeReplace bool) p.DiffResponse {
	return p.DiffResponse{
		HasChanges:          len(d.detailed) > 0,
		DetailedDiff:        d.detailed,
		DeleteBeforeReplace: deleteBeforeReplace && d.replaces,
	}
}

// PtrEqual reports whether a and b are both nil or point to equal values.
func PtrEqual[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
