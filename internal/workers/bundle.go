package workers

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dome/dome-infra/internal/config"
)

//go:embed placeholder.js
var placeholder string

// Bundle reads a worker's ES module: the file its stack's workerBundles
// names (relative to the project directory root), or the placeholder.
func Bundle(root, worker, location string) (string, error) {
	switch location {
	case "":
		return "", fmt.Errorf("config %q: no bundle for worker %q; give the path of its built ES module or %q",
			config.KeyWorkerBundles, worker, config.Placeholder)
	case config.Placeholder:
		return strings.ReplaceAll(placeholder, "__WORKER__", worker), nil
	}
	path := location
	if !filepath.IsAbs(path) {
		path = filepath.Join(root, path)
	}
	code, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("config %q: bundle of worker %q: cannot read %s: %w", config.KeyWorkerBundles, worker, path, unwrapPath(err))
	}
	if len(code) == 0 {
		return "", fmt.Errorf("config %q: bundle of worker %q: %s is empty", config.KeyWorkerBundles, worker, path)
	}
	return string(code), nil
}

// unwrapPath drops the *PathError's own copy of the path from the message.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
