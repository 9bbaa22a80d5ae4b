package provider

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// checker accumulates input validation failures. Every failure names the offending
// property by its path (e.g. "secretTextBindings[1].name").
//
// During a preview some inputs are unknown (computed from resources that do not exist
// yet); infer decodes those as zero values. A failure is therefore only recorded when the
// value at its path is known in the raw inputs, so unknowns are never reported as "empty".
type checker struct {
	inputs   property.Map
	failures []p.CheckFailure
}

func newChecker(inputs property.Map) *checker { return &checker{inputs: inputs} }

// known reports whether the input at path is known. Missing values count as known.
func (c *checker) known(path string) bool {
	var pp property.Path
	if err := pp.UnmarshalText([]byte(path)); err != nil {
		return true
	}
	v, err := pp.Get(property.New(c.inputs))
	if err != nil {
		var failure property.PathApplyFailure
		if errors.As(err, &failure) {
			return !failure.Found().IsComputed()
		}
		return true
	}
	return !v.HasComputed()
}

// failf records a failure for path unless the value there is unknown.
func (c *checker) failf(path, format string, args ...any) {
	if !c.known(path) {
		return
	}
	c.failures = append(c.failures, p.CheckFailure{Property: path, Reason: fmt.Sprintf(format, args...)})
}

// nonEmpty requires a non-blank string.
func (c *checker) nonEmpty(path, v string) bool {
	if strings.TrimSpace(v) == "" {
		c.failf(path, "must not be empty")
		return false
	}
	return true
}

// idPart requires a non-blank string that can be embedded in a "/"-separated resource ID.
func (c *checker) idPart(path, v string) {
	if !c.nonEmpty(path, v) {
		return
	}
	if strings.ContainsAny(v, "/ \t\r\n") {
		c.failf(path, "must not contain '/' or whitespace, got %q", v)
	}
}

func (c *checker) matches(path, v string, re *regexp.Regexp, what string) {
	if !c.nonEmpty(path, v) {
		return
	}
	if !re.MatchString(v) {
		c.failf(path, "%q is not a valid %s", v, what)
	}
}

func (c *checker) intRange(path string, v *int, lo, hi int) {
	if v != nil && (*v < lo || *v > hi) {
		c.failf(path, "must be between %d and %d, got %d", lo, hi, *v)
	}
}

func (c *checker) floatRange(path string, v, lo, hi float64) {
	if math.IsNaN(v) || v < lo || v > hi {
		c.failf(path, "must be between %g and %g, got %g", lo, hi, v)
	}
}

// date requires YYYY-MM-DD naming a real calendar day.
func (c *checker) date(path, v string) {
	if !c.nonEmpty(path, v) {
		return
	}
	if !dateRe.MatchString(v) {
		c.failf(path, "must be a date in YYYY-MM-DD form, got %q", v)
		return
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		c.failf(path, "%q is not a valid calendar date", v)
	}
}

// oneOf requires v to be one of allowed.
func (c *checker) oneOf(path, v string, allowed ...string) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	c.failf(path, "must be one of %s, got %q", strings.Join(quoteAll(allowed), ", "), v)
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
