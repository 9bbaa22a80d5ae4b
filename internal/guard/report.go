package guard

import (
	"fmt"
	"io"
	"strings"
)

// Headline is the verdict in one line.
func (v Verdict) Headline() string {
	switch {
	case len(v.Errors) > 0:
		return fmt.Sprintf("guard: %s: REFUSED: the preview reported %d error(s), so it does not say what an up would do", v.Env, len(v.Errors))
	case len(v.Refused) == 0 && len(v.Allowed) == 0:
		return fmt.Sprintf("guard: %s: PASS: no destructive step (%d steps)", v.Env, v.Steps)
	case !v.Enforced:
		return fmt.Sprintf("guard: %s: PASS (reported only in %s): %d destructive step(s)", v.Env, v.Env, len(v.Refused)+len(v.Allowed))
	case len(v.Refused) > 0:
		return fmt.Sprintf("guard: %s: REFUSED: %d destructive step(s) not allowed by name", v.Env, len(v.Refused))
	default:
		return fmt.Sprintf("guard: %s: PASS: %d destructive step(s), each allowed by name", v.Env, len(v.Allowed))
	}
}

// WriteText writes the verdict for a terminal or a CI log.
func (v Verdict) WriteText(w io.Writer) {
	fmt.Fprintln(w, v.Headline())
	for _, e := range v.Errors {
		fmt.Fprintf(w, "  error: %s\n", e)
	}
	label := "REFUSED"
	if !v.Enforced {
		label = "destructive"
	}
	for _, f := range v.Refused {
		fmt.Fprintf(w, "  %s: %s\n", label, f)
	}
	for _, f := range v.Allowed {
		fmt.Fprintf(w, "  allowed by -allow-destroy: %s\n", f)
	}
	for _, u := range v.Unused {
		fmt.Fprintf(w, "  note: -allow-destroy names %s, which has no destructive step in this preview\n", u)
	}
	if v.Enforced && len(v.Refused) > 0 {
		fmt.Fprintf(w, "To go ahead on purpose, name each resource: -allow-destroy=%s\n", strings.Join(v.refusedURNs(), ","))
		fmt.Fprintf(w, "  (make up STACK=<stack> ALLOW_DESTROY=<urn>,<urn>; in CI, the deploy workflow's allow_destroy input)\n")
	}
}

// WriteMarkdown writes the verdict for a GitHub job summary.
func (v Verdict) WriteMarkdown(w io.Writer) {
	icon := "✅"
	if !v.Pass() {
		icon = "⛔"
	}
	fmt.Fprintf(w, "### %s %s\n\n", icon, v.Headline())
	for _, e := range v.Errors {
		fmt.Fprintf(w, "- error: `%s`\n", e)
	}
	if len(v.Refused)+len(v.Allowed) > 0 {
		fmt.Fprintf(w, "| verdict | step | type | name | why | URN |\n|---|---|---|---|---|---|\n")
		label := "refused"
		if !v.Enforced {
			label = "reported"
		}
		row := func(verdict string, f Finding) {
			fmt.Fprintf(w, "| %s | %s | `%s` | %s | %s | `%s` |\n", verdict, f.Op, f.Type, f.Name,
				strings.ReplaceAll(strings.Join(f.Reasons, "; "), "|", "\\|"), f.URN)
		}
		for _, f := range v.Refused {
			row(label, f)
		}
		for _, f := range v.Allowed {
			row("allowed by name", f)
		}
		fmt.Fprintln(w)
	}
	for _, u := range v.Unused {
		fmt.Fprintf(w, "- note: the override names `%s`, which has no destructive step here\n", u)
	}
	if v.Enforced && len(v.Refused) > 0 {
		fmt.Fprintf(w, "\nTo go ahead on purpose, re-run the deploy with `allow_destroy` = `%s`.\n", strings.Join(v.refusedURNs(), ","))
	}
	fmt.Fprintln(w)
}

// refusedURNs are the refused steps' URNs, each once, in order.
func (v Verdict) refusedURNs() []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range v.Refused {
		if !seen[f.URN] {
			seen[f.URN] = true
			out = append(out, f.URN)
		}
	}
	return out
}
