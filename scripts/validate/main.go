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
	"github.com/dome/dome-infra/internal/naming"
	"github.com/dome/dome-infra/internal/policy"
)

func main() {
	// Its own FlagSet: a dependency (glog) registers flags on the global one.
	flags := flag.NewFlagSet("validate", flag.ExitOnError)
	dir := flags.String("dir", ".", "project directory (where Pulumi.yaml and the Pulumi.<stack>.yaml files are)")
	asJSON := flags.Bool("json", false, "print the report as JSON")
	_ = flags.Parse(os.Args[1:])

	violations, err := run(*dir, os.Stdout, *asJSON)
	if err != nil {
		fmt.Fprintf(os.Stderr, "validate: %v\n", err)
		os.Exit(2)
	}
	if violations > 0 {
		os.Exit(1)
	}
}

// Rules of validate itself, across stack files (the policy's rules look at
// one stack at a time).
const (
	// stackFilesRule: every environment has its Pulumi.<stack>.yaml, and no
	// stack file is misnamed (Pulumi ignores Pulumi.<stack>.yml).
	stackFilesRule = "stack-files"
	// stackNamesRule: no two stacks give a resource the same Cloudflare
	// name in the same account (one would overwrite the other's).
	stackNamesRule = "stack-names"
)

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
	known, err := config.KnownKeys(dir)
	if err != nil {
		return 0, err
	}
	est := estate.Dome()
	var parsed []config.Config
	for _, stack := range stacks {
		violations, cfg, ok := checkStack(dir, stack, est, known)
		if ok {
			parsed = append(parsed, cfg)
		}
		rep.Stacks = append(rep.Stacks, StackReport{Stack: stack, File: stackFile(stack), Violations: violations})
	}
	for i, v := range sharedNames(parsed, est) {
		for j := range rep.Stacks {
			if rep.Stacks[j].Stack == i {
				rep.Stacks[j].Violations = append(rep.Stacks[j].Violations, v...)
			}
		}
	}
	rep.Stacks = append(rep.Stacks, missingStacks(dir, stacks)...)
	for _, s := range rep.Stacks {
		rep.Violations += len(s.Violations)
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
	if len(stacks) == 0 && len(misnamed(dir)) == 0 {
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
// (Parse returns what it could read), so one run shows every problem. ok
// says the config parsed (the cross-stack check uses only those). It is
// offline: a stack without an account stands in the offline one.
func checkStack(dir, stack string, est estate.Estate, known []string) (violations []Violation, cfg config.Config, ok bool) {
	out := []Violation{}
	values, err := config.ReadStack(dir, stack)
	if err != nil {
		// Pulumi's own loaders refused the file (bad YAML, a value of the
		// wrong type): nothing further can be read from it.
		return append(out, Violation{Rule: configRule, Subject: fmt.Sprintf("stack file %q", stackFile(stack)), Message: err.Error()}), cfg, false
	}
	cfg, err = config.ParseOffline(stack, values)
	out = append(out, configViolations(err)...)
	if applied, aerr := cfg.Apply(est); aerr != nil {
		out = append(out, configViolations(aerr)...)
	} else {
		est = applied
	}
	return append(out, policy.Evaluate(policy.Input{Estate: est, Config: cfg, Values: values, KnownKeys: known})...), cfg, err == nil
}

// misnamed lists the stack files Pulumi would ignore: Pulumi.<stack>.yml.
func misnamed(dir string) []string {
	files, _ := filepath.Glob(filepath.Join(dir, "Pulumi.*.yml"))
	out := make([]string, 0, len(files))
	for _, f := range files {
		out = append(out, filepath.Base(f))
	}
	return out
}

// missingStacks reports every environment without its stack file, and
// every misnamed stack file.
func missingStacks(dir string, stacks []string) []StackReport {
	var out []StackReport
	wrong := misnamed(dir)
	for _, env := range config.Environments {
		if slices.Contains(stacks, string(env)) {
			continue
		}
		file := stackFile(string(env))
		msg := "is missing: every environment (dev, staging, prod) has a stack file; create it (pulumi stack init " + string(env) + ")"
		if slices.Contains(wrong, "Pulumi."+string(env)+".yml") {
			msg = "is missing: Pulumi." + string(env) + ".yml is there, but Pulumi reads only .yaml; rename it to " + file
		}
		out = append(out, StackReport{Stack: string(env), File: file, Violations: []Violation{{Rule: stackFilesRule, Subject: fmt.Sprintf("stack file %q", file), Message: msg}}})
	}
	for _, f := range wrong {
		stack := strings.TrimSuffix(strings.TrimPrefix(f, "Pulumi."), ".yml")
		if slices.Contains(config.Environments, config.Environment(stack)) || slices.Contains(stacks, stack) {
			continue // reported above, or shadowed by the .yaml
		}
		out = append(out, StackReport{Stack: stack, File: f, Violations: []Violation{{Rule: stackFilesRule, Subject: fmt.Sprintf("stack file %q", f),
			Message: "is ignored: Pulumi reads only .yaml; rename it to " + stackFile(stack)}}})
	}
	return out
}

// sharedNames finds stacks that give resources the same Cloudflare name in
// the same account, by stack: one violation per pair of stacks. Stacks
// without an account (the offline stand-in) are taken to share one.
func sharedNames(stacks []config.Config, est estate.Estate) map[string][]Violation {
	type key struct {
		account string
		kind    naming.Kind
		name    string
	}
	owner := map[key]string{}
	type pair struct{ stack, other string }
	shared := map[pair][]string{}
	var order []pair
	for _, c := range stacks {
		names, err := naming.New(c.NameSuffix)
		if err != nil {
			continue
		}
		for _, r := range named(est) {
			k := key{c.AccountID, r.Kind, names.Name(r.Kind, r.Name)}
			other, taken := owner[k]
			if !taken {
				owner[k] = c.Stack
				continue
			}
			p := pair{c.Stack, other}
			if shared[p] == nil {
				order = append(order, p)
			}
			shared[p] = append(shared[p], fmt.Sprintf("%s %q", r.Kind, k.name))
		}
	}
	out := map[string][]Violation{}
	for _, p := range order {
		list := shared[p]
		account := "account " + stacksAccount(stacks, p.stack)
		example := strings.Join(list[:min(3, len(list))], ", ")
		if len(list) > 3 {
			example += ", …"
		}
		out[p.stack] = append(out[p.stack], Violation{Rule: stackNamesRule, Subject: fmt.Sprintf("config %q", config.KeyNameSuffix),
			Message: fmt.Sprintf("stack %s gives %d resources the same Cloudflare names as stack %s, in %s (%s): an up of one would overwrite the other's; give each stack its own suffix",
				p.stack, len(list), p.other, account, example)})
	}
	return out
}

type namedResource struct {
	Kind naming.Kind
	Name string
}

// named lists the estate's resources that have a Cloudflare name.
func named(e estate.Estate) []namedResource {
	var out []namedResource
	for _, w := range e.Workers {
		out = append(out, namedResource{naming.Worker, w.Name})
	}
	for _, d := range e.Databases {
		out = append(out, namedResource{naming.Database, d.Name})
	}
	for _, b := range e.Buckets {
		out = append(out, namedResource{naming.Bucket, b.Name})
	}
	for _, i := range e.Indexes {
		out = append(out, namedResource{naming.Index, i.Name})
	}
	for _, q := range e.Queues {
		out = append(out, namedResource{naming.Queue, q.Name})
	}
	return out
}

func stacksAccount(stacks []config.Config, stack string) string {
	for _, c := range stacks {
		if c.Stack == stack {
			if c.AccountSource == config.AccountFromOffline {
				return "the same account (none is set; " + config.EnvAccountID + " or " + config.KeyAccountID + ")"
			}
			return c.AccountID
		}
	}
	return "?"
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
