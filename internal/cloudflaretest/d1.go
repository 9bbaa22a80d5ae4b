package cloudflaretest

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// D1DatabaseState is a D1 database, shaped like the API's D1 object.
type D1DatabaseState struct {
	UUID                string            `json:"uuid"`
	Name                string            `json:"name"`
	CreatedAt           time.Time         `json:"created_at"`
	Version             string            `json:"version"`
	NumTables           int               `json:"num_tables"`
	FileSize            int64             `json:"file_size"`
	ReadReplication     D1ReadReplication `json:"read_replication"`
	Jurisdiction        string            `json:"jurisdiction,omitempty"`
	PrimaryLocationHint string            `json:"-"` // not returned by the API
	seq                 int
}

// D1ReadReplication is the database's read_replication setting.
type D1ReadReplication struct {
	Mode string `json:"mode"`
}

const (
	codeD1NotFound  = 7404
	codeD1Duplicate = 7502
	codeD1Invalid   = 7400
)

var d1LocationHints = []string{"wnam", "enam", "weur", "eeur", "apac", "oc"}

func (s *Server) registerD1() {
	const base = "/accounts/{account_id}/d1/database"
	s.handle("GET "+base, groupD1, s.listD1)
	s.handle("POST "+base, groupD1, s.createD1)
	s.handle("GET "+base+"/{database_id}", groupD1, s.getD1)
	s.handle("PUT "+base+"/{database_id}", groupD1, s.updateD1)
	s.handle("PATCH "+base+"/{database_id}", groupD1, s.updateD1)
	s.handle("DELETE "+base+"/{database_id}", groupD1, s.deleteD1)
}

func (s *Server) listD1(c *call) (any, error) {
	name := c.query("name")
	var items []D1DatabaseState
	for _, db := range sortedBySeq(c.acct.d1, func(d *D1DatabaseState) int { return d.seq }) {
		if name == "" || strings.Contains(db.Name, name) {
			items = append(items, *db)
		}
	}
	return paginate(c, items)
}

func (s *Server) createD1(c *call) (any, error) {
	var req struct {
		Name                string `json:"name"`
		PrimaryLocationHint string `json:"primary_location_hint"`
		Jurisdiction        string `json:"jurisdiction"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	if req.Name == "" {
		return nil, errBadRequest(codeD1Invalid, "name is required")
	}
	if req.PrimaryLocationHint != "" && !slices.Contains(d1LocationHints, req.PrimaryLocationHint) {
		return nil, errBadRequest(codeD1Invalid, "primary_location_hint %q is not one of %v", req.PrimaryLocationHint, d1LocationHints)
	}
	if req.Jurisdiction != "" && req.Jurisdiction != "eu" && req.Jurisdiction != "fedramp" {
		return nil, errBadRequest(codeD1Invalid, "jurisdiction %q is not one of [eu fedramp]", req.Jurisdiction)
	}
	db, err := c.acct.addD1(req.Name, "", c.now)
	if err != nil {
		return nil, err
	}
	db.PrimaryLocationHint = req.PrimaryLocationHint
	db.Jurisdiction = req.Jurisdiction
	return db, nil
}

func (a *account) addD1(name, id string, at time.Time) (*D1DatabaseState, error) {
	for _, db := range a.d1 {
		if db.Name == name {
			return nil, errConflict(codeD1Duplicate, "A database with name %q already exists", name)
		}
	}
	if id == "" {
		id = newUUID()
	}
	if _, dup := a.d1[id]; dup {
		return nil, errConflict(codeD1Duplicate, "A database with uuid %q already exists", id)
	}
	db := &D1DatabaseState{
		UUID: id, Name: name, CreatedAt: at, Version: "production",
		ReadReplication: D1ReadReplication{Mode: "disabled"}, seq: a.nextSeq(),
	}
	a.d1[id] = db
	return db, nil
}

func (c *call) d1(id string) (*D1DatabaseState, error) {
	db, ok := c.acct.d1[id]
	if !ok {
		return nil, errNotFound(codeD1NotFound, "The database %s could not be found", id)
	}
	return db, nil
}

// getD1 accepts a database's name in place of its UUID, as Cloudflare's
// GET does (wrangler's d1 commands look databases up by name).
func (s *Server) getD1(c *call) (any, error) {
	id := c.param("database_id")
	if _, ok := c.acct.d1[id]; !ok {
		for _, db := range c.acct.d1 {
			if db.Name == id {
				return db, nil
			}
		}
	}
	return c.d1(id)
}

func (s *Server) updateD1(c *call) (any, error) {
	db, err := c.d1(c.param("database_id"))
	if err != nil {
		return nil, err
	}
	var req struct {
		ReadReplication *D1ReadReplication `json:"read_replication"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	if req.ReadReplication != nil {
		if m := req.ReadReplication.Mode; m != "auto" && m != "disabled" {
			return nil, errBadRequest(codeD1Invalid, "read_replication.mode must be auto or disabled, got %q", m)
		}
		db.ReadReplication = *req.ReadReplication
	}
	return db, nil
}

func (s *Server) deleteD1(c *call) (any, error) {
	id := c.param("database_id")
	if _, err := c.d1(id); err != nil {
		return nil, err
	}
	delete(c.acct.d1, id)
	return nil, nil
}

// ---------------------------------------------------------------------------
// Seeding and inspection

// SeedD1 creates a D1 database directly in state. id "" generates a UUID.
// It panics if the name or id is already taken.
func (s *Server) SeedD1(accountID, name, id string) {
	s.withAccount(accountID, func(a *account) {
		if _, err := a.addD1(name, id, now()); err != nil {
			panic(fmt.Sprintf("cloudflaretest: SeedD1: %v", err))
		}
	})
}

// D1Databases returns the account's databases in creation order.
func (s *Server) D1Databases(accountID string) []D1DatabaseState {
	var out []D1DatabaseState
	s.withAccount(accountID, func(a *account) {
		for _, db := range sortedBySeq(a.d1, func(d *D1DatabaseState) int { return d.seq }) {
			out = append(out, *db)
		}
	})
	return out
}

// D1Database returns the database with the given UUID.
func (s *Server) D1Database(accountID, id string) (D1DatabaseState, bool) {
	var out D1DatabaseState
	var ok bool
	s.withAccount(accountID, func(a *account) {
		if db, found := a.d1[id]; found {
			out, ok = *db, true
		}
	})
	return out, ok
}

// D1DatabaseByName returns the database with the given name.
func (s *Server) D1DatabaseByName(accountID, name string) (D1DatabaseState, bool) {
	for _, db := range s.D1Databases(accountID) {
		if db.Name == name {
			return db, true
		}
	}
	return D1DatabaseState{}, false
}

// DeleteD1 removes a database behind the client's back.
func (s *Server) DeleteD1(accountID, id string) bool {
	var ok bool
	s.withAccount(accountID, func(a *account) {
		_, ok = a.d1[id]
		delete(a.d1, id)
	})
	return ok
}
