package plan

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/config"
)

// fake is a custom resource of a made-up provider, enough to exercise the
// harness without the program.
type fake struct{ pulumi.CustomResourceState }

func register(ctx *pulumi.Context, typ, name string, props pulumi.Map, opts ...pulumi.ResourceOption) (*fake, error) {
	var r fake
	return &r, ctx.RegisterResource(typ, name, props, &r, opts...)
}

func TestPlanRecordsInputsDependenciesAndSecrets(t *testing.T) {
	values := config.Values{"dome-infra:greeting": {Value: "hello"}, "dome-infra:password": {Value: "hunter2", Secret: true}}
	p, mocks, err := Run("dev", values, func(ctx *pulumi.Context) error {
		greeting, _ := ctx.GetConfig("dome-infra:greeting")
		password, _ := ctx.GetConfig("dome-infra:password")
		db, err := register(ctx, "cloudflare:index/d1Database:D1Database", "db",
			pulumi.Map{"accountId": pulumi.String("acct"), "name": pulumi.String("db-dev")}, pulumi.Protect(true))
		if err != nil {
			return err
		}
		_, err = register(ctx, "test:index:Thing", "thing", pulumi.Map{
			"greeting": pulumi.String(greeting),
			"password": pulumi.ToSecret(pulumi.String(password)),
			"dbId":     db.ID(),
			"list":     pulumi.Array{pulumi.Map{"nested": pulumi.ToSecret(pulumi.String(password))}},
		})
		return err
	})
	require.NoError(t, err)
	require.Len(t, p.Resources, 2)

	// Sorted by type, then name.
	db, thing := p.Resources[0], p.Resources[1]
	assert.Equal(t, "cloudflare:index/d1Database:D1Database", db.Type)
	assert.Equal(t, "test:index:Thing", thing.Type)

	assert.True(t, db.Protect)
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, db.ID, "D1 IDs are UUIDs")
	assert.Equal(t, db.ID, thing.Inputs["dbId"], "outputs flow into inputs")
	assert.Equal(t, []string{"db"}, thing.DependsOn)
	assert.Equal(t, []Ref{{Type: db.Type, Name: "db"}}, mocks.Find("test:index:Thing")[0].Deps)
	assert.Equal(t, "", thing.Parent, "top-level resources have no parent in the plan")
	assert.Equal(t, "hello", thing.Inputs["greeting"])
	assert.Equal(t, Secret, thing.Inputs["password"])
	assert.Equal(t, []any{map[string]any{"nested": Secret}}, thing.Inputs["list"])

	out, err := p.JSON()
	require.NoError(t, err)
	assert.NotContains(t, string(out), "hunter2", "secrets never reach the plan")
	var shape map[string]any
	require.NoError(t, json.Unmarshal(out, &shape))
	assert.Equal(t, "dev", shape["stack"])
	first := shape["resources"].([]any)[0].(map[string]any)
	for _, key := range []string{"type", "name", "id", "inputs", "dependsOn", "parent", "protect"} {
		assert.Contains(t, first, key, "the JSON contract has %q", key)
	}
	assert.Len(t, first, 7, "and nothing else")
	assert.Equal(t, []any{}, first["dependsOn"], "an empty dependsOn is [], not null")

	tree := p.Tree()
	assert.Contains(t, tree, "Stack dev: 2 resources to create")
	assert.Contains(t, tree, "db  (db-dev)  [protected]")
	assert.Contains(t, tree, "thing  after db")
}

// group is a component resource, enough to exercise parents.
type group struct{ pulumi.ResourceState }

// TestPlanRecordsComponentsAndParentsByType: a component and its children,
// where a child and a resource at the top share the component's name (as
// D1 silo, script silo and service silo do). The parent is recorded with
// its type, so the tree puts each child under the component only.
func TestPlanRecordsComponentsAndParentsByType(t *testing.T) {
	engineURN := make(chan pulumi.URN, 1) // the child's URN, as the SDK made it
	p, mocks, err := Run("dev", config.Values{}, func(ctx *pulumi.Context) error {
		if _, err := register(ctx, "test:index:Db", "silo", pulumi.Map{}); err != nil {
			return err
		}
		var g group
		if err := ctx.RegisterComponentResource("test:index:Group", "silo", &g, pulumi.Protect(true)); err != nil {
			return err
		}
		script, err := register(ctx, "test:index:Script", "silo", pulumi.Map{}, pulumi.Parent(&g))
		if err != nil {
			return err
		}
		script.URN().ApplyT(func(u pulumi.URN) pulumi.URN { engineURN <- u; return u })
		return ctx.RegisterResourceOutputs(&g, pulumi.Map{})
	})
	require.NoError(t, err)
	require.Len(t, p.Resources, 3)
	db, grp, script := p.Resources[0], p.Resources[1], p.Resources[2]
	assert.Equal(t, "test:index:Group", grp.Type)
	assert.True(t, grp.Component)
	assert.Empty(t, grp.ID, "a component has no ID")
	assert.False(t, db.Component)
	assert.Equal(t, "test:index:Group::silo", script.Parent)
	assert.Equal(t, grp.Ref().String(), script.Parent)
	assert.Empty(t, db.Parent)
	assert.True(t, script.Protect, "protect is inherited from the parent component")
	assert.Equal(t, 2, mocks.Completed(), "the component registered its outputs, and so did the stack")
	urn, err := p.URN(config.Project, script)
	require.NoError(t, err)
	assert.Equal(t, string(<-engineURN), urn, "Plan.URN qualifies the type by the parent's, as the engine does")
	_, err = (&Plan{Stack: "dev", Resources: []Resource{{Type: "t:i:T", Name: "x", Parent: "t:i:Gone::g"}}}).URN(config.Project, Resource{Type: "t:i:T", Name: "x", Parent: "t:i:Gone::g"})
	assert.EqualError(t, err, `t:i:T "x": parent t:i:Gone::g is not in the plan`)

	out, err := p.JSON()
	require.NoError(t, err)
	assert.Contains(t, string(out), `"component": true`)
	assert.Equal(t, 1, strings.Count(string(out), `"component"`), "omitted for custom resources")

	tree := p.Tree()
	assert.Contains(t, tree, "Stack dev: 2 resources to create, plus 1 components")
	assert.Contains(t, tree, "  + test:index:Group  silo  [protected]\n      + test:index:Script  silo  [protected]\n")
	assert.Equal(t, 1, strings.Count(tree, "test:index:Script"), "the child is under its component only, not under the Db of the same name")
}

func TestRunReportsProgramErrors(t *testing.T) {
	_, mocks, err := Run("dev", config.Values{}, func(ctx *pulumi.Context) error {
		return assert.AnError
	})
	require.Error(t, err)
	assert.ErrorContains(t, err, assert.AnError.Error())
	assert.Empty(t, mocks.Registrations())
}
