//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/optimport"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/discovery/discoverytest"
	"github.com/dome/dome-infra/internal/estate"
)

// TestImport brings the hand-made production estate under management, as
// README's runbook does: the emulator holds prod's resources with prod's
// names and the two production D1 IDs (discoverytest, derived from the
// prod plan); scripts/import writes the bulk import file with read-only
// calls; `pulumi import --file … --protect=true` fills an empty prod
// stack; then `preview` shows no change. Neither the import tool, nor the
// import, nor the preview writes to Cloudflare.
func TestImport(t *testing.T) {
	t.Parallel()
	cf := cloudflaretest.Start(t)
	discoverytest.SeedStack(t, cf, repoRoot, "prod")
	e := newStack(t, cf, "prod")
	resources := resourceCount(estate.Dome())
	for name, id := range e.cfg.D1DatabaseIDs {
		db, ok := cf.D1DatabaseByName(e.cfg.AccountID, e.names.Database(name))
		require.True(t, ok, "seeded D1 database %s", name)
		require.Equal(t, id, db.UUID, "the seed keeps production's D1 ID of %s", name)
	}
	mark := e.mark()

	// scripts/import, as the runbook runs it.
	importFile := filepath.Join(t.TempDir(), "import.json")
	cmd := exec.Command(importBinary(t), "-stack", "prod", "-dir", repoRoot, "-out", importFile, "-api-url", cf.URL())
	cmd.Env = append(os.Environ(), "CLOUDFLARE_API_TOKEN="+cf.Token())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Run(), "scripts/import:\n%s", out.String())
	assert.NotContains(t, out.String(), cf.Token())
	discovered := e.since(mark)
	var file struct {
		Resources []struct {
			Type, Name, ID, Parent string
			Component              bool
		} `json:"resources"`
	}
	data, err := os.ReadFile(importFile)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &file))
	components := componentCount(estate.Dome())
	require.Len(t, file.Resources, resources+components, "every resource of the program is in the import file, and the services they sit in:\n%s", out.String())
	for _, r := range file.Resources {
		assert.Equal(t, r.Component, r.ID == "", "%s %s: a component, and only a component, has no ID", r.Type, r.Name)
	}

	// pulumi import --file into the empty stack, protected as the stack is
	// (README's runbook: prod is protected from the moment it is imported).
	ws := e.stack.Workspace()
	ws.SetEnvVar("PULUMI_DEBUG_LANGUAGES", startGoLanguageHost(t))
	ctx, cancel := e.ctx()
	defer cancel()
	imported, err := e.stack.ImportResources(ctx, optimport.ImportFile(importFile), optimport.Protect(e.cfg.Protect), optimport.GenerateCode(false))
	ws.UnsetEnvVar("PULUMI_DEBUG_LANGUAGES")
	require.NoError(t, err, "pulumi import --file")
	assert.Equal(t, resources+components, (*imported.Summary.ResourceChanges)["import"], "imported (the components are created in the state): %v", *imported.Summary.ResourceChanges)
	requireTree(t, e)

	// The preview must show no change at all.
	_, steps := e.previewSteps()
	var changes []string
	for _, s := range steps {
		if s.op != apitype.OpSame {
			changes = append(changes, s.String())
		}
	}
	assert.Empty(t, changes, "preview after the import must show no change")
	all := e.since(mark)
	assert.Empty(t, all.writes(), "writes during import tool, import and preview:\n%s", all.writes())
	record(t, "Import", "hand-made prod (%d resources): scripts/import %d requests (all GET), pulumi import + preview %d requests, %d writes in all",
		resources, len(discovered), len(all)-len(discovered), len(all.writes()))
	record(t, "Import", "preview after the import: %d steps other than same", len(changes))
}

var (
	importOnce sync.Once
	importBin  string
	importErr  error
)

// importBinary builds scripts/import once (in the test, so a broken import
// tool fails this test only).
func importBinary(t *testing.T) string {
	t.Helper()
	importOnce.Do(func() {
		importBin = filepath.Join(tmpDir, "import")
		ctx, cancel := e2eContext()
		defer cancel()
		importErr = goBuild(ctx, repoRoot, importBin, "./scripts/import")
	})
	require.NoError(t, importErr)
	return importBin
}
