package standin

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
)

func TestPluginLayout(t *testing.T) {
	home := "/home/u/.pulumi-test"
	assert.Equal(t, "/home/u/.pulumi-test/plugins/resource-cloudflare-v5.49.1", PluginDir(home))
	if filepath.Separator == '/' && !strings.HasSuffix(PluginBinary(home), ".exe") {
		assert.Equal(t, "/home/u/.pulumi-test/plugins/resource-cloudflare-v5.49.1/pulumi-resource-cloudflare", PluginBinary(home))
	}
}

// TestInstall builds the plugin, lays it out under a PULUMI_HOME and talks to it over
// gRPC the way the engine does: it must report version 5.49.1 and serve v5's tokens.
func TestInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the plugin binary")
	}
	home := t.TempDir()
	bin := InstallForTest(t, home)
	assert.Equal(t, PluginBinary(home), bin)
	require.NoError(t, Installed(home))
	assert.NoFileExists(t, PluginDir(home)+".partial")

	manifest, err := os.ReadFile(filepath.Join(PluginDir(home), "pulumi-plugin.json"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"resource": true, "name": "cloudflare", "version": "5.49.1"}`, string(manifest))

	entries, err := os.ReadDir(PluginDir(home))
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, []string{filepath.Base(bin), "pulumi-plugin.json"}, names, "no temporary files left")

	// A second home reuses the first build.
	home2 := t.TempDir()
	start := time.Now()
	InstallForTest(t, home2)
	require.NoError(t, Installed(home2))
	assert.Less(t, time.Since(start), 5*time.Second)

	// Start the plugin as the engine does and ask it who it is.
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	port, err := strconv.Atoi(strings.TrimSpace(line))
	require.NoError(t, err, "the plugin prints its port first")

	conn, err := grpc.NewClient("127.0.0.1:"+strconv.Itoa(port), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	client := pulumirpc.NewResourceProviderClient(conn)
	info, err := client.GetPluginInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)
	assert.Equal(t, "5.49.1", info.GetVersion())

	schemaResp, err := client.GetSchema(ctx, &pulumirpc.GetSchemaRequest{})
	require.NoError(t, err)
	var schema packageSchema
	require.NoError(t, json.Unmarshal([]byte(schemaResp.GetSchema()), &schema))
	assert.Equal(t, "cloudflare", schema.Name)
	assert.Contains(t, schema.Resources, D1DatabaseType)
	assert.Contains(t, schema.Resources, R2BucketType)
	assert.Contains(t, schema.Resources, QueueType)
	assert.Contains(t, schema.Resources, WorkersCronTriggerType)
}

func TestInstalledReportsIncompleteLayouts(t *testing.T) {
	home := t.TempDir()
	assert.ErrorIs(t, Installed(home), errNotInstalled)

	require.NoError(t, os.MkdirAll(PluginDir(home), 0o755))
	require.NoError(t, os.WriteFile(PluginBinary(home), []byte("#!/bin/sh\n"), 0o644))
	if filepath.Separator == '/' {
		assert.ErrorContains(t, Installed(home), "not executable")
	}
	require.NoError(t, os.Chmod(PluginBinary(home), 0o755))
	require.NoError(t, os.WriteFile(PluginDir(home)+".partial", nil, 0o644))
	assert.ErrorContains(t, Installed(home), ".partial")
}

func TestInstallBinaryCopiesAPrebuiltBinary(t *testing.T) {
	src := filepath.Join(t.TempDir(), "prebuilt")
	require.NoError(t, os.WriteFile(src, []byte("#!/bin/sh\necho standin\n"), 0o600))
	home := t.TempDir()
	got, err := InstallBinary(home, src)
	require.NoError(t, err)
	assert.Equal(t, PluginBinary(home), got)
	require.NoError(t, Installed(home))
	b, err := os.ReadFile(got)
	require.NoError(t, err)
	assert.Equal(t, "#!/bin/sh\necho standin\n", string(b))

	_, err = InstallBinary(t.TempDir(), filepath.Join(t.TempDir(), "missing"))
	assert.Error(t, err)
}
