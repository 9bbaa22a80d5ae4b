// Package policy is the project's policy as code: the rules every stack and
// the estate must keep. The program checks them before it registers any
// resource, `scripts/validate` reports them for every stack, and the tests
// feed them broken fixtures. A rule has a stable name, which every
// violation carries, so a failure says which rule to read.
package policy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/estate"
)

// Input is what the rules look at.
type Input struct {
	Estate estate.Estate
	Config config.Config
	// Values are the stack's config values as its file holds them, for the
	// rules that look at raw config (secrets in plain text). Optional: the
	// program, which reads config through the Pulumi API, leaves it nil.
	Values config.Values
	// KnownKeys are the project's own config keys (config.KnownKeys: what
	// Pulumi.yaml declares or documents). With Values, a key of the
	// project's namespace outside them (and outside the estate's secret
	// bindings) is a typo; nil skips the check (the run cannot list keys).
	KnownKeys []string
}

// Violation is one broken rule.
type Violation struct {
	Rule    string `json:"rule"`
	Subject string `json:"subject"` // what is wrong: `worker "silo"`, `queue "dome-events"`
	Message string `json:"message"`
}

func (v Violation) String() string { return fmt.Sprintf("[%s] %s: %s", v.Rule, v.Subject, v.Message) }

// Rule is one named check.
type Rule struct {
	Name        string
	Description string
	check       func(in Input, report func(subject, format string, args ...any))
}

// Rules returns every rule, in the order they are reported.
func Rules() []Rule { return rules }

// Evaluate runs every rule and returns the violations, sorted by rule then
// subject so reports are stable.
func Evaluate(in Input) []Violation {
	var out []Violation
	for _, r := range rules {
		r.check(in, func(subject, format string, args ...any) {
			out = append(out, Violation{Rule: r.Name, Subject: subject, Message: fmt.Sprintf(format, args...)})
		})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Rule != out[j].Rule {
			return ruleIndex(out[i].Rule) < ruleIndex(out[j].Rule)
		}
		return out[i].Subject < out[j].Subject
	})
	return out
}

// Check is Evaluate as an error: nil when every rule holds.
func Check(in Input) error {
	if v := Evaluate(in); len(v) > 0 {
		return Violations(v)
	}
	return nil
}

// Violations is the error of a failed Check.
type Violations []Violation

func (vs Violations) Error() string {
	lines := make([]string, len(vs))
	for i, v := range vs {
		lines[i] = v.String()
	}
	return fmt.Sprintf("the estate breaks %d policy rule(s):\n  %s", len(vs), strings.Join(lines, "\n  "))
}

func ruleIndex(name string) int {
	for i, r := range rules {
		if r.Name == name {
			return i
		}
	}
	return len(rules)
}
