package workers

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/dome/dome-infra/internal/config"
)

//go:embed placeholder.js
var placeholder string

// Cloudflare's Worker size limits
// (https://developers.cloudflare.com/workers/platform/limits/#worker-size):
// an upload of at most 64 MiB before compression, and, as documented for
// the Workers Paid plan, at most 10 MB after gzip (3 MB on Workers Free,
// which this project does not use;
// https://developers.cloudflare.com/workers/observability/errors/#worker-exceeded-the-upload-size-limit).
// A bundle over either fails here, before anything is registered, rather
// than mid-deploy.
const (
	MaxBundleBytes     = 64 << 20
	MaxCompressedBytes = 10 << 20
)

// esModule: an ES module has at least one export (its default handler).
var esModule = regexp.MustCompile(`(^|[^\w$.])export\s*(default\b|\{|\*|(async\s+)?function\b|class\b|const\b|let\b|var\b)`)

// ReadBundles reads and checks the bundle of every worker the stack names,
// before the program registers anything: worker → code. A worker whose
// bundle is config.External (its code is deployed by the application's
// pipeline) has no entry. Every bad bundle is reported, each naming the key,
// the worker and the path.
func ReadBundles(root string, cfg config.Config) (map[string]string, error) {
	out := map[string]string{}
	var errs []string
	for _, w := range config.SortedKeys(cfg.WorkerBundles) {
		loc := cfg.WorkerBundles[w]
		if loc == config.External {
			continue
		}
		code, err := bundle(root, cfg.ArtifactsDir, w, loc)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		out[w] = code
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return out, nil
}

// Bundle reads a worker's ES module: the file its stack's workerBundles
// names (relative to the project directory root, and inside it), or the
// placeholder. ReadBundles is the same with the stack's artifacts directory.
func Bundle(root, worker, location string) (string, error) {
	return bundle(root, "", worker, location)
}

func bundle(root, artifacts, worker, location string) (string, error) {
	fail := func(path, format string, args ...any) error {
		where := ""
		if path != "" {
			where = ": " + path
		}
		return fmt.Errorf("config %q: bundle of worker %q%s: %s", config.KeyWorkerBundles, worker, where, fmt.Sprintf(format, args...))
	}
	switch location {
	case "":
		return "", fmt.Errorf("config %q: no bundle for worker %q; give the path of its built ES module, %q or %q",
			config.KeyWorkerBundles, worker, config.Placeholder, config.External)
	case config.Placeholder:
		return strings.ReplaceAll(placeholder, "__WORKER__", worker), nil
	case config.External:
		return "", fail("", "is %q: the application's pipeline deploys its code, Pulumi uploads none", config.External)
	}
	path := location
	if !filepath.IsAbs(path) {
		path = filepath.Join(root, path)
	}
	path = filepath.Clean(path)

	// The file, and where it really is (symlinks resolved), must be inside
	// the project or the artifacts directory: a bundle is uploaded to
	// Cloudflare, so a stack file must not be able to ship /etc/passwd.
	allowed := []string{root}
	if artifacts != "" {
		if !filepath.IsAbs(artifacts) {
			artifacts = filepath.Join(root, artifacts)
		}
		allowed = append(allowed, artifacts)
	}
	outside := func() error {
		dirs := "the project directory " + absOr(root)
		if artifacts != "" {
			dirs += " or " + config.KeyArtifactsDir + " " + absOr(artifacts)
		} else {
			dirs += " (set " + config.KeyArtifactsDir + " for built bundles kept elsewhere)"
		}
		return fail(path, "is outside %s", dirs)
	}
	if !insideAny(absOr(path), allowed, false) {
		return "", outside()
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", fail(path, "%v", unwrapPath(err))
	}
	if !insideAny(absOr(real), allowed, true) {
		return "", outside()
	}

	// Stat before open: opening a named pipe would block forever.
	info, err := os.Stat(real)
	if err != nil {
		return "", fail(path, "%v", unwrapPath(err))
	}
	if !info.Mode().IsRegular() {
		return "", fail(path, "is not a regular file (%s); give the path of the built ES module", kindOf(info.Mode()))
	}
	if info.Size() == 0 {
		return "", fail(path, "is empty")
	}
	if info.Size() > MaxBundleBytes {
		return "", fail(path, "is %s, over Cloudflare's Worker size limit of %s", size(info.Size()), size(MaxBundleBytes))
	}
	f, err := os.OpenFile(real, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return "", fail(path, "%v", unwrapPath(err))
	}
	defer f.Close()
	if again, err := f.Stat(); err != nil || !os.SameFile(info, again) {
		return "", fail(path, "changed while it was read; run again")
	}
	code, err := io.ReadAll(io.LimitReader(f, MaxBundleBytes+1))
	if err != nil {
		return "", fail(path, "%v", err)
	}
	if len(code) > MaxBundleBytes {
		return "", fail(path, "is over Cloudflare's Worker size limit of %s", size(MaxBundleBytes))
	}
	if !utf8.Valid(code) || bytes.IndexByte(code, 0) >= 0 {
		return "", fail(path, "is not text (not valid UTF-8): a bundle is the built JavaScript ES module, not a binary or an archive")
	}
	if !esModule.Match(code) {
		return "", fail(path, "does not look like an ES module (it has no export); Cloudflare needs a module with `export default { fetch … }`")
	}
	if n := gzipSize(code); n > MaxCompressedBytes {
		return "", fail(path, "is %s after gzip, over Cloudflare's Worker size limit of %s after compression", size(n), size(MaxCompressedBytes))
	}
	return string(code), nil
}

// insideAny says whether path is inside one of dirs; resolved compares
// with the dirs' symlinks resolved too.
func insideAny(path string, dirs []string, resolved bool) bool {
	for _, d := range dirs {
		abs := absOr(d)
		if real, err := filepath.EvalSymlinks(abs); err == nil && resolved {
			abs = real
		}
		if rel, err := filepath.Rel(abs, path); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel) {
			return true
		}
	}
	return false
}

func absOr(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}

func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "mode " + m.String()
}

func gzipSize(b []byte) int64 {
	var n countWriter
	zw := gzip.NewWriter(&n)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return int64(n)
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

func size(n int64) string {
	const mib = 1 << 20
	if n >= mib {
		return fmt.Sprintf("%.1f MiB", float64(n)/mib)
	}
	return fmt.Sprintf("%d bytes", n)
}

// unwrapPath drops the *PathError's own copy of the path from the message.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
