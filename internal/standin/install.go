package standin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// CommandPackage is the import path of the stand-in's plugin binary.
const CommandPackage = "github.com/dome/dome-infra/cmd/pulumi-resource-cloudflare-standin"

// PluginDir is where the engine looks for "resource cloudflare v5.49.1" under a
// PULUMI_HOME: <pulumiHome>/plugins/resource-cloudflare-v5.49.1 (pulumi's
// workspace.PluginDescriptor.Dir layout).
func PluginDir(pulumiHome string) string {
	return filepath.Join(pulumiHome, "plugins", "resource-"+Name+"-v"+Version)
}

// PluginBinary is the plugin executable inside PluginDir: pulumi-resource-cloudflare
// (with ".exe" on Windows), the name the engine execs.
func PluginBinary(pulumiHome string) string {
	name := "pulumi-resource-" + Name
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	return filepath.Join(PluginDir(pulumiHome), name)
}

// Build compiles cmd/pulumi-resource-cloudflare-standin into out with `go build` (the go
// command on PATH, which `go test` provides). It runs in this module, so it works from
// any test's working directory.
func Build(ctx context.Context, out string) error {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return fmt.Errorf("standin: building the plugin needs the go command: %w", err)
	}
	cmd := exec.CommandContext(ctx, goBin, "build", "-o", out, CommandPackage)
	cmd.Dir = moduleDir()
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("standin: go build %s: %w\n%s", CommandPackage, err, strings.TrimSpace(output.String()))
	}
	return nil
}

// moduleDir is this package's source directory when it exists (it is inside the
// module), else the working directory.
func moduleDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	dir := filepath.Dir(file)
	if _, err := os.Stat(dir); err != nil {
		return ""
	}
	return dir
}

// InstallBinary lays out an already built stand-in binary where the engine finds
// "resource cloudflare v5.49.1" under pulumiHome:
//
//	<pulumiHome>/plugins/resource-cloudflare-v5.49.1/pulumi-resource-cloudflare
//	<pulumiHome>/plugins/resource-cloudflare-v5.49.1/pulumi-plugin.json
//
// While it copies, <pulumiHome>/plugins/resource-cloudflare-v5.49.1.partial exists, which
// makes the engine ignore the half-installed plugin. It returns the executable's path.
func InstallBinary(pulumiHome, binary string) (string, error) {
	if fi, err := os.Stat(binary); err != nil {
		return "", fmt.Errorf("standin: %w", err)
	} else if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("standin: %s is not a file", binary)
	}
	dir := PluginDir(pulumiHome)
	partial := dir + ".partial"
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", fmt.Errorf("standin: %w", err)
	}
	if err := os.WriteFile(partial, nil, 0o644); err != nil {
		return "", fmt.Errorf("standin: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("standin: %w", err)
	}
	dst := PluginBinary(pulumiHome)
	if err := copyExecutable(binary, dst); err != nil {
		return "", fmt.Errorf("standin: install %s: %w", binary, err)
	}
	manifest, err := json.MarshalIndent(map[string]any{"resource": true, "name": Name, "version": Version}, "", "  ")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "pulumi-plugin.json"), append(manifest, '\n'), 0o644); err != nil {
		return "", fmt.Errorf("standin: %w", err)
	}
	if err := os.Remove(partial); err != nil {
		return "", fmt.Errorf("standin: %w", err)
	}
	return dst, nil
}

// copyExecutable copies src to dst through a temporary file in dst's directory, so dst
// is either absent, the old file or the complete new one.
func copyExecutable(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = io.Copy(tmp, in); err != nil {
		_ = tmp.Close()
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp.Name(), 0o755); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), dst)
}

var (
	buildMu sync.Mutex
	// built is an installed binary from an earlier Install in this process; later
	// Installs copy it instead of building again.
	built string
)

// Install builds the stand-in (once per process) and installs it under pulumiHome with
// InstallBinary. It returns the plugin executable's path. Point the engine at it with
// PULUMI_HOME=pulumiHome in the environment of the pulumi CLI (Automation API:
// auto.EnvVars), together with CLOUDFLARE_API_BASE_URL and CLOUDFLARE_API_TOKEN (or the
// stack config cloudflare:apiToken) for the emulator.
func Install(ctx context.Context, pulumiHome string) (string, error) {
	buildMu.Lock()
	defer buildMu.Unlock()
	if built != "" {
		if _, err := os.Stat(built); err == nil {
			return InstallBinary(pulumiHome, built)
		}
		built = ""
	}
	tmp, err := os.MkdirTemp("", "standin-build-")
	if err != nil {
		return "", fmt.Errorf("standin: %w", err)
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, filepath.Base(PluginBinary(pulumiHome)))
	if err := Build(ctx, out); err != nil {
		return "", err
	}
	path, err := InstallBinary(pulumiHome, out)
	if err != nil {
		return "", err
	}
	built = path
	return path, nil
}

// InstallForTest is Install for a test: it fails the test on error and returns the
// plugin executable's path. Typical use with the emulator:
//
//	home := t.TempDir()
//	standin.InstallForTest(t, home)
//	s := cloudflaretest.Start(t)
//	env := map[string]string{
//		"PULUMI_HOME":             home,
//		"CLOUDFLARE_API_BASE_URL": s.URL(),
//		"CLOUDFLARE_API_TOKEN":    s.Token(),
//	}
func InstallForTest(t testing.TB, pulumiHome string) string {
	t.Helper()
	path, err := Install(context.Background(), pulumiHome)
	if err != nil {
		t.Fatalf("install the cloudflare stand-in plugin: %v", err)
	}
	return path
}

// errNotInstalled is returned by Installed when the layout is incomplete.
var errNotInstalled = errors.New("standin: the cloudflare stand-in plugin is not installed")

// Installed reports whether pulumiHome holds a complete stand-in installation.
func Installed(pulumiHome string) error {
	if _, err := os.Stat(PluginDir(pulumiHome) + ".partial"); err == nil {
		return fmt.Errorf("%w: %s.partial exists", errNotInstalled, PluginDir(pulumiHome))
	}
	fi, err := os.Stat(PluginBinary(pulumiHome))
	if err != nil {
		return fmt.Errorf("%w: %v", errNotInstalled, err)
	}
	if runtime.GOOS != "windows" && fi.Mode()&0o111 == 0 {
		return fmt.Errorf("%w: %s is not executable", errNotInstalled, PluginBinary(pulumiHome))
	}
	return nil
}
