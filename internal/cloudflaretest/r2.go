package cloudflaretest

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// BucketState is an R2 bucket, shaped like the API's Bucket object.
type BucketState struct {
	Name         string    `json:"name"`
	CreationDate time.Time `json:"creation_date"`
	Location     string    `json:"location"`
	StorageClass string    `json:"storage_class"`
	Jurisdiction string    `json:"jurisdiction"`
}

const (
	codeR2InvalidName = 10005
	codeR2Exists      = 10004
	codeR2NoSuchBkt   = 10006
	codeR2Invalid     = 10040
)

var (
	bucketNameRe    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)
	r2Locations     = []string{"apac", "eeur", "enam", "weur", "wnam", "oc"}
	r2StorageClass  = []string{"Standard", "InfrequentAccess"}
	r2Jurisdictions = []string{"default", "eu", "fedramp", "us"}
)

func (s *Server) registerR2() {
	const base = "/accounts/{account_id}/r2/buckets"
	s.handle("GET "+base, groupR2, s.listBuckets)
	s.handle("POST "+base, groupR2, s.createBucket)
	s.handle("GET "+base+"/{bucket_name}", groupR2, s.getBucket)
	s.handle("DELETE "+base+"/{bucket_name}", groupR2, s.deleteBucket)
}

// bucketJSON renders a bucket the way the API does.
func bucketJSON(b *BucketState) map[string]any {
	return map[string]any{
		"name":          b.Name,
		"creation_date": b.CreationDate.Format("2006-01-02T15:04:05.000Z"),
		"location":      b.Location,
		"storage_class": b.StorageClass,
		"jurisdiction":  b.Jurisdiction,
	}
}

// listBuckets uses R2's cursor pagination: result {"buckets":[...]},
// result_info {cursor, per_page}. The cursor is opaque to clients.
func (s *Server) listBuckets(c *call) (any, error) {
	names := make([]string, 0, len(c.acct.buckets))
	for name, b := range c.acct.buckets {
		if !c.inRequestJurisdiction(b) {
			continue
		}
		if sub := c.query("name_contains"); sub == "" || strings.Contains(name, sub) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	if c.query("direction") == "desc" {
		slices.Reverse(names)
	}
	after := c.query("start_after")
	if cur := c.query("cursor"); cur != "" {
		raw, err := base64.RawURLEncoding.DecodeString(cur)
		if err != nil {
			return nil, errBadRequest(codeR2Invalid, "invalid cursor")
		}
		after = string(raw)
	}
	if after != "" {
		i := slices.IndexFunc(names, func(n string) bool {
			if c.query("direction") == "desc" {
				return n < after
			}
			return n > after
		})
		if i < 0 {
			i = len(names)
		}
		names = names[i:]
	}
	perPage, err := positiveQueryInt(c, "per_page", max(len(names), 1))
	if err != nil {
		return nil, err
	}
	info := map[string]any{"per_page": perPage}
	if len(names) > perPage {
		names = names[:perPage]
		info["cursor"] = base64.RawURLEncoding.EncodeToString([]byte(names[len(names)-1]))
	}
	buckets := make([]map[string]any, 0, len(names))
	for _, n := range names {
		buckets = append(buckets, bucketJSON(c.acct.buckets[n]))
	}
	return page{result: map[string]any{"buckets": buckets}, info: info}, nil
}

func (s *Server) createBucket(c *call) (any, error) {
	var req struct {
		Name         string `json:"name"`
		LocationHint string `json:"locationHint"`
		StorageClass string `json:"storageClass"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	jurisdiction := c.r.Header.Get("cf-r2-jurisdiction")
	b, err := c.acct.addBucket(req.Name, strings.ToLower(req.LocationHint), req.StorageClass, jurisdiction, c.now)
	if err != nil {
		return nil, err
	}
	return bucketJSON(b), nil
}

func (a *account) addBucket(name, location, storageClass, jurisdiction string, at time.Time) (*BucketState, error) {
	if !bucketNameRe.MatchString(name) {
		return nil, errBadRequest(codeR2InvalidName, "The specified bucket name is not valid.")
	}
	if _, dup := a.buckets[name]; dup {
		return nil, errConflict(codeR2Exists, "The bucket you tried to create already exists, and you own it.")
	}
	if location == "" {
		location = "enam"
	}
	if !slices.Contains(r2Locations, location) {
		return nil, errBadRequest(codeR2Invalid, "locationHint %q is not one of %v", location, r2Locations)
	}
	if storageClass == "" {
		storageClass = "Standard"
	}
	if !slices.Contains(r2StorageClass, storageClass) {
		return nil, errBadRequest(codeR2Invalid, "storageClass %q is not one of %v", storageClass, r2StorageClass)
	}
	if jurisdiction == "" {
		jurisdiction = "default"
	}
	if !slices.Contains(r2Jurisdictions, jurisdiction) {
		return nil, errBadRequest(codeR2Invalid, "cf-r2-jurisdiction %q is not one of %v", jurisdiction, r2Jurisdictions)
	}
	b := &BucketState{Name: name, CreationDate: at, Location: location, StorageClass: storageClass, Jurisdiction: jurisdiction}
	a.buckets[name] = b
	return b, nil
}

func (c *call) bucket(name string) (*BucketState, error) {
	b, ok := c.acct.buckets[name]
	if !ok || !c.inRequestJurisdiction(b) {
		return nil, errNotFound(codeR2NoSuchBkt, "The specified bucket does not exist.")
	}
	return b, nil
}

func (s *Server) getBucket(c *call) (any, error) {
	b, err := c.bucket(c.param("bucket_name"))
	if err != nil {
		return nil, err
	}
	return bucketJSON(b), nil
}

func (s *Server) deleteBucket(c *call) (any, error) {
	name := c.param("bucket_name")
	if _, err := c.bucket(name); err != nil {
		return nil, err
	}
	c.acct.deleteBucket(name)
	return map[string]any{}, nil
}

// deleteBucket drops the bucket and its event notification configuration.
func (a *account) deleteBucket(name string) {
	delete(a.buckets, name)
	delete(a.notifications, name)
}

// ---------------------------------------------------------------------------
// Seeding and inspection

// SeedBucket creates a Standard bucket directly in state; it panics if the
// name is invalid or taken.
func (s *Server) SeedBucket(accountID, name string) {
	s.withAccount(accountID, func(a *account) {
		if _, err := a.addBucket(name, "", "", "", now()); err != nil {
			panic(fmt.Sprintf("cloudflaretest: SeedBucket: %v", err))
		}
	})
}

// Buckets returns the account's buckets sorted by name.
func (s *Server) Buckets(accountID string) []BucketState {
	var out []BucketState
	s.withAccount(accountID, func(a *account) {
		for _, b := range a.buckets {
			out = append(out, *b)
		}
	})
	slices.SortFunc(out, func(x, y BucketState) int { return strings.Compare(x.Name, y.Name) })
	return out
}

// Bucket returns one bucket.
func (s *Server) Bucket(accountID, name string) (BucketState, bool) {
	var out BucketState
	var ok bool
	s.withAccount(accountID, func(a *account) {
		if b, found := a.buckets[name]; found {
			out, ok = *b, true
		}
	})
	return out, ok
}

// DeleteBucket removes a bucket (and its event notifications) behind the
// client's back.
func (s *Server) DeleteBucket(accountID, name string) bool {
	var ok bool
	s.withAccount(accountID, func(a *account) {
		_, ok = a.buckets[name]
		a.deleteBucket(name)
	})
	return ok
}
