package cloudflaretest

import (
	"fmt"
	"net/http"
	"strings"
)

// Permission is the name of a Cloudflare API token permission group, as the
// API spells it (GET /user/tokens/permission_groups). The dashboard labels
// "... Write" groups "Edit"; WithPermissions accepts either spelling.
type Permission string

// Permission groups the emulator enforces.
const (
	PermWorkersScriptsRead  Permission = "Workers Scripts Read"
	PermWorkersScriptsWrite Permission = "Workers Scripts Write"
	PermD1Read              Permission = "D1 Read"
	PermD1Write             Permission = "D1 Write"
	PermR2Read              Permission = "Workers R2 Storage Read"
	PermR2Write             Permission = "Workers R2 Storage Write"
	PermQueuesRead          Permission = "Queues Read"
	PermQueuesWrite         Permission = "Queues Write"
	PermVectorizeRead       Permission = "Vectorize Read"
	PermVectorizeWrite      Permission = "Vectorize Write"
	// Workers Routes is a zone-level group: it guards /zones/{zone_id}/workers/routes.
	PermWorkersRoutesRead  Permission = "Workers Routes Read"
	PermWorkersRoutesWrite Permission = "Workers Routes Write"
)

// Dashboard ("Edit") aliases of the Write groups.
const (
	PermWorkersScriptsEdit = PermWorkersScriptsWrite
	PermD1Edit             = PermD1Write
	PermR2Edit             = PermR2Write
	PermQueuesEdit         = PermQueuesWrite
	PermVectorizeEdit      = PermVectorizeWrite
	PermWorkersRoutesEdit  = PermWorkersRoutesWrite
)

// AllPermissions returns every Write group (Write implies Read); it is the
// default token's permission set.
func AllPermissions() []Permission {
	return []Permission{PermWorkersScriptsWrite, PermD1Write, PermR2Write, PermQueuesWrite, PermVectorizeWrite, PermWorkersRoutesWrite}
}

func normalizePermission(p Permission) Permission {
	s := strings.TrimSpace(string(p))
	if base, ok := strings.CutSuffix(s, " Edit"); ok {
		s = base + " Write"
	}
	return Permission(s)
}

// permGroup is the pair of permission groups guarding an endpoint.
type permGroup struct{ read, write Permission }

var (
	groupNone      = permGroup{}
	groupD1        = permGroup{PermD1Read, PermD1Write}
	groupR2        = permGroup{PermR2Read, PermR2Write}
	groupQueues    = permGroup{PermQueuesRead, PermQueuesWrite}
	groupWorkers   = permGroup{PermWorkersScriptsRead, PermWorkersScriptsWrite}
	groupVectorize = permGroup{PermVectorizeRead, PermVectorizeWrite}
	groupRoutes    = permGroup{PermWorkersRoutesRead, PermWorkersRoutesWrite}
)

// checkPermission: reads need the group's Read or Write permission, every
// other method needs Write.
func (s *Server) checkPermission(g permGroup, method, path string) *apiError {
	if g == groupNone {
		return nil
	}
	read := method == http.MethodGet || method == http.MethodHead
	if s.perms[g.write] || (read && s.perms[g.read]) {
		return nil
	}
	var msg string
	if read {
		msg = fmt.Sprintf("Authentication error: the API token lacks the %q permission (or %q) required for %s %s%s", g.read, g.write, method, apiPrefix, path)
	} else {
		msg = fmt.Sprintf("Authentication error: the API token lacks the %q permission required for %s %s%s", g.write, method, apiPrefix, path)
	}
	return &apiError{Status: http.StatusForbidden, Code: 10000, Message: msg}
}
