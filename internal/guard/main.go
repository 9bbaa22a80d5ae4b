package guard

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dome/dome-infra/internal/config"
)

// Exit statuses of Main.
const (
	ExitPass    = 0
	ExitRefused = 1
	ExitUsage   = 2
)

// overrides is the repeatable, comma-separated -allow-destroy flag.
type overrides []string

func (o *overrides) String() string { return strings.Join(*o, ",") }

func (o *overrides) Set(v string) error {
	for _, u := range strings.Split(v, ",") {
		u = strings.TrimSpace(u)
		if u == "" {
			continue
		}
		if !strings.HasPrefix(u, "urn:pulumi:") || !strings.Contains(u, "::") {
			return fmt.Errorf("%q is not a resource URN: name each resource by its URN (urn:pulumi:<stack>::<project>::<type>::<name>), as the guard prints it", u)
		}
		*o = append(*o, u)
	}
	return nil
}

// Main is scripts/guard: it reads a preview, judges it and returns the exit
// status (0 pass, 1 refused, 2 could not judge).
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("guard", flag.ContinueOnError)
	fs.SetOutput(stderr)
	previewPath := fs.String("preview", "-", "the preview: `pulumi preview --json` output or an --event-log file; - is stdin")
	stack := fs.String("stack", "", "the stack; its environment is read from Pulumi.<stack>.yaml (dome-infra:environment, default the stack name)")
	env := fs.String("env", "", "the environment (dev, staging, prod), instead of -stack")
	dir := fs.String("dir", ".", "the project directory, for -stack")
	summary := fs.String("summary", "", "also append the verdict as Markdown to this file (a GitHub job summary: $GITHUB_STEP_SUMMARY)")
	var allow overrides
	fs.Var(&allow, "allow-destroy", "`urn[,urn]`: allow the destructive steps of these resources, each named by URN (repeatable)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: guard (-stack <stack> | -env <env>) [-preview <file>] [-allow-destroy=<urn>[,<urn>]] [-summary <file>]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return ExitUsage
	}
	if fs.NArg() > 0 || (*stack == "") == (*env == "") {
		fs.Usage()
		return ExitUsage
	}
	environment := *env
	if environment == "" {
		environment = stackEnvironment(*dir, *stack, stderr)
	}

	in := io.Reader(os.Stdin)
	if *previewPath != "-" {
		f, err := os.Open(*previewPath)
		if err != nil {
			fmt.Fprintf(stderr, "guard: %v\n", err)
			return ExitUsage
		}
		defer f.Close()
		in = f
	}
	p, err := Read(in)
	if err != nil {
		fmt.Fprintf(stderr, "guard: %s: %v\n", *previewPath, err)
		return ExitUsage
	}
	v := Judge(p, environment, allow)
	v.WriteText(stdout)
	if *summary != "" {
		f, err := os.OpenFile(*summary, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			fmt.Fprintf(stderr, "guard: summary: %v\n", err)
			return ExitUsage
		}
		v.WriteMarkdown(f)
		if err := f.Close(); err != nil {
			fmt.Fprintf(stderr, "guard: summary: %v\n", err)
			return ExitUsage
		}
	}
	if len(v.Errors) > 0 {
		return ExitUsage
	}
	if !v.Pass() {
		return ExitRefused
	}
	return ExitPass
}

// stackEnvironment is the stack's dome-infra:environment, or the stack
// name when the file does not set it. A stack file that cannot be read
// leaves the stack name, which for an unknown name means enforced.
func stackEnvironment(dir, stack string, stderr io.Writer) string {
	values, err := config.ReadStack(dir, stack)
	if err != nil {
		fmt.Fprintf(stderr, "guard: %v; judging as environment %q\n", err, stack)
		return stack
	}
	if e, ok := values.Get(config.KeyEnvironment); ok && e != "" {
		return e
	}
	return stack
}
