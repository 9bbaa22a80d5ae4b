// Command plan prints what `pulumi up` of a stack would create, offline: it
// runs the real program under Pulumi mocks with the stack's own
// Pulumi.<stack>.yaml, with no credentials and no network.
//
//	go run ./scripts/plan -stack dev [-json]
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/plan"
	"github.com/dome/dome-infra/internal/program"
)

func main() {
	// Its own FlagSet: a dependency (glog) registers flags on the global one.
	flags := flag.NewFlagSet("plan", flag.ExitOnError)
	stack := flags.String("stack", "dev", "stack to plan (dev, staging, prod)")
	asJSON := flags.Bool("json", false, "print the plan as JSON (the contract tools read)")
	dir := flags.String("dir", ".", "project directory (where Pulumi.yaml is)")
	_ = flags.Parse(os.Args[1:])

	p, _, err := plan.RunStack(*dir, *stack, program.Run)
	if err != nil {
		fmt.Fprintf(os.Stderr, "plan %s: %v\n", *stack, err)
		os.Exit(1)
	}
	if _, cfg, err := config.LoadStackMode(*dir, *stack, config.Offline); err == nil && cfg.AccountSource == config.AccountFromOffline {
		fmt.Fprintf(os.Stderr, "plan %s: OFFLINE ACCOUNT: the stack sets no %s and %s is unset, so this plan uses the stand-in account %s; preview, up and import refuse it\n",
			*stack, config.KeyAccountID, config.EnvAccountID, config.OfflineAccountID)
	}
	if !*asJSON {
		fmt.Print(p.Tree())
		return
	}
	out, err := p.JSON()
	if err != nil {
		fmt.Fprintf(os.Stderr, "plan %s: %v\n", *stack, err)
		os.Exit(1)
	}
	os.Stdout.Write(out)
}
