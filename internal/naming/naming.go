// Package naming turns the estate's logical names into the names a stack's
// resources get in Cloudflare, and checks them against Cloudflare's limits.
//
// Production keeps the names that exist today, so the hand-made estate can be
// imported rather than recreated; dev and staging add a suffix
// ("silo-dev"). No other package builds a Cloudflare name by hand.
package naming

import (
	"fmt"
	"regexp"
)

// Kind is the kind of Cloudflare resource a name is for; each has its limits.
type Kind string

const (
	Worker   Kind = "worker"
	Database Kind = "D1 database"
	Bucket   Kind = "R2 bucket"
	Queue    Kind = "queue"
	Index    Kind = "Vectorize index"
)

// limit is one kind's rule, as Cloudflare documents it.
type limit struct {
	min, max int
	pattern  *regexp.Regexp
	rule     string
}

var limits = map[Kind]limit{
	Worker: {1, 63, regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`),
		"lowercase letters, digits and hyphens, not starting or ending with a hyphen"},
	Database: {1, 64, regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`),
		"lowercase letters, digits and hyphens, not starting or ending with a hyphen"},
	Bucket: {3, 63, regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`),
		"lowercase letters, digits and hyphens, starting and ending with a letter or digit"},
	Queue: {1, 63, regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`),
		"lowercase letters, digits and hyphens, not starting or ending with a hyphen"},
	Index: {1, 32, regexp.MustCompile(`^[a-z]([a-z0-9-]*[a-z0-9])?$`),
		"lowercase letters, digits and hyphens, starting with a letter"},
}

// Check reports whether name is a valid Cloudflare name for the kind.
func Check(kind Kind, name string) error {
	l, ok := limits[kind]
	if !ok {
		return fmt.Errorf("naming: unknown kind %q", kind)
	}
	if n := len(name); n < l.min || n > l.max {
		return fmt.Errorf("%s name %q is %d characters; Cloudflare allows %d to %d", kind, name, n, l.min, l.max)
	}
	if !l.pattern.MatchString(name) {
		return fmt.Errorf("%s name %q is invalid: Cloudflare allows %s", kind, name, l.rule)
	}
	return nil
}

// MaxLen is the longest name Cloudflare allows for the kind (0 for an
// unknown kind).
func MaxLen(kind Kind) int { return limits[kind].max }

// suffixPattern: empty, or hyphen-led lowercase words ("-dev", "-pr-42").
var suffixPattern = regexp.MustCompile(`^(-[a-z0-9]+)*$`)

// Namer names one stack's resources.
type Namer struct{ suffix string }

// New returns the Namer for a stack whose names end in suffix ("" in prod).
func New(suffix string) (Namer, error) {
	if !suffixPattern.MatchString(suffix) {
		return Namer{}, fmt.Errorf("name suffix %q is invalid: use \"\" or hyphen-separated lowercase words such as \"-dev\"", suffix)
	}
	return Namer{suffix: suffix}, nil
}

// Suffix is what the stack appends to every name.
func (n Namer) Suffix() string { return n.suffix }

// Name is the Cloudflare name of the logical resource in this stack.
// Every kind is named the same way today; the kind still travels with the
// name so that Check applies the right limits.
func (n Namer) Name(kind Kind, logical string) string { return logical + n.suffix }

// Worker, Database, Bucket, Queue and Index name one resource of that kind.
func (n Namer) Worker(logical string) string   { return n.Name(Worker, logical) }
func (n Namer) Database(logical string) string { return n.Name(Database, logical) }
func (n Namer) Bucket(logical string) string   { return n.Name(Bucket, logical) }
func (n Namer) Queue(logical string) string    { return n.Name(Queue, logical) }
func (n Namer) Index(logical string) string    { return n.Name(Index, logical) }
