package cloudflaretest

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"time"
)

// VectorizeIndexState is a Vectorize (v2) index, shaped like the API's
// CreateIndex object.
type VectorizeIndexState struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Config      VectorizeConfig `json:"config"`
	CreatedOn   time.Time       `json:"created_on"`
	ModifiedOn  time.Time       `json:"modified_on"`
	seq         int
}

// VectorizeConfig is an index's dimension configuration.
type VectorizeConfig struct {
	Dimensions int    `json:"dimensions"`
	Metric     string `json:"metric"`
}

// VectorizeMetrics are the accepted distance metrics.
var VectorizeMetrics = []string{"cosine", "euclidean", "dot-product"}

// vectorizePresets maps the SDK's presets to their configuration.
var vectorizePresets = map[string]VectorizeConfig{
	"@cf/baai/bge-small-en-v1.5":     {384, "cosine"},
	"@cf/baai/bge-base-en-v1.5":      {768, "cosine"},
	"@cf/baai/bge-large-en-v1.5":     {1024, "cosine"},
	"openai/text-embedding-ada-002":  {1536, "cosine"},
	"cohere/embed-multilingual-v2.0": {768, "cosine"},
}

// Vectorize does not answer 404 for a missing index: it answers HTTP 400 with
// code 3000 "vectorize.index.not_found - Index name …", and code 3005
// "vectorize.index.deleted" for an index deleted recently (wrangler prints
// both as "… [code: 3000]" / "[code: 3005]"). The emulator sends the latter
// with 410 Gone for a name it saw deleted; the status of a real 3005 is not
// documented, which is why clients must branch on the code
// (cfapi.IsNotFound does).
const (
	codeVectorizeNotFound  = 3000
	codeVectorizeInvalid   = 3001
	codeVectorizeDuplicate = 3002
	codeVectorizeDeleted   = 3005
)

var vectorizeNameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

func (s *Server) registerVectorize() {
	const base = "/accounts/{account_id}/vectorize/v2/indexes"
	s.handle("GET "+base, groupVectorize, s.listVectorize)
	s.handle("POST "+base, groupVectorize, s.createVectorize)
	s.handle("GET "+base+"/{index_name}", groupVectorize, s.getVectorize)
	s.handle("GET "+base+"/{index_name}/info", groupVectorize, s.vectorizeInfo)
	s.handle("DELETE "+base+"/{index_name}", groupVectorize, s.deleteVectorize)
}

func (s *Server) listVectorize(c *call) (any, error) {
	var items []VectorizeIndexState
	for _, ix := range sortedBySeq(c.acct.vectorize, func(v *VectorizeIndexState) int { return v.seq }) {
		items = append(items, *ix)
	}
	return paginate(c, items)
}

func (s *Server) createVectorize(c *call) (any, error) {
	var req struct {
		Name        string `json:"name"`
		Description string `json:"description"`
		Config      *struct {
			Dimensions int    `json:"dimensions"`
			Metric     string `json:"metric"`
			Preset     string `json:"preset"`
		} `json:"config"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	if req.Config == nil {
		return nil, errBadRequest(codeVectorizeInvalid, "config is required")
	}
	cfg := VectorizeConfig{Dimensions: req.Config.Dimensions, Metric: req.Config.Metric}
	if p := req.Config.Preset; p != "" {
		preset, ok := vectorizePresets[p]
		if !ok {
			return nil, errBadRequest(codeVectorizeInvalid, "unknown preset %q", p)
		}
		cfg = preset
	}
	return c.acct.addVectorize(req.Name, req.Description, cfg, c.now)
}

func (a *account) addVectorize(name, description string, cfg VectorizeConfig, at time.Time) (*VectorizeIndexState, error) {
	if !vectorizeNameRe.MatchString(name) {
		return nil, errBadRequest(codeVectorizeInvalid, "index name %q is invalid: use lowercase letters, digits, '-' or '_' (max 64)", name)
	}
	if cfg.Dimensions < 1 || cfg.Dimensions > 1536 {
		return nil, errBadRequest(codeVectorizeInvalid, "config.dimensions must be between 1 and 1536, got %d", cfg.Dimensions)
	}
	if !slices.Contains(VectorizeMetrics, cfg.Metric) {
		return nil, errBadRequest(codeVectorizeInvalid, "config.metric %q is not one of %v", cfg.Metric, VectorizeMetrics)
	}
	if _, dup := a.vectorize[name]; dup {
		return nil, errConflict(codeVectorizeDuplicate, "vectorize.index.duplicate_name: an index named %q already exists", name)
	}
	delete(a.vectorizeDeleted, name)
	ix := &VectorizeIndexState{Name: name, Description: description, Config: cfg, CreatedOn: at, ModifiedOn: at, seq: a.nextSeq()}
	a.vectorize[name] = ix
	return ix, nil
}

func (c *call) vectorizeIndex() (*VectorizeIndexState, error) {
	name := c.param("index_name")
	ix, ok := c.acct.vectorize[name]
	if !ok {
		return nil, errVectorizeMissing(c.acct, name)
	}
	return ix, nil
}

// errVectorizeMissing is Vectorize's answer for an index that is not there.
func errVectorizeMissing(a *account, name string) *apiError {
	if a.vectorizeDeleted[name] {
		return &apiError{Status: http.StatusGone, Code: codeVectorizeDeleted,
			Message: fmt.Sprintf("vectorize.index.deleted - Index name %q was deleted", name)}
	}
	return &apiError{Status: http.StatusBadRequest, Code: codeVectorizeNotFound,
		Message: fmt.Sprintf("vectorize.index.not_found - Index name %q", name)}
}

func (s *Server) getVectorize(c *call) (any, error) { return c.vectorizeIndex() }

func (s *Server) vectorizeInfo(c *call) (any, error) {
	ix, err := c.vectorizeIndex()
	if err != nil {
		return nil, err
	}
	return map[string]any{"dimensions": ix.Config.Dimensions, "vectorCount": 0, "processedUpToDatetime": nil, "processedUpToMutation": ""}, nil
}

func (s *Server) deleteVectorize(c *call) (any, error) {
	ix, err := c.vectorizeIndex()
	if err != nil {
		return nil, err
	}
	c.acct.deleteVectorize(ix.Name)
	return nil, nil
}

// deleteVectorize removes an index and remembers its name as deleted.
func (a *account) deleteVectorize(name string) {
	if _, ok := a.vectorize[name]; !ok {
		return
	}
	delete(a.vectorize, name)
	if a.vectorizeDeleted == nil {
		a.vectorizeDeleted = map[string]bool{}
	}
	a.vectorizeDeleted[name] = true
}

// ---------------------------------------------------------------------------
// Seeding and inspection

// SeedVectorizeIndex creates an index directly in state; it panics on an
// invalid configuration or a taken name.
func (s *Server) SeedVectorizeIndex(accountID, name string, dimensions int, metric string) {
	s.SeedDescribedVectorizeIndex(accountID, name, "", dimensions, metric)
}

// SeedDescribedVectorizeIndex is SeedVectorizeIndex with a description, as the
// dashboard and `wrangler vectorize create --description` make one.
func (s *Server) SeedDescribedVectorizeIndex(accountID, name, description string, dimensions int, metric string) {
	s.withAccount(accountID, func(a *account) {
		if _, err := a.addVectorize(name, description, VectorizeConfig{dimensions, metric}, now()); err != nil {
			panic(fmt.Sprintf("cloudflaretest: seeding Vectorize index %q: %v", name, err))
		}
	})
}

// VectorizeIndexes returns the account's indexes in creation order.
func (s *Server) VectorizeIndexes(accountID string) []VectorizeIndexState {
	var out []VectorizeIndexState
	s.withAccount(accountID, func(a *account) {
		for _, ix := range sortedBySeq(a.vectorize, func(v *VectorizeIndexState) int { return v.seq }) {
			out = append(out, *ix)
		}
	})
	return out
}

// VectorizeIndex returns one index.
func (s *Server) VectorizeIndex(accountID, name string) (VectorizeIndexState, bool) {
	var out VectorizeIndexState
	var ok bool
	s.withAccount(accountID, func(a *account) {
		if ix, found := a.vectorize[name]; found {
			out, ok = *ix, true
		}
	})
	return out, ok
}

// DeleteVectorizeIndex removes an index behind the client's back.
func (s *Server) DeleteVectorizeIndex(accountID, name string) bool {
	var ok bool
	s.withAccount(accountID, func(a *account) {
		_, ok = a.vectorize[name]
		a.deleteVectorize(name)
	})
	return ok
}
