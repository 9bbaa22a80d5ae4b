package guard

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fixtures in testdata are the real engine's output, captured by
// e2e/guard_test.go (see testdata/README.md): <case>.json is `pulumi preview
// --json`'s document, <case>.events.jsonl.gz the engine events (gzip).
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	path := filepath.Join("testdata", name)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	if strings.HasSuffix(name, ".gz") {
		r, err := gzip.NewReader(bytes.NewReader(b))
		require.NoError(t, err)
		b, err = io.ReadAll(r)
		require.NoError(t, err)
	}
	return b
}

const stackURN = "urn:pulumi:dev::dome-infra::"

type want struct {
	typ, name string
	op        apitype.OpType
	why       []string
}

var fixtures = []struct {
	name string
	want []want
	// eventsWhy are more reasons the engine events give (they list every
	// step of a replace; the --json document shows only the replace).
	eventsWhy []string
}{
	{name: "clean"},
	{name: "delete", want: []want{{"cloudflare:index/d1Database:D1Database", "guard-extra", apitype.OpDelete,
		[]string{"deletes the resource"}}}},
	{name: "replace", want: []want{{"cloudflare:index/d1Database:D1Database", "guard-extra", apitype.OpReplace,
		[]string{"replaces the resource (the old one is deleted)", "replace forced by name"}}}},
	{name: "replace-delete-first", want: []want{{"dome-cloudflare:index:VectorizeIndex", "dome-notes", apitype.OpReplace,
		[]string{"replaces the resource (the old one is deleted)", "replace forced by dimensions"}}},
		eventsWhy: []string{"delete-before-replace: the resource is absent until its replacement is created"}},
	{name: "worker-code", want: []want{{TypeWorkerScript, "silo", apitype.OpUpdate,
		[]string{"replaces the worker's code (content changes)"}}}},
	{name: "worker-binding", want: []want{{TypeWorkerScript, "dome-notify", apitype.OpUpdate,
		[]string{"removes binding EXTRA_SECRET (secretTextBindings)"}}}},
	{name: "dead-letter", want: []want{{TypeQueueConsumer, "new-content-constellation", apitype.OpUpdate,
		[]string{"removes deadLetterQueue embed-dead-letter-dev: failed messages would be dropped"}}}},
}

// TestFixtures judges each captured preview in both formats: in prod the
// guard refuses exactly the expected resource, for the expected reasons;
// naming it in the overrides lets it pass; dev reports and passes; the
// clean preview passes everywhere.
func TestFixtures(t *testing.T) {
	for _, tc := range fixtures {
		for _, file := range []string{tc.name + ".json", tc.name + ".events.jsonl.gz"} {
			t.Run(file, func(t *testing.T) {
				p, err := Read(bytes.NewReader(fixture(t, file)))
				require.NoError(t, err)
				require.NotEmpty(t, p.Steps)
				assert.Empty(t, p.Errors)

				for _, env := range []string{"prod", "staging", "qa"} {
					v := Judge(p, env, nil)
					require.Len(t, v.Refused, len(tc.want), "%s: %v", env, v.Refused)
					assert.Equal(t, len(tc.want) == 0, v.Pass(), env)
				}
				v := Judge(p, "prod", nil)
				var urns []string
				for i, w := range tc.want {
					f := v.Refused[i]
					assert.Equal(t, w.typ, f.Type)
					assert.Equal(t, w.name, f.Name)
					assert.Equal(t, w.op, f.Op)
					assert.Equal(t, stackURN+w.typ+"::"+w.name, f.URN)
					why := w.why
					if strings.HasSuffix(file, ".gz") {
						why = append(append([]string{}, why...), tc.eventsWhy...)
					}
					assert.Equal(t, why, f.Reasons)
					urns = append(urns, f.URN)
				}

				dev := Judge(p, "dev", nil)
				assert.True(t, dev.Pass(), "dev reports and passes")
				assert.Len(t, dev.Refused, len(tc.want), "dev reports the same steps")

				allowed := Judge(p, "prod", urns)
				assert.True(t, allowed.Pass())
				assert.Len(t, allowed.Allowed, len(tc.want))
				assert.Empty(t, allowed.Unused)

				other := stackURN + "dome-cloudflare:index:WorkerScript::not-in-this-preview"
				stale := Judge(p, "prod", []string{other})
				assert.Equal(t, []string{other}, stale.Unused, "an override naming no destructive step is reported")
				assert.Equal(t, len(tc.want) == 0, stale.Pass(), "and allows nothing")
			})
		}
	}
}

// TestBothFormatsAgree: the --json document and the engine events of one
// preview give the same verdict.
func TestBothFormatsAgree(t *testing.T) {
	for _, tc := range fixtures {
		doc, err := Read(bytes.NewReader(fixture(t, tc.name+".json")))
		require.NoError(t, err)
		events, err := Read(bytes.NewReader(fixture(t, tc.name+".events.jsonl.gz")))
		require.NoError(t, err)
		a, b := Judge(doc, "prod", nil), Judge(events, "prod", nil)
		require.Len(t, b.Refused, len(a.Refused), tc.name)
		for i := range a.Refused {
			assert.Equal(t, a.Refused[i].URN, b.Refused[i].URN, tc.name)
			assert.Equal(t, a.Refused[i].Op, b.Refused[i].Op, tc.name)
		}
	}
}

// TestFailedPreview: a preview that reported an error (here a bad config
// value; the program registered nothing) is not judged, in any
// environment: the guard names the error and exits 2.
func TestFailedPreview(t *testing.T) {
	for _, file := range []string{"failed.json", "failed.events.jsonl.gz"} {
		p, err := Read(bytes.NewReader(fixture(t, file)))
		require.NoError(t, err, file)
		require.NotEmpty(t, p.Errors, file)
		assert.Contains(t, strings.Join(p.Errors, "\n"), "dome-infra:vectorizeMetric", file)
		for _, env := range []string{"dev", "staging", "prod"} {
			v := Judge(p, env, nil)
			assert.False(t, v.Pass(), "%s in %s", file, env)
			assert.Contains(t, v.Headline(), "REFUSED: the preview reported", file)
		}
	}
	path := filepath.Join(t.TempDir(), "failed.json")
	require.NoError(t, os.WriteFile(path, fixture(t, "failed.json"), 0o644))
	var out bytes.Buffer
	assert.Equal(t, ExitUsage, Main([]string{"-env", "dev", "-preview", path}, &out, io.Discard))
	assert.Contains(t, out.String(), "dome-infra:vectorizeMetric")
}

func TestMainExitStatus(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, b, 0o644))
		return path
	}
	clean := write("clean.json", fixture(t, "clean.json"))
	del := write("delete.jsonl", fixture(t, "delete.events.jsonl.gz"))
	urn := stackURN + "cloudflare:index/d1Database:D1Database::guard-extra"
	root, err := filepath.Abs("../..")
	require.NoError(t, err)

	for _, tc := range []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"clean in prod", []string{"-env", "prod", "-preview", clean}, ExitPass, "PASS: no destructive step"},
		{"delete in prod", []string{"-env", "prod", "-preview", del}, ExitRefused, "REFUSED: delete cloudflare:index/d1Database:D1Database \"guard-extra\""},
		{"delete in staging", []string{"-env", "staging", "-preview", del}, ExitRefused, "-allow-destroy=" + urn},
		{"delete in dev", []string{"-env", "dev", "-preview", del}, ExitPass, "reported only in dev"},
		{"delete allowed by name", []string{"-env", "prod", "-preview", del, "-allow-destroy=" + urn}, ExitPass, "allowed by -allow-destroy: delete"},
		{"the stack file's environment: prod", []string{"-stack", "prod", "-dir", root, "-preview", del}, ExitRefused, "guard: prod: REFUSED"},
		{"the stack file's environment: dev", []string{"-stack", "dev", "-dir", root, "-preview", del}, ExitPass, "guard: dev: PASS"},
		{"no blanket override", []string{"-env", "prod", "-preview", del, "-allow-destroy=*"}, ExitUsage, ""},
		{"no override by name alone", []string{"-env", "prod", "-preview", del, "-allow-destroy=guard-extra"}, ExitUsage, ""},
		{"no environment", []string{"-preview", del}, ExitUsage, ""},
		{"empty preview", []string{"-env", "prod", "-preview", write("empty.json", nil)}, ExitUsage, ""},
		{"not JSON", []string{"-env", "prod", "-preview", write("text.txt", []byte("Previewing update (prod)"))}, ExitUsage, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := Main(tc.args, &out, &errOut)
			assert.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
			assert.Contains(t, out.String(), tc.out)
		})
	}

	t.Run("job summary", func(t *testing.T) {
		summary := filepath.Join(dir, "summary.md")
		require.Equal(t, ExitRefused, Main([]string{"-env", "prod", "-preview", del, "-summary", summary}, io.Discard, io.Discard))
		b, err := os.ReadFile(summary)
		require.NoError(t, err)
		assert.Contains(t, string(b), "| refused | delete | `cloudflare:index/d1Database:D1Database` | guard-extra | deletes the resource | `"+urn+"` |")
		assert.Contains(t, string(b), "allow_destroy")
	})
}

func TestRootOf(t *testing.T) {
	for path, root := range map[string]string{
		"content":                    "content",
		"secretTextBindings[1].text": "secretTextBindings",
		"observability.enabled":      "observability",
		`["a.b"].c`:                  "a.b",
	} {
		assert.Equal(t, root, rootOf(path), path)
	}
}

// TestUnmodelled: the companion provider marks unmodelledBindings and
// unmodelledSettings deleted exactly when the update's upload drops them (an
// update when they are kept); the guard refuses the first and passes the second.
func TestUnmodelled(t *testing.T) {
	step := func(kind apitype.DiffKind) Step {
		return Step{Op: apitype.OpUpdate, Type: TypeWorkerScript, Name: "silo",
			DetailedDiff: map[string]apitype.DiffKind{"unmodelledBindings": kind, "unmodelledSettings": kind},
			OldInputs:    map[string]any{}, NewInputs: map[string]any{}}
	}
	assert.Equal(t, []string{
		"removes what the provider does not model (unmodelledBindings; its warning names each)",
		"removes what the provider does not model (unmodelledSettings; its warning names each)",
	}, Classify(step(apitype.DiffDelete)))
	assert.Empty(t, Classify(step(apitype.DiffUpdate)), "kept: not destructive")
}
