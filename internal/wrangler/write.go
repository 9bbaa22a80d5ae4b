package wrangler

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
)

// JSON is the configuration as wrangler.json holds it. "<" and ">" stay as
// they are (placeholders use them), rather than Go's HTML-safe escapes.
func (c Config) JSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Write writes the worker's wrangler.json into w.Dir and returns its path.
func (w Worker) Write() (string, error) {
	if err := os.MkdirAll(w.Dir, 0o755); err != nil {
		return "", err
	}
	data, err := w.Config.JSON()
	if err != nil {
		return "", err
	}
	path := filepath.Join(w.Dir, FileName)
	return path, os.WriteFile(path, data, 0o644)
}
