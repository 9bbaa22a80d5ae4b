package cloudflaretest

// workers.dev: the account's subdomain and each script's route on it.

// WorkersDev is a script's workers.dev route: whether the script answers on
// <script>.<account subdomain>.workers.dev, and whether its preview URLs do.
//
// A script created through the API starts with both off: Cloudflare enables
// the workers.dev route only when asked (terraform-provider-cloudflare issue
// #2892: "When I create a worker using cloudflare_worker_script, the default
// route ... workers.dev is not enabled"). Wrangler asks on every deploy: it
// POSTs {enabled, previews_enabled} to …/subdomain, enabled unless the config
// sets workers_dev = false or has routes (deploy-helpers'
// triggers/deploy.ts, subdomainDeploy).
type WorkersDev struct {
	Enabled         bool `json:"enabled"`
	PreviewsEnabled bool `json:"previews_enabled"`
}

const codeSubdomainNotFound = 10007 // what wrangler's getWorkersDevSubdomain expects

func (s *Server) registerSubdomain() {
	const script = "/accounts/{account_id}/workers/scripts/{script_name}/subdomain"
	s.handle("GET "+script, groupWorkers, s.getScriptSubdomain)
	s.handle("POST "+script, groupWorkers, s.postScriptSubdomain)
	s.handle("DELETE "+script, groupWorkers, s.deleteScriptSubdomain)
	s.handle("GET /accounts/{account_id}/workers/subdomain", groupWorkers, s.getAccountSubdomain)
	s.handle("PUT /accounts/{account_id}/workers/subdomain", groupWorkers, s.putAccountSubdomain)
}

func (s *Server) getScriptSubdomain(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	return sc.WorkersDev, nil
}

// postScriptSubdomain sets enabled (required) and previews_enabled
// (optional: it follows enabled when omitted, as cloudflare-go documents).
func (s *Server) postScriptSubdomain(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	var body struct {
		Enabled         *bool `json:"enabled"`
		PreviewsEnabled *bool `json:"previews_enabled"`
	}
	if err := c.decode(&body); err != nil {
		return nil, err
	}
	if body.Enabled == nil {
		return nil, errBadRequest(codeBadRequest, "enabled is required")
	}
	sc.WorkersDev.Enabled = *body.Enabled
	sc.WorkersDev.PreviewsEnabled = *body.Enabled
	if body.PreviewsEnabled != nil {
		sc.WorkersDev.PreviewsEnabled = *body.PreviewsEnabled
	}
	return sc.WorkersDev, nil
}

// deleteScriptSubdomain turns the workers.dev route and previews off.
func (s *Server) deleteScriptSubdomain(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	sc.WorkersDev = WorkersDev{}
	return sc.WorkersDev, nil
}

// getAccountSubdomain answers the account's workers.dev subdomain; every
// account starts with one (SetAccountSubdomain("") removes it, and the GET
// then answers 404 code 10007, which makes wrangler offer to register one).
func (s *Server) getAccountSubdomain(c *call) (any, error) {
	sub := c.acct.subdomainName(c.accountID)
	if sub == "" {
		return nil, errNotFound(codeSubdomainNotFound, "This account has no workers.dev subdomain")
	}
	return map[string]any{"subdomain": sub}, nil
}

func (s *Server) putAccountSubdomain(c *call) (any, error) {
	var body struct {
		Subdomain string `json:"subdomain"`
	}
	if err := c.decode(&body); err != nil {
		return nil, err
	}
	if !scriptNameRe.MatchString(body.Subdomain) {
		return nil, errBadRequest(codeBadRequest, "subdomain %q must be lowercase letters, digits and '-'", body.Subdomain)
	}
	c.acct.subdomain, c.acct.subdomainSet = body.Subdomain, true
	return map[string]any{"subdomain": body.Subdomain}, nil
}

func (a *account) subdomainName(accountID string) string {
	if !a.subdomainSet {
		return "emulator-" + accountID[:8]
	}
	return a.subdomain
}

// SetAccountSubdomain sets the account's workers.dev subdomain ("" = none).
func (s *Server) SetAccountSubdomain(accountID, subdomain string) {
	s.withAccount(accountID, func(a *account) { a.subdomain, a.subdomainSet = subdomain, true })
}
