package provider

import (
	"context"
	"strings"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/require"
)

// unknown marks an input as unknown (computed), as during a preview.
var unknown = resource.MakeComputed(resource.NewStringProperty(""))

// props converts a Go literal (map[string]any, []any, strings, numbers, bools, and
// `unknown`) into the property.Map the engine hands to Check.
func props(m map[string]any) property.Map {
	return resource.FromResourcePropertyValue(resource.NewPropertyValue(m)).AsMap()
}

// clone deep-copies a literal so table cases can mutate it.
func clone(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = clone(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = clone(e)
		}
		return out
	default:
		return v
	}
}

// set assigns the value at a dotted path ("a.b[1].c") in a literal; a nil value deletes.
func set(t *testing.T, m map[string]any, path string, value any) {
	t.Helper()
	var cur any = m
	segs := splitPath(path)
	for i, seg := range segs {
		last := i == len(segs)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				if value == nil {
					delete(c, seg.key)
				} else {
					c[seg.key] = value
				}
				return
			}
			cur = c[seg.key]
		case []any:
			require.Less(t, seg.idx, len(c), "path %s", path)
			if last {
				c[seg.idx] = value
				return
			}
			cur = c[seg.idx]
		default:
			t.Fatalf("path %s: cannot descend into %T", path, cur)
		}
	}
}

type pathSeg struct {
	key string
	idx int
}

func splitPath(path string) []pathSeg {
	var out []pathSeg
	for _, part := range strings.Split(path, ".") {
		name, rest, _ := strings.Cut(part, "[")
		if name != "" {
			out = append(out, pathSeg{key: name})
		}
		for rest != "" {
			num, after, _ := strings.Cut(rest, "]")
			n := 0
			for _, r := range num {
				n = n*10 + int(r-'0')
			}
			out = append(out, pathSeg{idx: n})
			_, rest, _ = strings.Cut(after, "[")
		}
	}
	return out
}

// failureProps lists the properties named by check failures.
func failureProps(fs []p.CheckFailure) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Property
	}
	return out
}

// checkCase is one table case: mutate the valid inputs, expect failures on wantProps.
type checkCase struct {
	name      string
	mutate    map[string]any // path -> new value (nil deletes)
	wantProps []string       // properties that must be named by failures (exactly)
	wantIn    string         // substring expected in the first failure's reason
}

func runCheckCases(
	t *testing.T,
	check func(context.Context, map[string]any) ([]p.CheckFailure, error),
	valid map[string]any,
	cases []checkCase,
) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := clone(valid).(map[string]any)
			for path, v := range tc.mutate {
				set(t, in, path, v)
			}
			failures, err := check(context.Background(), in)
			require.NoError(t, err)
			require.ElementsMatch(t, tc.wantProps, failureProps(failures), "failures: %+v", failures)
			if tc.wantIn != "" && len(failures) > 0 {
				require.Contains(t, failures[0].Reason, tc.wantIn)
			}
		})
	}
}
