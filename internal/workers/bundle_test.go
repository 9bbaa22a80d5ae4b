package workers

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBundle(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "silo.js"), []byte("export default {}"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "empty.js"), nil, 0o644))

	code, err := Bundle(dir, "silo", "silo.js")
	require.NoError(t, err)
	assert.Equal(t, "export default {}", code)

	code, err = Bundle(dir, "silo", "placeholder")
	require.NoError(t, err)
	assert.Contains(t, code, `"silo is not deployed yet\n"`)
	assert.Contains(t, code, "status: 503")
	assert.NotContains(t, code, "__WORKER__")

	tests := []struct{ location, want string }{
		{"missing.js", filepath.Join(dir, "missing.js") + ": no such file"},
		{"empty.js", "is empty"},
		{"", "no bundle for worker"},
	}
	for _, tt := range tests {
		_, err := Bundle(dir, "silo", tt.location)
		require.Error(t, err, tt.location)
		assert.Contains(t, err.Error(), `config "dome-infra:workerBundles"`)
		assert.Contains(t, err.Error(), `worker "silo"`)
		assert.Contains(t, err.Error(), tt.want)
	}
}
