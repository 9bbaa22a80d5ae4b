package cloudflaretest

import (
	"net/http"
	"strings"
)

// RoutePattern names the route a request was served by, e.g.
// "PUT /accounts/{account_id}/workers/scripts/{script_name}", or "" when no
// route matches. path is relative to the API root, as in Request.Path.
func (s *Server) RoutePattern(method, path string) string {
	r, err := http.NewRequest(method, "http://emulator"+apiPrefix+path, nil)
	if err != nil {
		return ""
	}
	r.URL.Path = strings.TrimPrefix(r.URL.Path, apiPrefix)
	_, pattern := s.mux.Handler(r)
	return pattern
}
