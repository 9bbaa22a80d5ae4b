// Command wrangler writes a wrangler.json for every worker of one stack,
// derived from the estate, the stack's names and its config (see package
// wrangler), into build/wrangler/<stack>/<worker>/. Give it the stack's
// outputs for the IDs only a deployment knows:
//
//	pulumi stack output --json --stack dev > outputs.json
//	go run ./scripts/wrangler -stack dev -outputs outputs.json
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/policy"
	"github.com/dome/dome-infra/internal/wrangler"
)

// options are the command's flags.
type options struct {
	dir, stack, out, outputs string
}

func main() {
	var o options
	// Its own FlagSet: a dependency (glog) registers flags on the global one.
	flags := flag.NewFlagSet("wrangler", flag.ExitOnError)
	flags.StringVar(&o.stack, "stack", "dev", "stack to write configurations for (dev, staging, prod)")
	flags.StringVar(&o.dir, "dir", ".", "project directory (where Pulumi.yaml is)")
	flags.StringVar(&o.out, "out", "", "output directory (default <dir>/build/wrangler/<stack>)")
	flags.StringVar(&o.outputs, "outputs", "", "the stack's `pulumi stack output --json`, for real D1 IDs")
	_ = flags.Parse(os.Args[1:])

	if err := run(o, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "wrangler-config %s: %v\n", o.stack, err)
		os.Exit(1)
	}
}

// run writes the stack's configurations and prints where, with the notes a
// person must act on.
func run(o options, stdout io.Writer) error {
	values, cfg, err := config.LoadStackMode(o.dir, o.stack, config.Offline)
	if err != nil {
		return err
	}
	known, err := config.KnownKeys(o.dir)
	if err != nil {
		return err
	}
	est := estate.Dome()
	// A stack that breaks the rules gets no configuration: the program
	// would refuse to deploy it, so wrangler must not be pointed at it.
	applied, err := cfg.Apply(est)
	if err != nil {
		return err
	}
	if err := policy.Check(policy.Input{Estate: applied, Config: cfg, Values: values, KnownKeys: known}); err != nil {
		return fmt.Errorf("%w\n(run `make validate` for every stack)", err)
	}
	stack := wrangler.Stack{Estate: est, Config: cfg, ProjectDir: o.dir, OutDir: o.out}
	if stack.OutDir == "" {
		stack.OutDir = filepath.Join(o.dir, "build", "wrangler", o.stack)
	}
	if o.outputs != "" {
		if stack.Outputs, err = wrangler.ReadOutputs(o.outputs); err != nil {
			return err
		}
	}
	ws, err := wrangler.Build(stack)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrangler-config %s: %d workers in %s\n", o.stack, len(ws), stack.OutDir)
	for _, w := range ws {
		path, err := w.Write()
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "  %s (%s)\n", path, w.Config.Name)
		for _, n := range w.Notes {
			fmt.Fprintf(stdout, "    note: %s\n", n)
		}
	}
	return nil
}
