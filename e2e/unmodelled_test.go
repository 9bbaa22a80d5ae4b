//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/guard"
)

// TestUnmodelledThroughTheEngine: a binding and a setting the companion
// provider does not model, added outside Pulumi, reach the real engine's
// preview after a refresh — an update while the next up keeps them, a delete
// once the up would upload a new bundle, which the guard refuses — and the
// up then removes exactly what the preview said.
func TestUnmodelledThroughTheEngine(t *testing.T) {
	t.Parallel()
	cf := cloudflaretest.Start(t)
	e := newStack(t, cf, "dev")
	const worker = "silo"
	bundle := filepath.Join(t.TempDir(), "silo.js")
	write := func(version string) {
		require.NoError(t, os.WriteFile(bundle, []byte("export default { async fetch() { return new Response(\""+version+"\"); } };\n"), 0o644))
	}
	write("v1")
	e.setConfig(config.KeyWorkerBundles+"."+worker, bundle, false)
	e.setConfig(config.KeyArtifactsDir, filepath.Dir(bundle), false)
	e.up()

	name := e.names.Worker(worker)
	require.NoError(t, cf.UpdateScript(e.cfg.AccountID, name, func(sc *cloudflaretest.ScriptState) {
		sc.Bindings = append(sc.Bindings, cloudflaretest.Binding{Name: "BROWSER", Type: "browser"})
		sc.Placement = &cloudflaretest.Placement{Mode: "smart"}
	}))
	e.refresh()

	siloStep := func() step {
		_, steps := e.previewSteps()
		for _, s := range steps {
			if s.typ == guard.TypeWorkerScript && s.name == worker {
				return s
			}
		}
		t.Fatalf("no step for %s", worker)
		return step{}
	}
	s := siloStep()
	assert.Equal(t, apitype.OpUpdate, s.op)
	assert.Equal(t, map[string]apitype.DiffKind{"unmodelledBindings": apitype.DiffUpdate, "unmodelledSettings": apitype.DiffUpdate}, s.props,
		"never silent: shown, as kept (no upload)")
	assert.Empty(t, guard.Classify(guard.Step{Op: s.op, Type: s.typ, Name: s.name, DetailedDiff: s.props}))

	write("v2")
	s = siloStep()
	assert.Equal(t, map[string]apitype.DiffKind{"content": apitype.DiffUpdate, "unmodelledBindings": apitype.DiffDelete, "unmodelledSettings": apitype.DiffDelete}, s.props,
		"the upload removes them: a delete")
	assert.Contains(t, guard.Classify(guard.Step{Op: s.op, Type: s.typ, Name: s.name, DetailedDiff: s.props}),
		"removes what the provider does not model (unmodelledBindings; its warning names each)")

	e.up()
	sc, ok := cf.Script(e.cfg.AccountID, name)
	require.True(t, ok)
	for _, b := range sc.Bindings {
		assert.NotEqual(t, "browser", b.Type, "removed by the upload, as the preview said")
	}
	assert.Nil(t, sc.Placement)
	requireNoChanges(t, e.preview(), "preview after the up")
}
