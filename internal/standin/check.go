package standin

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// checker accumulates input validation failures, each naming its property by path
// ("schedules[1]").
//
// During a preview some inputs are unknown; infer decodes those as zero values, so a
// failure is only recorded when the value at its path is known in the raw inputs.
type checker struct {
	inputs   property.Map
	failures []p.CheckFailure
}

func newChecker(inputs property.Map) *checker { return &checker{inputs: inputs} }

// known reports whether the input at path is known (missing values count as known).
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

func (c *checker) failf(path, format string, args ...any) {
	if !c.known(path) {
		return
	}
	c.failures = append(c.failures, p.CheckFailure{Property: path, Reason: fmt.Sprintf(format, args...)})
}

// nonEmpty requires a non-blank string.
func (c *checker) nonEmpty(path, v string) bool {
	if strings.TrimSpace(v) == "" {
		c.failf(path, "%s must not be empty", path)
		return false
	}
	return true
}

// idPart requires a non-blank string that can be one part of a "/"-separated import ID.
func (c *checker) idPart(path, v string) bool {
	if !c.nonEmpty(path, v) {
		return false
	}
	if strings.ContainsAny(v, "/ \t\r\n") {
		c.failf(path, "%s must not contain '/' or whitespace, got %q", path, v)
		return false
	}
	return true
}

func (c *checker) matches(path, v string, re *regexp.Regexp, what string) {
	if !c.idPart(path, v) {
		return
	}
	if !re.MatchString(v) {
		c.failf(path, "%s: %q is not a valid %s", path, v, what)
	}
}

func (c *checker) oneOfFold(path, v string, allowed ...string) {
	for _, a := range allowed {
		if strings.EqualFold(v, a) {
			return
		}
	}
	c.failf(path, "%s must be one of %s, got %q", path, strings.Join(allowed, ", "), v)
}

var (
	// R2 bucket names: 3-63 lowercase letters, digits and hyphens, starting and ending
	// with a letter or digit.
	bucketNameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)
	// Worker script names: lowercase letters, digits, '-' and '_', at most 63.
	scriptNameRe = regexp.MustCompile(`^[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?$`)
)

// parseImportID splits "<account id>/<rest>" (the v5 import ID forms). A plain ID (no
// '/') is accepted when the account ID is known from the inputs or state (refresh).
func parseImportID(id, knownAccountID, form string) (accountID, rest string, err error) {
	if a, r, ok := strings.Cut(id, "/"); ok {
		if a == "" || r == "" || strings.Contains(r, "/") {
			return "", "", fmt.Errorf(errPrefix+"invalid import ID %q: expected %s", id, form)
		}
		return a, r, nil
	}
	if id == "" {
		return "", "", fmt.Errorf(errPrefix+"empty resource ID: expected %s", form)
	}
	if knownAccountID == "" {
		return "", "", fmt.Errorf(errPrefix+"invalid import ID %q: expected %s", id, form)
	}
	return knownAccountID, id, nil
}
