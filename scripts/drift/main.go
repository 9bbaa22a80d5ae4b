// Command drift checks whether a stack still is what Pulumi last deployed:
// a refresh in preview mode that expects no changes. It prints what drifted
// (each resource and which of its properties differ, never their values)
// and exits 1 on drift, 0 when clean, 2 when the check could not run.
//
//	go run ./scripts/drift -stack prod [-pulumi bin/pulumi] [-dir .] [-json]
//
// `make drift STACK=prod` builds the companion provider first and runs it
// with the Makefile's pulumi CLI.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"

	"github.com/dome/dome-infra/scripts/drift/driftcheck"
)

func main() { os.Exit(run()) }

func run() int {
	// Its own FlagSet: a dependency (glog) registers flags on the global one.
	flags := flag.NewFlagSet("drift", flag.ExitOnError)
	stack := flags.String("stack", "", "the stack to check (dev, staging, prod); required")
	cli := flags.String("pulumi", "pulumi", "the pulumi CLI: a path, or a name on PATH")
	dir := flags.String("dir", ".", "the project directory (holding Pulumi.yaml)")
	asJSON := flags.Bool("json", false, "print the report as JSON instead of text")
	progress := flags.Bool("progress", false, "also show the CLI's own refresh output (on stderr)")
	_ = flags.Parse(os.Args[1:])
	if *stack == "" || flags.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: drift -stack <stack> [-pulumi <cli>] [-dir <project dir>] [-json]")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	fail := func(err error) int {
		fmt.Fprintf(os.Stderr, "drift: %v\n", err)
		return 2
	}
	projectDir, err := filepath.Abs(*dir)
	if err != nil {
		return fail(err)
	}
	cmd, cleanup, err := driftcheck.PulumiCommand(*cli)
	defer cleanup()
	if err != nil {
		return fail(err)
	}
	st, err := auto.SelectStackLocalSource(ctx, *stack, projectDir, auto.Pulumi(cmd))
	if err != nil {
		return fail(fmt.Errorf("selecting stack %s in %s: %w", *stack, projectDir, err))
	}
	var opts []optrefresh.Option
	if *progress {
		opts = append(opts, optrefresh.ProgressStreams(os.Stderr))
	}
	rep, err := driftcheck.Check(ctx, &st, opts...)
	if err != nil {
		return fail(err)
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return fail(err)
		}
	} else if err := rep.Write(os.Stdout); err != nil {
		return fail(err)
	}
	if !rep.Clean() {
		return 1
	}
	return 0
}
