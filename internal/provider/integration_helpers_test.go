package provider

// Shared harness of the integration tests (lifecycle_test.go, import_test.go,
// drift_test.go, faults_test.go, bench_test.go): the provider behind
// pulumi-go-provider's integration server, configured against a fresh
// cloudflaretest emulator.

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/companion"
)

// acct is the account every integration test works in.
const acct = cloudflaretest.AccountID

// harness is one emulator plus one configured provider.
type harness struct {
	tb  testing.TB
	cf  *cloudflaretest.Server
	srv integration.Server
}

type harnessConfig struct {
	cf         *cloudflaretest.Server
	cfOpts     []cloudflaretest.Option
	token      *string
	maxRetries int
}

type harnessOption func(*harnessConfig)

// withEmulator passes options to cloudflaretest.Start.
func withEmulator(opts ...cloudflaretest.Option) harnessOption {
	return func(c *harnessConfig) { c.cfOpts = append(c.cfOpts, opts...) }
}

// onEmulator makes the harness use an already running emulator (for a second provider,
// e.g. one with another token, against the same state).
func onEmulator(cf *cloudflaretest.Server) harnessOption {
	return func(c *harnessConfig) { c.cf = cf }
}

// withProviderToken configures the provider with tok instead of the emulator's token.
func withProviderToken(tok string) harnessOption {
	return func(c *harnessConfig) { c.token = &tok }
}

// withMaxRetries sets the provider's maxRetries (the harness default is 2).
func withMaxRetries(n int) harnessOption { return func(c *harnessConfig) { c.maxRetries = n } }

// newHarness starts the emulator and the provider (integration server) and configures
// the provider with apiToken, apiBaseUrl and maxRetries.
func newHarness(tb testing.TB, opts ...harnessOption) *harness {
	tb.Helper()
	cfg := harnessConfig{maxRetries: 2}
	for _, o := range opts {
		o(&cfg)
	}
	cf := cfg.cf
	if cf == nil {
		cf = cloudflaretest.Start(tb, cfg.cfOpts...)
	}
	prov, err := New()
	require.NoError(tb, err)
	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	srv, err := integration.NewServer(ctx, Name, semver.MustParse(Version), integration.WithProvider(prov))
	require.NoError(tb, err)
	token := cf.Token()
	if cfg.token != nil {
		token = *cfg.token
	}
	require.NoError(tb, srv.Configure(p.ConfigureRequest{Args: property.NewMap(map[string]property.Value{
		"apiToken":   property.New(token),
		"apiBaseUrl": property.New(cf.URL()),
		"maxRetries": property.New(float64(cfg.maxRetries)),
	})}))
	return &harness{tb: tb, cf: cf, srv: srv}
}

func urnOf(typ, name string) presource.URN {
	return presource.NewURN("test", "dome", "", tokens.Type(typ), name)
}

var (
	workerURN   = urnOf(companion.WorkerScriptType, "silo")
	consumerURN = urnOf(companion.QueueConsumerType, "consumer")
	indexURN    = urnOf(companion.VectorizeIndexType, "index")
	notifURN    = urnOf(companion.R2EventNotificationType, "events")
)

// check runs Check and requires it to pass.
func (h *harness) check(urn presource.URN, in map[string]any) property.Map {
	h.tb.Helper()
	resp, err := h.srv.Check(p.CheckRequest{Urn: urn, Inputs: props(in)})
	require.NoError(h.tb, err)
	require.Empty(h.tb, resp.Failures)
	return resp.Inputs
}

func (h *harness) create(urn presource.URN, inputs property.Map) p.CreateResponse {
	h.tb.Helper()
	resp, err := h.srv.Create(p.CreateRequest{Urn: urn, Properties: inputs})
	require.NoError(h.tb, err)
	require.NotEmpty(h.tb, resp.ID)
	return resp
}

func (h *harness) read(urn presource.URN, id string, state, inputs property.Map) p.ReadResponse {
	h.tb.Helper()
	resp, err := h.srv.Read(p.ReadRequest{ID: id, Urn: urn, Properties: state, Inputs: inputs})
	require.NoError(h.tb, err)
	return resp
}

func (h *harness) diff(urn presource.URN, id string, state, inputs property.Map) p.DiffResponse {
	h.tb.Helper()
	resp, err := h.srv.Diff(p.DiffRequest{ID: id, Urn: urn, State: state, Inputs: inputs})
	require.NoError(h.tb, err)
	return resp
}

func (h *harness) update(urn presource.URN, id string, state, inputs property.Map) p.UpdateResponse {
	h.tb.Helper()
	resp, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: urn, State: state, Inputs: inputs})
	require.NoError(h.tb, err)
	return resp
}

func (h *harness) delete(urn presource.URN, id string, state property.Map) {
	h.tb.Helper()
	require.NoError(h.tb, h.srv.Delete(p.DeleteRequest{ID: id, Urn: urn, Properties: state}))
}

// calls returns the requests logged since the last reset as "METHOD /path" (path
// relative to the API root) and resets the log.
func (h *harness) calls() []string {
	reqs := h.cf.Requests()
	h.cf.ResetRequests()
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = r.Method + " " + r.Path
	}
	return out
}

// ---------------------------------------------------------------------------
// Fixtures

// seedWorkerTargets creates what validWorkerInputs binds to (D1, bucket, queue, index),
// since the emulator validates those bindings on upload.
func seedWorkerTargets(cf *cloudflaretest.Server) {
	cf.SeedD1(acct, "dome-db", "d1-uuid")
	cf.SeedBucket(acct, "dome-blobs")
	cf.SeedQueue(acct, "dome-jobs")
	cf.SeedVectorizeIndex(acct, "dome-embeddings", 768, "cosine")
}

// workerInputs is validWorkerInputs in the harness account.
func workerInputs() map[string]any {
	in := validWorkerInputs()
	in["accountId"] = acct
	return in
}

// consumerInputs is validConsumerInputs for the queue "dome-jobs" of that ID,
// named as the program names it (internal/queues passes the queue's name).
func consumerInputs(queueID string) map[string]any {
	return consumerInputsNamed(queueID, "dome-jobs")
}

// consumerInputsNamed is validConsumerInputs for the queue of that ID and name.
func consumerInputsNamed(queueID, queueName string) map[string]any {
	in := validConsumerInputs()
	in["accountId"], in["queueId"], in["queueName"] = acct, queueID, queueName
	return in
}

// indexInputs is validIndexInputs in the harness account.
func indexInputs() map[string]any {
	in := validIndexInputs()
	in["accountId"] = acct
	return in
}

// notificationInputs is validNotificationInputs for the given queue.
func notificationInputs(queueID string) map[string]any {
	in := validNotificationInputs()
	in["accountId"], in["queueId"] = acct, queueID
	return in
}

// ---------------------------------------------------------------------------
// Property helpers

// plain converts a property value into Go values for readable assertion diffs; a
// secret becomes map{"<secret>": value}, an unknown "<computed>".
func plain(v property.Value) any {
	var out any
	switch {
	case v.IsComputed():
		out = "<computed>"
	case v.IsNull():
		out = nil
	case v.IsBool():
		out = v.AsBool()
	case v.IsNumber():
		out = v.AsNumber()
	case v.IsString():
		out = v.AsString()
	case v.IsArray():
		arr := []any{}
		for _, e := range v.AsArray().All {
			arr = append(arr, plain(e))
		}
		out = arr
	case v.IsMap():
		out = plainMap(v.AsMap())
	default:
		out = fmt.Sprintf("%v", v)
	}
	if v.Secret() {
		return map[string]any{"<secret>": out}
	}
	return out
}

func plainMap(m property.Map) map[string]any {
	out := map[string]any{}
	for k, v := range m.All {
		out[k] = plain(v)
	}
	return out
}

// without returns m minus the keys.
func without(m property.Map, keys ...string) property.Map { return m.Delete(keys...) }

// assertProps asserts two property maps are equal (secretness included), minus ignored keys.
func assertProps(t testing.TB, want, got property.Map, msgAndArgs ...any) bool {
	t.Helper()
	return assert.Equal(t, plainMap(want), plainMap(got), msgAndArgs...)
}

// changedKeys lists the properties of a detailed diff, sorted, with their kind.
func changedKeys(d p.DiffResponse) []string {
	out := make([]string, 0, len(d.DetailedDiff))
	for k, v := range d.DetailedDiff {
		out = append(out, k+":"+string(v.Kind))
	}
	sort.Strings(out)
	return out
}

func str(m property.Map, key string) string {
	v := m.Get(key)
	if v.IsNull() {
		return ""
	}
	return v.AsString()
}

// ---------------------------------------------------------------------------
// Log capture

// logCapture records everything the provider logs through p.GetLogger. Under the
// integration server the provider has no engine log sink, so its logs go to
// slog.Default(), which captureLogs replaces for the duration of the test. Tests that
// use it must not call t.Parallel (slog.Default is process-wide).
type logCapture struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (c *logCapture) Write(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.Write(b)
}

func (c *logCapture) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.String()
}

func captureLogs(t *testing.T) *logCapture {
	t.Helper()
	c := &logCapture{}
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(c, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(prev) })
	return c
}

// live is a resource created through the provider: its ID, the checked program inputs
// and the state the provider returned.
type live struct {
	urn    presource.URN
	id     string
	inputs property.Map
	state  property.Map
}

// createLive checks and creates a resource and resets the request log.
func (h *harness) createLive(urn presource.URN, in map[string]any) live {
	h.tb.Helper()
	inputs := h.check(urn, in)
	created := h.create(urn, inputs)
	h.cf.ResetRequests()
	return live{urn: urn, id: created.ID, inputs: inputs, state: created.Properties}
}

// refresh reads a live resource the way `pulumi refresh` does (state and inputs).
func (h *harness) refresh(l live) p.ReadResponse {
	h.tb.Helper()
	return h.read(l.urn, l.id, l.state, l.inputs)
}
