package provider

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/dome/dome-infra/internal/cfapi"
)

// checker words this provider's input validation failures. cfapi.Checker records them
// by property path (e.g. "secretTextBindings[1].name") and never reports a value that is
// unknown during a preview.
type checker struct{ *cfapi.Checker }

func newChecker(inputs property.Map) checker { return checker{cfapi.NewChecker(inputs)} }

// nonEmpty requires a non-blank string.
func (c checker) nonEmpty(path, v string) bool {
	if strings.TrimSpace(v) == "" {
		c.Failf(path, "must not be empty")
		return false
	}
	return true
}

// idPart requires a non-blank string that can be embedded in a "/"-separated resource ID.
func (c checker) idPart(path, v string) {
	if !c.nonEmpty(path, v) {
		return
	}
	if strings.ContainsAny(v, "/ \t\r\n") {
		c.Failf(path, "must not contain '/' or whitespace, got %q", v)
	}
}

func (c checker) matches(path, v string, re *regexp.Regexp, what string) {
	if !c.nonEmpty(path, v) {
		return
	}
	if !re.MatchString(v) {
		c.Failf(path, "%q is not a valid %s", v, what)
	}
}

func (c checker) intRange(path string, v *int, lo, hi int) {
	if v != nil && (*v < lo || *v > hi) {
		c.Failf(path, "must be between %d and %d, got %d", lo, hi, *v)
	}
}

func (c checker) floatRange(path string, v, lo, hi float64) {
	if math.IsNaN(v) || v < lo || v > hi {
		c.Failf(path, "must be between %g and %g, got %g", lo, hi, v)
	}
}

// date requires YYYY-MM-DD naming a real calendar day.
func (c checker) date(path, v string) {
	if !c.nonEmpty(path, v) {
		return
	}
	if !dateRe.MatchString(v) {
		c.Failf(path, "must be a date in YYYY-MM-DD form, got %q", v)
		return
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		c.Failf(path, "%q is not a valid calendar date", v)
	}
}

// oneOf requires v to be one of allowed.
func (c checker) oneOf(path, v string, allowed ...string) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	c.Failf(path, "must be one of %s, got %q", strings.Join(quoteAll(allowed), ", "), v)
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

var (
	dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	// Worker script names: lowercase letters, digits and hyphens, at most 63 characters,
	// not starting or ending with a hyphen (the name is also a workers.dev DNS label).
	workerNameRe = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	// Queue names (used for dead letter queues and queue producer bindings): lowercase
	// letters, digits and hyphens, at most 63 characters.
	queueNameRe = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	// Binding names are JavaScript identifiers on `env`.
	bindingNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// Vectorize index names: lowercase letters, digits and hyphens, at most 64 bytes.
	vectorizeNameRe = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$`)
)
