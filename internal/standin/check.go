package standin

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/dome/dome-infra/internal/cfapi"
)

// checker words the stand-in's input validation failures, each reason naming its
// property ("schedules[1] must not be empty"). cfapi.Checker records them by path and
// never reports a value that is unknown during a preview.
type checker struct{ *cfapi.Checker }

func newChecker(inputs property.Map) checker { return checker{cfapi.NewChecker(inputs)} }

// nonEmpty requires a non-blank string.
func (c checker) nonEmpty(path, v string) bool {
	if strings.TrimSpace(v) == "" {
		c.Failf(path, "%s must not be empty", path)
		return false
	}
	return true
}

// idPart requires a non-blank string that can be one part of a "/"-separated import ID.
func (c checker) idPart(path, v string) bool {
	if !c.nonEmpty(path, v) {
		return false
	}
	if strings.ContainsAny(v, "/ \t\r\n") {
		c.Failf(path, "%s must not contain '/' or whitespace, got %q", path, v)
		return false
	}
	return true
}

func (c checker) matches(path, v string, re *regexp.Regexp, what string) {
	if !c.idPart(path, v) {
		return
	}
	if !re.MatchString(v) {
		c.Failf(path, "%s: %q is not a valid %s", path, v, what)
	}
}

// oneOf requires v to be exactly one of allowed (case-sensitive, as v4.51.0's
// stringvalidator.OneOf).
func (c checker) oneOf(path, v string, allowed ...string) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	c.Failf(path, "%s must be one of %s, got %q", path, strings.Join(allowed, ", "), v)
}

// R2 bucket names: 3-63 lowercase letters, digits and hyphens, starting and ending with
// a letter or digit.
var bucketNameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)

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

// firstNonEmpty returns the first of vs that is not blank, trimmed.
func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
