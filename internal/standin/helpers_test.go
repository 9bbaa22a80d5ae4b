package standin

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

// acct is the emulator's default account.
const acct = cloudflaretest.AccountID

// unknown marks an input as unknown (computed), as during a preview.
var unknown = presource.MakeComputed(presource.NewStringProperty(""))

// props converts a Go literal (map[string]any, []any, strings, numbers, bools and
// `unknown`) into a property.Map.
func props(m map[string]any) property.Map {
	return presource.FromResourcePropertyValue(presource.NewPropertyValue(m)).AsMap()
}

// plain converts a property.Map back into a Go literal for comparisons.
func plain(m property.Map) map[string]any {
	return presource.ToResourcePropertyValue(property.New(m)).ObjectValue().Mappable()
}

// newProvider starts the stand-in in an integration server without configuring it.
func newProvider(t *testing.T) integration.Server {
	t.Helper()
	prov, err := New()
	require.NoError(t, err)
	srv, err := integration.NewServer(t.Context(), Name, semver.MustParse(Version), integration.WithProvider(prov))
	require.NoError(t, err)
	return srv
}

// configured starts an emulator and a stand-in configured for it through provider
// config (apiToken, apiBaseUrl).
func configured(t *testing.T, opts ...cloudflaretest.Option) (*cloudflaretest.Server, integration.Server) {
	t.Helper()
	s := cloudflaretest.Start(t, opts...)
	srv := newProvider(t)
	require.NoError(t, srv.Configure(p.ConfigureRequest{Args: props(map[string]any{
		"apiToken":   s.Token(),
		"apiBaseUrl": s.URL(),
		"maxRetries": 0,
	})}))
	return s, srv
}

func urnOf(typ, name string) presource.URN {
	return presource.NewURN("test", "standin", "", tokens.Type(typ), name)
}

// harness drives one resource of the stand-in the way the engine does.
type harness struct {
	t   *testing.T
	srv integration.Server
	urn presource.URN
}

func newHarness(t *testing.T, srv integration.Server, typ string) harness {
	return harness{t: t, srv: srv, urn: urnOf(typ, "r")}
}

// check runs Check and requires no failures; it returns the checked inputs.
func (h harness) check(olds property.Map, inputs map[string]any) property.Map {
	h.t.Helper()
	resp, err := h.srv.Check(p.CheckRequest{Urn: h.urn, State: olds, Inputs: props(inputs)})
	require.NoError(h.t, err)
	require.Empty(h.t, resp.Failures)
	return resp.Inputs
}

// failures runs Check and returns its failures.
func (h harness) failures(inputs map[string]any) []p.CheckFailure {
	h.t.Helper()
	resp, err := h.srv.Check(p.CheckRequest{Urn: h.urn, Inputs: props(inputs)})
	require.NoError(h.t, err)
	return resp.Failures
}

// create checks, previews and creates; it returns the ID and the state.
func (h harness) create(inputs map[string]any) (string, property.Map) {
	h.t.Helper()
	in := h.check(property.Map{}, inputs)
	_, err := h.srv.Create(p.CreateRequest{Urn: h.urn, Properties: in, DryRun: true})
	require.NoError(h.t, err)
	resp, err := h.srv.Create(p.CreateRequest{Urn: h.urn, Properties: in})
	require.NoError(h.t, err)
	require.NotEmpty(h.t, resp.ID)
	return resp.ID, resp.Properties
}

// createErr checks and creates, expecting Create to fail.
func (h harness) createErr(inputs map[string]any) error {
	h.t.Helper()
	in := h.check(property.Map{}, inputs)
	_, err := h.srv.Create(p.CreateRequest{Urn: h.urn, Properties: in})
	require.Error(h.t, err)
	return err
}

// diff checks new inputs against the state and diffs them.
func (h harness) diff(id string, state property.Map, inputs map[string]any) (property.Map, p.DiffResponse) {
	h.t.Helper()
	in := h.check(state, inputs)
	resp, err := h.srv.Diff(p.DiffRequest{ID: id, Urn: h.urn, State: state, Inputs: in})
	require.NoError(h.t, err)
	return in, resp
}

// update previews and applies an update.
func (h harness) update(id string, state, inputs property.Map) property.Map {
	h.t.Helper()
	_, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: h.urn, State: state, Inputs: inputs, DryRun: true})
	require.NoError(h.t, err)
	resp, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: h.urn, State: state, Inputs: inputs})
	require.NoError(h.t, err)
	return resp.Properties
}

// importRead is Read as `pulumi import` calls it: the ID only.
func (h harness) importRead(id string) p.ReadResponse {
	h.t.Helper()
	resp, err := h.srv.Read(p.ReadRequest{ID: id, Urn: h.urn})
	require.NoError(h.t, err)
	return resp
}

// refresh is Read as `pulumi refresh` calls it: ID, state and inputs.
func (h harness) refresh(id string, state, inputs property.Map) p.ReadResponse {
	h.t.Helper()
	resp, err := h.srv.Read(p.ReadRequest{ID: id, Urn: h.urn, Properties: state, Inputs: inputs})
	require.NoError(h.t, err)
	return resp
}

func (h harness) delete(id string, state property.Map) {
	h.t.Helper()
	require.NoError(h.t, h.srv.Delete(p.DeleteRequest{ID: id, Urn: h.urn, Properties: state}))
}

// requireNoChanges requires that the program's inputs, checked against what Read
// returned, diff clean against the read state: `pulumi import` followed by a preview
// that shows no changes.
func (h harness) requireNoChanges(read p.ReadResponse, program map[string]any) {
	h.t.Helper()
	// `pulumi import` checks the read inputs against themselves; they must pass.
	h.check(read.Inputs, plain(read.Inputs))
	in := h.check(read.Inputs, program)
	resp, err := h.srv.Diff(p.DiffRequest{ID: read.ID, Urn: h.urn, State: read.Properties, OldInputs: read.Inputs, Inputs: in})
	require.NoError(h.t, err)
	require.False(h.t, resp.HasChanges, "detailed diff: %v", resp.DetailedDiff)
}

// failureProps lists the properties named by check failures.
func failureProps(fs []p.CheckFailure) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Property
	}
	return out
}

// checkCase is a Check table case: mutate valid inputs, expect failures on exactly
// wantProps, each reason naming its property.
type checkCase struct {
	name      string
	mutate    map[string]any // key -> new value; nil deletes
	wantProps []string
	wantIn    string // substring of the first failure's reason
}

func runCheckCases(t *testing.T, h harness, valid map[string]any, cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := map[string]any{}
			for k, v := range valid {
				in[k] = v
			}
			for k, v := range tc.mutate {
				if v == nil {
					delete(in, k)
				} else {
					in[k] = v
				}
			}
			h.t = t
			fs := h.failures(in)
			require.ElementsMatch(t, tc.wantProps, failureProps(fs), "failures: %+v", fs)
			for _, f := range fs {
				require.Contains(t, f.Reason, strings.SplitN(f.Property, "[", 2)[0], "the reason names the field")
			}
			if tc.wantIn != "" && len(fs) > 0 {
				require.Contains(t, fs[0].Reason, tc.wantIn)
			}
		})
	}
}

// captureLogs collects what the provider logs through slog (the integration server's
// log sink) until the test ends. Tests using it must not run in parallel.
func captureLogs(t *testing.T) func() string {
	t.Helper()
	var (
		mu  sync.Mutex
		buf bytes.Buffer
	)
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(lockedWriter{&mu, &buf}, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		return buf.String()
	}
}

type lockedWriter struct {
	mu  *sync.Mutex
	buf *bytes.Buffer
}

func (w lockedWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(b)
}
