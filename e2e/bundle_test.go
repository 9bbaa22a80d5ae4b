//go:build e2e

package e2e

import (
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/estate"
)

// TestBundleChange: a new build of one worker's bundle updates that worker
// alone, with one upload.
func TestBundleChange(t *testing.T) {
	t.Parallel()
	cf := cloudflaretest.Start(t)
	e := newStack(t, cf, "dev")
	resources := resourceCount(estate.Dome()) + componentCount(estate.Dome()) // unchanged: "same"

	// Inline programs have no project root (ctx.RootDirectory() is empty),
	// so the bundle is given by absolute path.
	const worker = "silo"
	bundle := filepath.Join(t.TempDir(), "silo.js")
	write := func(version string) {
		require.NoError(t, os.WriteFile(bundle, []byte("export default { async fetch() { return new Response(\""+version+"\"); } };\n"), 0o644))
	}
	write("v1")
	e.setConfig(config.KeyWorkerBundles+"."+worker, bundle, false)
	e.setConfig(config.KeyArtifactsDir, filepath.Dir(bundle), false) // a bundle outside the project must be in artifactsDir
	bundles := maps.Clone(e.cfg.WorkerBundles)
	bundles[worker] = bundle

	e.up()
	requireEstate(t, cf, e.cfg, bundles)

	write("v2")
	assert.Equal(t, map[string]int{"same": resources, "update": 1}, e.preview(), "preview after a new bundle of %s", worker)

	mark := e.mark()
	assert.Equal(t, map[string]int{"same": resources, "update": 1}, e.up(), "up after a new bundle of %s", worker)
	reqs := e.since(mark)
	script := "/accounts/" + e.cfg.AccountID + "/workers/scripts/" + e.names.Worker(worker)
	assert.Equal(t, 1, reqs.count("PUT", script), "uploads of %s", worker)
	assert.Len(t, reqs.writes(), 1, "writes of the update (only %s's upload):\n%s", worker, reqs.writes())
	for _, w := range estate.Dome().Workers {
		if w.Name != worker {
			assert.Zero(t, reqs.count("PUT", "/accounts/"+e.cfg.AccountID+"/workers/scripts/"+e.names.Worker(w.Name)), "uploads of %s", w.Name)
		}
	}
	requireEstate(t, cf, e.cfg, bundles)
	record(t, "Bundle change", "new bundle of %s: preview 1 update, up 1 update, %d requests (%d writes: 1 upload of %s)",
		worker, len(reqs), len(reqs.writes()), e.names.Worker(worker))
}
