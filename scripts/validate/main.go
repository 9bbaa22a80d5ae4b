// Command validate checks every stack of the project, and the estate, offline:
// each Pulumi.<stack>.yaml next to Pulumi.yaml is read with Pulumi's own
// loaders, parsed into the typed config and evaluated against every policy
// rule. It needs no credentials and no network, so it can run on every
// change; it exits non-zero on any violation.
//
//	go run ./scripts/validate [-dir .] [-json]
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/policy"
)

func main() {
	dir := flag.String("dir", ".", "project directory (where Pulumi.yaml and the Pulumi.<stack>.yaml files are)")
	asJSON := flag.Bool("json", false, "print the report as JSON")
	flag.Parse()

	violations, err := run(*dir, os.Stdout, *asJSON)
	if err != nil {
		fmt.Fprintf(os.Stderr, "validate: %v\n", err)
		os.Exit(2)
	}
	if violations > 0 {
		os.Exit(1)
	}
}

// configRule is the rule name a stack's config errors are reported under, so
// they read like the policy's violations. It is not one of policy.Rules():
// the config package, not the policy, owns those checks.
const configRule = "config"

// Report is the JSON form of a run.
type Report struct {
	Stacks []StackReport `json:"stacks"`
	// Rules are the policy rules every stack was checked against.
	Rules      []string `json:"rules"`
	Violations int      `json:"violations"`
}

// StackReport is one stack's result.
type StackReport struct {
	Stack      string      `json:"stack"`
	File       string      `json:"file"`
	Violations []Violation `json:"violations"`
}

// Violation is one broken rule; config errors share its shape.
type Violation = policy.Violation

// run checks every stack in dir and writes the report to stdout. It returns
// the number of violations; err is for a project it cannot check at all.
func run(dir string, stdout io.Writer, asJSON bool) (violations int, err error) {
	if _, err := os.Stat(filepath.Join(dir, "Pulumi.yaml")); err != nil {
		return 0, fmt.Errorf("no Pulumi.yaml in %s: %w", dir, err)
	}
	stacks, err := findStacks(dir)
	if err != nil {
		return 0, err
	}
	rep := Report{Stacks: []StackReport{}}
	for _, r := range policy.Rules() {
		rep.Rules = append(rep.Rules, r.Name)
	}
	est := estate.Dome()
	for _, stack := range stacks {
		sr := StackReport{Stack: stack, File: stackFile(stack), Violations: checkStack(dir, stack, est)}
		rep.Violations += len(sr.Violations)
		rep.Stacks = append(rep.Stacks, sr)
	}
	if asJSON {
		out, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return rep.Violations, err
		}
		_, err = stdout.Write(append(out, '\n'))
		return rep.Violations, err
	}
	return rep.Violations, writeText(stdout, rep)
}

func stackFile(stack string) string { return "Pulumi." + stack + ".yaml" }

// findStacks returns the stacks that have a Pulumi.<stack>.yaml in dir: the
// known environments in promotion order (dev, staging, prod), then any
// others (a pr-42 stack) by name.
func findStacks(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
	if err != nil {
		return nil, err
	}
	var stacks []string
	for _, f := range files {
		stacks = append(stacks, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml"))
	}
	if len(stacks) == 0 {
		return nil, fmt.Errorf("no Pulumi.<stack>.yaml in %s", dir)
	}
	rank := func(stack string) int {
		if i := slices.Index(config.Environments, config.Environment(stack)); i >= 0 {
			return i
		}
		return len(config.Environments)
	}
	slices.SortStableFunc(stacks, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	return stacks, nil
}

// checkStack returns the stack's violations: its config errors first, then
// the policy's. The policy still runs on a config that failed to parse
// (Parse returns what it could read), so one run shows every problem.
func checkStack(dir, stack string, est estate.Estate) []Violation {
	out := []Violation{}
	values, err := config.ReadStack(dir, stack)
	if err != nil {
		// Pulumi's own loaders refused the file (bad YAML, a value of the
		// wrong type): nothing further can be read from it.
		return append(out, Violation{Rule: configRule, Subject: fmt.Sprintf("stack file %q", stackFile(stack)), Message: err.Error()})
	}
	cfg, err := config.Parse(stack, values)
	out = append(out, configViolations(err)...)
	if applied, err := cfg.Apply(est); err != nil {
		out = append(out, configViolations(err)...)
	} else {
		est = applied
	}
	return append(out, policy.Evaluate(policy.Input{Estate: est, Config: cfg, Values: values})...)
}

// configViolations turns Parse's error into one violation per bad key.
func configViolations(err error) []Violation {
	if err == nil {
		return nil
	}
	list := []error{err}
	var all *config.Errors
	if errors.As(err, &all) {
		list = all.List
	}
	var out []Violation
	for _, e := range list {
		var bad *config.Error
		if errors.As(e, &bad) {
			out = append(out, Violation{Rule: configRule, Subject: fmt.Sprintf("config %q", bad.Key), Message: bad.Problem})
			continue
		}
		out = append(out, Violation{Rule: configRule, Subject: "config", Message: e.Error()})
	}
	return out
}

// writeText prints one section per stack, then the summary line.
func writeText(w io.Writer, rep Report) error {
	var b strings.Builder
	for _, s := range rep.Stacks {
		if len(s.Violations) == 0 {
			fmt.Fprintf(&b, "stack %s (%s): ok\n", s.Stack, s.File)
			continue
		}
		fmt.Fprintf(&b, "stack %s (%s): %s\n", s.Stack, s.File, plural(len(s.Violations), "violation"))
		for _, v := range s.Violations {
			fmt.Fprintf(&b, "  %s\n", v)
		}
	}
	fmt.Fprintf(&b, "validate: %s, %s, %s\n", plural(len(rep.Stacks), "stack"), plural(len(rep.Rules), "rule"), plural(rep.Violations, "violation"))
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
