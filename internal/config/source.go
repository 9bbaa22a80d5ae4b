package config

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	pkgworkspace "github.com/pulumi/pulumi/pkg/v3/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/esc"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Load reads the running stack's config through the Pulumi config API.
func Load(ctx *pulumi.Context) (Config, error) {
	return Parse(ctx.Stack(), contextSource{ctx})
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
// that look at raw config) and the checked config.
func LoadStack(projectDir, stack string) (Values, Config, error) {
	values, err := ReadStack(projectDir, stack)
	if err != nil {
		return nil, Config{}, err
	}
	cfg, err := Parse(stack, values)
	return values, cfg, err
}
