package cloudflaretest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// AccountID is a default account identifier tests can use. Any well-formed
// 32-hex account id is accepted; state is kept per account.
const AccountID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"

// apiPrefix is the path under which the v4 API is served.
const apiPrefix = "/client/v4"

// maxBody bounds request bodies (worker uploads included).
const maxBody = 64 << 20

var accountIDRe = regexp.MustCompile(`^[0-9a-f]{32}$`)

// Server is an in-memory Cloudflare API v4 emulator backed by httptest.
// All methods are safe for concurrent use.
type Server struct {
	srv     *httptest.Server
	mux     *http.ServeMux
	token   string
	tokenID string
	perms   map[Permission]bool

	mu       sync.Mutex
	requests []Request
	faults   []*faultState
	// faultsFired counts the requests the faults answered.
	faultsFired int
	accounts    map[string]*account
	// zones are the zones routes live in, by zone ID (AddZone).
	zones map[string]*zoneState
	limit rateLimitState
	clock clock
	// visible are the accounts the token sees (WithAccounts); nil: all.
	visible map[string]bool
	// latency delays every request (WithLatency, SetLatency).
	latency atomic.Int64
}

// Option configures a Server.
type Option func(*config)

type config struct {
	accounts []string
	token    string
	perms    []Permission
	permsSet bool
	addr     string
	scale    float64
	latency  time.Duration
}

// WithToken sets the accepted bearer token (default "test-token-<random>").
func WithToken(tok string) Option { return func(c *config) { c.token = tok } }

// WithPermissions sets the permission groups the token holds. The default is
// every group at Write (Edit) level. "... Edit" is accepted as an alias for
// Cloudflare's API name "... Write".
func WithPermissions(perms ...Permission) Option {
	return func(c *config) { c.perms = append([]Permission(nil), perms...); c.permsSet = true }
}

// WithAccounts limits the token to these accounts, as a token's "Account
// Resources" do: a request for another account gets Cloudflare's 403 (code
// 9109) and GET /accounts lists only these. By default the token sees
// every account.
func WithAccounts(ids ...string) Option {
	return func(c *config) { c.accounts = append(append([]string{}, c.accounts...), ids...) }
}

// WithAddr makes the server listen on addr (e.g. "127.0.0.1:8787") instead of
// a random loopback port.
func WithAddr(addr string) Option { return func(c *config) { c.addr = addr } }

// WithTimeScale runs the emulator's clock of rate limits (SetRateLimit) fast:
// one second of Cloudflare's time lasts scale seconds, so a five-minute block
// lasts 3 s at 0.01. Retry-After keeps Cloudflare's whole seconds; a client
// under test scales its waits alike (cfapi.EnvTimeScale). Default 1.
func WithTimeScale(scale float64) Option { return func(c *config) { c.scale = scale } }

// NewServer starts an emulator, and panics when it cannot listen (tests:
// Start). Call Close when done.
func NewServer(opts ...Option) *Server {
	s, err := New(opts...)
	if err != nil {
		panic(err.Error())
	}
	return s
}

// New starts an emulator, or says why it cannot listen (a busy address).
// Call Close when done.
func New(opts ...Option) (*Server, error) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.token == "" {
		cfg.token = "test-token-" + randomHex(8)
	}
	if !cfg.permsSet {
		cfg.perms = AllPermissions()
	}
	s := &Server{
		mux:      http.NewServeMux(),
		token:    cfg.token,
		tokenID:  randomHex(16),
		perms:    map[Permission]bool{},
		accounts: map[string]*account{},
		zones:    map[string]*zoneState{},
		clock:    newClock(cfg.scale),
	}
	for _, p := range cfg.perms {
		s.perms[normalizePermission(p)] = true
	}
	if cfg.accounts != nil {
		s.visible = map[string]bool{}
		for _, id := range cfg.accounts {
			s.visible[id] = true
		}
	}
	s.latency.Store(int64(cfg.latency))
	s.registerRoutes()

	ts := httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	if cfg.addr != "" {
		l, err := net.Listen("tcp", cfg.addr)
		if err != nil {
			ts.Listener.Close()
			return nil, fmt.Errorf("cloudflaretest: listen on %s: %w (is another emulator running? choose another address)", cfg.addr, err)
		}
		ts.Listener.Close()
		ts.Listener = l
	}
	ts.Start()
	s.srv = ts
	return s, nil
}

// Start is NewServer plus t.Cleanup(s.Close).
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// URL is the base URL to hand to option.WithBaseURL; it ends in "/client/v4/".
func (s *Server) URL() string { return s.srv.URL + apiPrefix + "/" }

// Token is the accepted bearer token (the current value, after RollToken).
func (s *Server) Token() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.token
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

func (s *Server) registerRoutes() {
	s.handle("GET /user/tokens/verify", groupNone, s.verifyToken)
	s.handle("GET /accounts/{account_id}/tokens/verify", groupNone, s.verifyToken)
	s.handle("GET /accounts", groupNone, s.listAccounts)
	s.registerD1()
	s.registerR2()
	s.registerEventNotifications()
	s.registerQueues()
	s.registerLegacyQueues()
	s.registerWorkers()
	s.registerVectorize()
	s.registerRouting()
}

// listAccounts lists the accounts the token sees: those of WithAccounts,
// else AccountID and every account the emulator holds.
func (s *Server) listAccounts(c *call) (any, error) {
	ids := map[string]bool{}
	if s.visible != nil {
		ids = s.visible
	} else {
		ids[AccountID] = true
		for id := range s.accounts {
			ids[id] = true
		}
	}
	sorted := make([]string, 0, len(ids))
	for id := range ids {
		sorted = append(sorted, id)
	}
	sort.Strings(sorted)
	items := make([]map[string]any, len(sorted))
	for i, id := range sorted {
		items[i] = map[string]any{"id": id, "name": "Emulated account " + id[:8], "type": "standard",
			"settings": map[string]any{}, "created_on": "2024-01-01T00:00:00Z"}
	}
	return paginate(c, items)
}

func (s *Server) verifyToken(c *call) (any, error) {
	return withMessages{
		result:   map[string]any{"id": s.tokenID, "status": "active"},
		messages: []apiMessage{{Code: 10000, Message: "This API Token is valid and active"}},
	}, nil
}

// ---------------------------------------------------------------------------
// Request handling

// call is what a route handler sees: the request, its body (already read) and
// the account state. Handlers run with s.mu held.
type call struct {
	r         *http.Request
	body      []byte
	accountID string
	acct      *account
	now       time.Time
}

func (c *call) param(name string) string { return c.r.PathValue(name) }
func (c *call) query(name string) string { return c.r.URL.Query().Get(name) }

// decode unmarshals the JSON body into v, mapping failures to a 400.
func (c *call) decode(v any) error {
	if len(strings.TrimSpace(string(c.body))) == 0 {
		return errBadRequest(codeBadRequest, "request body is empty; expected JSON")
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		return errBadRequest(codeBadRequest, "malformed JSON in request body: %v", err)
	}
	return nil
}

// handlerFunc returns the envelope's result (or a page, rawBody, ...) or an
// error; *apiError values map to Cloudflare error envelopes.
type handlerFunc func(c *call) (any, error)

// page is a list result with result_info.
type page struct {
	result any
	info   any
}

// withMessages is a result with non-empty envelope messages.
type withMessages struct {
	result   any
	messages []apiMessage
}

// rawBody is a non-JSON response (script content downloads).
type rawBody struct {
	contentType string
	header      http.Header
	body        []byte
}

// handle registers pattern ("METHOD /path/{param}") under a permission group.
func (s *Server) handle(pattern string, group permGroup, h handlerFunc) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		accountID := r.PathValue("account_id")
		if accountID != "" && !accountIDRe.MatchString(accountID) {
			writeError(w, &apiError{Status: http.StatusBadRequest, Code: 7003,
				Message: fmt.Sprintf("Could not route to %s%s, perhaps your object identifier is invalid?", apiPrefix, r.URL.Path)})
			return
		}
		if accountID != "" && s.visible != nil && !s.visible[accountID] {
			writeError(w, &apiError{Status: http.StatusForbidden, Code: 9109, Message: "Unauthorized to access requested resource"})
			return
		}
		if err := s.checkPermission(group, r.Method, r.URL.Path); err != nil {
			writeError(w, err)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
		if err != nil {
			writeError(w, errBadRequest(codeBadRequest, "reading request body: %v", err))
			return
		}
		c := &call{r: r, body: body, accountID: accountID, now: time.Now().UTC()}

		s.mu.Lock()
		if accountID != "" {
			c.acct = s.account(accountID)
		}
		res, herr := h(c)
		var buf []byte
		if herr == nil {
			if _, raw := res.(rawBody); !raw {
				// Marshal while still holding the lock: results may alias state.
				buf, herr = marshalSuccess(res)
			}
		}
		s.mu.Unlock()

		if herr != nil {
			writeError(w, asAPIError(herr))
			return
		}
		if rb, ok := res.(rawBody); ok {
			for k, v := range rb.header {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Type", rb.contentType)
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(rb.body)
			return
		}
		writeJSON(w, http.StatusOK, buf)
	})
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	path, underAPI := strings.CutPrefix(r.URL.Path, apiPrefix)
	if !underAPI {
		path = r.URL.Path
	}
	s.record(r.Method, path, r.URL.Query())
	s.delay(r)

	if wait, limited := s.rateLimited(); limited {
		writeRateLimited(w, wait)
		return
	}
	if f, ok := s.nextFault(r.Method, path); ok {
		if done := applyFault(w, r, f); done {
			return
		}
	}
	if !s.authenticated(r) {
		writeError(w, &apiError{Status: http.StatusUnauthorized, Code: 10000, Message: "Authentication error"})
		return
	}
	if !underAPI {
		writeError(w, errNoRoute(r.Method, r.URL.Path))
		return
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path = path
	r2.URL.RawPath = ""
	if r.URL.RawPath != "" {
		r2.URL.RawPath = strings.TrimPrefix(r.URL.RawPath, apiPrefix)
	}
	if _, pattern := s.mux.Handler(r2); pattern == "" {
		writeError(w, errNoRoute(r.Method, r.URL.Path))
		return
	}
	s.mux.ServeHTTP(w, r2)
}

func (s *Server) authenticated(r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	return ok && tok == s.Token()
}

// ---------------------------------------------------------------------------
// Envelope

type apiMessage struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

type envelope struct {
	Success    bool         `json:"success"`
	Errors     []apiMessage `json:"errors"`
	Messages   []apiMessage `json:"messages"`
	Result     any          `json:"result"`
	ResultInfo any          `json:"result_info,omitempty"`
}

func marshalSuccess(res any) ([]byte, error) {
	env := envelope{Success: true, Errors: []apiMessage{}, Messages: []apiMessage{}, Result: res}
	switch v := res.(type) {
	case page:
		env.Result, env.ResultInfo = v.result, v.info
	case withMessages:
		env.Result, env.Messages = v.result, v.messages
	}
	return json.Marshal(env)
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
	_, _ = w.Write([]byte("\n"))
}

// writeError is the single place error envelopes are produced.
func writeError(w http.ResponseWriter, e *apiError) {
	if e.Status == http.StatusConflict && !e.retryable {
		// The SDK retries 409s; a duplicate will not go away, so say so.
		w.Header().Set("X-Should-Retry", "false")
	}
	body, _ := json.Marshal(envelope{
		Success:  false,
		Errors:   []apiMessage{{Code: e.Code, Message: e.Message}},
		Messages: []apiMessage{},
	})
	writeJSON(w, e.Status, body)
}

// apiError is an error rendered as a Cloudflare error envelope.
type apiError struct {
	Status    int
	Code      int
	Message   string
	retryable bool
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %d %s", e.Status, e.Code, e.Message) }

func asAPIError(err error) *apiError {
	if e, ok := err.(*apiError); ok {
		return e
	}
	return &apiError{Status: http.StatusInternalServerError, Code: codeInternal, Message: err.Error()}
}

const (
	codeBadRequest = 10400 // generic validation failure (emulator choice)
	codeInternal   = 10001
	codeNoRoute    = 7000
	codeRateLimit  = 971
)

func errNotFound(code int, format string, args ...any) *apiError {
	return &apiError{Status: http.StatusNotFound, Code: code, Message: fmt.Sprintf(format, args...)}
}

func errConflict(code int, format string, args ...any) *apiError {
	return &apiError{Status: http.StatusConflict, Code: code, Message: fmt.Sprintf(format, args...)}
}

func errBadRequest(code int, format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: code, Message: fmt.Sprintf(format, args...)}
}

func errNoRoute(method, path string) *apiError {
	return errNotFound(codeNoRoute, "No route for that URI: %s %s is not implemented by the cloudflaretest emulator", method, path)
}

// ---------------------------------------------------------------------------
// Pagination

// pageInfo is Cloudflare's page-based result_info.
type pageInfo struct {
	Page       int `json:"page"`
	PerPage    int `json:"per_page"`
	Count      int `json:"count"`
	TotalCount int `json:"total_count"`
	TotalPages int `json:"total_pages"`
}

// paginate applies page/per_page. Without per_page every item is returned
// on page 1 (pages past the end are empty, which stops the SDK's auto-pager).
func paginate[T any](c *call, items []T) (page, error) {
	pageNum, err := positiveQueryInt(c, "page", 1)
	if err != nil {
		return page{}, err
	}
	perPage, err := positiveQueryInt(c, "per_page", max(len(items), 1))
	if err != nil {
		return page{}, err
	}
	start := min((pageNum-1)*perPage, len(items))
	end := min(start+perPage, len(items))
	out := items[start:end]
	if out == nil {
		out = []T{}
	}
	return page{result: out, info: pageInfo{
		Page: pageNum, PerPage: perPage, Count: len(out), TotalCount: len(items),
		TotalPages: (len(items) + perPage - 1) / perPage,
	}}, nil
}

func positiveQueryInt(c *call, name string, def int) (int, error) {
	v := c.query(name)
	if v == "" {
		return def, nil
	}
	f, err := strconv.ParseFloat(v, 64) // the SDK sends float64 params
	if err != nil || f < 1 || f != float64(int(f)) {
		return 0, errBadRequest(codeBadRequest, "query parameter %s must be a positive integer, got %q", name, v)
	}
	return int(f), nil
}

// ---------------------------------------------------------------------------
// Request log

// Request is one request seen by the server. Path is relative to the API
// root (it starts with "/accounts/..." or "/user/..."; "/client/v4" is
// stripped).
type Request struct {
	Method string
	Path   string
	Query  url.Values
}

func (s *Server) record(method, path string, q url.Values) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, Request{Method: method, Path: path, Query: q})
}

// Requests returns every request seen so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = Request{Method: r.Method, Path: r.Path, Query: cloneValues(r.Query)}
	}
	return out
}

// Count returns how many requests matched method ("" or "*" = any) and
// pathPattern, where "*" matches exactly one path segment. The pattern may
// include the "/client/v4" prefix or not.
func (s *Server) Count(method, pathPattern string) int {
	pat := strings.Split(strings.Trim(strings.TrimPrefix(pathPattern, apiPrefix), "/"), "/")
	n := 0
	for _, r := range s.Requests() {
		if method != "" && method != "*" && !strings.EqualFold(method, r.Method) {
			continue
		}
		if segmentsMatch(pat, strings.Split(strings.Trim(r.Path, "/"), "/")) {
			n++
		}
	}
	return n
}

func segmentsMatch(pattern, segs []string) bool {
	if len(pattern) != len(segs) {
		return false
	}
	for i, p := range pattern {
		if p != "*" && p != segs[i] {
			return false
		}
	}
	return true
}

// WriteRequests returns every request that is not a GET or HEAD.
func (s *Server) WriteRequests() []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			out = append(out, r)
		}
	}
	return out
}

// ResetRequests clears the request log.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// ---------------------------------------------------------------------------
// Faults

// Fault makes matching requests fail or slow down. It is applied after the
// request is counted and before authentication and routing.
type Fault struct {
	// Status to answer with (e.g. 429, 500). 0 = only delay, then serve.
	Status int
	// RetryAfter, if set, is sent as the Retry-After header (in seconds;
	// fractional for sub-second values, which the SDK accepts).
	RetryAfter time.Duration
	// Delay before answering (or before serving, if Status is 0).
	Delay time.Duration
	// Method to match; "" matches any.
	Method string
	// PathPrefix to match against the API-relative path
	// ("/accounts/..."; a "/client/v4" prefix is also accepted); "" matches any.
	PathPrefix string
	// Times limits how often the fault fires; 0 = forever.
	Times int
	// EveryNth fires only on every Nth matching request; 0 = every one.
	EveryNth int
}

type faultState struct {
	Fault
	seen, fired int
}

// InjectFault adds a fault. Faults are checked in the order added; the first
// one that fires applies.
func (s *Server) InjectFault(f Fault) {
	f.PathPrefix = strings.TrimPrefix(f.PathPrefix, apiPrefix)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultState{Fault: f})
}

// FaultsFired is how many requests the faults answered (or delayed) so far,
// cleared faults included.
func (s *Server) FaultsFired() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faultsFired
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

func (s *Server) nextFault(method, path string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.faults {
		if f.Method != "" && !strings.EqualFold(f.Method, method) {
			continue
		}
		if !strings.HasPrefix(path, f.PathPrefix) {
			continue
		}
		if f.Times > 0 && f.fired >= f.Times {
			continue
		}
		f.seen++
		if f.EveryNth > 0 && f.seen%f.EveryNth != 0 {
			continue
		}
		f.fired++
		s.faultsFired++
		return f.Fault, true
	}
	return Fault{}, false
}

// applyFault delays and/or answers; it reports whether the response is done.
func applyFault(w http.ResponseWriter, r *http.Request, f Fault) bool {
	if f.Delay > 0 {
		if err := sleepCtx(r.Context(), f.Delay); err != nil {
			return true
		}
	}
	if f.Status == 0 {
		return false
	}
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", formatSeconds(f.RetryAfter))
	}
	e := &apiError{Status: f.Status, Code: codeInternal, retryable: true,
		Message: fmt.Sprintf("%s (fault injected by cloudflaretest)", http.StatusText(f.Status))}
	if f.Status == http.StatusTooManyRequests {
		e.Code = codeRateLimit
		e.Message = "Please wait and consider throttling your request speed (fault injected by cloudflaretest)"
	}
	writeError(w, e)
	return true
}

func formatSeconds(d time.Duration) string {
	if d%time.Second == 0 {
		return strconv.Itoa(int(d / time.Second))
	}
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ---------------------------------------------------------------------------
// State

// account holds one account's resources. Maps are keyed by the resource's
// identifier in its URL; seq gives stable creation order for listings.
type account struct {
	seq           int
	d1            map[string]*D1DatabaseState                   // by uuid
	buckets       map[string]*BucketState                       // by name
	queues        map[string]*QueueState                        // by queue_id
	consumers     map[string]*ConsumerState                     // by consumer_id
	scripts       map[string]*ScriptState                       // by name
	notifications map[string]map[string][]EventNotificationRule // bucket -> queue_id -> rules
	vectorize     map[string]*VectorizeIndexState               // by name
	domains       map[string]*DomainState                       // Workers custom domains, by id
	subdomain     string                                        // workers.dev subdomain (subdomain.go)
	subdomainSet  bool                                          // false: the default one
	// vectorizeDeleted are names of indexes deleted (Vectorize answers 3005).
	vectorizeDeleted map[string]bool
}

func (s *Server) account(id string) *account {
	a, ok := s.accounts[id]
	if !ok {
		a = &account{
			d1:            map[string]*D1DatabaseState{},
			buckets:       map[string]*BucketState{},
			queues:        map[string]*QueueState{},
			consumers:     map[string]*ConsumerState{},
			scripts:       map[string]*ScriptState{},
			notifications: map[string]map[string][]EventNotificationRule{},
			vectorize:     map[string]*VectorizeIndexState{},
			domains:       map[string]*DomainState{},
		}
		s.accounts[id] = a
	}
	return a
}

func (a *account) nextSeq() int { a.seq++; return a.seq }

// withAccount runs f under the lock with the account's state; it panics on a
// malformed account id (seeding helpers are test code; misuse should be loud).
func (s *Server) withAccount(accountID string, f func(a *account)) {
	if !accountIDRe.MatchString(accountID) {
		panic(fmt.Sprintf("cloudflaretest: account id %q is not 32 lowercase hex characters", accountID))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s.account(accountID))
}

// sortedBySeq returns map values ordered by creation.
func sortedBySeq[T any](m map[string]*T, seq func(*T) int) []*T {
	out := make([]*T, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b *T) int { return seq(a) - seq(b) })
	return out
}

// ---------------------------------------------------------------------------
// Helpers

func randomHex(nBytes int) string {
	b := make([]byte, nBytes)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func newUUID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func now() time.Time { return time.Now().UTC() }
