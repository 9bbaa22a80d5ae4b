package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/internal/databases"
	"github.com/dome/dome-infra/internal/discovery"
	"github.com/dome/dome-infra/internal/discovery/discoverytest"
	"github.com/dome/dome-infra/internal/plan"
	"github.com/dome/dome-infra/internal/storage"
)

const repoRoot = "../.."

// handMadeProd starts an emulator holding the hand-made production estate.
func handMadeProd(t *testing.T, opts ...cloudflaretest.Option) (*cloudflaretest.Server, discoverytest.Seeded) {
	t.Helper()
	s := cloudflaretest.Start(t, opts...)
	return s, discoverytest.SeedStack(t, s, repoRoot, "prod")
}

func optionsFor(t *testing.T, s *cloudflaretest.Server) options {
	return options{
		dir: repoRoot, stack: "prod", out: filepath.Join(t.TempDir(), "import.json"),
		apiURL: s.URL(), token: s.Token(), maxRetries: 0,
	}
}

// importFile is the file as pulumi reads it.
type importFile struct {
	NameTable map[string]string `json:"nameTable"`
	Resources []struct {
		Type        string `json:"type"`
		Name        string `json:"name"`
		ID          string `json:"id"`
		Parent      string `json:"parent"`
		LogicalName string `json:"logicalName"`
	} `json:"resources"`
}

func readImportFile(t *testing.T, path string) (importFile, map[string]any) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var f importFile
	require.NoError(t, json.Unmarshal(data, &f))
	var raw map[string]any
	require.NoError(t, json.Unmarshal(data, &raw))
	return f, raw
}

func TestImportsTheHandMadeProdEstate(t *testing.T) {
	s, seeded := handMadeProd(t)
	o := optionsFor(t, s)
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), o, &stdout, &stderr))
	assert.Empty(t, s.WriteRequests(), "the import never changes the account")
	for _, r := range s.Requests() {
		assert.Equal(t, http.MethodGet, r.Method)
	}

	f, raw := readImportFile(t, o.out)
	assert.ElementsMatch(t, []string{"resources"}, keys(raw), "prod has no parents or explicit providers: no nameTable")
	var planned int
	for _, r := range seeded.Plan.Resources {
		if strings.HasPrefix(r.Type, "pulumi:providers:") {
			continue
		}
		planned++
		var ids []string
		for _, e := range f.Resources {
			logical := e.LogicalName
			if logical == "" {
				logical = e.Name
			}
			if e.Type == r.Type && logical == r.Name {
				ids = append(ids, e.ID)
			}
		}
		assert.Equal(t, []string{seeded.ImportIDs[plan.Ref{Type: r.Type, Name: r.Name}]}, ids, "%s %s: once, with its import ID", r.Type, r.Name)
	}
	assert.Len(t, f.Resources, planned)
	assert.Equal(t, 24, planned)
	for _, e := range f.Resources {
		assert.True(t, strings.HasPrefix(e.ID, seeded.AccountID+"/"), e.ID)
	}

	text := stdout.String()
	assert.Contains(t, text, "import prod: account "+cloudflaretest.AccountID+" at "+s.URL()+"; groups d1, r2, queues, vectorize, workers, consumers, events\n")
	assert.Contains(t, text, "Will be imported (in the code and the account): 24\n")
	assert.Contains(t, text, "Will be created by `pulumi up` (in the code, not in the account): 0\n")
	assert.Contains(t, text, "Unmanaged (in the account, not in the code; never touched): 0\n")
	assert.Contains(t, text, "Clashes (same name, different resource: resolve before importing): 0\n")
	assert.Regexp(t, `cloudflare:index/d1Database:D1Database\s+dome-meta\s+dome-meta\s+`+cloudflaretest.AccountID+`/ac198406-1036-495e-b0f1-b61f7c9ecbdf`, text)
	assert.Contains(t, stderr.String(), "import: wrote "+o.out+" (24 resources); next: pulumi import --stack prod --file "+o.out+" --generate-code=false --protect=true\n", "prod is protected in the state from the moment it is imported")
	assert.NotContains(t, text+stderr.String(), s.Token())
	t.Logf("report:\n%s", text)
}

func TestOnlySomeGroups(t *testing.T) {
	s, seeded := handMadeProd(t)
	o := optionsFor(t, s)
	o.only = "d1,r2"
	var stdout bytes.Buffer
	require.NoError(t, run(context.Background(), o, &stdout, &bytes.Buffer{}))

	require.NotEmpty(t, s.Requests())
	for _, r := range s.Requests() {
		assert.True(t, strings.Contains(r.Path, "/d1/") || strings.HasSuffix(r.Path, "/r2/buckets") || strings.HasSuffix(r.Path, "/accounts"),
			"only the account check, D1 and R2 requests, got %s %s", r.Method, r.Path)
	}
	f, _ := readImportFile(t, o.out)
	var got []string
	for _, e := range f.Resources {
		got = append(got, e.Type+" "+e.Name+" "+e.ID)
	}
	acct := seeded.AccountID
	assert.Equal(t, []string{
		databases.Type + " dome-meta " + acct + "/ac198406-1036-495e-b0f1-b61f7c9ecbdf",
		databases.Type + " silo " + acct + "/baf652ea-e575-4019-b95c-c9d44d02c1aa",
		storage.BucketType + " dome-raw " + acct + "/dome-raw",
		storage.BucketType + " silo-content " + acct + "/silo-content",
	}, got)
	assert.Contains(t, stdout.String(), "; groups d1, r2\n")
	assert.NotContains(t, stdout.String(), "Queue")
}

func TestReportsMissingUnmanagedAndClashing(t *testing.T) {
	s, seeded := handMadeProd(t)
	acct := seeded.AccountID
	// Missing: dome-raw was never made by hand.
	require.True(t, s.DeleteBucket(acct, "dome-raw"))
	// Unmanaged: made by hand, unknown to the code.
	s.SeedD1(acct, "legacy-analytics", "11111111-2222-4333-8444-555555555555")
	s.SeedScript(acct, cloudflaretest.ScriptState{Name: "legacy-backup"})
	// Clash: the index has another shape.
	require.True(t, s.DeleteVectorizeIndex(acct, "dome-notes"))
	s.SeedVectorizeIndex(acct, "dome-notes", 384, "euclidean")

	o := optionsFor(t, s)
	o.asJSON = true
	var stdout bytes.Buffer
	err := run(context.Background(), o, &stdout, &bytes.Buffer{})
	require.Error(t, err)
	assert.Equal(t, "1 clash (dome-notes): resolve them (or leave their group out with -only) and run again; no import file written", err.Error())
	assert.NoFileExists(t, o.out)
	assert.Empty(t, s.WriteRequests())

	var rep struct {
		Stack, AccountID string
		Groups           []string
		Import           []discovery.Entry
		Create           []discovery.Entry
		Unmanaged        []discovery.Entry
		Clashes          []discovery.Entry
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep), stdout.String())
	assert.Len(t, rep.Import, 22, "24 less the missing bucket and the clashing index")
	assert.Equal(t, []discovery.Entry{{Group: "r2", Type: storage.BucketType, Name: "dome-raw", CloudflareName: "dome-raw"}}, rep.Create)
	assert.Equal(t, []discovery.Entry{
		{Group: "d1", Type: databases.Type, CloudflareName: "legacy-analytics", ID: acct + "/11111111-2222-4333-8444-555555555555"},
		{Group: "workers", Type: companion.WorkerScriptType, CloudflareName: "legacy-backup", ID: acct + "/legacy-backup"},
	}, rep.Unmanaged)
	require.Len(t, rep.Clashes, 1)
	assert.Equal(t, "dome-notes", rep.Clashes[0].Name)
	assert.Contains(t, rep.Clashes[0].Detail, "384 dimensions and the euclidean metric, the code 768 and cosine")

	// The same as a table; -only vectorize is left out to import the rest.
	o.asJSON, o.only = false, "d1,r2,queues,workers,consumers,events"
	stdout.Reset()
	require.NoError(t, run(context.Background(), o, &stdout, &bytes.Buffer{}))
	text := stdout.String()
	assert.Contains(t, text, "Will be created by `pulumi up` (in the code, not in the account): 1\n")
	assert.Contains(t, text, "Unmanaged (in the account, not in the code; never touched): 2\n")
	assert.Regexp(t, `cloudflare:index/d1Database:D1Database\s+legacy-analytics\s+`+acct+`/11111111-2222-4333-8444-555555555555`, text)
	f, _ := readImportFile(t, o.out)
	assert.Len(t, f.Resources, 22, "the same 22: the index was left out either way")
	t.Logf("report:\n%s", text)
}

func TestFollowsPagesAndReportsEveryUnmanagedResource(t *testing.T) {
	s, seeded := handMadeProd(t)
	acct := seeded.AccountID
	var want []string
	for i := range 5 {
		db, bucket := fmt.Sprintf("legacy-db-%d", i), fmt.Sprintf("legacy-bucket-%d", i)
		s.SeedD1(acct, db, "")
		s.SeedBucket(acct, bucket)
		want = append(want, db, bucket)
	}
	o := optionsFor(t, s)
	o.asJSON = true
	o.discover = []discovery.Option{discovery.WithPageSize(2)} // 7 of each: 4 pages
	var stdout bytes.Buffer
	require.NoError(t, run(context.Background(), o, &stdout, &bytes.Buffer{}))

	var rep struct{ Import, Unmanaged []discovery.Entry }
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep))
	assert.Len(t, rep.Import, 24)
	var got []string
	for _, e := range rep.Unmanaged {
		got = append(got, e.CloudflareName)
	}
	assert.ElementsMatch(t, want, got)
	assert.GreaterOrEqual(t, s.Count("GET", "/accounts/*/d1/database"), 4)
	assert.GreaterOrEqual(t, s.Count("GET", "/accounts/*/r2/buckets"), 4)
	assert.Empty(t, s.WriteRequests())
}

func TestJSONReportShape(t *testing.T) {
	s, _ := handMadeProd(t)
	o := optionsFor(t, s)
	o.asJSON, o.only = true, "vectorize"
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), o, &stdout, &stderr))
	assert.JSONEq(t, `{
		"stack": "prod",
		"accountId": "`+cloudflaretest.AccountID+`",
		"groups": ["vectorize"],
		"import": [{
			"group": "vectorize",
			"type": "dome-cloudflare:index:VectorizeIndex",
			"name": "dome-notes",
			"cloudflareName": "dome-notes",
			"id": "`+cloudflaretest.AccountID+`/dome-notes"
		}],
		"create": [],
		"unmanaged": [],
		"clashes": [],
		"importFile": "`+o.out+`"
	}`, stdout.String())
	data, err := os.ReadFile(o.out)
	require.NoError(t, err)
	assert.JSONEq(t, `{"resources":[{"type":"dome-cloudflare:index:VectorizeIndex","name":"dome-notes","id":"`+cloudflaretest.AccountID+`/dome-notes"}]}`, string(data))
	assert.Contains(t, stderr.String(), "import: wrote "+o.out)
}

func TestATokenWithoutVectorizeReadIsNamed(t *testing.T) {
	s, _ := handMadeProd(t, cloudflaretest.WithToken("cf-secret-token-0123456789"), cloudflaretest.WithPermissions(
		cloudflaretest.PermD1Read, cloudflaretest.PermR2Read, cloudflaretest.PermQueuesRead, cloudflaretest.PermWorkersScriptsRead))
	o := optionsFor(t, s)
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), o, &stdout, &stderr)
	require.Error(t, err)
	assert.Equal(t, `listing Vectorize indexes: the API token lacks the "Vectorize Read" permission`, err.Error())
	assert.NotContains(t, err.Error()+stdout.String()+stderr.String(), "cf-secret-token-0123456789")
	assert.NoFileExists(t, o.out)
	assert.Empty(t, s.WriteRequests())

	// The groups that need only the permissions it has work.
	o.only = "d1,r2,queues,workers,consumers,events"
	require.NoError(t, run(context.Background(), o, &stdout, &stderr))
}

func TestRefusesBadInvocations(t *testing.T) {
	s := cloudflaretest.Start(t)
	tests := []struct {
		name   string
		change func(*options)
		want   string
	}{
		{"unknown group", func(o *options) { o.only = "d1,kv" },
			`-only: unknown group "kv"; valid groups: d1, r2, queues, vectorize, workers, consumers, events`},
		{"no token", func(o *options) { o.token = "" },
			`no Cloudflare API token: export CLOUDFLARE_API_TOKEN (a token with "D1 Read", "Workers R2 Storage Read", "Queues Read", "Vectorize Read", "Workers Scripts Read")`},
		{"bad URL", func(o *options) { o.apiURL = "api.cloudflare.com" }, `-api-url "api.cloudflare.com" is not an absolute URL`},
		{"unknown stack", func(o *options) { o.stack = "qa" }, "Pulumi.qa.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := optionsFor(t, s)
			tt.change(&o)
			err := run(context.Background(), o, &bytes.Buffer{}, &bytes.Buffer{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NoFileExists(t, o.out)
		})
	}
	assert.Empty(t, s.Requests(), "nothing is asked of Cloudflare before the invocation checks out")
}

func TestRedactsTheToken(t *testing.T) {
	o := options{token: "cf-secret-token-0123456789", stack: "qa", dir: "cf-secret-token-0123456789"}
	err := run(context.Background(), o, &bytes.Buffer{}, &bytes.Buffer{})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "cf-secret-token-0123456789")
	assert.Contains(t, err.Error(), "[REDACTED]")
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestNamesWhatTheProviderDoesNotModel: a binding type or setting the companion
// provider does not model is never dropped silently. The report names each, says
// what the first up does to it (the provider's own Diff), and lists the Go
// change; it is DESTRUCTIVE exactly when that up uploads a bundle, which
// removes it.
func TestNamesWhatTheProviderDoesNotModel(t *testing.T) {
	rooms := cloudflaretest.Binding{Name: "ROOMS", Type: "durable_object_namespace", ClassName: "Room", NamespaceID: "do-ns"}
	for _, tc := range []struct {
		stack, worker string
		newCode       bool // the code in Cloudflare is not the stack's: up uploads
		want          []string
	}{
		{
			// prod's code is external: the settings update keeps both.
			stack: "prod", worker: "dome-api",
			want: []string{
				`change       WorkerScript dome-api  durable_object_namespace binding ROOMS: code not modelled, Cloudflare durable_object_namespace {"class_name":"Room","namespace_id":"do-ns"}`,
				"↳ kept: the settings update of an external Worker sends it as `inherit`; Go change: model the durable_object_namespace binding type in the companion provider (internal/provider) and the estate, or keep worker \"dome-api\" external",
				`change       WorkerScript dome-api  setting placement: code not modelled, Cloudflare {"mode":"smart"}`,
			},
		},
		{
			// dev uploads the placeholder over code that is not it: the upload
			// keeps only secrets.
			stack: "dev", worker: "dome-api", newCode: true,
			want: []string{
				`DESTRUCTIVE  WorkerScript dome-api  durable_object_namespace binding ROOMS: code not modelled, Cloudflare durable_object_namespace {"class_name":"Room","namespace_id":"do-ns"}`,
				"↳ REMOVED by this update's upload of the bundle (an upload keeps only secrets)",
				`DESTRUCTIVE  WorkerScript dome-api  setting placement: code not modelled, Cloudflare {"mode":"smart"}`,
				"↳ RESET by this update's upload of the bundle",
			},
		},
		{
			// dev, same code: the first up does not upload, so it keeps them,
			// and says the next upload would not.
			stack: "dev", worker: "dome-api",
			want: []string{
				`change       WorkerScript dome-api  durable_object_namespace binding ROOMS`,
				"↳ kept by this update (no upload), but the next upload of the bundle removes it",
			},
		},
	} {
		t.Run(fmt.Sprintf("%s new code %v", tc.stack, tc.newCode), func(t *testing.T) {
			s := cloudflaretest.Start(t)
			seeded := discoverytest.SeedStack(t, s, repoRoot, tc.stack)
			name := tc.worker
			if tc.stack != "prod" {
				name += "-" + tc.stack
			}
			require.NoError(t, s.UpdateScript(seeded.AccountID, name, func(sc *cloudflaretest.ScriptState) {
				sc.Bindings = append(sc.Bindings, rooms)
				sc.Placement = &cloudflaretest.Placement{Mode: "smart"}
				if tc.newCode {
					for i := range sc.Modules {
						sc.Modules[i].Content = []byte("export default { fetch() { return new Response('hand-made') } };\n")
					}
				}
			}))
			o := optionsFor(t, s)
			o.stack = tc.stack
			var stdout bytes.Buffer
			require.NoError(t, run(context.Background(), o, &stdout, &bytes.Buffer{}))
			text := stdout.String()
			for _, w := range tc.want {
				assert.Contains(t, text, w)
			}
			assert.Contains(t, text, "model the durable_object_namespace binding type in the companion provider")
			assert.Empty(t, s.WriteRequests())
			t.Logf("report:\n%s", text)
		})
	}
}
