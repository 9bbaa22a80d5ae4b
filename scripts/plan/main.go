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

	"github.com/dome/dome-infra/internal/plan"
	"github.com/dome/dome-infra/internal/program"
)

func main() {
	stack := flag.String("stack", "dev", "stack to plan (dev, staging, prod)")
	asJSON := flag.Bool("json", false, "print the plan as JSON (the contract tools read)")
	dir := flag.String("dir", ".", "project directory (where Pulumi.yaml is)")
	flag.Parse()

	p, _, err := plan.RunStack(*dir, *stack, program.Run)
	if err != nil {
		fmt.Fprintf(os.Stderr, "plan %s: %v\n", *stack, err)
		os.Exit(1)
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
