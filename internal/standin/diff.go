package standin

import (
	"slices"

	p "github.com/pulumi/pulumi-go-provider"
)

// differ builds a DiffResponse naming every changed top-level property and whether the
// change forces a replacement. It never talks to Cloudflare.
type differ struct {
	detailed map[string]p.PropertyDiff
	replaces bool
}

func newDiffer() *differ { return &differ{detailed: map[string]p.PropertyDiff{}} }

// change records a change of a property; wasSet/isSet make an appearing property an
// "add" and a disappearing one a "delete".
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

// set records a change of a list compared as a set (v5 declares schedules a set).
func (d *differ) set(name string, old, new []string, replace bool) {
	d.change(name, !sameSet(old, new), len(old) > 0, len(new) > 0, replace)
}

func (d *differ) response(deleteBeforeReplace bool) p.DiffResponse {
	return p.DiffResponse{
		HasChanges:          len(d.detailed) > 0,
		DetailedDiff:        d.detailed,
		DeleteBeforeReplace: deleteBeforeReplace && d.replaces,
	}
}

func sameSet(a, b []string) bool {
	a, b = dedupSorted(a), dedupSorted(b)
	return slices.Equal(a, b)
}

func dedupSorted(v []string) []string {
	out := slices.Clone(v)
	slices.Sort(out)
	return slices.Compact(out)
}
