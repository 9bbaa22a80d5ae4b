package discovery_test

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"reflect"
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
	"github.com/dome/dome-infra/internal/queues"
	"github.com/dome/dome-infra/internal/service"
	"github.com/dome/dome-infra/internal/storage"
	"github.com/dome/dome-infra/internal/workers"
)

// reconcile discovers the account and reconciles it with the seeded plan.
func reconcile(t *testing.T, s *cloudflaretest.Server, seeded discoverytest.Seeded, groups ...discovery.Group) *discovery.Report {
	t.Helper()
	inv, err := discovery.Discover(context.Background(), newClient(s), seeded.AccountID, groups)
	require.NoError(t, err)
	rep, err := discovery.Reconcile(discovery.Input{
		Stack: "prod", AccountID: seeded.AccountID, Plan: seeded.Plan,
		D1IDs: seeded.Config.D1DatabaseIDs, Groups: groups, Inventory: inv,
	})
	require.NoError(t, err)
	return rep
}

// managed is every resource of the plan the import is about (providers
// and components aside: neither is in Cloudflare).
func managed(p *plan.Plan) []plan.Resource {
	var out []plan.Resource
	for _, r := range p.Resources {
		if !strings.HasPrefix(r.Type, "pulumi:providers:") && !r.Component {
			out = append(out, r)
		}
	}
	return out
}

// imports are the entries of the file that import something from
// Cloudflare (the components aside).
func imports(f discovery.ImportFile) []discovery.ImportResource {
	var out []discovery.ImportResource
	for _, r := range f.Resources {
		if !r.Component {
			out = append(out, r)
		}
	}
	return out
}

func TestReconcileImportsEveryResourceOfTheProdPlanOnce(t *testing.T) {
	s, seeded := prodEstate(t)
	rep := reconcile(t, s, seeded)
	assert.Empty(t, s.WriteRequests())
	assert.Empty(t, rep.Create)
	assert.Empty(t, rep.Unmanaged)
	assert.Empty(t, rep.Clashes)

	resources := managed(seeded.Plan)
	require.Len(t, resources, 24, "the prod plan: 2 D1, 2 R2, 6 queues, 1 index, 6 scripts, 1 cron, 5 consumers, 1 notification")
	require.Len(t, rep.Import, len(resources))
	require.Len(t, imports(rep.File), len(resources))
	assert.Empty(t, rep.File.NameTable, "every parent is in the file, and prod has no explicit provider")

	// Every service component is in the file, before what it holds, with
	// no ID: pulumi import creates it in the state as their parent.
	byHandle := map[string]discovery.ImportResource{}
	for _, f := range rep.File.Resources {
		byHandle[f.Name] = f
	}
	components := len(rep.File.Resources) - len(resources)
	assert.Equal(t, 6, components, "one service per worker")
	for i, f := range rep.File.Resources[:components] {
		assert.True(t, f.Component, "entry %d: the components come first", i)
		assert.Equal(t, service.Type, f.Type)
		assert.Empty(t, f.ID, "a component has no ID")
		assert.Empty(t, f.Parent, "a service is at the top")
	}

	handles := map[string]bool{}
	for _, r := range resources {
		var found []discovery.ImportResource
		for _, f := range rep.File.Resources {
			if f.Type == r.Type && f.Logical() == r.Name {
				found = append(found, f)
			}
		}
		require.Len(t, found, 1, "%s %s", r.Type, r.Name)
		f := found[0]
		assert.Equal(t, seeded.ImportIDs[plan.Ref{Type: r.Type, Name: r.Name}], f.ID, "%s %s", r.Type, r.Name)
		if parent, ok, err := seeded.Plan.ParentOf(r); assert.NoError(t, err) && ok {
			got := byHandle[f.Parent]
			assert.Equal(t, parent.Ref(), plan.Ref{Type: got.Type, Name: got.Logical()}, "%s %s is imported under its parent", r.Type, r.Name)
			assert.True(t, got.Component)
		} else {
			assert.Empty(t, f.Parent, "%s %s is at the top", r.Type, r.Name)
		}
		assert.Empty(t, f.Provider)
		assert.False(t, handles[f.Name], "handle %q is unique", f.Name)
		handles[f.Name] = true
		assertIDForm(t, seeded, r, f.ID)
	}

	// Logical names shared across types keep their logical name.
	for _, want := range []discovery.ImportResource{
		{Type: databases.Type, Name: "siloD1Database", LogicalName: "silo"},
		{Type: companion.WorkerScriptType, Name: "siloWorkerScript", LogicalName: "silo"},
		{Type: service.Type, Name: "siloService", LogicalName: "silo"},
		{Type: service.Type, Name: "dome-notifyService", LogicalName: "dome-notify"},
		{Type: queues.Type, Name: "dome-eventsQueue", LogicalName: "dome-events"},
		{Type: companion.QueueConsumerType, Name: "dome-eventsQueueConsumer", LogicalName: "dome-events"},
		{Type: storage.BucketType, Name: "dome-raw"},
		{Type: companion.VectorizeIndexType, Name: "dome-notes"},
	} {
		var got *discovery.ImportResource
		for i, f := range rep.File.Resources {
			if f.Type == want.Type && f.Logical() == want.Logical() {
				got = &rep.File.Resources[i]
			}
		}
		require.NotNil(t, got, want)
		assert.Equal(t, want.Name, got.Name)
		assert.Equal(t, want.LogicalName, got.LogicalName)
	}
}

// assertIDForm checks an import ID against the form its type documents.
func assertIDForm(t *testing.T, seeded discoverytest.Seeded, r plan.Resource, id string) {
	t.Helper()
	acct := seeded.AccountID
	name, _ := r.Inputs["name"].(string)
	switch r.Type {
	case databases.Type: // <account_id>/<database_id>, the production IDs from config
		assert.Equal(t, acct+"/"+seeded.Config.D1DatabaseIDs[r.Name], id)
		assert.Contains(t, []string{
			acct + "/ac198406-1036-495e-b0f1-b61f7c9ecbdf", acct + "/baf652ea-e575-4019-b95c-c9d44d02c1aa",
		}, id)
	case storage.BucketType: // <account_id>/<bucket_name>
		assert.Equal(t, acct+"/"+name, id)
	case queues.Type: // <account_id>/<queue_id>
		assert.Equal(t, acct+"/"+seeded.QueueIDs[name], id)
	case workers.CronType: // <account_id>/<script_name>
		assert.Equal(t, acct+"/"+r.Inputs["scriptName"].(string), id)
	case companion.WorkerScriptType:
		a, n, err := companion.ParseWorkerScriptID(id)
		require.NoError(t, err)
		assert.Equal(t, []string{acct, name}, []string{a, n})
	case companion.VectorizeIndexType:
		a, n, err := companion.ParseVectorizeIndexID(id)
		require.NoError(t, err)
		assert.Equal(t, []string{acct, name}, []string{a, n})
	case companion.QueueConsumerType:
		a, q, c, err := companion.ParseQueueConsumerID(id)
		require.NoError(t, err)
		assert.Equal(t, []string{acct, seeded.QueueIDs[r.Name], seeded.ConsumerIDs[r.Name]}, []string{a, q, c},
			"consumers are named after their queue")
	case companion.R2EventNotificationType:
		a, b, q, err := companion.ParseR2EventNotificationID(id)
		require.NoError(t, err)
		assert.Equal(t, []string{acct, r.Inputs["bucketName"].(string), seeded.QueueIDs["content-events"]}, []string{a, b, q})
	default:
		t.Errorf("no ID form for %s", r.Type)
	}
}

// find returns the entries of a list with that type and name (logical name,
// or Cloudflare name for unmanaged entries).
func find(list []discovery.Entry, typ, name string) []discovery.Entry {
	var out []discovery.Entry
	for _, e := range list {
		if e.Type == typ && (e.Name == name || (e.Name == "" && e.CloudflareName == name)) {
			out = append(out, e)
		}
	}
	return out
}

func inFile(f discovery.ImportFile, typ, name string) bool {
	for _, r := range f.Resources {
		if r.Type == typ && r.Logical() == name {
			return true
		}
	}
	return false
}

func TestReconcileSortsTheAccountAgainstTheCode(t *testing.T) {
	type where int
	const (
		create where = iota
		unmanaged
		clash
	)
	tests := []struct {
		name   string
		change func(t *testing.T, s *cloudflaretest.Server, seeded discoverytest.Seeded)
		where  where
		typ    string
		// resource is the logical name (create, clash) or Cloudflare name (unmanaged).
		resource string
		detail   string
	}{
		{
			name: "a missing bucket will be created",
			change: func(t *testing.T, s *cloudflaretest.Server, sd discoverytest.Seeded) {
				require.True(t, s.DeleteBucket(sd.AccountID, "dome-raw"))
			},
			where: create, typ: storage.BucketType, resource: "dome-raw",
		},
		{
			name: "a missing queue will be created, and its consumer with it",
			change: func(t *testing.T, s *cloudflaretest.Server, sd discoverytest.Seeded) {
				require.True(t, s.DeleteQueue(sd.AccountID, sd.QueueIDs["new-content-ai"]))
			},
			where: create, typ: companion.QueueConsumerType, resource: "new-content-ai", detail: "the queue does not exist yet",
		},
		{
			name: "a missing consumer will be created",
			change: func(t *testing.T, s *cloudflaretest.Server, sd discoverytest.Seeded) {
				require.True(t, s.DeleteConsumer(sd.AccountID, sd.QueueIDs["dome-events"], sd.ConsumerIDs["dome-events"]))
			},
			where: create, typ: companion.QueueConsumerType, resource: "dome-events",
		},
		{
			name: "a script without its schedule gets the cron trigger created",
			change: func(t *testing.T, s *cloudflaretest.Server, sd discoverytest.Seeded) {
				require.NoError(t, s.SetSchedules(sd.AccountID, "dome-cron"))
			},
			where: create, typ: workers.CronType, resource: "dome-cron", detail: "the script exists but has no cron trigger",
		},
		{
			name: "a missing event notification will be created",
			change: func(t *testing.T, s *cloudflaretest.Server, sd discoverytest.Seeded) {
				require.True(t, s.DeleteEventNotification(sd.AccountID, "silo-content", sd.QueueIDs["content-events"]))
			},
			where: create, typ: companion.R2EventNotificationType, resource: "silo-content-to-content-events",
		},
		{
			name: "an extra D1 database is unmanaged",
			change: func(t *testing.T, s *cloudflaretest.Server, sd discoverytest.Seeded) {
				s.SeedD1(sd.AccountID, "legacy-analytics", "")
			},
			where: unmanaged, typ: databases.Type, resource: "legacy-analytics",
		},
		{
			name: "an extra worker with a schedule is unmanaged, script and cron",
			change: func(t *testing.T, s *cloudflaretest.Server, sd discoverytest.Seeded) {
				s.SeedScript(sd.AccountID, cloudflaretest.ScriptState{Name: "legacy-backup"})
				require.NoError(t, s.SetSchedules(sd.AccountID, "legacy-backup", "0 3 * * *"))
			},
			where: unmanaged, typ: workers.CronType, resource: "legacy-backup", detail: `schedules ["0 3 * * *"]`,
		},
		{
			name: "an extra queue's http_pull consumer is unmanaged",
			change: func(t *testing.T, s *cloudflaretest.Server, sd discoverytest.Seeded) {
				q := s.SeedQueue(sd.AccountID, "legacy-jobs")
				_, err := s.SeedConsumer(sd.AccountID, q, cloudflaretest.ConsumerState{Type: cloudflaretest.ConsumerTypeHTTPPull})
				require.NoError(t, err)
			},
			where: unmanaged, typ: companion.QueueConsumerType, resource: "legacy-jobs", detail: "http_pull consumer",
		},
		{
			name: "an extra event notification is unmanaged",
			change: func(t *testing.T, s *cloudflaretest.Server, sd discoverytest.Seeded) {
				require.NoError(t, s.SeedEventNotification(sd.AccountID, "dome-raw", sd.QueueIDs["dome-events"],
					cloudflaretest.EventNotificationRule{Actions: []string{"DeleteObject"}}))
			},
			where: unmanaged, typ: companion.R2EventNotificationType, resource: "dome-raw → dome-events", detail: "rules [DeleteObject]",
		},
		{
			name: "a Vectorize index of another shape clashes",
			change: func(t *testing.T, s *cloudflaretest.Server, sd discoverytest.Seeded) {
				require.True(t, s.DeleteVectorizeIndex(sd.AccountID, "dome-notes"))
				s.SeedVectorizeIndex(sd.AccountID, "dome-notes", 384, "euclidean")
			},
			where: clash, typ: companion.VectorizeIndexType, resource: "dome-notes",
			detail: "the account's index has 384 dimensions and the euclidean metric, the code 768 and cosine",
		},
		{
			name: "a queue consumed by another script clashes",
			change: func(t *testing.T, s *cloudflaretest.Server, sd discoverytest.Seeded) {
				q := sd.QueueIDs["new-content-ai"]
				require.True(t, s.DeleteConsumer(sd.AccountID, q, sd.ConsumerIDs["new-content-ai"]))
				_, err := s.SeedConsumer(sd.AccountID, q, cloudflaretest.ConsumerState{ScriptName: "legacy-ai"})
				require.NoError(t, err)
			},
			where: clash, typ: companion.QueueConsumerType, resource: "new-content-ai",
			detail: `queue new-content-ai is consumed by script "legacy-ai", the code has "ai-processor" consume it`,
		},
		{
			name: "a config D1 ID the account does not have clashes",
			change: func(t *testing.T, s *cloudflaretest.Server, sd discoverytest.Seeded) {
				require.True(t, s.DeleteD1(sd.AccountID, "baf652ea-e575-4019-b95c-c9d44d02c1aa"))
				s.SeedD1(sd.AccountID, "silo", "00000000-0000-4000-8000-000000000001")
			},
			where: clash, typ: databases.Type, resource: "silo",
			detail: `config dome-infra:d1DatabaseIds gives silo the ID baf652ea-e575-4019-b95c-c9d44d02c1aa, but the account has no D1 database with that ID (its D1 database "silo" has the ID 00000000-0000-4000-8000-000000000001)`,
		},
		{
			name: "a config D1 ID of a database with another name clashes",
			change: func(t *testing.T, s *cloudflaretest.Server, sd discoverytest.Seeded) {
				require.True(t, s.DeleteD1(sd.AccountID, "ac198406-1036-495e-b0f1-b61f7c9ecbdf"))
				s.SeedD1(sd.AccountID, "dome-meta-old", "ac198406-1036-495e-b0f1-b61f7c9ecbdf")
			},
			where: clash, typ: databases.Type, resource: "dome-meta",
			detail: `config dome-infra:d1DatabaseIds gives dome-meta the ID ac198406-1036-495e-b0f1-b61f7c9ecbdf, but in the account that ID is the D1 database "dome-meta-old", not "dome-meta"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, seeded := prodEstate(t)
			tt.change(t, s, seeded)
			s.ResetRequests()
			rep := reconcile(t, s, seeded)
			assert.Empty(t, s.WriteRequests())

			lists := map[where][]discovery.Entry{create: rep.Create, unmanaged: rep.Unmanaged, clash: rep.Clashes}
			got := find(lists[tt.where], tt.typ, tt.resource)
			require.Len(t, got, 1, "report: %+v", rep)
			assert.Contains(t, got[0].Detail, tt.detail)
			if tt.where == unmanaged {
				assert.NotEmpty(t, got[0].ID, "unmanaged resources show their ID")
				assert.Len(t, rep.Import, 24, "everything managed is still imported")
			} else {
				assert.False(t, inFile(rep.File, tt.typ, tt.resource), "neither created nor clashing resources go in the file")
				assert.Empty(t, find(rep.Import, tt.typ, tt.resource))
			}
			assert.Len(t, imports(rep.File), len(rep.Import))
		})
	}
}

func TestReconcileOnlySelectedGroups(t *testing.T) {
	s, seeded := prodEstate(t)
	s.SeedQueue(seeded.AccountID, "legacy-jobs")
	s.SeedBucket(seeded.AccountID, "legacy-files")
	rep := reconcile(t, s, seeded, discovery.D1, discovery.R2)
	assert.Equal(t, []discovery.Group{discovery.D1, discovery.R2}, rep.Groups)
	require.Len(t, rep.File.Resources, 4)
	for _, f := range rep.File.Resources {
		assert.Contains(t, []string{databases.Type, storage.BucketType}, f.Type)
		assert.Equal(t, f.Name, f.Logical(), "no shared names among D1 and R2")
	}
	require.Len(t, rep.Unmanaged, 1, "the extra queue is outside the groups")
	assert.Equal(t, "legacy-files", rep.Unmanaged[0].CloudflareName)
}

// TestImportFileParentsAndProviders: a parent in the file is referred to by
// its handle, one outside it (and an explicit provider) by URN in nameTable;
// a component parent is declared in the file, before its children, as a
// component with no ID (`pulumi import` creates it in the state).
func TestImportFileParentsAndProviders(t *testing.T) {
	const acct = cloudflaretest.AccountID
	api := plan.Ref{Type: companion.WorkerScriptType, Name: "api"}.String()
	jobs := plan.Ref{Type: companion.WorkerScriptType, Name: "jobs"}.String()
	svc := plan.Ref{Type: service.Type, Name: "mail"}.String()
	p := &plan.Plan{Stack: "prod", Resources: []plan.Resource{
		{Type: "pulumi:providers:dome-cloudflare", Name: "dome-cloudflare"},
		{Type: companion.WorkerScriptType, Name: "api", Inputs: map[string]any{"name": "api"}},
		// Two "api"s: the cron's parent is the script, not itself.
		{Type: workers.CronType, Name: "api", Parent: api, Inputs: map[string]any{"scriptName": "api", "schedules": []any{"* * * * *"}}},
		{Type: companion.WorkerScriptType, Name: "jobs", Inputs: map[string]any{"name": "jobs"}},
		{Type: workers.CronType, Name: "jobs", Parent: jobs, Inputs: map[string]any{"scriptName": "jobs", "schedules": []any{"0 * * * *"}}},
		{Type: service.Type, Name: "mail", Component: true},
		{Type: companion.WorkerScriptType, Name: "mail", Parent: svc, Inputs: map[string]any{"name": "mail"}},
	}}
	inv := discovery.Inventory{
		Groups:       []discovery.Group{discovery.Workers},
		Scripts:      []discovery.Script{{Name: "api"}, {Name: "mail"}},
		CronTriggers: []discovery.CronTrigger{{Script: "api", Crons: []string{"* * * * *"}}, {Script: "jobs", Crons: []string{"0 * * * *"}}},
	}
	rep, err := discovery.Reconcile(discovery.Input{
		Stack: "prod", AccountID: acct, Plan: p, Groups: []discovery.Group{discovery.Workers}, Inventory: inv,
		Providers: map[plan.Ref]string{{Type: companion.WorkerScriptType, Name: "api"}: "dome-cloudflare"},
	})
	require.NoError(t, err)
	require.Len(t, rep.Create, 1, "script jobs")
	assert.Equal(t, discovery.ImportFile{
		NameTable: map[string]string{
			"dome-cloudflare": "urn:pulumi:prod::dome-infra::pulumi:providers:dome-cloudflare::dome-cloudflare",
			"jobs2":           "urn:pulumi:prod::dome-infra::dome-cloudflare:index:WorkerScript::jobs", // "jobs" is the cron's handle
		},
		Resources: []discovery.ImportResource{
			{Type: service.Type, Name: "mailService", LogicalName: "mail", Component: true},
			{Type: workers.CronType, Name: "apiWorkersCronTrigger", LogicalName: "api", ID: acct + "/api", Parent: "apiWorkerScript"},
			{Type: workers.CronType, Name: "jobs", ID: acct + "/jobs", Parent: "jobs2"},
			{Type: companion.WorkerScriptType, Name: "apiWorkerScript", LogicalName: "api", ID: acct + "/api", Provider: "dome-cloudflare"},
			{Type: companion.WorkerScriptType, Name: "mailWorkerScript", LogicalName: "mail", ID: acct + "/mail", Parent: "mailService"},
		},
	}, rep.File)

	// A parent the plan does not have is an error naming it.
	p.Resources[6].Parent = plan.Ref{Type: service.Type, Name: "gone"}.String()
	_, err = discovery.Reconcile(discovery.Input{
		Stack: "prod", AccountID: acct, Plan: p, Groups: []discovery.Group{discovery.Workers}, Inventory: inv,
	})
	assert.EqualError(t, err, `dome-cloudflare:index:WorkerScript "mail": parent dome:index:Service::gone is not in the plan`)
}

func TestReconcileRefusesATypeItDoesNotKnow(t *testing.T) {
	p := &plan.Plan{Stack: "prod", Resources: []plan.Resource{{Type: "cloudflare:index/workersKvNamespace:WorkersKvNamespace", Name: "cache"}}}
	_, err := discovery.Reconcile(discovery.Input{Stack: "prod", Plan: p, Inventory: discovery.Inventory{Groups: discovery.AllGroups}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `resource "cache" of type cloudflare:index/workersKvNamespace:WorkersKvNamespace: the import does not know this type`)
}

func TestReconcileRefusesGroupsThatWereNotDiscovered(t *testing.T) {
	_, err := discovery.Reconcile(discovery.Input{
		Stack: "prod", Plan: &plan.Plan{}, Groups: []discovery.Group{discovery.D1, discovery.R2},
		Inventory: discovery.Inventory{Groups: []discovery.Group{discovery.D1}},
	})
	require.Error(t, err)
	assert.Equal(t, "group r2 was not discovered: Discover it before reconciling it", err.Error())
}

func TestImportFileJSON(t *testing.T) {
	f := discovery.ImportFile{Resources: []discovery.ImportResource{
		{Type: databases.Type, Name: "siloD1Database", LogicalName: "silo", ID: "a/b"},
		{Type: storage.BucketType, Name: "dome-raw", ID: "a/dome-raw"},
	}}
	data, err := f.JSON()
	require.NoError(t, err)
	assert.JSONEq(t, `{"resources":[
		{"type":"cloudflare:index/d1Database:D1Database","name":"siloD1Database","id":"a/b","logicalName":"silo"},
		{"type":"cloudflare:index/r2Bucket:R2Bucket","name":"dome-raw","id":"a/dome-raw"}]}`, string(data))

	empty, err := discovery.ImportFile{}.JSON()
	require.NoError(t, err)
	assert.JSONEq(t, `{"resources":[]}`, string(empty))
}

// TestImportFileMatchesPulumisSchema reads the pinned CLI's source
// (cmd/pulumi/operations/import.go: importFile, importSpec) and checks that
// every field the import file writes is one the CLI reads, under the same
// JSON name and Go kind.
func TestImportFileMatchesPulumisSchema(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/pulumi/pulumi/pkg/v3").Output()
	require.NoError(t, err, "the pulumi CLI module (go.mod's tool directive)")
	src := filepath.Join(strings.TrimSpace(string(out)), "cmd", "pulumi", "operations", "import.go")
	fields := pulumiJSONFields(t, src)

	check := func(pulumiType string, ours reflect.Type) {
		require.NotEmpty(t, fields[pulumiType], "%s in %s", pulumiType, src)
		for i := range ours.NumField() {
			f := ours.Field(i)
			name := strings.Split(f.Tag.Get("json"), ",")[0]
			kind, ok := fields[pulumiType][name]
			if assert.True(t, ok, "%s.%s: pulumi's %s has no JSON field %q", ours.Name(), f.Name, pulumiType, name) {
				assert.Equal(t, kind, goKind(f.Type), "%s.%s", ours.Name(), f.Name)
			}
		}
	}
	check("importFile", reflect.TypeOf(discovery.ImportFile{}))
	check("importSpec", reflect.TypeOf(discovery.ImportResource{}))
}

// pulumiJSONFields maps each struct of the file to its JSON field names and
// a coarse kind ("string", "map", "slice", …) of each.
func pulumiJSONFields(t *testing.T, path string) map[string]map[string]string {
	file, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	require.NoError(t, err)
	out := map[string]map[string]string{}
	ast.Inspect(file, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok {
			return true
		}
		st, ok := ts.Type.(*ast.StructType)
		if !ok {
			return true
		}
		m := map[string]string{}
		for _, f := range st.Fields.List {
			if f.Tag == nil {
				continue
			}
			tag := reflect.StructTag(strings.Trim(f.Tag.Value, "`"))
			m[strings.Split(tag.Get("json"), ",")[0]] = astKind(f.Type)
		}
		out[ts.Name.Name] = m
		return true
	})
	return out
}

func astKind(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.MapType:
		return "map"
	case *ast.ArrayType:
		return "slice"
	case *ast.StarExpr:
		return "pointer"
	case *ast.Ident:
		if x.Name == "bool" {
			return "bool"
		}
		return "string"
	case *ast.SelectorExpr: // tokens.Type, resource.ID, resource.URN: strings
		return "string"
	}
	return "other"
}

func goKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Map:
		return "map"
	case reflect.Slice:
		return "slice"
	case reflect.Pointer:
		return "pointer"
	case reflect.Bool:
		return "bool"
	case reflect.String:
		return "string"
	}
	return "other"
}

func TestReportJSONShape(t *testing.T) {
	s, seeded := prodEstate(t)
	s.SeedBucket(seeded.AccountID, "legacy-files")
	rep := reconcile(t, s, seeded, discovery.R2)
	data, err := json.Marshal(rep)
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"stack": "prod", "accountId": "0f1e2d3c4b5a69788796a5b4c3d2e1f0", "groups": ["r2"],
		"import": [
			{"group":"r2","type":"cloudflare:index/r2Bucket:R2Bucket","name":"dome-raw","cloudflareName":"dome-raw","id":"0f1e2d3c4b5a69788796a5b4c3d2e1f0/dome-raw"},
			{"group":"r2","type":"cloudflare:index/r2Bucket:R2Bucket","name":"silo-content","cloudflareName":"silo-content","id":"0f1e2d3c4b5a69788796a5b4c3d2e1f0/silo-content"}
		],
		"create": [],
		"unmanaged": [
			{"group":"r2","type":"cloudflare:index/r2Bucket:R2Bucket","cloudflareName":"legacy-files","id":"0f1e2d3c4b5a69788796a5b4c3d2e1f0/legacy-files"}
		],
		"clashes": []
	}`, string(data))
}
