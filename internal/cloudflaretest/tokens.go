package cloudflaretest

// RollToken gives the token a new secret value and returns it, as the
// dashboard's Roll does (My Profile › API Tokens › ⋯ › Roll; the API's
// PUT /user/tokens/{token_id}/value): the same token ID and permissions,
// and the previous value refused from that moment, with Cloudflare's 401
// "Authentication error". Cloudflare: "Rolling your API token into a new
// one will invalidate the previous token, but the access and permissions
// will be the same as the previous API token"
// (https://developers.cloudflare.com/fundamentals/api/how-to/roll-token/).
func (s *Server) RollToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.token = "test-token-" + randomHex(8)
	return s.token
}
