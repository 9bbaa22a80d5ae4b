package provider

// Fault tests: transient API failures (429 with Retry-After, 500) are retried by the
// SDK and survived; persistent failures, a wrong token and a token lacking a permission
// give clear errors that never contain the token; Check rejects invalid inputs before
// any request; secret text stays secret in outputs and out of every error and log.
//
// Faults use a 10 ms Retry-After, which cloudflare-go v6 honours (retryDelay in
// internal/requestconfig: Retry-After-Ms / Retry-After, fractional seconds, < 1 min),
// so no test sleeps for the SDK's exponential backoff (0.5 s × 2^n).

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cfapi"
	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/companion"
)

const fastRetry = 10 * time.Millisecond

// writeScenario is one write of one resource: setup seeds the emulator (and creates the
// resource first for updates/deletes) and returns the operation; calls are the requests
// the operation makes when nothing fails, and faulted is the one the fault targets.
type writeScenario struct {
	name    string
	setup   func(t *testing.T, h *harness) (op func() error, calls []string, faulted string)
	verify  func(t *testing.T, h *harness) // the write took effect
	wantErr string                         // the operation named by the error
}

func writeScenarios() []writeScenario {
	script := "/accounts/" + acct + "/workers/scripts/silo"
	indexes := "/accounts/" + acct + "/vectorize/v2/indexes"
	notifPath := func(queueID string) string {
		return "/accounts/" + acct + "/event_notifications/r2/dome-blobs/configuration/queues/" + queueID
	}
	return []writeScenario{
		{
			name: "WorkerScript create",
			setup: func(t *testing.T, h *harness) (func() error, []string, string) {
				seedWorkerTargets(h.cf)
				inputs := h.check(workerURN, workerInputs())
				return func() error {
					_, err := h.srv.Create(p.CreateRequest{Urn: workerURN, Properties: inputs})
					return err
				}, []string{"GET " + script + "/settings", "PUT " + script}, "PUT " + script
			},
			verify: func(t *testing.T, h *harness) {
				sc, ok := h.cf.Script(acct, "silo")
				require.True(t, ok)
				assert.Len(t, sc.Bindings, 12)
			},
			wantErr: `upload Worker "silo"`,
		},
		{
			name: "WorkerScript update",
			setup: func(t *testing.T, h *harness) (func() error, []string, string) {
				seedWorkerTargets(h.cf)
				l := h.createLive(workerURN, workerInputs())
				in := workerInputs()
				in["content"] = "export default { fetch() { return new Response('v2') } }"
				inputs := h.check(workerURN, in)
				return func() error {
					_, err := h.srv.Update(p.UpdateRequest{ID: l.id, Urn: workerURN, State: l.state, Inputs: inputs})
					return err
				}, []string{"PUT " + script}, "PUT " + script
			},
			verify: func(t *testing.T, h *harness) {
				sc, _ := h.cf.Script(acct, "silo")
				assert.Contains(t, string(sc.Modules[0].Content), "v2")
			},
			wantErr: `upload Worker "silo"`,
		},
		{
			name: "QueueConsumer create",
			setup: func(t *testing.T, h *harness) (func() error, []string, string) {
				queueID := h.cf.SeedQueue(acct, "dome-jobs")
				inputs := h.check(consumerURN, consumerInputs(queueID))
				q := "/accounts/" + acct + "/queues/" + queueID
				return func() error {
					_, err := h.srv.Create(p.CreateRequest{Urn: consumerURN, Properties: inputs})
					return err
				}, []string{"POST " + q + "/consumers"}, "POST " + q + "/consumers"
			},
			verify: func(t *testing.T, h *harness) {
				q, _ := h.cf.QueueByName(acct, "dome-jobs")
				assert.Len(t, h.cf.Consumers(acct, q.QueueID), 1, "exactly one consumer despite the retried POST")
			},
			wantErr: `add Worker "silo" as consumer of queue "dome-jobs"`,
		},
		{
			name: "QueueConsumer update",
			setup: func(t *testing.T, h *harness) (func() error, []string, string) {
				queueID := h.cf.SeedQueue(acct, "dome-jobs")
				l := h.createLive(consumerURN, consumerInputs(queueID))
				in := consumerInputs(queueID)
				in["batchSize"] = 42
				inputs := h.check(consumerURN, in)
				c := "/accounts/" + acct + "/queues/" + queueID + "/consumers/" + str(l.state, "consumerId")
				return func() error {
					_, err := h.srv.Update(p.UpdateRequest{ID: l.id, Urn: consumerURN, State: l.state, Inputs: inputs})
					return err
				}, []string{"PUT " + c}, "PUT " + c
			},
			verify: func(t *testing.T, h *harness) {
				q, _ := h.cf.QueueByName(acct, "dome-jobs")
				assert.Equal(t, 42, h.cf.Consumers(acct, q.QueueID)[0].Settings.BatchSize)
			},
			wantErr: "update consumer",
		},
		{
			name: "VectorizeIndex create",
			setup: func(t *testing.T, h *harness) (func() error, []string, string) {
				inputs := h.check(indexURN, indexInputs())
				return func() error {
					_, err := h.srv.Create(p.CreateRequest{Urn: indexURN, Properties: inputs})
					return err
				}, []string{"POST " + indexes}, "POST " + indexes
			},
			verify: func(t *testing.T, h *harness) {
				_, ok := h.cf.VectorizeIndex(acct, "dome-embeddings")
				assert.True(t, ok)
			},
			wantErr: `create Vectorize index "dome-embeddings"`,
		},
		{
			name: "VectorizeIndex delete",
			setup: func(t *testing.T, h *harness) (func() error, []string, string) {
				l := h.createLive(indexURN, indexInputs())
				return func() error {
					return h.srv.Delete(p.DeleteRequest{ID: l.id, Urn: indexURN, Properties: l.state})
				}, []string{"DELETE " + indexes + "/dome-embeddings"}, "DELETE " + indexes + "/dome-embeddings"
			},
			verify: func(t *testing.T, h *harness) {
				_, ok := h.cf.VectorizeIndex(acct, "dome-embeddings")
				assert.False(t, ok)
			},
			wantErr: `delete Vectorize index "dome-embeddings"`,
		},
		{
			name: "R2EventNotification create",
			setup: func(t *testing.T, h *harness) (func() error, []string, string) {
				h.cf.SeedBucket(acct, "dome-blobs")
				queueID := h.cf.SeedQueue(acct, "dome-jobs")
				inputs := h.check(notifURN, notificationInputs(queueID))
				return func() error {
					_, err := h.srv.Create(p.CreateRequest{Urn: notifURN, Properties: inputs})
					return err
				}, []string{"GET " + notifPath(queueID), "PUT " + notifPath(queueID)}, "PUT " + notifPath(queueID)
			},
			verify: func(t *testing.T, h *harness) {
				configs := h.cf.EventNotifications(acct, "dome-blobs")
				require.Len(t, configs, 1)
				assert.Len(t, configs[0].Rules, 2)
			},
			wantErr: `put event notifications of bucket "dome-blobs"`,
		},
		{
			name: "R2EventNotification update",
			setup: func(t *testing.T, h *harness) (func() error, []string, string) {
				h.cf.SeedBucket(acct, "dome-blobs")
				queueID := h.cf.SeedQueue(acct, "dome-jobs")
				l := h.createLive(notifURN, notificationInputs(queueID))
				in := notificationInputs(queueID)
				in["rules"] = []any{map[string]any{"actions": []any{"CopyObject"}}}
				inputs := h.check(notifURN, in)
				return func() error {
					_, err := h.srv.Update(p.UpdateRequest{ID: l.id, Urn: notifURN, State: l.state, Inputs: inputs})
					return err
				}, []string{"DELETE " + notifPath(queueID), "PUT " + notifPath(queueID)}, "PUT " + notifPath(queueID)
			},
			verify: func(t *testing.T, h *harness) {
				configs := h.cf.EventNotifications(acct, "dome-blobs")
				require.Len(t, configs, 1)
				require.Len(t, configs[0].Rules, 1)
				assert.Equal(t, []string{"CopyObject"}, configs[0].Rules[0].Actions)
			},
			wantErr: `put event notifications of bucket "dome-blobs"`,
		},
	}
}

// faultOn builds a fault matching exactly one "METHOD /path" call.
func faultOn(call string, f cloudflaretest.Fault) cloudflaretest.Fault {
	f.Method, f.PathPrefix, _ = strings.Cut(call, " ")
	return f
}

// withRetry returns calls with the faulted call repeated once per failure.
func withRetry(calls []string, faulted string, failures int) []string {
	var out []string
	for _, c := range calls {
		out = append(out, c)
		if c == faulted {
			for range failures {
				out = append(out, c)
			}
		}
	}
	return out
}

func TestTransientFaultsAreRetried(t *testing.T) {
	t.Parallel()
	faults := []struct {
		name  string
		fault cloudflaretest.Fault
	}{
		{"429 with Retry-After", cloudflaretest.Fault{Status: http.StatusTooManyRequests, RetryAfter: fastRetry, Times: 1}},
		{"500", cloudflaretest.Fault{Status: http.StatusInternalServerError, RetryAfter: fastRetry, Times: 1}},
	}
	for _, sc := range writeScenarios() {
		for _, f := range faults {
			t.Run(sc.name+"/"+f.name, func(t *testing.T) {
				t.Parallel()
				h := newHarness(t, withMaxRetries(2))
				op, calls, faulted := sc.setup(t, h)
				h.cf.InjectFault(faultOn(faulted, f.fault))
				h.calls()

				require.NoError(t, op(), "one transient failure is survived")
				method, path, _ := strings.Cut(faulted, " ")
				assert.Equal(t, 2, h.cf.Count(method, path), "the faulted write was sent twice")
				assert.Equal(t, withRetry(calls, faulted, 1), h.calls(), "and nothing else changed")
				sc.verify(t, h)
			})
		}
	}
}

// TestServerErrorWithoutRetryAfterIsRetried exercises the SDK's own backoff once
// (about 0.4 s: 0.5 s minus up to 25 % jitter), with a 503 that has no Retry-After.
func TestServerErrorWithoutRetryAfterIsRetried(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withMaxRetries(1))
	seedWorkerTargets(h.cf)
	inputs := h.check(workerURN, workerInputs())
	h.cf.InjectFault(cloudflaretest.Fault{Status: http.StatusServiceUnavailable, Method: "PUT", Times: 1})
	h.calls()
	h.create(workerURN, inputs)
	assert.Equal(t, 2, h.cf.Count("PUT", "/accounts/*/workers/scripts/silo"))
}

func TestPersistentServerErrorFails(t *testing.T) {
	t.Parallel()
	const maxRetries = 1
	for _, sc := range writeScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, withMaxRetries(maxRetries))
			op, _, faulted := sc.setup(t, h)
			h.cf.InjectFault(faultOn(faulted, cloudflaretest.Fault{Status: http.StatusInternalServerError, RetryAfter: fastRetry}))
			h.calls()

			err := op()
			require.Error(t, err)
			method, path, _ := strings.Cut(faulted, " ")
			assert.Equal(t, 1+maxRetries, h.cf.Count(method, path), "first try plus maxRetries retries, then give up")

			msg := err.Error()
			assert.Contains(t, msg, sc.wantErr, "names what was being done")
			assert.Contains(t, msg, "cloudflare: "+faulted+": 500 Internal Server Error", "names the request and status")
			assert.Contains(t, msg, "[10001] Internal Server Error (fault injected by cloudflaretest)", "carries the API's message")
			assert.NotContains(t, msg, "/client/v4", "the path is relative to the API base")
			assert.NotContains(t, msg, h.cf.Token())
			assert.NotContains(t, strings.ToLower(msg), "authorization")
			var apiErr *APIError
			if assert.True(t, errors.As(err, &apiErr), "%T", err) {
				assert.Equal(t, http.StatusInternalServerError, apiErr.StatusCode)
			}
		})
	}
}

// resourceOps seeds, for each resource kind, one existing resource (to read or delete
// by ID) and the inputs of a new one (to create); used by the token tests.
type resourceOp struct {
	name string
	// seed returns the inputs of a new resource and the ID (without the account) of a
	// seeded one.
	seed func(h *harness) (urn presource.URN, inputs map[string]any, id string)
}

func resourceOps() []resourceOp {
	return []resourceOp{
		{
			name: "WorkerScript",
			seed: func(h *harness) (presource.URN, map[string]any, string) {
				seedWorker(h.cf, "index.js")
				in := workerInputs()
				in["name"] = "silo-two"
				return workerURN, in, "silo"
			},
		},
		{
			name: "QueueConsumer",
			seed: func(h *harness) (presource.URN, map[string]any, string) {
				queueID := h.cf.SeedQueue(acct, "dome-jobs")
				cid, err := h.cf.SeedConsumer(acct, queueID, cloudflaretest.ConsumerState{ScriptName: "silo"})
				require.NoError(h.tb, err)
				other := h.cf.SeedQueue(acct, "dome-other")
				return consumerURN, consumerInputsNamed(other, "dome-other"), queueID + "/" + cid
			},
		},
		{
			name: "VectorizeIndex",
			seed: func(h *harness) (presource.URN, map[string]any, string) {
				h.cf.SeedVectorizeIndex(acct, "dome-seeded", 32, "cosine")
				return indexURN, indexInputs(), "dome-seeded"
			},
		},
		{
			name: "R2EventNotification",
			seed: func(h *harness) (presource.URN, map[string]any, string) {
				h.cf.SeedBucket(acct, "dome-blobs")
				queueID := h.cf.SeedQueue(acct, "dome-jobs")
				require.NoError(h.tb, h.cf.SeedEventNotification(acct, "dome-blobs", queueID,
					cloudflaretest.EventNotificationRule{Actions: []string{"PutObject"}}))
				other := h.cf.SeedQueue(acct, "dome-other")
				return notifURN, notificationInputs(other), "dome-blobs/" + queueID
			},
		},
	}
}

// TestWrongTokenIsNotEchoed: every operation fails with the API's 401 (not retried, not
// mistaken for "gone"), and neither the error nor any log contains the token.
// Not parallel: it captures the process-wide slog output.
func TestWrongTokenIsNotEchoed(t *testing.T) {
	const wrongToken = "dome-WRONG-t0ken-7c1f9e2ab3d4-do-not-echo"
	logs := captureLogs(t)
	for _, op := range resourceOps() {
		t.Run(op.name, func(t *testing.T) {
			h := newHarness(t, withProviderToken(wrongToken), withMaxRetries(2))
			urn, in, id := op.seed(h)
			id = acct + "/" + id
			inputs := h.check(urn, in)
			// The state of the seeded resource, read by a provider with the right token.
			state := newHarness(t, onEmulator(h.cf)).read(urn, id, property.Map{}, property.Map{}).Properties
			h.calls()

			// Each operation stops at its first request: a 401 is not retried.
			_, err := h.srv.Create(p.CreateRequest{Urn: urn, Properties: inputs})
			require.Error(t, err)
			assertAuthError(t, err, http.StatusUnauthorized, wrongToken)
			assert.Len(t, h.calls(), 1, "create")

			_, err = h.srv.Read(p.ReadRequest{ID: id, Urn: urn})
			require.Error(t, err, "a 401 on read is an error, not a deleted resource")
			assertAuthError(t, err, http.StatusUnauthorized, wrongToken)
			assert.Len(t, h.calls(), 1, "read")

			err = h.srv.Delete(p.DeleteRequest{ID: id, Urn: urn, Properties: state})
			require.Error(t, err)
			assertAuthError(t, err, http.StatusUnauthorized, wrongToken)
			assert.Len(t, h.calls(), 1, "delete")
		})
	}
	assert.NotContains(t, logs.String(), wrongToken)
}

func assertAuthError(t *testing.T, err error, status int, token string) {
	t.Helper()
	msg := err.Error()
	assert.Contains(t, msg, fmt.Sprintf(": %d %s: [10000] Authentication error", status, http.StatusText(status)))
	assert.NotContains(t, msg, token, "the token is never echoed")
	assert.NotContains(t, msg, "Bearer")
	assert.Equal(t, status, cfapi.StatusCode(err))
}

// TestMissingPermissionNamesIt: a token without the permission group an endpoint needs
// gets a 403 whose message names the group.
func TestMissingPermissionNamesIt(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		perms []cloudflaretest.Permission
		// op runs against a harness seeded by resourceOps()[i].seed
		op       int
		read     bool // read the seeded resource instead of creating one
		wantPerm cloudflaretest.Permission
		wantOp   string
	}{
		{"WorkerScript create with read-only", []cloudflaretest.Permission{cloudflaretest.PermWorkersScriptsRead},
			0, false, cloudflaretest.PermWorkersScriptsWrite, `upload Worker "silo-two"`},
		{"WorkerScript read without Workers permission", []cloudflaretest.Permission{cloudflaretest.PermD1Write},
			0, true, cloudflaretest.PermWorkersScriptsRead, `read settings of Worker "silo"`},
		{"QueueConsumer create with read-only", []cloudflaretest.Permission{cloudflaretest.PermQueuesRead},
			1, false, cloudflaretest.PermQueuesWrite, `add Worker "silo" as consumer of queue "dome-other"`},
		{"VectorizeIndex create with read-only", []cloudflaretest.Permission{cloudflaretest.PermVectorizeRead},
			2, false, cloudflaretest.PermVectorizeWrite, `create Vectorize index "dome-embeddings"`},
		{"VectorizeIndex read without Vectorize permission", []cloudflaretest.Permission{cloudflaretest.PermQueuesRead},
			2, true, cloudflaretest.PermVectorizeRead, `read Vectorize index "dome-seeded"`},
		{"R2EventNotification create with read-only", []cloudflaretest.Permission{cloudflaretest.PermR2Read},
			3, false, cloudflaretest.PermR2Write, `put event notifications of bucket "dome-blobs"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, withEmulator(cloudflaretest.WithPermissions(tc.perms...)))
			urn, in, id := resourceOps()[tc.op].seed(h)
			inputs := h.check(urn, in)
			h.calls()
			var err error
			if tc.read {
				_, err = h.srv.Read(p.ReadRequest{ID: acct + "/" + id, Urn: urn})
			} else {
				_, err = h.srv.Create(p.CreateRequest{Urn: urn, Properties: inputs})
			}
			require.Error(t, err)
			assertAuthError(t, err, http.StatusForbidden, h.cf.Token())
			assert.Contains(t, err.Error(), fmt.Sprintf("%q", string(tc.wantPerm)), "names the missing permission")
			assert.Contains(t, err.Error(), tc.wantOp)
			calls := h.calls()
			require.NotEmpty(t, calls)
			last := calls[len(calls)-1]
			for _, c := range calls[:len(calls)-1] {
				assert.NotEqual(t, last, c, "a 403 is not retried")
			}
		})
	}

	t.Run("a read-only token can import", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, withEmulator(cloudflaretest.WithPermissions(cloudflaretest.PermWorkersScriptsRead)))
		seedWorker(h.cf, "index.js")
		got := h.read(workerURN, acct+"/silo", property.Map{}, property.Map{})
		assert.Equal(t, acct+"/silo", got.ID)
	})
}

// TestCheckRejectsBeforeAnyRequest: invalid inputs fail Check, naming the field, and
// Check never talks to Cloudflare.
func TestCheckRejectsBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	queueID := h.cf.SeedQueue(acct, "dome-jobs")
	cases := []struct {
		name     string
		urn      presource.URN
		valid    map[string]any
		mutate   map[string]any // path -> value (nil deletes)
		wantProp string
	}{
		{"worker name", workerURN, workerInputs(), map[string]any{"name": "Silo_Bad"}, "name"},
		{"worker content missing", workerURN, workerInputs(), map[string]any{"content": nil}, "content"},
		{"worker compatibility date", workerURN, workerInputs(), map[string]any{"compatibilityDate": "2025-13-01"}, "compatibilityDate"},
		{"worker sampling rate", workerURN, workerInputs(), map[string]any{"observability.headSamplingRate": 2}, "observability.headSamplingRate"},
		{"worker secret binding name", workerURN, workerInputs(), map[string]any{"secretTextBindings[1].name": "API_KEY"}, "secretTextBindings[1].name"},
		{"worker queue binding by id", workerURN, workerInputs(), map[string]any{"queueBindings[0].queue": queueID + "/x"}, "queueBindings[0].queue"},
		{"consumer batch size", consumerURN, consumerInputs(queueID), map[string]any{"batchSize": 0}, "batchSize"},
		{"consumer concurrency", consumerURN, consumerInputs(queueID), map[string]any{"maxConcurrency": 300}, "maxConcurrency"},
		{"consumer queue id", consumerURN, consumerInputs(queueID), map[string]any{"queueId": "a/b"}, "queueId"},
		{"consumer dead letter queue", consumerURN, consumerInputs(queueID), map[string]any{"deadLetterQueue": "Bad Name"}, "deadLetterQueue"},
		{"index dimensions", indexURN, indexInputs(), map[string]any{"dimensions": 2000}, "dimensions"},
		{"index metric", indexURN, indexInputs(), map[string]any{"metric": "manhattan"}, "metric"},
		{"index name", indexURN, indexInputs(), map[string]any{"name": "Bad_Name"}, "name"},
		{"notification no rules", notifURN, notificationInputs(queueID), map[string]any{"rules": []any{}}, "rules"},
		{"notification action", notifURN, notificationInputs(queueID), map[string]any{"rules[0].actions[1]": "PutObjects"}, "rules[0].actions[1]"},
		{"notification jurisdiction", notifURN, notificationInputs(queueID), map[string]any{"jurisdiction": "mars"}, "jurisdiction"},
	}
	h.calls()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := clone(tc.valid).(map[string]any)
			for path, v := range tc.mutate {
				set(t, in, path, v)
			}
			resp, err := h.srv.Check(p.CheckRequest{Urn: tc.urn, Inputs: props(in)})
			require.NoError(t, err)
			require.Len(t, resp.Failures, 1, "%+v", resp.Failures)
			assert.Equal(t, tc.wantProp, resp.Failures[0].Property)
			assert.NotEmpty(t, resp.Failures[0].Reason)
			assert.Empty(t, h.cf.Requests(), "Check makes no request")
		})
	}
}

// TestWorkerScriptSecrets: secret text is secret in Check's inputs, in the outputs of
// create, read and update, and appears in no error, diff or log.
// Not parallel: it captures the process-wide slog output.
func TestWorkerScriptSecrets(t *testing.T) {
	const secret = "sk-dome-9f3c1e7a-SECRET-VALUE"
	logs := captureLogs(t)
	h := newHarness(t, withMaxRetries(0))
	seedWorkerTargets(h.cf)
	in := workerInputs()
	in["secretTextBindings"] = []any{map[string]any{"name": "API_KEY", "text": secret}}
	inputs := h.check(workerURN, in)
	assert.True(t, inputs.Get("secretTextBindings").AsArray().Get(0).AsMap().Get("text").Secret(), "Check marks it")

	var texts []string // every error, failure and diff the provider produced
	assertSecretOutputs := func(what string, out property.Map) {
		t.Helper()
		v := out.Get("secretTextBindings")
		assert.True(t, v.Secret(), "%s: secretTextBindings is secret", what)
		assert.True(t, presource.ToResourcePropertyValue(v).IsSecret(), "%s: secret as a resource.PropertyValue", what)
		texts = append(texts, fmt.Sprintf("%v", out.Delete("secretTextBindings")))
	}

	created := h.create(workerURN, inputs)
	assertSecretOutputs("create", created.Properties)
	sc, _ := h.cf.Script(acct, "silo")
	assert.Equal(t, secret, sc.Bindings[len(sc.Bindings)-1].Text, "the secret went up with the code")

	read := h.read(workerURN, created.ID, created.Properties, inputs)
	assertSecretOutputs("read", read.Properties)
	text := read.Inputs.Get("secretTextBindings").AsArray().Get(0).AsMap().Get("text")
	assert.Equal(t, secret, text.AsString(), "read keeps the value from the state")
	assert.True(t, text.Secret(), "and keeps it secret in the inputs")

	in["plainTextBindings"] = []any{map[string]any{"name": "MODE", "text": "staging"}}
	newInputs := h.check(workerURN, in)
	updated := h.update(workerURN, created.ID, read.Properties, newInputs)
	assertSecretOutputs("update", updated.Properties)

	in["secretTextBindings"] = []any{map[string]any{"name": "API_KEY", "text": secret + "-rotated"}}
	d := h.diff(workerURN, created.ID, updated.Properties, h.check(workerURN, in))
	assert.Equal(t, []string{"secretTextBindings:update"}, changedKeys(d), "a rotated secret is an update")
	texts = append(texts, fmt.Sprintf("%+v", d))

	// Check failures on the secret binding.
	bad := clone(in).(map[string]any)
	bad["secretTextBindings"] = []any{
		map[string]any{"name": "API_KEY", "text": secret},
		map[string]any{"name": "API_KEY", "text": secret},
		map[string]any{"name": "bad name", "text": secret},
	}
	resp, err := h.srv.Check(p.CheckRequest{Urn: workerURN, Inputs: props(bad)})
	require.NoError(t, err)
	require.Len(t, resp.Failures, 2)
	texts = append(texts, fmt.Sprintf("%+v", resp.Failures))

	// An upload the API rejects (unknown D1 database), and one that fails with a 500.
	in["d1DatabaseBindings"] = []any{map[string]any{"name": "DB", "databaseId": "missing-db"}}
	_, err = h.srv.Update(p.UpdateRequest{ID: created.ID, Urn: workerURN, State: updated.Properties, Inputs: h.check(workerURN, in)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "400 Bad Request")
	texts = append(texts, err.Error())
	h.cf.InjectFault(cloudflaretest.Fault{Status: http.StatusInternalServerError, Method: "PUT", Times: 1})
	in["d1DatabaseBindings"] = workerInputs()["d1DatabaseBindings"]
	in["compatibilityDate"] = "2025-02-01" // an upload happens only when something but the secrets changed
	_, err = h.srv.Update(p.UpdateRequest{ID: created.ID, Urn: workerURN, State: updated.Properties, Inputs: h.check(workerURN, in)})
	require.Error(t, err)
	texts = append(texts, err.Error())

	// A binding the resource does not manage is logged as a warning on read.
	sc, _ = h.cf.Script(acct, "silo")
	require.NoError(t, h.cf.SetScriptBindings(acct, "silo",
		append(sc.Bindings, cloudflaretest.Binding{Name: "HYPER", Type: "hyperdrive", ID: "hd-1"})...))
	h.read(workerURN, created.ID, updated.Properties, newInputs)

	// Deleting twice logs "already deleted".
	h.delete(workerURN, created.ID, updated.Properties)
	h.delete(workerURN, created.ID, updated.Properties)

	for _, s := range texts {
		assert.NotContains(t, s, secret)
	}
	assert.Contains(t, logs.String(), "does not model", "the log capture works")
	assert.Contains(t, logs.String(), "already deleted")
	assert.NotContains(t, logs.String(), secret, "no log contains the secret")
}

// TestWorkerScriptReadMarksSecretTextSecret: what Read returns carries the schema's
// secret annotations (SecretTextBinding.text `provider:"secret"` in the inputs, the
// AlwaysSecret secretTextBindings output in the state), whatever the request carried.
// infer's Read alone only re-applies the secret flags of the request, so a Read with the
// state but without inputs (older engines' refresh) returned the secret text copied from
// the state in plain text, and a Read with inputs but no state (the engine's
// resource-exists check) returned it in plain text in the state. New wraps Read to mark
// both (markWorkerScriptSecrets).
func TestWorkerScriptReadMarksSecretTextSecret(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seedWorkerTargets(h.cf)
	l := h.createLive(workerURN, workerInputs())

	stateOnly := h.read(workerURN, l.id, l.state, property.Map{})
	for i, v := range stateOnly.Inputs.Get("secretTextBindings").AsArray().All {
		assert.True(t, v.AsMap().Get("text").Secret(), "read without inputs: inputs secretTextBindings[%d].text", i)
	}
	inputsOnly := h.read(workerURN, l.id, property.Map{}, l.inputs)
	assert.True(t, inputsOnly.Properties.Get("secretTextBindings").Secret(), "read without state: state secretTextBindings")
}

// TestReadFaults: reads are retried like writes, and a read that keeps failing is an
// error — never mistaken for a deleted resource (which would drop it from the state).
func TestReadFaults(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		create  func(h *harness) live
		faulted func(l live) string // the GET to fail
		// shield, if set, is a longer path under faulted that must not fail (faults match
		// by path prefix): a pass-through fault (Status 0) injected first claims it.
		shield  func(l live) string
		wantErr string
	}{
		{
			name: "WorkerScript settings",
			create: func(h *harness) live {
				seedWorkerTargets(h.cf)
				return h.createLive(workerURN, workerInputs())
			},
			faulted: func(live) string { return "GET /accounts/" + acct + "/workers/scripts/silo/settings" },
			wantErr: `read settings of Worker "silo"`,
		},
		{
			name: "WorkerScript code",
			create: func(h *harness) live {
				seedWorkerTargets(h.cf)
				return h.createLive(workerURN, workerInputs())
			},
			faulted: func(live) string { return "GET /accounts/" + acct + "/workers/scripts/silo/content/v2" },
			wantErr: `read code of Worker "silo"`,
		},
		{
			name: "QueueConsumer consumer",
			create: func(h *harness) live {
				return h.createLive(consumerURN, consumerInputs(h.cf.SeedQueue(acct, "dome-jobs")))
			},
			faulted: func(l live) string {
				return "GET /accounts/" + acct + "/queues/" + str(l.state, "queueId") + "/consumers/" + str(l.state, "consumerId")
			},
			wantErr: "read consumer",
		},
		{
			// Only an import reads the queue (for its name; a refresh's state
			// knows it): the read by ID, with no state.
			name: "QueueConsumer queue, on import",
			create: func(h *harness) live {
				in := consumerInputs(h.cf.SeedQueue(acct, "dome-jobs"))
				l := h.createLive(consumerURN, in)
				delete(in, "queueName") // `pulumi import` has only the ID
				l.inputs, l.state = h.check(consumerURN, in), property.Map{}
				return l
			},
			faulted: func(l live) string { return "GET /accounts/" + acct + "/queues/" + queueOf(l.id) },
			shield: func(l live) string {
				return "GET /accounts/" + acct + "/queues/" + queueOf(l.id) + "/consumers/"
			},
			wantErr: "read queue",
		},
		{
			name:    "VectorizeIndex",
			create:  func(h *harness) live { return h.createLive(indexURN, indexInputs()) },
			faulted: func(live) string { return "GET /accounts/" + acct + "/vectorize/v2/indexes/dome-embeddings" },
			wantErr: `read Vectorize index "dome-embeddings"`,
		},
		{
			name: "R2EventNotification",
			create: func(h *harness) live {
				h.cf.SeedBucket(acct, "dome-blobs")
				return h.createLive(notifURN, notificationInputs(h.cf.SeedQueue(acct, "dome-jobs")))
			},
			faulted: func(l live) string {
				return "GET /accounts/" + acct + "/event_notifications/r2/dome-blobs/configuration/queues/" + str(l.state, "queueId")
			},
			wantErr: `read event notifications of bucket "dome-blobs"`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, withMaxRetries(1))
			l := tc.create(h)
			call := tc.faulted(l)
			method, path, _ := strings.Cut(call, " ")

			inject := func(f cloudflaretest.Fault) {
				h.cf.ClearFaults()
				if tc.shield != nil {
					h.cf.InjectFault(faultOn(tc.shield(l), cloudflaretest.Fault{}))
				}
				h.cf.InjectFault(faultOn(call, f))
			}

			// One 429: retried, the read succeeds unchanged.
			inject(cloudflaretest.Fault{Status: http.StatusTooManyRequests, RetryAfter: fastRetry, Times: 1})
			read := h.refresh(l)
			assert.Equal(t, l.id, read.ID)
			assertProps(t, l.inputs, read.Inputs)
			assert.Equal(t, 2, h.cf.Count(method, path))
			h.calls()

			// A persistent 500: an error, not "gone".
			inject(cloudflaretest.Fault{Status: http.StatusInternalServerError, RetryAfter: fastRetry})
			resp, err := h.srv.Read(p.ReadRequest{ID: l.id, Urn: l.urn, Properties: l.state, Inputs: l.inputs})
			require.Error(t, err, "got ID %q", resp.ID)
			assert.Contains(t, err.Error(), tc.wantErr)
			assert.Contains(t, err.Error(), call+": 500 Internal Server Error")
			assert.Equal(t, 2, h.cf.Count(method, path))
			assert.Empty(t, h.cf.WriteRequests())
		})
	}
}

// queueOf is the queue ID in a consumer's ID.
func queueOf(consumerID string) string {
	_, queueID, _, _ := companion.ParseQueueConsumerID(consumerID)
	return queueID
}
