package cfapi

import (
	"errors"
	"fmt"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Checker accumulates input validation failures, each naming the offending property by
// its path (e.g. "secretTextBindings[1].name"). The wording of the failures is each
// provider's: they build their checks on Failf.
//
// During a preview some inputs are unknown (computed from resources that do not exist
// yet); infer decodes those as zero values. A failure is therefore only recorded when the
// value at its path is known in the raw inputs, so unknowns are never reported as "empty".
type Checker struct {
	inputs property.Map
	// Failures are the failures recorded so far, in order.
	Failures []p.CheckFailure
}

// NewChecker returns a Checker for the raw inputs of a Check request.
func NewChecker(inputs property.Map) *Checker { return &Checker{inputs: inputs} }

// Known reports whether the input at path is known. Missing values count as known.
func (c *Checker) Known(path string) bool {
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

// Failf records a failure for path unless the value there is unknown.
func (c *Checker) Failf(path, format string, args ...any) {
	if !c.Known(path) {
		return
	}
	c.Failures = append(c.Failures, p.CheckFailure{Property: path, Reason: fmt.Sprintf(format, args...)})
}
