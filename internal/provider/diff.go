package provider

import (
	"slices"

	p "github.com/pulumi/pulumi-go-provider"
)

// differ builds a DiffResponse whose DetailedDiff names every changed top-level property
// and whether the change forces a replacement. It never talks to Cloudflare.
type differ struct {
	detailed map[string]p.PropertyDiff
	replaces bool
}

func newDiffer() *differ { return &differ{detailed: map[string]p.PropertyDiff{}} }

// change records a change of property name. wasSet/isSet say whether the property was
// set in the old state and is set in the new inputs (so an optional property appearing
// is an "add" and disappearing a "delete"); replace says whether the change can only be
// applied by replacing the resource.
func (d *differ) change(name string, changed, wasSet, isSet, replace bool) {
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

// str records a change of a required string property.
func (d *differ) str(name, old, new string, replace bool) {
	d.change(name, old != new, true, true, replace)
}

// optStr records a change of an optional string property.
func (d *differ) optStr(name string, old, new *string, replace bool) {
	d.change(name, !ptrEqual(old, new), old != nil, new != nil, replace)
}

// optInt records a change of an optional int property.
func (d *differ) optInt(name string, old, new *int, replace bool) {
	d.change(name, !ptrEqual(old, new), old != nil, new != nil, replace)
}

// list records a change of a list property; nil and empty lists are equal.
func list[T comparable](d *differ, name string, old, new []T, replace bool) {
	d.change(name, !slices.Equal(old, new), len(old) > 0, len(new) > 0, replace)
}

// listFunc is list for element types that need a custom equality.
func listFunc[T any](d *differ, name string, old, new []T, eq func(a, b T) bool, replace bool) {
	d.change(name, !slices.EqualFunc(old, new, eq), len(old) > 0, len(new) > 0, replace)
}

func (d *differ) response(deleteBeforeReplace bool) p.DiffResponse {
	return p.DiffResponse{
		HasChanges:          len(d.detailed) > 0,
		DetailedDiff:        d.detailed,
		DeleteBeforeReplace: deleteBeforeReplace && d.replaces,
	}
}

func ptrEqual[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// deref returns *v or the zero value.
func deref[T any](v *T) T {
	if v == nil {
		var zero T
		return zero
	}
	return *v
}

// ptr returns a pointer to a copy of v.
func ptr[T any](v T) *T { return &v }

// nonEmptyPtr returns nil for "" and a pointer otherwise (the API reports unset optional
// strings as "").
func nonEmptyPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
