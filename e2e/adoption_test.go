//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/optimport"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/discovery"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/guard"
)

// importReport runs scripts/import on the stack's work dir (where
// -write-config writes) and returns its JSON report.
func importReport(t *testing.T, e *stackEnv, args ...string) discovery.Report {
	t.Helper()
	cmd := exec.Command(importBinary(t), append([]string{"-stack", e.name, "-dir", e.dir, "-api-url", e.cf.URL(), "-json"}, args...)...)
	cmd.Env = append(os.Environ(), "CLOUDFLARE_API_TOKEN="+e.cf.Token())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "scripts/import:\n%s\n%s", stdout.String(), stderr.String())
	out := stdout.String() + stderr.String()
	assert.NotContains(t, out, e.cf.Token())
	for _, secret := range []string{"hand-made-signing-key", "hand-made-smtp-password"} {
		assert.NotContains(t, out, secret, "a secret's value never appears in the report")
	}
	var rep discovery.Report
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep))
	return rep
}

// scriptSecrets returns a script's secret texts by name, in the emulator.
func scriptSecrets(t *testing.T, cf *cloudflaretest.Server, account, script string) map[string]string {
	t.Helper()
	sc, ok := cf.Script(account, script)
	require.True(t, ok, script)
	return sc.SecretTexts()
}

// TestAdoption takes over the hand-made production estate of
// testdata/handmade-prod.json (made through the API the way wrangler and the
// dashboard make it, never from the plan) the way README's runbook does:
// inventory, import (protected), write-config, review, clean preview, first
// up. Nothing of it writes to Cloudflare. Before write-config, an up of prod
// as committed is stopped by the guard, having changed nothing.
func TestAdoption(t *testing.T) {
	t.Parallel()
	cf := cloudflaretest.Start(t)
	e := newStack(t, cf, "prod")
	acct := e.cfg.AccountID
	replayHandMade(t, cf, acct)
	before := cf.Scripts(acct)
	mark := e.mark()

	// 1. Inventory: every property difference, classified.
	rep := importReport(t, e, "-out", filepath.Join(e.dir, "import.json"))
	assert.Empty(t, rep.Clashes)
	assert.Empty(t, rep.Create, "everything of the code exists by hand")
	assert.Len(t, rep.Import, resourceCount(estate.Dome()))
	require.Len(t, rep.Unmanaged, 1)
	assert.Equal(t, "legacy-jobs", rep.Unmanaged[0].CloudflareName, "what the code does not have is listed, never touched")

	type key struct{ name, property string }
	got := map[key]bool{}
	kinds := map[string]int{}
	for _, d := range rep.Differences {
		got[key{d.Name, d.Property}] = d.Destructive
		kinds[d.Kind()]++
	}
	want := map[key]bool{
		// destructive: what the first up would lose
		{"silo", "var LOG_LEVEL"}:          true,
		{"dome-api", "var FEATURE_FLAGS"}:  true,
		{"dome-events", "deadLetterQueue"}: true,
		// changes
		{"silo", "compatibilityDate"}:                  false,
		{"silo", "compatibilityFlags"}:                 false,
		{"dome-notify", "observability"}:               false,
		{"dome-api", "secret API_SIGNING_KEY"}:         false,
		{"dome-notify", "secret SMTP_PASSWORD"}:        false,
		{"new-content-constellation", "batchSize"}:     false,
		{"new-content-constellation", "maxRetries"}:    false,
		{"new-content-constellation", "maxWaitTimeMs"}: false,
		{"dome-events", "maxConcurrency"}:              false,
		{"silo-content-to-content-events", "rules"}:    false,
		{"silo", "workersDev"}:                         false,
		{"constellation", "workersDev"}:                false,
		{"ai-processor", "workersDev"}:                 false,
		{"dome-cron", "workersDev"}:                    false,
		{"dome-notify", "workersDev"}:                  false,
	}
	assert.Equal(t, want, got, "every difference of the hand-made estate, and which are destructive")
	assert.Empty(t, rep.GoChanges, "config expresses every difference of this estate")

	// 2. The runbook's import: prod is protected in the state at once.
	ws := e.stack.Workspace()
	ws.SetEnvVar("PULUMI_DEBUG_LANGUAGES", startGoLanguageHost(t))
	ctx, cancel := e.ctx()
	defer cancel()
	imported, err := e.stack.ImportResources(ctx, optimport.ImportFile(filepath.Join(e.dir, "import.json")),
		optimport.Protect(e.cfg.Protect), optimport.GenerateCode(false))
	ws.UnsetEnvVar("PULUMI_DEBUG_LANGUAGES")
	require.NoError(t, err, "pulumi import --file")
	components := componentCount(estate.Dome()) // every service has an imported resource
	assert.Equal(t, len(rep.Import)+components, (*imported.Summary.ResourceChanges)["import"])

	// 3. An up of prod as committed would now update workers, consumers and
	// the rule back to the code: the guard refuses it before anything runs.
	events, err := previewEvents(ctx, e.stack)
	require.NoError(t, err)
	p, err := guard.Read(bytes.NewReader(events))
	require.NoError(t, err)
	verdict := guard.Judge(p, "prod", nil)
	assert.False(t, verdict.Pass(), "the guard refuses the up of prod as committed")
	refused := map[string]bool{}
	for _, f := range verdict.Refused {
		refused[f.Name] = true
	}
	assert.True(t, refused["silo"] && refused["dome-api"] && refused["dome-events"],
		"the guard names the workers that would lose a var and the consumer that would lose its dead-letter queue: %v", verdict.Refused)

	// 4. write-config, then the preview is clean and the first up writes nothing.
	after := importReport(t, e, "-write-config")
	written, err := os.ReadFile(filepath.Join(e.dir, "Pulumi.prod.yaml"))
	require.NoError(t, err)
	for _, k := range []string{config.KeyWorkers, config.KeyConsumers, config.KeyBucketEvents} {
		assert.Contains(t, string(written), k+":", "write-config writes %s", k)
	}
	for _, secret := range []string{"hand-made-signing-key", "hand-made-smtp-password"} {
		assert.NotContains(t, string(written), secret, "no secret value is ever written to the stack file")
	}
	assert.NotEmpty(t, after.Differences, "the report still says what differs from the model")

	_, steps := e.previewSteps()
	var changes []string
	for _, s := range steps {
		if s.op != apitype.OpSame {
			changes = append(changes, s.String())
		}
	}
	assert.Empty(t, changes, "preview after write-config and the import")
	summary := e.up()
	assert.Equal(t, map[string]int{"same": len(rep.Import) + components + 1}, summary, "the first up changes nothing")
	adoption := e.since(mark)
	assert.Empty(t, adoption.writes(), "writes to Cloudflare during the whole adoption:\n%s", adoption.writes())
	assert.Equal(t, before, cf.Scripts(acct), "every worker, its code, bindings and secrets, as it was")

	// 5. After the first up, the state protects every resource and retains
	// the ones that hold data.
	state, err := e.stack.Export(ctx)
	require.NoError(t, err)
	var deployment apitype.DeploymentV3
	require.NoError(t, json.Unmarshal(state.Deployment, &deployment))
	stateful := map[string]bool{"cloudflare:index/d1Database:D1Database": true, "cloudflare:index/r2Bucket:R2Bucket": true,
		companion.VectorizeIndexType: true}
	for _, r := range deployment.Resources {
		if strings.HasPrefix(string(r.Type), "pulumi:") {
			continue
		}
		assert.True(t, r.Protect, "%s is protected", r.URN)
		if stateful[string(r.Type)] {
			assert.True(t, r.RetainOnDelete, "%s is retained on delete", r.URN)
		}
	}

	// 6. Secrets: declaring one writes that secret only; a rotation rewrites
	// it only; the hand-made secrets are never touched.
	e.setConfig(config.KeyWorkers+".silo.secrets[0]", "API_KEY", false)
	e.setConfig(config.SecretKey("silo", "API_KEY"), "first-value", true)
	m := e.mark()
	e.up()
	assert.Equal(t, []string{"PUT /accounts/" + acct + "/workers/scripts/silo/secrets"}, methodPaths(e.since(m).writes()))
	e.setConfig(config.SecretKey("silo", "API_KEY"), "rotated-value", true)
	m = e.mark()
	e.up()
	assert.Equal(t, []string{"PUT /accounts/" + acct + "/workers/scripts/silo/secrets"}, methodPaths(e.since(m).writes()), "a rotation is one request")
	assert.Equal(t, map[string]string{"API_KEY": "rotated-value"}, scriptSecrets(t, cf, acct, "silo"))
	assert.Equal(t, map[string]string{"API_SIGNING_KEY": "hand-made-signing-key"}, scriptSecrets(t, cf, acct, "dome-api"))
	assert.Equal(t, map[string]string{"SMTP_PASSWORD": "hand-made-smtp-password"}, scriptSecrets(t, cf, acct, "dome-notify"))
	sc, _ := cf.Script(acct, "silo")
	assert.Equal(t, before[indexOfScript(before, "silo")].Modules, sc.Modules, "silo's code, source map included, is untouched")

	destructive := 0
	for _, d := range rep.Differences {
		if d.Destructive {
			destructive++
		}
	}
	const s = "Adoption"
	record(t, s, "hand-made prod (testdata/handmade-prod.json: %d workers and their resources, made through the API as wrangler makes them): %d resources imported, %d unmanaged left alone",
		len(before), len(rep.Import), len(rep.Unmanaged))
	record(t, s, "differences found: %d (%d destructive, %d changes); by resource and property: %s", len(rep.Differences), destructive, kinds["change"], describeDiffs(rep.Differences))
	record(t, s, "before write-config, the guard refused the up of prod as committed: %d resources named", len(verdict.Refused))
	record(t, s, "writes to Cloudflare during the whole adoption (import tool, import, guard preview, write-config, preview, first up): %d", len(adoption.writes()))
	record(t, s, "preview steps after write-config: %d", len(changes))
	record(t, s, "then: declaring a secret = 1 write, rotating it = 1 write; the hand-made secrets and code untouched")
}

// TestUpOverTheHandMadeEstate: an up with an empty state over the hand-made
// estate overwrites nothing, and its error says to import.
func TestUpOverTheHandMadeEstate(t *testing.T) {
	t.Parallel()
	cf := cloudflaretest.Start(t)
	e := newStack(t, cf, "prod")
	replayHandMade(t, cf, e.cfg.AccountID)
	before := cf.Scripts(e.cfg.AccountID)
	_, err := e.tryUp()
	require.Error(t, err)
	// The first resources to be created are pulumi-cloudflare's (D1, R2,
	// queues): Cloudflare refuses a second bucket or queue of a name with a
	// 409, and the engine stops before any worker. The companion resources
	// say to import (provider tests: TestCreateNeverOverwrites).
	assert.Regexp(t, `already exists|exists in Cloudflare: import it \(scripts/import\)`, err.Error())
	assert.Equal(t, before, cf.Scripts(e.cfg.AccountID), "no worker's code, binding or secret changed")
	record(t, "Adoption", "up of an empty prod stack over the hand-made estate: refused (Cloudflare's 409 \"already exists\" for pulumi-cloudflare's resources; \"exists in Cloudflare: import it\" for the companion's); workers unchanged")
}

func methodPaths(rs requests) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Method + " " + r.Path
	}
	return out
}

func indexOfScript(list []cloudflaretest.ScriptState, name string) int {
	for i, s := range list {
		if s.Name == name {
			return i
		}
	}
	return -1
}

func describeDiffs(ds []discovery.Difference) string {
	var parts []string
	for _, d := range ds {
		mark := ""
		if d.Destructive {
			mark = " (DESTRUCTIVE)"
		}
		parts = append(parts, d.Name+" "+d.Property+mark)
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}
