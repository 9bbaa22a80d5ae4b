// Command gensdk writes the companion provider's Go SDK, sdk/go/domecloudflare,
// from the provider's schema.
//
//	go run ./scripts/gensdk [-out sdk]    # or: go generate ./internal/provider, make sdk
//
// It does what `pulumi package gen-sdk <plugin> --language go --out sdk` does
// with the pinned CLI: the CLI asks the plugin for its schema, binds it, and
// hands it to the pulumi-language-go plugin's GeneratePackage (pkg/v3
// cmd/pulumi/packages/packages.go, GenSDK), which binds it again and calls
// pkg/v3's codegen/go.GeneratePackage("pulumi-language-go", pkg, nil)
// (pulumi/pulumi sdk/go/pulumi-language-go/main.go). `make tools` builds only
// the CLI, so bin/pulumi's gen-sdk stops at "no language plugin
// 'pulumi-language-go' found"; that plugin is a module of its own, not in
// go.mod. gensdk therefore makes the same calls in-process, at go.mod's pkg/v3
// (the CLI's own version), on the schema the plugin binary serves
// (pulumi-go-provider's GetSchema goes through the same RPC server). Like the
// CLI, it replaces <out>/go wholesale.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	"github.com/dome/dome-infra/internal/provider"
)

func main() {
	flags := flag.NewFlagSet("gensdk", flag.ExitOnError)
	out := flags.String("out", "sdk", "directory the SDK is written under (as <out>/go/...), like gen-sdk's --out")
	_ = flags.Parse(os.Args[1:])

	files, err := Generate(context.Background())
	if err == nil {
		err = Write(filepath.Join(*out, "go"), files)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "gensdk: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("gensdk: wrote %d files under %s\n", len(files), filepath.Join(*out, "go"))
}

// Generate returns the Go SDK's files, by path relative to <out>/go.
func Generate(ctx context.Context) (map[string][]byte, error) {
	prov, err := provider.New()
	if err != nil {
		return nil, err
	}
	spec, err := p.GetSchema(ctx, provider.Name, provider.Version, prov)
	if err != nil {
		return nil, fmt.Errorf("the provider's schema: %w", err)
	}
	// The CLI binds the plugin's schema, then sends the bound package's JSON
	// to the language host, which binds it again: the same two steps here,
	// so what is generated is what gen-sdk would write.
	pkg, err := bind(spec)
	if err != nil {
		return nil, err
	}
	data, err := pkg.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var again schema.PackageSpec
	if err := json.Unmarshal(data, &again); err != nil {
		return nil, err
	}
	if pkg, err = bind(again); err != nil {
		return nil, err
	}
	return gogen.GeneratePackage("pulumi-language-go", pkg, nil)
}

func bind(spec schema.PackageSpec) (*schema.Package, error) {
	pkg, diags, err := schema.BindSpec(spec, noReferences{}, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, fmt.Errorf("binding the schema: %w", err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("binding the schema: %w", errors.Join(diags.Errs()...))
	}
	return pkg, nil
}

// Write replaces dir with files.
func Write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// noReferences is the schema loader: the companion's schema refers to no
// other package, and a reference to one is an error, not a plugin download.
type noReferences struct{}

func (noReferences) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to package %q: the companion's schema must be self-contained", pkg)
}

func (l noReferences) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, d.Version)
}
