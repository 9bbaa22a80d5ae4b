//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// `pulumi import` (unlike the inline up, preview, refresh and destroy,
// which run the program in this process) loads the project's language
// plugin, pulumi-language-go, for one question: which provider packages
// the program requires, to pin the default providers' versions. `make
// tools` builds only the pulumi CLI, and pulumi-language-go is not in
// go.mod, so the test answers that question itself: goLanguageHost is a
// stand-in for pulumi-language-go reached through PULUMI_DEBUG_LANGUAGES.
// It answers as pulumi-language-go does, from the provider SDKs in go.mod
// that carry a pulumi-plugin.json: cloudflare at the pinned version.
type goLanguageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	packages []*pulumirpc.PackageDependency
}

func (h *goLanguageHost) Handshake(context.Context, *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *goLanguageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: pulumiCLI.Version().String()}, nil
}

func (h *goLanguageHost) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{Packages: h.packages}, nil
}

func (h *goLanguageHost) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	plugins := make([]*pulumirpc.PluginDependency, len(h.packages))
	for i, p := range h.packages {
		plugins[i] = &pulumirpc.PluginDependency{Name: p.Name, Kind: p.Kind, Version: p.Version}
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

// providerSDKs are the Go modules of go.mod that are Pulumi provider SDKs,
// by module path and the directory of their pulumi-plugin.json.
var providerSDKs = map[string]string{
	"github.com/pulumi/pulumi-cloudflare/sdk/v5": "go/cloudflare",
}

// startGoLanguageHost serves goLanguageHost for the test and returns the
// PULUMI_DEBUG_LANGUAGES value that points the CLI at it.
func startGoLanguageHost(t *testing.T) string {
	t.Helper()
	h := &goLanguageHost{}
	for mod, sub := range providerSDKs {
		cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", mod)
		cmd.Dir = repoRoot
		out, err := cmd.Output()
		require.NoError(t, err, "go list -m %s", mod)
		data, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), sub, "pulumi-plugin.json"))
		require.NoError(t, err)
		var manifest struct {
			Resource bool   `json:"resource"`
			Name     string `json:"name"`
			Version  string `json:"version"`
		}
		require.NoError(t, json.Unmarshal(data, &manifest))
		require.True(t, manifest.Resource, "%s is a resource provider SDK", mod)
		h.packages = append(h.packages, &pulumirpc.PackageDependency{Name: manifest.Name, Kind: "resource", Version: manifest.Version})
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := grpc.NewServer()
	pulumirpc.RegisterLanguageRuntimeServer(srv, h)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return fmt.Sprintf("go:%d", lis.Addr().(*net.TCPAddr).Port)
}
