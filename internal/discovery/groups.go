package discovery

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/internal/databases"
	"github.com/dome/dome-infra/internal/queues"
	"github.com/dome/dome-infra/internal/routes"
	"github.com/dome/dome-infra/internal/storage"
	"github.com/dome/dome-infra/internal/workers"
)

// Group is a set of resource kinds imported together, one phase of the
// migration (`scripts/import -only d1,r2`).
type Group string

// The groups, in the order a phased migration imports them: what a group's
// resources refer to is imported before them (consumers refer to queues and
// to worker scripts; event notifications to buckets and queues).
const (
	// D1 is the D1 databases.
	D1 Group = "d1"
	// R2 is the R2 buckets.
	R2 Group = "r2"
	// Queues is the queues alone. Their consumers are a group of their own,
	// because a consumer is bound to a worker script.
	Queues Group = "queues"
	// Vectorize is the Vectorize indexes.
	Vectorize Group = "vectorize"
	// Workers is the worker scripts and their cron triggers.
	Workers Group = "workers"
	// Consumers is the queue consumers. Discovering them lists the queues
	// too, since consumers are listed per queue.
	Consumers Group = "consumers"
	// Events is the R2 event notifications. Discovering them lists the
	// buckets too, since notifications are read per bucket.
	Events Group = "events"
	// Routes is the workers' routes, in the zones the stack names
	// (dome-infra:zones). They refer to worker scripts.
	Routes Group = "routes"
	// Domains is the workers' custom domains (account-level).
	Domains Group = "domains"
)

// AllGroups lists every group in migration order.
var AllGroups = []Group{D1, R2, Queues, Vectorize, Workers, Consumers, Events, Routes, Domains}

// The Cloudflare API token permission groups each group's discovery needs,
// as the API spells them. Discovery only reads, so Read is enough.
const (
	PermD1Read             = "D1 Read"
	PermR2Read             = "Workers R2 Storage Read"
	PermQueuesRead         = "Queues Read"
	PermVectorizeRead      = "Vectorize Read"
	PermWorkersScriptsRead = "Workers Scripts Read"
	// PermWorkersRoutesRead is zone-level; custom domains need only
	// Workers Scripts Read.
	PermWorkersRoutesRead = "Workers Routes Read"
)

// Permission is the permission group the group's endpoints need.
func (g Group) Permission() string {
	switch g {
	case D1:
		return PermD1Read
	case R2, Events:
		return PermR2Read
	case Queues, Consumers:
		return PermQueuesRead
	case Vectorize:
		return PermVectorizeRead
	case Workers, Domains:
		return PermWorkersScriptsRead
	case Routes:
		return PermWorkersRoutesRead
	}
	return ""
}

// Valid reports whether g is one of AllGroups.
func (g Group) Valid() bool { return slices.Contains(AllGroups, g) }

// ParseGroups reads a comma-separated list of groups ("d1,r2"). An empty
// list means every group. The result is in migration order, without
// duplicates; an unknown group is an error listing the valid ones.
func ParseGroups(list string) ([]Group, error) {
	if strings.TrimSpace(list) == "" {
		return slices.Clone(AllGroups), nil
	}
	want := map[Group]bool{}
	for _, part := range strings.Split(list, ",") {
		g := Group(strings.ToLower(strings.TrimSpace(part)))
		if g == "" {
			continue
		}
		if !g.Valid() {
			return nil, fmt.Errorf("unknown group %q; valid groups: %s", part, GroupNames())
		}
		want[g] = true
	}
	if len(want) == 0 {
		return nil, fmt.Errorf("no group in %q; valid groups: %s", list, GroupNames())
	}
	var out []Group
	for _, g := range AllGroups {
		if want[g] {
			out = append(out, g)
		}
	}
	return out, nil
}

// GroupNames is AllGroups as "d1, r2, …".
func GroupNames() string {
	names := make([]string, len(AllGroups))
	for i, g := range AllGroups {
		names[i] = string(g)
	}
	return strings.Join(names, ", ")
}

// GroupOf is the group of a Pulumi type token the program registers; false
// for a type the import does not know (and for providers).
func GroupOf(typ string) (Group, bool) {
	switch typ {
	case databases.Type:
		return D1, true
	case storage.BucketType:
		return R2, true
	case queues.Type:
		return Queues, true
	case companion.VectorizeIndexType:
		return Vectorize, true
	case companion.WorkerScriptType, workers.CronType:
		return Workers, true
	case companion.QueueConsumerType:
		return Consumers, true
	case companion.R2EventNotificationType:
		return Events, true
	case routes.RouteType:
		return Routes, true
	case routes.DomainType:
		return Domains, true
	}
	return "", false
}

// groupSet is a set of groups; nil or empty means every group.
type groupSet map[Group]bool

func newGroupSet(groups []Group) groupSet {
	if len(groups) == 0 {
		groups = AllGroups
	}
	s := groupSet{}
	for _, g := range groups {
		s[g] = true
	}
	return s
}

func (s groupSet) list() []Group {
	var out []Group
	for _, g := range AllGroups {
		if s[g] {
			out = append(out, g)
		}
	}
	return out
}
