package workers

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/config"
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

func TestReadBundlesRefusesBadFiles(t *testing.T) {
	root := t.TempDir()
	write := func(name string, data []byte) {
		require.NoError(t, os.WriteFile(filepath.Join(root, name), data, 0o644))
	}
	write("ok.js", []byte("export default {}"))
	write("latin1.js", []byte("export default { s: '\xe9' }"))
	write("nul.js", []byte("export default {}\x00"))
	write("cjs.js", []byte("module.exports = { exported: 1 }"))
	// Text that gzip cannot shrink below Cloudflare's compressed limit.
	noise := make([]byte, MaxCompressedBytes*4/3+1<<20)
	seed := uint32(1)
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := range noise {
		seed = seed*1664525 + 1013904223
		noise[i] = alphabet[seed>>26]
	}
	write("big.js", append([]byte("export default {}\n//"), noise...))

	tests := []struct{ location, want string }{
		{"latin1.js", "latin1.js: is not text (not valid UTF-8)"},
		{"nul.js", "nul.js: is not text"},
		{"cjs.js", "cjs.js: does not look like an ES module"},
		{"big.js", "big.js: is 10."},
		{"../outside.js", "outside.js: is outside the project directory"},
	}
	for _, tt := range tests {
		t.Run(tt.location, func(t *testing.T) {
			_, err := ReadBundles(root, config.Config{WorkerBundles: map[string]string{"silo": tt.location, "dome-api": "ok.js"}})
			require.Error(t, err)
			assert.Contains(t, err.Error(), `config "dome-infra:workerBundles": bundle of worker "silo": `+filepath.Join(root, tt.location))
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "dome-api", "a good bundle is not reported")
		})
	}
}
