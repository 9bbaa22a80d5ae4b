package discovery_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/discovery"
	"github.com/dome/dome-infra/internal/discovery/discoverytest"
)

const repoRoot = "../.."

func newClient(s *cloudflaretest.Server) *cloudflare.Client {
	return cloudflare.NewClient(
		option.WithBaseURL(s.URL()),
		option.WithAPIToken(s.Token()),
		option.WithMaxRetries(0),
	)
}

// prodEstate starts an emulator seeded with the hand-made production estate.
func prodEstate(t *testing.T, opts ...cloudflaretest.Option) (*cloudflaretest.Server, discoverytest.Seeded) {
	t.Helper()
	s := cloudflaretest.Start(t, opts...)
	return s, discoverytest.SeedStack(t, s, repoRoot, "prod")
}

func TestDiscoverFindsTheHandMadeProdEstate(t *testing.T) {
	s, seeded := prodEstate(t)
	inv, err := discovery.Discover(context.Background(), newClient(s), seeded.AccountID, nil)
	require.NoError(t, err)
	assert.Empty(t, s.WriteRequests(), "discovery only reads")

	assert.Equal(t, discovery.AllGroups, inv.Groups)
	assert.ElementsMatch(t, []discovery.D1Database{
		{Name: "dome-meta", ID: "ac198406-1036-495e-b0f1-b61f7c9ecbdf"},
		{Name: "silo", ID: "baf652ea-e575-4019-b95c-c9d44d02c1aa"},
	}, inv.D1Databases, "the production IDs of Pulumi.prod.yaml")
	assert.ElementsMatch(t, []discovery.Bucket{{Name: "dome-raw"}, {Name: "silo-content"}}, inv.Buckets)
	assert.Len(t, inv.Queues, 6)
	assert.Len(t, inv.Scripts, 6)
	assert.Equal(t, []discovery.CronTrigger{{Script: "dome-cron", Crons: []string{"*/5 * * * *"}}}, inv.CronTriggers)
	assert.Equal(t, []discovery.VectorizeIndex{{Name: "dome-notes", Dimensions: 768, Metric: "cosine"}}, inv.VectorizeIndexes)
	require.Len(t, inv.Consumers, 5)
	for _, c := range inv.Consumers {
		assert.Equal(t, seeded.ConsumerIDs[c.QueueName], c.ID)
		assert.Equal(t, "worker", c.Type)
		if c.QueueName == "new-content-constellation" {
			assert.Equal(t, "constellation", c.Script)
			assert.Equal(t, "embed-dead-letter", c.DeadLetterQueue)
		}
	}
	require.Len(t, inv.EventNotifications, 1)
	ev := inv.EventNotifications[0]
	assert.Equal(t, "silo-content", ev.Bucket)
	assert.Equal(t, "content-events", ev.QueueName)
	assert.Equal(t, seeded.QueueIDs["content-events"], ev.QueueID)
	require.Len(t, ev.Rules, 1)
	assert.ElementsMatch(t, []string{"PutObject", "CopyObject", "CompleteMultipartUpload"}, ev.Rules[0].Actions)
}

func TestDiscoverFollowsPagination(t *testing.T) {
	s, seeded := prodEstate(t)
	acct := seeded.AccountID
	for i := range 5 {
		s.SeedD1(acct, fmt.Sprintf("legacy-db-%d", i), "")
		s.SeedBucket(acct, fmt.Sprintf("legacy-bucket-%d", i))
	}
	inv, err := discovery.Discover(context.Background(), newClient(s), acct, []discovery.Group{discovery.D1, discovery.R2}, discovery.WithPageSize(2))
	require.NoError(t, err)
	assert.Len(t, inv.D1Databases, 7, "2 managed + 5 extra, in pages of 2")
	assert.Len(t, inv.Buckets, 7)

	assert.GreaterOrEqual(t, s.Count("GET", "/accounts/*/d1/database"), 4, "D1 pages followed")
	var cursors int
	for _, r := range s.Requests() {
		if strings.HasSuffix(r.Path, "/r2/buckets") {
			assert.Equal(t, "2", r.Query.Get("per_page"))
			if r.Query.Get("cursor") != "" {
				cursors++
			}
		}
	}
	assert.Equal(t, 3, cursors, "R2's cursor followed over 4 pages of 2")
}

func TestDiscoverCallsOnlyTheSelectedGroupsEndpoints(t *testing.T) {
	tests := []struct {
		groups  []discovery.Group
		allowed []string // path fragments a request may have
		filled  func(discovery.Inventory) bool
	}{
		{[]discovery.Group{discovery.D1}, []string{"/d1/"}, func(i discovery.Inventory) bool { return len(i.D1Databases) == 2 }},
		{[]discovery.Group{discovery.R2}, []string{"/r2/buckets"}, func(i discovery.Inventory) bool { return len(i.Buckets) == 2 }},
		{[]discovery.Group{discovery.Queues}, []string{"/queues"}, func(i discovery.Inventory) bool { return len(i.Queues) == 6 }},
		{[]discovery.Group{discovery.Consumers}, []string{"/queues"}, func(i discovery.Inventory) bool { return len(i.Consumers) == 5 }},
		{[]discovery.Group{discovery.Vectorize}, []string{"/vectorize/"}, func(i discovery.Inventory) bool { return len(i.VectorizeIndexes) == 1 }},
		{[]discovery.Group{discovery.Workers}, []string{"/workers/scripts"}, func(i discovery.Inventory) bool { return len(i.Scripts) == 6 }},
		{[]discovery.Group{discovery.Events}, []string{"/r2/buckets", "/event_notifications/r2/"}, func(i discovery.Inventory) bool { return len(i.EventNotifications) == 1 }},
		{[]discovery.Group{discovery.D1, discovery.R2}, []string{"/d1/", "/r2/buckets"}, func(i discovery.Inventory) bool {
			return len(i.D1Databases) == 2 && len(i.Buckets) == 2 && i.Queues == nil && i.Scripts == nil
		}},
	}
	s, seeded := prodEstate(t)
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.groups), func(t *testing.T) {
			s.ResetRequests()
			inv, err := discovery.Discover(context.Background(), newClient(s), seeded.AccountID, tt.groups)
			require.NoError(t, err)
			assert.Equal(t, tt.groups, inv.Groups)
			assert.True(t, tt.filled(inv), "%+v", inv)
			require.NotEmpty(t, s.Requests())
			for _, r := range s.Requests() {
				assert.Equal(t, http.MethodGet, r.Method)
				assert.True(t, containsAny(r.Path, tt.allowed), "request outside the groups: %s %s", r.Method, r.Path)
			}
		})
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func TestDiscoverNamesThePermissionTheTokenLacks(t *testing.T) {
	all := []cloudflaretest.Permission{
		cloudflaretest.PermD1Read, cloudflaretest.PermR2Read, cloudflaretest.PermQueuesRead,
		cloudflaretest.PermVectorizeRead, cloudflaretest.PermWorkersScriptsRead,
	}
	tests := []struct {
		lacks     cloudflaretest.Permission
		group     discovery.Group
		operation string
	}{
		{cloudflaretest.PermD1Read, discovery.D1, "listing D1 databases"},
		{cloudflaretest.PermR2Read, discovery.R2, "listing R2 buckets"},
		{cloudflaretest.PermR2Read, discovery.Events, "listing R2 buckets"},
		{cloudflaretest.PermQueuesRead, discovery.Queues, "listing queues"},
		{cloudflaretest.PermQueuesRead, discovery.Consumers, "listing queues"},
		{cloudflaretest.PermVectorizeRead, discovery.Vectorize, "listing Vectorize indexes"},
		{cloudflaretest.PermWorkersScriptsRead, discovery.Workers, "listing Workers scripts"},
	}
	for _, tt := range tests {
		t.Run(string(tt.group), func(t *testing.T) {
			var perms []cloudflaretest.Permission
			for _, p := range all {
				if p != tt.lacks {
					perms = append(perms, p)
				}
			}
			s, seeded := prodEstate(t, cloudflaretest.WithPermissions(perms...))
			_, err := discovery.Discover(context.Background(), newClient(s), seeded.AccountID, nil)
			require.Error(t, err)
			assert.Equal(t, fmt.Sprintf("%s: the API token lacks the %q permission", tt.operation, tt.lacks), err.Error())
			assert.NotContains(t, err.Error(), s.Token())

			var perr *discovery.PermissionError
			require.ErrorAs(t, err, &perr)
			assert.Equal(t, string(tt.lacks), perr.Permission)
			assert.Equal(t, string(tt.lacks), tt.group.Permission())
			var cfErr *cloudflare.Error
			require.ErrorAs(t, err, &cfErr, "the SDK error stays reachable")
			assert.Equal(t, http.StatusForbidden, cfErr.StatusCode)
			assert.Empty(t, s.WriteRequests())

			// Without that group, discovery needs no such permission.
			var others []discovery.Group
			for _, g := range discovery.AllGroups {
				if g.Permission() != string(tt.lacks) {
					others = append(others, g)
				}
			}
			_, err = discovery.Discover(context.Background(), newClient(s), seeded.AccountID, others)
			assert.NoError(t, err)
		})
	}
}

func TestDiscoverReportsOtherAPIErrorsWithoutTheToken(t *testing.T) {
	s := cloudflaretest.Start(t)
	client := cloudflare.NewClient(option.WithBaseURL(s.URL()), option.WithAPIToken("not-the-token-1234"), option.WithMaxRetries(0))
	_, err := discovery.Discover(context.Background(), client, cloudflaretest.AccountID, []discovery.Group{discovery.D1})
	require.Error(t, err)
	var apiErr *discovery.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
	assert.Contains(t, err.Error(), "listing D1 databases: Cloudflare answered 401 Unauthorized (the API token is missing, invalid or expired)")
	assert.NotContains(t, err.Error(), "not-the-token-1234")
	assert.False(t, errors.As(err, new(*discovery.PermissionError)))
}

func TestPermissionNamesAreCloudflares(t *testing.T) {
	assert.Equal(t, string(cloudflaretest.PermD1Read), discovery.PermD1Read)
	assert.Equal(t, string(cloudflaretest.PermR2Read), discovery.PermR2Read)
	assert.Equal(t, string(cloudflaretest.PermQueuesRead), discovery.PermQueuesRead)
	assert.Equal(t, string(cloudflaretest.PermVectorizeRead), discovery.PermVectorizeRead)
	assert.Equal(t, string(cloudflaretest.PermWorkersScriptsRead), discovery.PermWorkersScriptsRead)
	assert.Equal(t, string(cloudflaretest.PermWorkersRoutesRead), discovery.PermWorkersRoutesRead)
	for _, g := range discovery.AllGroups {
		assert.NotEmpty(t, g.Permission(), g)
	}
}

func TestParseGroups(t *testing.T) {
	tests := []struct {
		in      string
		want    []discovery.Group
		wantErr string
	}{
		{in: "", want: discovery.AllGroups},
		{in: "d1", want: []discovery.Group{discovery.D1}},
		{in: "r2, D1,d1", want: []discovery.Group{discovery.D1, discovery.R2}},
		{in: "events,workers,consumers", want: []discovery.Group{discovery.Workers, discovery.Consumers, discovery.Events}},
		{in: "d1,kv", wantErr: `unknown group "kv"; valid groups: d1, r2, queues, vectorize, workers, consumers, events`},
		{in: ",", wantErr: "valid groups: d1, r2"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := discovery.ParseGroups(tt.in)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestDiscoverSeesBucketsInEveryJurisdiction: Cloudflare lists a bucket in the
// eu, fedramp or us jurisdiction only to a request whose cf-r2-jurisdiction
// header names it; discovery asks each jurisdiction, and reads each bucket's
// event notifications in its own.
func TestDiscoverSeesBucketsInEveryJurisdiction(t *testing.T) {
	s := cloudflaretest.Start(t)
	acct := cloudflaretest.AccountID
	s.SeedBucket(acct, "default-bucket")
	s.SeedBucketIn(acct, "eu-bucket", "eu")
	s.SeedBucketIn(acct, "fedramp-bucket", "fedramp")
	s.SeedBucketIn(acct, "us-bucket", "us")
	queueID := s.SeedQueue(acct, "eu-events")
	req, err := http.NewRequest(http.MethodPut, fmt.Sprintf("%saccounts/%s/event_notifications/r2/eu-bucket/configuration/queues/%s",
		s.URL(), acct, queueID), strings.NewReader(`{"rules":[{"actions":["PutObject"]}]}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+s.Token())
	req.Header.Set("cf-r2-jurisdiction", "eu")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, "the eu bucket's rule is set in its jurisdiction")

	inv, err := discovery.Discover(context.Background(), newClient(s), acct, []discovery.Group{discovery.R2, discovery.Events})
	require.NoError(t, err)
	assert.ElementsMatch(t, []discovery.Bucket{
		{Name: "default-bucket"},
		{Name: "eu-bucket", Jurisdiction: "eu"},
		{Name: "fedramp-bucket", Jurisdiction: "fedramp"},
		{Name: "us-bucket", Jurisdiction: "us"},
	}, inv.Buckets)
	require.Len(t, inv.EventNotifications, 1, "the eu bucket's notification, read in its jurisdiction")
	assert.Equal(t, "eu-bucket", inv.EventNotifications[0].Bucket)
	assert.Equal(t, queueID, inv.EventNotifications[0].QueueID)
}

// Routes are zone-level: discovery reads them only in the zones the stack
// names (no zone listing, so no Zone Read), and needs Workers Routes Read
// only then.
func TestRoutesAreReadOnlyInTheStacksZones(t *testing.T) {
	perms := []cloudflaretest.Permission{
		cloudflaretest.PermD1Read, cloudflaretest.PermR2Read, cloudflaretest.PermQueuesRead,
		cloudflaretest.PermVectorizeRead, cloudflaretest.PermWorkersScriptsRead,
	}
	s, seeded := prodEstate(t, cloudflaretest.WithPermissions(perms...))
	zone := s.AddZone(seeded.AccountID, "", "example.com")
	other := s.AddZone(seeded.AccountID, "", "example.org")
	s.SeedRoute(zone, "example.com/api/*", "dome-api")
	s.SeedRoute(other, "example.org/*", "dome-api")

	inv, err := discovery.Discover(context.Background(), newClient(s), seeded.AccountID, []discovery.Group{discovery.Routes})
	require.NoError(t, err, "no zone named: no route request, no Workers Routes permission needed")
	assert.Empty(t, inv.Routes)
	assert.Zero(t, s.Count("GET", "/zones/*/workers/routes"))

	_, err = discovery.Discover(context.Background(), newClient(s), seeded.AccountID, []discovery.Group{discovery.Routes},
		discovery.WithZones(map[string]string{"example.com": zone}))
	var perr *discovery.PermissionError
	require.ErrorAs(t, err, &perr)
	assert.Equal(t, "listing the Workers routes of zone example.com ("+zone+`): the API token lacks the "Workers Routes Read" permission`, err.Error())

	s2, seeded2 := prodEstate(t)
	zone2 := s2.AddZone(seeded2.AccountID, "", "example.com")
	other2 := s2.AddZone(seeded2.AccountID, "", "example.org")
	id := s2.SeedRoute(zone2, "example.com/api/*", "dome-api")
	s2.SeedRoute(other2, "example.org/*", "dome-api")
	inv, err = discovery.Discover(context.Background(), newClient(s2), seeded2.AccountID, []discovery.Group{discovery.Routes},
		discovery.WithZones(map[string]string{"example.com": zone2}))
	require.NoError(t, err)
	assert.Equal(t, []discovery.Route{{ZoneID: zone2, ZoneName: "example.com", ID: id, Pattern: "example.com/api/*", Script: "dome-api"}}, inv.Routes,
		"only the named zone's routes")
	assert.Empty(t, s2.WriteRequests())
}
