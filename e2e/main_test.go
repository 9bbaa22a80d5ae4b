//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/standin"
)

// Built once per test binary by TestMain.
var (
	// repoRoot is the module's directory (Pulumi.yaml, the stack files).
	repoRoot string
	// pulumiCLI is the Automation API's handle on bin/pulumi.
	pulumiCLI auto.PulumiCommand
	// providerDir holds pulumi-resource-dome-cloudflare; every work dir
	// links it as ./bin, where Pulumi.yaml's plugins entry points.
	providerDir string
	// tmpDir is the test binary's scratch directory, removed at the end.
	tmpDir string
	// driftBin is scripts/drift, the command behind `make drift`.
	driftBin string
	// pulumiHome is the tests' PULUMI_HOME, with the stand-in installed as
	// "resource cloudflare v5.49.1". Nothing touches ~/.pulumi.
	pulumiHome string
)

func TestMain(m *testing.M) {
	code, err := setup(m)
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: %v\n", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func setup(m *testing.M) (int, error) {
	root, err := moduleRoot()
	if err != nil {
		return 1, err
	}
	repoRoot = root
	cli := filepath.Join(root, "bin", "pulumi")
	if _, err := os.Stat(cli); err != nil {
		return 1, fmt.Errorf("the pulumi CLI %s is missing: run `make tools` first "+
			"(it builds the CLI at go.mod's SDK version); the end-to-end tests need it", cli)
	}
	tmp, err := os.MkdirTemp("", "dome-e2e-")
	if err != nil {
		return 1, err
	}
	defer os.RemoveAll(tmp)
	tmpDir = tmp
	// Every pulumi process of the tests (the Automation API's own `pulumi
	// version` included) uses this home, never ~/.pulumi.
	pulumiHome = filepath.Join(tmp, "pulumi-home")
	if err := os.MkdirAll(pulumiHome, 0o755); err != nil {
		return 1, err
	}
	os.Setenv("PULUMI_HOME", pulumiHome)
	os.Setenv("PULUMI_SKIP_UPDATE_CHECK", "true")
	// The stack files carry no account: every stack, the seeds and
	// scripts/import use the emulator's, as the team's setup exports its own.
	os.Setenv(config.EnvAccountID, cloudflaretest.AccountID)
	if pulumiCLI, err = auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: root}); err != nil {
		return 1, fmt.Errorf("%s: %w (rebuild it with `make tools`)", cli, err)
	}

	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	providerDir = filepath.Join(tmp, "providers")
	if err := goBuild(ctx, root, filepath.Join(providerDir, "pulumi-resource-dome-cloudflare"),
		"./cmd/pulumi-resource-dome-cloudflare"); err != nil {
		return 1, err
	}
	driftBin = filepath.Join(tmp, "drift")
	if err := goBuild(ctx, root, driftBin, "./scripts/drift"); err != nil {
		return 1, err
	}
	standinBin := filepath.Join(tmp, "standin", "pulumi-resource-cloudflare")
	if err := standin.Build(ctx, standinBin); err != nil {
		return 1, err
	}
	if _, err := standin.InstallBinary(pulumiHome, standinBin); err != nil {
		return 1, err
	}
	if err := standin.Installed(pulumiHome); err != nil {
		return 1, err
	}
	fmt.Fprintf(os.Stderr, "e2e: plugins built in %s; pulumi %s\n", time.Since(start).Round(time.Millisecond), pulumiCLI.Version())
	code := m.Run()
	if path := os.Getenv("E2E_REPORT"); path != "" {
		if err := writeReport(path, time.Since(start), code); err != nil {
			fmt.Fprintf(os.Stderr, "e2e: writing the report: %v\n", err)
		}
	}
	return code, nil
}

// moduleRoot is the directory of go.mod above the test's working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

func goBuild(ctx context.Context, dir, out, pkg string) error {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return fmt.Errorf("building %s needs the go command: %w", pkg, err)
	}
	cmd := exec.CommandContext(ctx, goBin, "build", "-o", out, pkg)
	cmd.Dir = dir
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, strings.TrimSpace(output.String()))
	}
	return nil
}

func e2eContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), opTimeout)
}
