package standin

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"

	v5 "github.com/pulumi/pulumi-cloudflare/sdk/v5/go/cloudflare"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

// engineProgram registers the four v5 resources the way dome-infra does.
type engineProgram struct {
	queueName string
	importD1  string // "<account id>/<uuid>" of a database to adopt, or ""
}

func (e engineProgram) run(ctx *pulumi.Context) error {
	account := pulumi.String(acct)
	db, err := v5.NewD1Database(ctx, "dome-meta", &v5.D1DatabaseArgs{AccountId: account, Name: pulumi.String("dome-meta")})
	if err != nil {
		return err
	}
	if _, err := v5.NewR2Bucket(ctx, "dome-raw", &v5.R2BucketArgs{AccountId: account, Name: pulumi.String("dome-raw")}); err != nil {
		return err
	}
	q, err := v5.NewQueue(ctx, "dome-events", &v5.QueueArgs{AccountId: account, Name: pulumi.String(e.queueName)})
	if err != nil {
		return err
	}
	if _, err := v5.NewWorkersCronTrigger(ctx, "dome-cron", &v5.WorkersCronTriggerArgs{
		AccountId: account, ScriptName: pulumi.String("dome-cron"), Schedules: pulumi.ToStringArray([]string{"*/5 * * * *"}),
	}); err != nil {
		return err
	}
	if e.importD1 != "" {
		if _, err := v5.NewD1Database(ctx, "silo", &v5.D1DatabaseArgs{AccountId: account, Name: pulumi.String("silo")},
			pulumi.Import(pulumi.ID(e.importD1))); err != nil {
			return err
		}
	}
	ctx.Export("d1Id", db.ID())
	ctx.Export("d1Version", db.Version)
	ctx.Export("queueId", q.ID())
	return nil
}

// TestEngine runs the real pulumi engine (Automation API, inline program, local
// backend) with the installed stand-in against the emulator: up, a clean preview and
// refresh, drift, adoption with the import resource option and v5's import ID, an
// in-place rename, destroy. It needs a pulumi CLI on PATH (e.g. `make tools` then
// PATH=$PWD/bin:$PATH) and is skipped otherwise. (The `pulumi import` command is not
// exercised: it needs the project's language plugin, pulumi-language-go, even for an
// inline program.)
func TestEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pulumi engine")
	}
	cli, err := exec.LookPath("pulumi")
	if err != nil {
		t.Skip("no pulumi CLI on PATH")
	}
	ctx := context.Background()
	s := cloudflaretest.Start(t)
	s.SeedScript(acct, cloudflaretest.ScriptState{Name: "dome-cron"})
	home := t.TempDir()
	InstallForTest(t, home)

	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: filepath.Dir(filepath.Dir(cli)), SkipVersionCheck: true})
	require.NoError(t, err)
	prog := engineProgram{queueName: "dome-events"}
	stack, err := auto.UpsertStackInlineSource(ctx, "test", "standin-engine", func(c *pulumi.Context) error { return prog.run(c) },
		auto.Pulumi(cmd),
		auto.WorkDir(t.TempDir()),
		auto.PulumiHome(home),
		auto.Project(workspace.Project{
			Name:    "standin-engine",
			Runtime: workspace.NewProjectRuntimeInfo("go", nil),
			Backend: &workspace.ProjectBackend{URL: "file://" + t.TempDir()},
		}),
		auto.SecretsProvider("passphrase"),
		auto.EnvVars(map[string]string{
			"PULUMI_CONFIG_PASSPHRASE":                    "test",
			"PULUMI_SKIP_UPDATE_CHECK":                    "true",
			"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
			EnvAPIBaseURL:                                 s.URL(),
			EnvAPIToken:                                   "", // the token comes from the stack's secret config
		}),
	)
	require.NoError(t, err)
	require.NoError(t, stack.SetConfig(ctx, "cloudflare:apiToken", auto.ConfigValue{Value: s.Token(), Secret: true}))

	up, err := stack.Up(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"create": 5}, opCounts(up.Summary.ResourceChanges), "stack + 4 resources")
	db, ok := s.D1DatabaseByName(acct, "dome-meta")
	require.True(t, ok)
	assert.Equal(t, db.UUID, up.Outputs["d1Id"].Value)
	assert.Equal(t, "production", up.Outputs["d1Version"].Value)
	_, ok = s.Bucket(acct, "dome-raw")
	assert.True(t, ok)
	queueID, _ := up.Outputs["queueId"].Value.(string)
	_, ok = s.Queue(acct, queueID)
	assert.True(t, ok)
	assert.Len(t, s.Schedules(acct, "dome-cron"), 1)

	_, err = stack.Preview(ctx, optpreview.ExpectNoChanges())
	require.NoError(t, err, "a second preview shows no changes")
	_, err = stack.Refresh(ctx, optrefresh.ExpectNoChanges())
	require.NoError(t, err, "a refresh finds no drift")

	// Drift: schedules changed behind Pulumi's back; refresh sees it, up restores it.
	require.NoError(t, s.SetSchedules(acct, "dome-cron", "0 0 * * *"))
	ref, err := stack.Refresh(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, opCounts(ref.Summary.ResourceChanges)["update"])
	_, err = stack.Up(ctx)
	require.NoError(t, err)
	assert.Equal(t, "*/5 * * * *", s.Schedules(acct, "dome-cron")[0].Cron)

	// Adopt an existing database by v5's import ID: it must match the program exactly.
	const uuid = "baf652ea-e575-4019-b95c-c9d44d02c1aa"
	s.SeedD1(acct, "silo", uuid)
	prog.importD1 = acct + "/" + uuid
	s.ResetRequests()
	up, err = stack.Up(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, opCounts(up.Summary.ResourceChanges)["import"])
	assert.Empty(t, s.WriteRequests(), "an import writes nothing")
	prog.importD1 = ""

	// Rename the queue: an in-place update that keeps its ID.
	prog.queueName = "dome-events-v2"
	pre, err := stack.Preview(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, pre.ChangeSummary[apitype.OpUpdate], "the rename is an update, not a replacement")
	assert.Zero(t, pre.ChangeSummary[apitype.OpReplace])
	up, err = stack.Up(ctx)
	require.NoError(t, err)
	assert.Equal(t, queueID, up.Outputs["queueId"].Value)
	q, _ := s.Queue(acct, queueID)
	assert.Equal(t, "dome-events-v2", q.QueueName)

	_, err = stack.Destroy(ctx)
	require.NoError(t, err)
	assert.Empty(t, s.D1Databases(acct))
	assert.Empty(t, s.Buckets(acct))
	assert.Empty(t, s.Queues(acct))
	assert.Empty(t, s.Schedules(acct, "dome-cron"))
}

func opCounts(changes *map[string]int) map[string]int {
	out := map[string]int{}
	if changes == nil {
		return out
	}
	for op, n := range *changes {
		if op != "same" && n > 0 {
			out[op] = n
		}
	}
	return out
}
