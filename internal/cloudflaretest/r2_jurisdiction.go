package cloudflaretest

import "fmt"

// R2 jurisdictions: a bucket created with the cf-r2-jurisdiction header
// ("eu", "fedramp", "us") lives in that jurisdiction, and the API lists,
// reads, deletes and configures it only when a request's header names the
// same jurisdiction ("wrangler r2 bucket list -J eu"; without the header a
// request is in the default jurisdiction). The checks are here; r2.go calls
// them where it lists and looks up buckets.

// requestJurisdiction is the jurisdiction a request addresses.
func (c *call) requestJurisdiction() string {
	if j := c.r.Header.Get("cf-r2-jurisdiction"); j != "" {
		return j
	}
	return "default"
}

// inRequestJurisdiction reports whether the request can see b.
func (c *call) inRequestJurisdiction(b *BucketState) bool {
	j := b.Jurisdiction
	if j == "" {
		j = "default"
	}
	return j == c.requestJurisdiction()
}

// SeedBucketIn creates a bucket in a jurisdiction ("eu", "fedramp", "us");
// it panics on an invalid name or jurisdiction.
func (s *Server) SeedBucketIn(accountID, name, jurisdiction string) {
	s.withAccount(accountID, func(a *account) {
		if _, err := a.addBucket(name, "", "", jurisdiction, now()); err != nil {
			panic(fmt.Sprintf("cloudflaretest: SeedBucketIn: %v", err))
		}
	})
}
