//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/scripts/drift/driftcheck"
)

// TestDrift: changes made in Cloudflare behind Pulumi's back (a binding
// removed from a worker, a queue consumer's dead-letter queue removed) make
// the drift check fail and name each resource and property; `refresh` then
// `up` restores what the program says, after which the check is clean. A
// setting the program leaves at Cloudflare's default (a consumer's batch
// size) changed behind its back is drift too. The
// check is the code of `make drift` (driftcheck.Check), and the command
// itself (scripts/drift) is run too for its exit status. The stack sets
// cloudflare:apiToken as a secret, and nothing the check prints holds it.
func TestDrift(t *testing.T) {
	t.Parallel()
	cf := cloudflaretest.Start(t)
	e := newStack(t, cf, "staging")
	e.giveBundles()
	e.setConfig(config.KeyAPIToken, cf.Token(), true)
	acct := e.cfg.AccountID
	e.up()
	requireEstate(t, cf, e.cfg, nil)

	check := func() (*driftcheck.Report, string) {
		t.Helper()
		ctx, cancel := e.ctx()
		defer cancel()
		mark := e.mark()
		rep, err := driftcheck.Check(ctx, &e.stack)
		require.NoError(t, err)
		assert.Empty(t, e.since(mark).writes(), "the drift check must not write to Cloudflare")
		var out bytes.Buffer
		require.NoError(t, rep.Write(&out))
		assert.NotContains(t, out.String(), cf.Token(), "the report must not show the token")
		return rep, out.String()
	}

	rep, text := check()
	require.True(t, rep.Clean(), "drift right after up:\n%s", text)
	code, out := runDriftCommand(t, e)
	require.Equal(t, 0, code, "scripts/drift on a clean stack:\n%s", out)

	// Behind Pulumi's back: silo loses its RAW_BUCKET binding...
	silo := e.names.Worker("silo")
	sc, ok := cf.Script(acct, silo)
	require.True(t, ok)
	var kept []cloudflaretest.Binding
	for _, b := range sc.Bindings {
		if b.Name != "RAW_BUCKET" {
			kept = append(kept, b)
		}
	}
	require.Len(t, kept, len(sc.Bindings)-1, "silo has a RAW_BUCKET binding")
	require.NoError(t, cf.SetScriptBindings(acct, silo, kept...))
	// ...and constellation's consumer loses its dead-letter queue, edited
	// through the API as a dashboard user would.
	queue, ok := cf.QueueByName(acct, e.names.Queue("new-content-constellation"))
	require.True(t, ok)
	consumers := cf.Consumers(acct, queue.QueueID)
	require.Len(t, consumers, 1)
	require.NotEmpty(t, consumers[0].DeadLetterQueue)
	apiSend(t, cf, http.MethodPut, fmt.Sprintf("accounts/%s/queues/%s/consumers/%s", acct, queue.QueueID, consumers[0].ConsumerID),
		fmt.Sprintf(`{"type":"worker","script_name":%q}`, consumers[0].ScriptName))

	rep, text = check()
	t.Logf("drift report:\n%s", text)
	require.False(t, rep.Clean(), "the drift check must fail")
	assert.Len(t, rep.Drifted, 2, "drifted resources:\n%s", text)
	if d, ok := rep.Find(companion.WorkerScriptType, "silo"); assert.True(t, ok, "silo's script must be named:\n%s", text) {
		assert.Equal(t, "update", string(d.Op))
		assert.Contains(t, strings.Join(d.Paths(), " "), "r2BucketBindings", "silo's drifted property")
	}
	if d, ok := rep.Find(companion.QueueConsumerType, "new-content-constellation"); assert.True(t, ok, "the consumer must be named:\n%s", text) {
		assert.Contains(t, d.Paths(), "deadLetterQueue", "the consumer's drifted property")
	}
	assert.Contains(t, text, `"silo": r2BucketBindings (RAW_BUCKET removed)`)
	assert.Contains(t, text, `"new-content-constellation": deadLetterQueue`)
	code, out = runDriftCommand(t, e)
	assert.Equal(t, 1, code, "scripts/drift on a drifted stack:\n%s", out)
	assert.Contains(t, out, `"silo": r2BucketBindings`, "scripts/drift names the drift")
	record(t, "Drift", "drift report of scripts/drift (exit status %d):\n%s", code, strings.TrimSpace(out))

	// Restore: refresh records Cloudflare's values, up puts the program's back.
	summary := e.refresh()
	assert.Equal(t, 2, summary["update"], "refresh: %v", summary)
	assert.Equal(t, 2, e.preview()["update"], "preview after refresh")
	e.up()
	requireEstate(t, cf, e.cfg, nil)
	rep, text = check()
	assert.True(t, rep.Clean(), "drift after refresh and up:\n%s", text)
	code, out = runDriftCommand(t, e)
	assert.Equal(t, 0, code, "scripts/drift after the restore:\n%s", out)
	requireNoChanges(t, e.preview(), "preview after the restore")

	// A setting the program leaves unset, i.e. at Cloudflare's default
	// (dome-events' consumer batch size), changed behind Pulumi's back is
	// drift too.
	events, ok := cf.QueueByName(acct, e.names.Queue("dome-events"))
	require.True(t, ok)
	eventConsumers := cf.Consumers(acct, events.QueueID)
	require.Len(t, eventConsumers, 1)
	consumer := eventConsumers[0]
	require.Equal(t, cloudflaretest.DefaultConsumerSettings.BatchSize, consumer.Settings.BatchSize,
		"the program leaves dome-events' batch size at the default")
	settings := consumer.Settings
	settings.BatchSize = 50
	require.NoError(t, cf.UpdateConsumerSettings(acct, events.QueueID, consumer.ConsumerID, settings))
	rep, text = check()
	d, detected := rep.Find(companion.QueueConsumerType, "dome-events")
	require.True(t, detected, "the consumer must be named:\n%s", text)
	assert.Equal(t, []string{"batchSize"}, d.Paths(), "the consumer's drifted property")
	assert.Len(t, rep.Drifted, 1, "drifted resources:\n%s", text)
	record(t, "Drift", "dome-events consumer batch size %d → 50 behind Pulumi's back (the program leaves it at the default): detected=%v, drifted %v",
		cloudflaretest.DefaultConsumerSettings.BatchSize, detected, d.Paths())
}

// runDriftCommand runs `go run ./scripts/drift` (the binary built by
// TestMain) on the stack's work dir with the workspace's environment, and
// returns its exit status and output.
func runDriftCommand(t *testing.T, e *stackEnv) (int, string) {
	t.Helper()
	ctx, cancel := e.ctx()
	defer cancel()
	cmd := exec.CommandContext(ctx, driftBin, "-stack", e.name, "-dir", e.dir, "-pulumi", filepath.Join(repoRoot, "bin", "pulumi"))
	cmd.Env = append(cmd.Environ(), "PULUMI_HOME="+pulumiHome)
	for k, v := range e.stack.Workspace().GetEnvVars() {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), out.String()
	}
	require.NoError(t, err, "running scripts/drift:\n%s", out.String())
	return 0, out.String()
}

// apiSend sends a request with a JSON body to the emulator's API, as a
// user editing the account outside Pulumi would.
func apiSend(t *testing.T, cf *cloudflaretest.Server, method, path, body string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, cf.URL()+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+cf.Token())
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	require.Equal(t, http.StatusOK, res.StatusCode, "%s %s: %s", method, path, b)
}
