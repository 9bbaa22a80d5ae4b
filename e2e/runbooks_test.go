//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/guard"
	"github.com/dome/dome-infra/internal/program"
	"github.com/dome/dome-infra/internal/service"
	"github.com/dome/dome-infra/internal/standin"
)

// The tests of docs/runbooks.md. Each runs a runbook's commands against the
// emulator with the real engine: the pulumi CLI itself where the runbook
// types a pulumi command the Automation API has no verb for (stack
// export/import/init, state unprotect), the Automation API's equivalent
// elsewhere (config set, preview, up, refresh: the same CLI underneath), and
// the guard behind `make preview`/`make up` on the engine's own events.
// Comments marked "runbook:" name the runbook's line each step stands for.

// cli runs bin/pulumi in the stack's work dir with the workspace's
// environment (backend, passphrase, token, emulator), as a team member
// types it, and returns its output.
func (e *stackEnv) cli(args ...string) (string, error) {
	e.t.Helper()
	ctx, cancel := e.ctx()
	defer cancel()
	env := []string{"PULUMI_HOME=" + pulumiHome}
	for k, v := range e.stack.Workspace().GetEnvVars() {
		env = append(env, k+"="+v)
	}
	stdout, stderr, _, err := pulumiCLI.Run(ctx, e.dir, nil, nil, nil, env, append(args, "--non-interactive")...)
	return stdout + stderr, err
}

// mustCLI is cli that fails the test on error.
func (e *stackEnv) mustCLI(args ...string) string {
	e.t.Helper()
	out, err := e.cli(args...)
	require.NoError(e.t, err, "pulumi %s:\n%s", strings.Join(args, " "), out)
	return out
}

// deployment is the stack's state, as `pulumi stack export` gives it
// (secrets encrypted).
func (e *stackEnv) deployment() (apitype.DeploymentV3, string) {
	e.t.Helper()
	ctx, cancel := e.ctx()
	defer cancel()
	state, err := e.stack.Export(ctx)
	require.NoError(e.t, err)
	var d apitype.DeploymentV3
	require.NoError(e.t, json.Unmarshal(state.Deployment, &d))
	return d, string(state.Deployment)
}

// stateAtRest is what the stack's file backend stores — the state, every
// update's history and checkpoint, the backups — and `pulumi stack export`
// (without --show-secrets; the Automation API's Export shows them).
func (e *stackEnv) stateAtRest() string {
	e.t.Helper()
	var b strings.Builder
	b.WriteString(e.mustCLI("stack", "export", "--stack", e.name))
	dir := strings.TrimPrefix(e.stack.Workspace().GetEnvVars()["PULUMI_BACKEND_URL"], "file://")
	files := 0
	require.NoError(e.t, filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		content, err := os.ReadFile(path)
		b.Write(content)
		files++
		return err
	}))
	require.Positive(e.t, files, "the backend %s stores files", dir)
	return b.String()
}

// stateResource finds a resource in the state by type and logical name, not
// by a full URN: where a resource sits in the tree (its parents) may change
// without changing what it is.
func (e *stackEnv) stateResource(typ, name string) apitype.ResourceV3 {
	e.t.Helper()
	d, _ := e.deployment()
	var found []apitype.ResourceV3
	for _, r := range d.Resources {
		if string(r.Type) == typ && r.URN.Name() == name {
			found = append(found, r)
		}
	}
	require.Len(e.t, found, 1, "%s %q in the state", typ, name)
	return found[0]
}

// verdict previews (with opts, e.g. optpreview.Replace) and returns the
// guard's verdict for env, as `make preview STACK=<env> ALLOW_DESTROY=…`
// gives it.
func (e *stackEnv) verdict(env string, allow []string, opts ...optpreview.Option) guard.Verdict {
	e.t.Helper()
	ctx, cancel := e.ctx()
	defer cancel()
	events, err := previewEvents(ctx, e.stack, opts...)
	require.NoError(e.t, err, "preview")
	p, err := guard.Read(bytes.NewReader(events))
	require.NoError(e.t, err)
	v := guard.Judge(p, env, allow)
	var text bytes.Buffer
	v.WriteText(&text)
	e.t.Logf("guard (%s, allow %v):\n%s", env, allow, text.String())
	return v
}

// refusedNames are the logical names of what a verdict refuses.
func refusedNames(v guard.Verdict) []string {
	var out []string
	for _, f := range v.Refused {
		out = append(out, f.Name)
	}
	slices.Sort(out)
	return out
}

// changedSteps are a preview's steps that change something, as "op type name".
func changedSteps(steps []step) []string {
	var out []string
	for _, s := range steps {
		if s.op != apitype.OpSame {
			out = append(out, string(s.op)+" "+s.typ+" "+s.name)
		}
	}
	slices.Sort(out)
	return out
}

// routes are requests as "METHOD /path", sorted.
func routes(rs requests) []string {
	out := methodPaths(rs)
	slices.Sort(out)
	return out
}

// estateProgram is the program built from est instead of estate.Dome(): the
// estate model after a runbook's Go change (the code change a commit makes).
func estateProgram(est estate.Estate) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		_, err := program.Build(ctx, est)
		return err
	}
}

// withDigestWorker is docs/runbooks.md's "add a worker" change to
// internal/estate/dome.go: a new worker, dome-digest, bound to dome-meta,
// and a new service binding from dome-api to it.
func withDigestWorker(est estate.Estate) estate.Estate {
	for i := range est.Workers {
		if est.Workers[i].Name == "dome-api" {
			est.Workers[i].Bindings = append(est.Workers[i].Bindings,
				estate.Binding{Name: "DIGEST", Kind: estate.Service, Target: "dome-digest"})
		}
	}
	est.Workers = append(est.Workers, estate.Worker{
		Name:        "dome-digest",
		Description: "Builds the daily digest",
		Bindings:    []estate.Binding{{Name: "DOME_META", Kind: estate.D1, Target: "dome-meta"}},
	})
	return est
}

// withDigestQueue is the runbook's "add a queue" change on top of it: queue
// digest-jobs, produced by dome-cron, consumed by dome-digest, whose
// failures go to the new dead-letter queue digest-dead-letter.
func withDigestQueue(est estate.Estate) estate.Estate {
	est.Queues = append(est.Queues,
		estate.Queue{Name: "digest-jobs", Description: "Digest jobs from dome-cron"},
		estate.Queue{Name: "digest-dead-letter", Description: "Digest jobs that failed", DeadLetter: true})
	for i := range est.Workers {
		switch est.Workers[i].Name {
		case "dome-cron":
			est.Workers[i].Bindings = append(est.Workers[i].Bindings,
				estate.Binding{Name: "DIGEST_JOBS", Kind: estate.QueueProducer, Target: "digest-jobs"})
		case "dome-digest":
			est.Workers[i].Consumes = append(est.Workers[i].Consumes,
				estate.Consumer{Queue: "digest-jobs", DeadLetterQueue: "digest-dead-letter"})
		}
	}
	return est
}

// TestRunbookAddWorkerAndQueue: docs/runbooks.md "Add a worker with a new
// binding", then "Add a queue with its consumer and a dead-letter queue",
// in dev. Each preview shows exactly the new resources and the one worker
// that gains a binding; each up writes exactly those; the emulator then holds
// them, wired; the next preview is empty.
func TestRunbookAddWorkerAndQueue(t *testing.T) {
	t.Parallel()
	cf := cloudflaretest.Start(t)
	e := newStack(t, cf, "dev")
	acct := e.cfg.AccountID
	e.up()
	scripts := "/accounts/" + acct + "/workers/scripts/"

	// runbook: edit internal/estate/dome.go (the worker and dome-api's DIGEST binding)
	est := withDigestWorker(estate.Dome())
	e.stack.Workspace().SetProgram(estateProgram(est))
	// runbook: Pulumi.dev.yaml: dome-infra:workerBundles.dome-digest: placeholder
	e.setConfig(config.KeyWorkerBundles+".dome-digest", config.Placeholder, false)

	// runbook: make preview STACK=dev
	_, steps := e.previewSteps()
	assert.Equal(t, []string{
		"create " + companion.WorkerScriptType + " dome-digest",
		"create " + service.Type + " dome-digest",
		"update " + companion.WorkerScriptType + " dome-api",
	}, changedSteps(steps))
	for _, s := range steps {
		if s.name == "dome-api" && s.op == apitype.OpUpdate {
			assert.Contains(t, s.props, "serviceBindings", "dome-api gains a service binding")
			assert.NotContains(t, s.props, "content", "dome-api's code is not touched")
		}
	}

	// runbook: make up STACK=dev
	m := e.mark()
	e.up()
	assert.Equal(t, []string{
		"POST " + scripts + e.names.Worker("dome-digest") + "/subdomain", // workers.dev off, explicitly
		"PUT " + scripts + e.names.Worker("dome-api"),                    // dome-api's upload with DIGEST
		"PUT " + scripts + e.names.Worker("dome-digest"),                 // the new worker, with its binding
	}, routes(e.since(m).writes()))
	d1 := map[string]string{}
	for _, db := range cf.D1Databases(acct) {
		d1[db.Name] = db.UUID
	}
	digest, ok := cf.Script(acct, e.names.Worker("dome-digest"))
	require.True(t, ok, "dome-digest exists")
	assert.Equal(t, []string{"DOME_META d1 " + d1[e.names.Database("dome-meta")]}, bindingsOf(digest))
	api, _ := cf.Script(acct, e.names.Worker("dome-api"))
	assert.Contains(t, bindingsOf(api), "DIGEST service "+e.names.Worker("dome-digest"))
	requireNoChanges(t, e.preview(), "preview after adding the worker")

	// runbook: the queue, its consumer and its dead-letter queue in dome.go
	est = withDigestQueue(est)
	e.stack.Workspace().SetProgram(estateProgram(est))
	_, steps = e.previewSteps()
	assert.Equal(t, []string{
		"create " + standin.QueueType + " digest-dead-letter",
		"create " + standin.QueueType + " digest-jobs",
		"create " + companion.QueueConsumerType + " digest-jobs",
		"update " + companion.WorkerScriptType + " dome-cron",
	}, changedSteps(steps))
	m = e.mark()
	e.up()
	jobs, ok := cf.QueueByName(acct, e.names.Queue("digest-jobs"))
	require.True(t, ok, "digest-jobs exists")
	dead, ok := cf.QueueByName(acct, e.names.Queue("digest-dead-letter"))
	require.True(t, ok, "digest-dead-letter exists")
	assert.Equal(t, []string{
		"POST /accounts/" + acct + "/queues",
		"POST /accounts/" + acct + "/queues",
		"POST /accounts/" + acct + "/queues/" + jobs.QueueID + "/consumers",
		"PUT " + scripts + e.names.Worker("dome-cron"),
	}, routes(e.since(m).writes()))
	consumers := cf.Consumers(acct, jobs.QueueID)
	require.Len(t, consumers, 1)
	assert.Equal(t, e.names.Worker("dome-digest"), consumers[0].ScriptName)
	assert.Equal(t, e.names.Queue("digest-dead-letter"), consumers[0].DeadLetterQueue)
	assert.Empty(t, cf.Consumers(acct, dead.QueueID), "a dead-letter queue has no consumer")
	cron, _ := cf.Script(acct, e.names.Worker("dome-cron"))
	assert.Contains(t, bindingsOf(cron), "DIGEST_JOBS queue "+e.names.Queue("digest-jobs"))
	requireNoChanges(t, e.preview(), "preview after adding the queue")
	assert.Equal(t, resourceCount(est), resourceCount(estate.Dome())+4, "1 worker, 2 queues, 1 consumer more")
	record(t, "Runbooks", "add a worker with a binding (dev): preview 1 create (+ its service component) + 1 update, up 3 writes; "+
		"add a queue, its consumer and a dead-letter queue: preview 3 creates + 1 update, up 4 writes; then both previews empty")
}

// TestRunbookRotateSecretAndToken: docs/runbooks.md "Rotate a secret
// binding" for a worker whose code Pulumi uploads (TestAdoption rotates one
// of an external worker in prod), then "Rotate the Cloudflare API token", in
// both places a token can live: the environment (CI, .env) and the stack's
// secret config. The rolled-away token is refused by the emulator; with the
// new one, refresh and up work and write nothing; no token or secret value
// is ever in the state or the stack file in plain text.
func TestRunbookRotateSecretAndToken(t *testing.T) {
	t.Parallel()
	cf := cloudflaretest.Start(t)
	e := newStack(t, cf, "dev")
	acct := e.cfg.AccountID
	silo := e.names.Worker("silo")
	e.setConfig(config.KeyWorkers+".silo.secrets[0]", "API_KEY", false)
	e.setConfig(config.SecretKey("silo", "API_KEY"), "first-secret-value", true)
	e.up()
	before, _ := cf.Script(acct, silo)

	// runbook: pulumi config set --secret dome-infra:secret-silo-API_KEY; make preview; make up
	e.setConfig(config.SecretKey("silo", "API_KEY"), "rotated-secret-value", true)
	_, steps := e.previewSteps()
	assert.Equal(t, []string{"update " + companion.WorkerScriptType + " silo"}, changedSteps(steps))
	m := e.mark()
	e.up()
	assert.Equal(t, []string{"PUT /accounts/" + acct + "/workers/scripts/" + silo + "/secrets"}, routes(e.since(m).writes()),
		"a rotation is one write, and no upload")
	assert.Equal(t, map[string]string{"API_KEY": "rotated-secret-value"}, scriptSecrets(t, cf, acct, silo))
	after, _ := cf.Script(acct, silo)
	assert.Equal(t, before.Modules, after.Modules, "silo's code is untouched")

	// runbook (token in the environment): roll the token in the dashboard.
	ws := e.stack.Workspace()
	oldToken := cf.Token()
	token1 := cf.RollToken()
	// Until CLOUDFLARE_API_TOKEN holds the new value, every call is refused.
	ctx, cancel := e.ctx()
	defer cancel()
	m = e.mark()
	_, err := e.stack.Refresh(ctx)
	require.Error(t, err, "refresh with the rolled-away token")
	assert.Contains(t, err.Error(), "Authentication error", "Cloudflare's 401")
	assert.NotContains(t, err.Error(), oldToken, "the token is never in an error")
	assert.Empty(t, e.since(m).writes())
	// runbook: put the new token in the repository secret / .env, then make refresh; make preview; make up
	ws.SetEnvVar("CLOUDFLARE_API_TOKEN", token1)
	requireNoChanges(t, e.refresh(), "refresh with the new token")
	m = e.mark()
	requireNoChanges(t, e.up(), "up with the new token")
	assert.Empty(t, e.since(m).writes(), "a token rotation writes nothing to Cloudflare")

	// runbook (token in the stack): pulumi config set --secret cloudflare:apiToken
	e.setConfig(config.KeyAPIToken, token1, true)
	ws.UnsetEnvVar("CLOUDFLARE_API_TOKEN")
	_, steps = e.previewSteps()
	for _, s := range changedSteps(steps) {
		assert.Contains(t, s, " pulumi:providers:", "moving the token into the stack changes providers only, never a resource: %s", s)
	}
	m = e.mark()
	e.up()
	assert.Empty(t, e.since(m).writes(), "moving the token into the stack config writes nothing")
	token2 := cf.RollToken()
	m = e.mark()
	_, err = e.stack.Refresh(ctx)
	require.Error(t, err, "refresh with the rolled-away token in the stack config")
	assert.NotContains(t, err.Error(), token1)
	// runbook: pulumi config set --secret cloudflare:apiToken
	e.setConfig(config.KeyAPIToken, token2, true)
	// A refresh (and make drift) configures the providers with the token the
	// state recorded, the rolled-away one, until an up records the new one.
	_, err = e.stack.Refresh(ctx)
	require.Error(t, err, "refresh before the up: the state's token")
	assert.Contains(t, err.Error(), "Authentication error")
	// runbook: make preview; make up — providers updated in place, no resource touched
	_, steps = e.previewSteps()
	for _, s := range changedSteps(steps) {
		assert.Contains(t, s, "update pulumi:providers:", "a rotated token updates providers only: %s", s)
	}
	e.up()
	// runbook: make drift — with the new token, now recorded
	requireNoChanges(t, e.refresh(), "refresh with the new token in the stack config")
	assert.Empty(t, e.since(m).writes(), "a token rotation writes nothing to Cloudflare")

	// Never in plain text: not in what the backend stores, not in the stack file.
	state := e.stateAtRest()
	stackFile, err := os.ReadFile(filepath.Join(e.dir, "Pulumi.dev.yaml"))
	require.NoError(t, err)
	for what, secret := range map[string]string{"the old token": oldToken, "token 1": token1, "token 2": token2,
		"the secret's first value": "first-secret-value", "the secret's value": "rotated-secret-value"} {
		assert.NotContains(t, state, secret, "%s in the state", what)
		assert.NotContains(t, string(stackFile), secret, "%s in Pulumi.dev.yaml", what)
	}
	assert.Contains(t, state, `"ciphertext"`, "the state holds the secrets, encrypted")
	record(t, "Runbooks", "rotate a secret of an uploaded worker (dev): 1 write, no upload; rotate the API token "+
		"(environment, then stack config): the old token refused (401), refresh/preview/up with the new one: 0 writes; no token in the state")
}

// TestRunbookRollback: docs/runbooks.md "Roll back a bad deploy" in
// staging, with bundles (code Pulumi deploys). A bad commit ships a new
// build of silo and a new var; rolling back is the previous commit's stack
// file and an up. The guard refuses both the bad deploy and the rollback
// until silo is named; the rollback re-uploads the previous build (one
// write), drops the var, keeps every secret (declared and put outside
// Pulumi), and touches no data.
func TestRunbookRollback(t *testing.T) {
	t.Parallel()
	cf := cloudflaretest.Start(t)
	e := newStack(t, cf, "staging")
	acct := e.cfg.AccountID
	silo := e.names.Worker("silo")
	bundles := e.giveBundles()
	e.setConfig(config.KeyWorkers+".silo.secrets[0]", "API_KEY", false)
	e.setConfig(config.SecretKey("silo", "API_KEY"), "declared-secret-value", true)
	e.up()
	// A secret put outside Pulumi (wrangler secret put).
	apiSend(t, cf, "PUT", "accounts/"+acct+"/workers/scripts/"+silo+"/secrets",
		`{"name":"WEBHOOK_TOKEN","text":"outside-secret-value","type":"secret_text"}`)
	good, _ := cf.Script(acct, silo)
	data := dataOf(cf, acct)
	stackFile := filepath.Join(e.dir, "Pulumi.staging.yaml")
	goodCommit, err := os.ReadFile(stackFile) // the good commit's stack file
	require.NoError(t, err)

	// The bad commit: a new build of silo and a new var.
	bad := filepath.Join(e.cfg.ArtifactsDir, "silo-bad.js")
	require.NoError(t, os.WriteFile(bad, []byte("export default { async fetch() { throw new Error(\"bad build\"); } };\n"), 0o644))
	e.setConfig(config.KeyWorkerBundles+".silo", bad, false)
	e.setConfig(config.KeyWorkers+".silo.vars.FEATURE", "on", false)
	siloURN := string(e.stateResource(companion.WorkerScriptType, "silo").URN)
	assert.Equal(t, []string{"silo"}, refusedNames(e.verdict("staging", nil)), "a new build is a named act in staging")
	require.True(t, e.verdict("staging", []string{siloURN}).Pass())
	m := e.mark()
	e.up()
	deployed, _ := cf.Script(acct, silo)
	require.Contains(t, string(mainModule(deployed)), "bad build")

	// runbook: git revert <bad commit> (here: the good commit's stack file back)
	require.NoError(t, os.WriteFile(stackFile, goodCommit, 0o644))
	// runbook: make preview STACK=staging — the guard names silo: code and a binding
	v := e.verdict("staging", nil)
	assert.Equal(t, []string{"silo"}, refusedNames(v))
	if assert.Len(t, v.Refused, 1) {
		reasons := strings.Join(v.Refused[0].Reasons, "; ")
		assert.Contains(t, reasons, "content")
		assert.Contains(t, reasons, "FEATURE")
	}
	// runbook: make up STACK=staging ALLOW_DESTROY=<silo's URN, as the guard printed it>
	require.True(t, e.verdict("staging", []string{siloURN}).Pass())
	r := e.mark()
	e.up()
	assert.Equal(t, []string{"PUT /accounts/" + acct + "/workers/scripts/" + silo}, routes(e.since(r).writes()),
		"the rollback is one upload of silo")
	back, _ := cf.Script(acct, silo)
	assert.Equal(t, mainModule(good), mainModule(back), "the previous build runs again")
	assert.Equal(t, bindingsOf(good), bindingsOf(back), "the previous bindings: FEATURE is gone")
	assert.Equal(t, map[string]string{"API_KEY": "declared-secret-value", "WEBHOOK_TOKEN": "outside-secret-value"},
		scriptSecrets(t, cf, acct, silo), "every secret kept, declared or not")
	for _, req := range e.since(m).writes() {
		assert.Contains(t, req.Path, "/workers/scripts/"+silo, "the bad deploy and its rollback write silo only")
	}
	assert.Equal(t, data, dataOf(cf, acct), "databases, buckets, the index and queues untouched")
	requireNoChanges(t, e.preview(), "preview after the rollback")
	code, err := os.ReadFile(bundles["silo"])
	require.NoError(t, err)
	assert.Equal(t, string(code), string(mainModule(back)))
	record(t, "Runbooks", "roll back a bad deploy (staging, bundles): guard refuses silo until named; 1 write (silo's upload); "+
		"var dropped, 2 secrets kept, data untouched")
}

// dataOf is what holds data in the account: each D1 database, bucket,
// index and queue with its identity and creation time, so a recreation
// shows.
func dataOf(cf *cloudflaretest.Server, acct string) []string {
	var out []string
	for _, db := range cf.D1Databases(acct) {
		out = append(out, "d1 "+db.Name+" "+db.UUID+" "+db.CreatedAt.String())
	}
	for _, b := range cf.Buckets(acct) {
		out = append(out, "r2 "+b.Name+" "+b.CreationDate.String())
	}
	for _, ix := range cf.VectorizeIndexes(acct) {
		out = append(out, "vectorize "+ix.Name+" "+ix.CreatedOn.String())
	}
	for _, q := range cf.Queues(acct) {
		out = append(out, "queue "+q.QueueName+" "+q.QueueID)
	}
	slices.Sort(out)
	return out
}

// TestRunbookRestoreAndRecover: docs/runbooks.md "Restore the stack's state
// from an export" (the backend lost: a new one, `pulumi stack init`, `pulumi
// stack import`, a clean preview with no write), then "Recover a D1, R2 or
// Vectorize resource deleted outside Pulumi" in prod, where everything is
// protected: the D1 database (which the v5 plugin cannot refresh) by
// unprotect + a named replace, the Vectorize index by refresh + up. Both
// come back empty, under the same names, protected again, and the workers
// bound to the database are rebound to the new one.
func TestRunbookRestoreAndRecover(t *testing.T) {
	t.Parallel()
	cf := cloudflaretest.Start(t)
	e := newStack(t, cf, "prod")
	acct := e.cfg.AccountID
	e.giveBundles()
	e.up()
	ws := e.stack.Workspace()

	// runbook: pulumi stack export --stack prod --file prod-<date>.json
	backup := filepath.Join(t.TempDir(), "prod-backup.json")
	e.mustCLI("stack", "export", "--stack", "prod", "--file", backup)
	// The backend is lost: a new, empty one.
	ws.SetEnvVar("PULUMI_BACKEND_URL", "file://"+t.TempDir())
	_, err := e.cli("stack", "export", "--stack", "prod")
	require.Error(t, err, "the new backend has no prod stack")
	// runbook: pulumi stack init prod; pulumi stack import --stack prod --file prod-<date>.json
	e.mustCLI("stack", "init", "prod")
	e.mustCLI("stack", "import", "--stack", "prod", "--file", backup)
	m := e.mark()
	requireNoChanges(t, e.preview(), "preview after restoring the state")
	assert.Empty(t, e.since(m).writes(), "restoring the state writes nothing to Cloudflare")
	assert.True(t, e.stateResource(standin.D1DatabaseType, "dome-meta").Protect, "protection comes back with the state")

	// Deleted outside Pulumi: dome-meta (D1) and dome-notes (Vectorize).
	oldDB, ok := cf.D1DatabaseByName(acct, e.names.Database("dome-meta"))
	require.True(t, ok)
	oldIndex, ok := cf.VectorizeIndex(acct, e.names.Index("dome-notes"))
	require.True(t, ok)
	require.True(t, cf.DeleteD1(acct, oldDB.UUID))
	require.True(t, cf.DeleteVectorizeIndex(acct, e.names.Index("dome-notes")))

	// runbook: make refresh STACK=prod — fails on the D1 database (v5 cannot
	// read a deleted one), having recorded what it could read: the index is
	// gone from the state.
	ctx, cancel := e.ctx()
	defer cancel()
	_, err = e.stack.Refresh(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "failed reading D1 database")
	d, _ := e.deployment()
	for _, r := range d.Resources {
		assert.False(t, string(r.Type) == companion.VectorizeIndexType, "the failed refresh dropped the deleted index from the state")
	}

	// runbook: pulumi state unprotect '<urn>' (pulumi stack --show-urns lists it)
	dbURN := string(e.stateResource(standin.D1DatabaseType, "dome-meta").URN)
	// A protected resource is never replaced: the engine refuses first.
	_, err = e.tryUp(optup.Replace([]string{dbURN}))
	require.Error(t, err, "replace of a protected resource")
	assert.Contains(t, err.Error(), "protect")
	e.mustCLI("state", "unprotect", dbURN, "--stack", "prod", "--yes")
	// runbook: make preview STACK=prod REPLACE='<urn>' — refused until named
	assert.Equal(t, []string{"dome-meta"}, refusedNames(e.verdict("prod", nil, optpreview.Replace([]string{dbURN}))))
	// runbook: make up STACK=prod REPLACE='<urn>' ALLOW_DESTROY='<urn>'
	require.True(t, e.verdict("prod", []string{dbURN}, optpreview.Replace([]string{dbURN})).Pass())
	m = e.mark()
	assert.Equal(t, map[string]int{"same": resourceCount(estate.Dome()) + componentCount(estate.Dome()) + 1 - 4, "replace": 1, "create": 1, "update": 2},
		e.up(optup.Replace([]string{dbURN})), "the database replaced, the index created, its two workers rebound")
	assert.ElementsMatch(t, []string{
		"POST /accounts/" + acct + "/d1/database",
		"POST /accounts/" + acct + "/vectorize/v2/indexes",
		"PUT /accounts/" + acct + "/workers/scripts/" + e.names.Worker("dome-api"),
		"PUT /accounts/" + acct + "/workers/scripts/" + e.names.Worker("dome-cron"),
	}, methodPaths(e.since(m).writes()), "no DELETE: retainOnDelete, and the old one is gone already")
	newDB, ok := cf.D1DatabaseByName(acct, e.names.Database("dome-meta"))
	require.True(t, ok, "dome-meta is back")
	assert.NotEqual(t, oldDB.UUID, newDB.UUID, "a new database")
	assert.Zero(t, newDB.NumTables, "empty: its data is restored out of band")
	for w, binding := range map[string]string{"dome-api": "DOME_META", "dome-cron": "D1_DATABASE"} {
		sc, _ := cf.Script(acct, e.names.Worker(w))
		assert.Contains(t, bindingsOf(sc), binding+" d1 "+newDB.UUID, "%s is bound to the new database", w)
	}
	newIndex, ok := cf.VectorizeIndex(acct, e.names.Index("dome-notes"))
	require.True(t, ok, "dome-notes is back")
	assert.Equal(t, oldIndex.Config, newIndex.Config, "same dimensions and metric")
	assert.Equal(t, oldIndex.Description, newIndex.Description)

	// runbook: make refresh STACK=prod — succeeds now, and finds nothing to change
	requireNoChanges(t, e.refresh(), "refresh after the recovery")
	requireNoChanges(t, e.preview(), "preview after the recovery")
	for typ, name := range map[string]string{standin.D1DatabaseType: "dome-meta", companion.VectorizeIndexType: "dome-notes"} {
		r := e.stateResource(typ, name)
		assert.True(t, r.Protect && r.RetainOnDelete, "%s is protected and retained again", name)
	}
	record(t, "Runbooks", "restore prod's state into a new backend from an export: preview empty, 0 writes; "+
		"recover a deleted D1 (unprotect + named replace) and Vectorize index (refresh + up): both back empty, protected, workers rebound")
}
