package program

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/plan"
	"github.com/dome/dome-infra/internal/workers"
)

// project is a copy of the project (Pulumi.yaml) in a temporary
// directory, for cases that put bundles beside it.
func project(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join(projectDir(t), "Pulumi.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), b, 0o644))
	return dir
}

// bundles sets silo's bundle to loc, every other worker's to the placeholder.
func bundles(v config.Values, loc string) {
	v[config.KeyWorkerBundles] = config.Value{Value: `{"dome-api":"placeholder","silo":` + quote(loc) +
		`,"constellation":"placeholder","ai-processor":"placeholder","dome-cron":"placeholder","dome-notify":"placeholder"}`}
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `\`, `\\`) + `"` }

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, data, 0o644))
}

// TestBadInputNamesTheKey is issue 12's classes 1-6 and 8 as a careless user
// would meet them: every case fails naming its key (and for bundles the
// worker and the path), before a single resource is registered.
func TestBadInputNamesTheKey(t *testing.T) {
	tests := []struct {
		name   string
		stack  string
		deploy bool // as preview and up run it (no offline account)
		// setup changes the dev stack's real values; dir is the project.
		setup    func(t *testing.T, dir string, v config.Values)
		estate   func(e *estate.Estate)
		wantText []string
	}{
		// 1. unknown keys
		{name: "mistyped key", setup: func(t *testing.T, dir string, v config.Values) {
			v["dome-infra:compatibiltyDate"] = config.Value{Value: "2024-01-01"}
		}, wantText: []string{"[known-keys]", `config "dome-infra:compatibiltyDate": is not a key of this project`, `did you mean "dome-infra:compatibilityDate"?`}},
		{name: "mistyped suffix key", setup: func(t *testing.T, dir string, v config.Values) {
			v["dome-infra:nameSufix"] = config.Value{Value: "-qa"}
		}, wantText: []string{`config "dome-infra:nameSufix"`, `did you mean "dome-infra:nameSuffix"?`}},
		{name: "mistyped secret", setup: func(t *testing.T, dir string, v config.Values) {
			v["dome-infra:apiTokn"] = config.Value{Value: "x", Secret: true}
		}, wantText: []string{`config "dome-infra:apiTokn": is not a key of this project`}},
		// 2. environments that collide
		{name: "prod environment in dev", setup: func(t *testing.T, dir string, v config.Values) {
			v[config.KeyEnvironment] = config.Value{Value: "prod"}
		}, wantText: []string{`config "dome-infra:environment": is "prod" but the stack is "dev"`}},
		{name: "prod environment in a pr stack", stack: "pr-7", setup: func(t *testing.T, dir string, v config.Values) {
			v[config.KeyEnvironment] = config.Value{Value: "prod"}
		}, wantText: []string{`config "dome-infra:environment": is "prod" but the stack is "pr-7"`}},
		{name: "empty suffix in dev", setup: func(t *testing.T, dir string, v config.Values) {
			v[config.KeyNameSuffix] = config.Value{Value: ""}
		}, wantText: []string{`config "dome-infra:nameSuffix": must not be empty in dev`}},
		// 3. out of range
		{name: "sampling NaN", setup: func(t *testing.T, dir string, v config.Values) {
			v[config.KeyHeadSamplingRate] = config.Value{Value: "NaN"}
		}, wantText: []string{`config "dome-infra:headSamplingRate": must be between 0 and 1, got NaN`}},
		{name: "date in the future", setup: func(t *testing.T, dir string, v config.Values) {
			v[config.KeyCompatibilityDate] = config.Value{Value: "2999-12-31"}
		}, wantText: []string{`config "dome-infra:compatibilityDate": 2999-12-31 is in the future`}},
		{name: "zero dimensions", setup: func(t *testing.T, dir string, v config.Values) {
			v[config.KeyVectorDimensions] = config.Value{Value: "0"}
		}, wantText: []string{`config "dome-infra:vectorizeDimensions": must be between 1 and 1536 (Vectorize's limit), got 0`}},
		// 4. bundles
		{name: "bundle outside the project", setup: func(t *testing.T, dir string, v config.Values) {
			bundles(v, "../../../../etc/passwd")
		}, wantText: []string{`config "dome-infra:workerBundles": bundle of worker "silo"`, "/etc/passwd: is outside the project directory", "dome-infra:artifactsDir"}},
		{name: "bundle absolute outside", setup: func(t *testing.T, dir string, v config.Values) {
			bundles(v, "/etc/hostname")
		}, wantText: []string{`worker "silo"`, "/etc/hostname: is outside the project directory"}},
		{name: "bundle symlinked outside", setup: func(t *testing.T, dir string, v config.Values) {
			require.NoError(t, os.Symlink("/etc/passwd", filepath.Join(dir, "silo.js")))
			bundles(v, "silo.js")
		}, wantText: []string{`worker "silo"`, filepath.Join("silo.js") + ": is outside the project directory"}},
		{name: "bundle a named pipe", setup: func(t *testing.T, dir string, v config.Values) {
			require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "silo.js"), 0o644))
			bundles(v, "silo.js")
		}, wantText: []string{`config "dome-infra:workerBundles": bundle of worker "silo"`, "silo.js: is not a regular file (a named pipe)"}},
		{name: "bundle a directory", setup: func(t *testing.T, dir string, v config.Values) {
			require.NoError(t, os.Mkdir(filepath.Join(dir, "dist"), 0o755))
			bundles(v, "dist")
		}, wantText: []string{`worker "silo"`, "dist: is not a regular file (a directory)"}},
		{name: "bundle a binary", setup: func(t *testing.T, dir string, v config.Values) {
			write(t, filepath.Join(dir, "dist", "silo.wasm"), []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0xff})
			bundles(v, "dist/silo.wasm")
		}, wantText: []string{`config "dome-infra:workerBundles": bundle of worker "silo"`, "silo.wasm: is not text (not valid UTF-8)"}},
		{name: "bundle not a module", setup: func(t *testing.T, dir string, v config.Values) {
			write(t, filepath.Join(dir, "dist", "silo.js"), []byte("addEventListener('fetch', e => e.respondWith(new Response('hi')))\n"))
			bundles(v, "dist/silo.js")
		}, wantText: []string{`worker "silo"`, "silo.js: does not look like an ES module (it has no export)"}},
		{name: "bundle over the size limit", setup: func(t *testing.T, dir string, v config.Values) {
			f, err := os.Create(filepath.Join(dir, "silo.js"))
			require.NoError(t, err)
			require.NoError(t, f.Truncate(workers.MaxBundleBytes+1)) // sparse: no 64 MiB written
			require.NoError(t, f.Close())
			bundles(v, "silo.js")
		}, wantText: []string{`worker "silo"`, "silo.js: is 64.0 MiB, over Cloudflare's Worker size limit of 64.0 MiB"}},
		{name: "bundle missing", setup: func(t *testing.T, dir string, v config.Values) {
			bundles(v, "dist/silo.js")
		}, wantText: []string{`config "dome-infra:workerBundles": bundle of worker "silo"`, "dist/silo.js: no such file or directory"}},
		// 5. plain secrets
		{name: "plain secret binding value", setup: func(t *testing.T, dir string, v config.Values) {
			v["dome-infra:smtpPassword"] = config.Value{Value: "hunter2-plain"}
		}, estate: func(e *estate.Estate) {
			e.Workers[5].Bindings = append(e.Workers[5].Bindings, estate.Binding{Name: "SMTP_PASSWORD", Kind: estate.SecretText, Target: "dome-infra:smtpPassword"})
		}, wantText: []string{"[no-plain-secrets]", `config "dome-infra:smtpPassword": looks secret but is plain text`}},
		// 6. messages that name the right key
		{name: "suffix too long", setup: func(t *testing.T, dir string, v config.Values) {
			v[config.KeyNameSuffix] = config.Value{Value: "-" + strings.Repeat("x", 60)}
		}, wantText: []string{`[name-limits] config "dome-infra:nameSuffix"`, "allows a suffix of at most 22"}},
		// 8. the account
		{name: "no account for preview", deploy: true, setup: func(t *testing.T, dir string, v config.Values) {
			delete(v, config.KeyAccountID)
		}, wantText: []string{`config "dome-infra:accountId": is required (no account in the stack's config nor in CLOUDFLARE_ACCOUNT_ID)`}},
		{name: "stand-in account for up", deploy: true, setup: func(t *testing.T, dir string, v config.Values) {
			v[config.KeyAccountID] = config.Value{Value: config.StandInAccountID}
		}, wantText: []string{`config "dome-infra:accountId": 0123456789abcdef0123456789abcdef is a stand-in`}},
		{name: "offline account for up", deploy: true, setup: func(t *testing.T, dir string, v config.Values) {
			v[config.KeyAccountID] = config.Value{Value: config.OfflineAccountID}
		}, wantText: []string{`config "dome-infra:accountId": 00000000000000000000000000000000 is a stand-in`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, "dome-notify", estate.Dome().Workers[5].Name, "fixtures index workers by position")
			dir := project(t)
			v := devValues(t)
			tt.setup(t, dir, v)
			e := estate.Dome()
			if tt.estate != nil {
				tt.estate(&e)
			}
			stack := tt.stack
			if stack == "" {
				stack = "dev"
			}
			mode := config.Offline
			if tt.deploy {
				mode = config.Deploy
			}
			_, mocks, err := plan.RunMode(mode, stack, v, func(ctx *pulumi.Context) error {
				_, err := Build(ctx, e)
				return err
			}, plan.WithRoot(dir))
			require.Error(t, err)
			for _, want := range tt.wantText {
				assert.Contains(t, err.Error(), want)
			}
			assert.NotContains(t, err.Error(), "hunter2", "a secret never appears in an error")
			assert.Empty(t, mocks.Registrations(), "nothing is registered when input is bad")
		})
	}
}

// TestGoodBundles: a module in the project, in the artifacts directory, and
// an external worker (no code uploaded by Pulumi, so none is read).
func TestGoodBundles(t *testing.T) {
	dir := project(t)
	artifacts := t.TempDir()
	write(t, filepath.Join(dir, "dist", "silo.js"), []byte("export default { fetch() { return new Response('silo') } }\n"))
	write(t, filepath.Join(artifacts, "silo.js"), []byte("export default { fetch() { return new Response('artifact') } }\n"))

	v := devValues(t)
	bundles(v, "dist/silo.js")
	p, _, err := plan.Run("dev", v, Run, plan.WithRoot(dir))
	require.NoError(t, err)
	assert.Contains(t, resource(t, p, companion.WorkerScriptType, "silo").Inputs["content"], "new Response('silo')")

	bundles(v, filepath.Join(artifacts, "silo.js"))
	_, _, err = plan.Run("dev", v, Run, plan.WithRoot(dir))
	require.Error(t, err, "outside the project without artifactsDir")
	v[config.KeyArtifactsDir] = config.Value{Value: artifacts}
	p, _, err = plan.Run("dev", v, Run, plan.WithRoot(dir))
	require.NoError(t, err)
	assert.Contains(t, resource(t, p, companion.WorkerScriptType, "silo").Inputs["content"], "new Response('artifact')")

	code, err := workers.ReadBundles(dir, config.Config{WorkerBundles: map[string]string{"silo": config.External, "dome-api": config.Placeholder}})
	require.NoError(t, err)
	assert.NotContains(t, code, "silo", "an external worker's code is not read")
	assert.Contains(t, code["dome-api"], "503")
}
