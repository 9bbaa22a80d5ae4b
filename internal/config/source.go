package config

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	pkgworkspace "github.com/pulumi/pulumi/pkg/v3/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/esc"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Load reads the running stack's config through the Pulumi config API. A
// run of the mock harness (WithRun, Offline) may stand in the offline
// account; a run of the engine (preview, up) may not.
func Load(ctx *pulumi.Context) (Config, error) {
	return ParseMode(ctx.Stack(), contextSource{ctx}, runOf(ctx).Mode)
}

// Run is what a pulumi.Context cannot say about the run: whether it is
// offline, and every config key the stack sets (the Pulumi API reads keys
// one by one and cannot list them).
type Run struct {
	Mode Mode
	// Keys are every config key of the stack; nil when unknown.
	Keys []string
}

type runKey struct{}

// WithRun marks a context.Context (the base of a pulumi.Context) with the
// run's mode and keys; the mock harness does.
func WithRun(ctx context.Context, r Run) context.Context {
	return context.WithValue(ctx, runKey{}, r)
}

// runOf is the run's description: the harness's, else a run of the engine,
// whose language host passes the stack's config (keys included) in
// PULUMI_CONFIG. An inline Automation API program has no such list.
func runOf(ctx *pulumi.Context) Run {
	if r, ok := ctx.Context().Value(runKey{}).(Run); ok {
		return r
	}
	r := Run{Mode: Deploy}
	if ctx.RunningWithMocks() {
		r.Mode = Offline // a test's mocks never reach Cloudflare
	}
	var all map[string]string
	if env := os.Getenv(pulumi.EnvConfig); env != "" && json.Unmarshal([]byte(env), &all) == nil {
		r.Keys = SortedKeys(all)
	}
	return r
}

// ContextValues reads the running stack's config into Values: every key
// when the run can list them, else the keys given (those the project
// knows). Secret values keep their value here (the program may need it)
// and their Secret mark.
func ContextValues(ctx *pulumi.Context, known []string) Values {
	keys := runOf(ctx).Keys
	if keys == nil {
		keys = known
	}
	v := Values{}
	for _, k := range keys {
		if x, ok := ctx.GetConfig(k); ok {
			v[k] = Value{Value: x, Secret: ctx.IsConfigSecret(k)}
		}
	}
	return v
}

// Listed says whether the run knows every config key of the stack, which
// the unknown-key check needs.
func Listed(ctx *pulumi.Context) bool { return runOf(ctx).Keys != nil }

// Keys lists the values' keys, sorted.
func (v Values) Keys() []string { return SortedKeys(v) }

// KnownKeys are the project's own keys: those Pulumi.yaml in projectDir
// declares, and those it documents but cannot declare (environment,
// nameSuffix, protect, accountId). A key of the project's namespace outside this set
// is a typo.
func KnownKeys(projectDir string) ([]string, error) {
	project, err := workspace.LoadProject(filepath.Join(projectDir, "Pulumi.yaml"))
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", filepath.Join(projectDir, "Pulumi.yaml"), err)
	}
	set := map[string]bool{}
	for k := range project.Config {
		if !strings.Contains(k, ":") {
			k = Project + ":" + k
		}
		set[k] = true
	}
	for _, k := range undeclared {
		set[k] = true
	}
	return SortedKeys(set), nil
}

// Stacks lists the stacks that have a Pulumi.<stack>.yaml in projectDir.
func Stacks(projectDir string) []string {
	files, _ := filepath.Glob(filepath.Join(projectDir, "Pulumi.*.yaml"))
	var out []string
	for _, f := range files {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml"))
	}
	sort.Strings(out)
	return out
}

// MissingStackError is a stack without its Pulumi.<stack>.yaml.
type MissingStackError struct {
	Dir, Stack string
	// Stacks are the stacks the directory has.
	Stacks []string
	// Misnamed is Pulumi.<stack>.yml when that exists: Pulumi ignores it.
	Misnamed string
}

func (e *MissingStackError) Error() string {
	msg := fmt.Sprintf("stack %q has no Pulumi.%s.yaml in %s", e.Stack, e.Stack, e.Dir)
	if e.Misnamed != "" {
		msg += fmt.Sprintf("; %s is there, but Pulumi reads only .yaml: rename it to Pulumi.%s.yaml", e.Misnamed, e.Stack)
	}
	if len(e.Stacks) == 0 {
		return msg + "; the directory has no stack files"
	}
	return msg + "; the stacks here are " + strings.Join(e.Stacks, ", ")
}

type contextSource struct{ ctx *pulumi.Context }

func (s contextSource) Get(key string) (string, bool) { return s.ctx.GetConfig(key) }
func (s contextSource) IsSecret(key string) bool      { return s.ctx.IsConfigSecret(key) }

// Value is one config value as a stack file holds it.
type Value struct {
	Value  string
	Secret bool
}

// Values is a stack's config by fully-qualified key, as the pulumi CLI would
// hand it to the program: Pulumi.<stack>.yaml merged over Pulumi.yaml's
// defaults. Secret values are not decrypted; they read "[secret]".
type Values map[string]Value

func (v Values) Get(key string) (string, bool) { x, ok := v[key]; return x.Value, ok }
func (v Values) IsSecret(key string) bool      { return v[key].Secret }

// SecretPlaceholder stands for every secret value read from a stack file.
const SecretPlaceholder = "[secret]"

// ReadStack loads Pulumi.yaml and Pulumi.<stack>.yaml from projectDir with
// Pulumi's own loaders, and applies the project's config defaults and type
// checks the way the CLI does before it runs the program.
func ReadStack(projectDir, stack string) (Values, error) {
	projectPath := filepath.Join(projectDir, "Pulumi.yaml")
	project, err := workspace.LoadProject(projectPath)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", projectPath, err)
	}
	stackPath := filepath.Join(projectDir, "Pulumi."+stack+".yaml")
	if _, err := os.Stat(stackPath); errors.Is(err, fs.ErrNotExist) {
		// Pulumi would read a missing file as an empty stack and report
		// every required key missing: say what is really wrong.
		e := &MissingStackError{Dir: projectDir, Stack: stack, Stacks: Stacks(projectDir)}
		if _, err := os.Stat(filepath.Join(projectDir, "Pulumi."+stack+".yml")); err == nil {
			e.Misnamed = "Pulumi." + stack + ".yml"
		}
		return nil, e
	}
	sink := diag.DefaultSink(io.Discard, os.Stderr, diag.FormatOptions{Color: colors.Never})
	ps, err := workspace.LoadProjectStack(sink, project, stackPath)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", stackPath, err)
	}
	cfg := ps.Config
	if cfg == nil {
		cfg = config.Map{}
	}
	if err := pkgworkspace.ValidateStackConfigAndApplyProjectConfig(context.Background(), stack, project,
		esc.Value{}, cfg, config.NopEncrypter, config.NewBlindingDecrypter()); err != nil {
		return nil, fmt.Errorf("%s: %w", stackPath, err)
	}
	plain, err := cfg.Decrypt(config.NewBlindingDecrypter())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", stackPath, err)
	}
	values := Values{}
	for k, v := range plain {
		secure := cfg[k].Secure()
		if secure {
			v = SecretPlaceholder
		}
		values[k.String()] = Value{Value: v, Secret: secure}
	}
	return values, nil
}

// LoadStack is ReadStack then Parse: the stack file's values (for the rules
// that look at raw config) and the checked config, for a run that reaches
// Cloudflare (import).
func LoadStack(projectDir, stack string) (Values, Config, error) {
	return LoadStackMode(projectDir, stack, Deploy)
}

// LoadStackMode is LoadStack in the given mode (Offline: wrangler, validate).
func LoadStackMode(projectDir, stack string, mode Mode) (Values, Config, error) {
	values, err := ReadStack(projectDir, stack)
	if err != nil {
		return nil, Config{}, err
	}
	cfg, err := ParseMode(stack, values, mode)
	return values, cfg, err
}
