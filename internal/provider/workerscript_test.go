package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6/workers"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func validWorkerInputs() map[string]any {
	return map[string]any{
		"accountId":          "0123456789abcdef0123456789abcdef",
		"name":               "silo",
		"content":            "export default { fetch() { return new Response('ok') } }",
		"compatibilityDate":  "2025-01-15",
		"compatibilityFlags": []any{"nodejs_compat"},
		"tags":               []any{"dome"},
		"observability":      map[string]any{"enabled": true, "headSamplingRate": 0.25},
		"aiBinding":          map[string]any{"name": "AI"},
		"d1DatabaseBindings": []any{map[string]any{"name": "DB", "databaseId": "d1-uuid"}},
		"r2BucketBindings":   []any{map[string]any{"name": "BUCKET", "bucketName": "dome-blobs"}},
		"vectorizeBindings":  []any{map[string]any{"name": "VECTORS", "indexName": "dome-embeddings"}},
		"queueBindings":      []any{map[string]any{"name": "JOBS", "queue": "dome-jobs"}},
		"serviceBindings": []any{
			map[string]any{"name": "AUTH", "service": "auth"},
			map[string]any{"name": "BILLING", "service": "billing", "environment": "production"},
		},
		"kvNamespaceBindings":     []any{map[string]any{"name": "CACHE", "namespaceId": "kv-id"}},
		"analyticsEngineBindings": []any{map[string]any{"name": "METRICS", "dataset": "dome_metrics"}},
		"plainTextBindings":       []any{map[string]any{"name": "MODE", "text": "prod"}},
		"secretTextBindings": []any{
			map[string]any{"name": "API_KEY", "text": "s3cr3t-one"},
			map[string]any{"name": "OTHER_KEY", "text": "s3cr3t-two"},
		},
	}
}

func checkWorker(ctx context.Context, in map[string]any) ([]p.CheckFailure, error) {
	resp, err := (&WorkerScript{}).Check(ctx, infer.CheckRequest{Name: "silo", NewInputs: props(in)})
	return resp.Failures, err
}

func TestWorkerScriptCheck(t *testing.T) {
	t.Run("valid", func(t *testing.T) {
		resp, err := (&WorkerScript{}).Check(context.Background(),
			infer.CheckRequest{Name: "silo", NewInputs: props(validWorkerInputs())})
		require.NoError(t, err)
		require.Empty(t, resp.Failures)
		assert.Equal(t, "index.js", deref(resp.Inputs.MainModule), "mainModule defaults to index.js")
		assert.Equal(t, "s3cr3t-two", resp.Inputs.SecretTextBindings[1].Text)
	})

	runCheckCases(t, checkWorker, validWorkerInputs(), []checkCase{
		{name: "missing required name", mutate: map[string]any{"name": nil}, wantProps: []string{"name"}},
		{name: "name with uppercase", mutate: map[string]any{"name": "Silo"}, wantProps: []string{"name"}, wantIn: "Worker name"},
		{name: "name with underscore", mutate: map[string]any{"name": "dome_silo"}, wantProps: []string{"name"}},
		{name: "name leading hyphen", mutate: map[string]any{"name": "-silo"}, wantProps: []string{"name"}},
		{name: "name of 64 chars", mutate: map[string]any{"name": strings.Repeat("a", 64)}, wantProps: []string{"name"}},
		{name: "name of 63 chars ok", mutate: map[string]any{"name": strings.Repeat("a", 63)}},
		{name: "empty account", mutate: map[string]any{"accountId": ""}, wantProps: []string{"accountId"}},
		{name: "account with slash", mutate: map[string]any{"accountId": "a/b"}, wantProps: []string{"accountId"}},
		{name: "empty content", mutate: map[string]any{"content": ""}, wantProps: []string{"content"}},
		{name: "main module not js", mutate: map[string]any{"mainModule": "worker.py"}, wantProps: []string{"mainModule"}},
		{name: "main module mjs ok", mutate: map[string]any{"mainModule": "worker.mjs"}},
		{name: "date format", mutate: map[string]any{"compatibilityDate": "15/01/2025"}, wantProps: []string{"compatibilityDate"}, wantIn: "YYYY-MM-DD"},
		{name: "date not a day", mutate: map[string]any{"compatibilityDate": "2025-02-30"}, wantProps: []string{"compatibilityDate"}},
		{name: "duplicate flag", mutate: map[string]any{"compatibilityFlags": []any{"nodejs_compat", "nodejs_compat"}}, wantProps: []string{"compatibilityFlags[1]"}},
		{name: "tag with comma", mutate: map[string]any{"tags": []any{"a,b"}}, wantProps: []string{"tags[0]"}},
		{name: "sampling rate above 1", mutate: map[string]any{"observability.headSamplingRate": 1.5}, wantProps: []string{"observability.headSamplingRate"}},
		{name: "sampling rate below 0", mutate: map[string]any{"observability.headSamplingRate": -0.1}, wantProps: []string{"observability.headSamplingRate"}},
		{name: "sampling rate 0 ok", mutate: map[string]any{"observability.headSamplingRate": 0.0}},
		{name: "bad secret binding name", mutate: map[string]any{"secretTextBindings[1].name": "other-key"}, wantProps: []string{"secretTextBindings[1].name"}, wantIn: "must match"},
		{name: "binding name starting with digit", mutate: map[string]any{"plainTextBindings[0].name": "1MODE"}, wantProps: []string{"plainTextBindings[0].name"}},
		{name: "empty binding name", mutate: map[string]any{"aiBinding.name": ""}, wantProps: []string{"aiBinding.name"}},
		{
			name:      "binding name reused across kinds",
			mutate:    map[string]any{"secretTextBindings[1].name": "DB"},
			wantProps: []string{"secretTextBindings[1].name"},
			wantIn:    "d1DatabaseBindings[0].name",
		},
		{name: "binding name reused within a kind", mutate: map[string]any{"serviceBindings[1].name": "AUTH"}, wantProps: []string{"serviceBindings[1].name"}},
		{name: "empty database id", mutate: map[string]any{"d1DatabaseBindings[0].databaseId": ""}, wantProps: []string{"d1DatabaseBindings[0].databaseId"}},
		{name: "empty bucket", mutate: map[string]any{"r2BucketBindings[0].bucketName": ""}, wantProps: []string{"r2BucketBindings[0].bucketName"}},
		{name: "bad index name", mutate: map[string]any{"vectorizeBindings[0].indexName": "Dome_Embeddings"}, wantProps: []string{"vectorizeBindings[0].indexName"}},
		{name: "queue binding given an id-like value", mutate: map[string]any{"queueBindings[0].queue": "Q/1"}, wantProps: []string{"queueBindings[0].queue"}, wantIn: "NAME"},
		{name: "bad service", mutate: map[string]any{"serviceBindings[0].service": "Auth"}, wantProps: []string{"serviceBindings[0].service"}},
		{name: "empty environment", mutate: map[string]any{"serviceBindings[1].environment": ""}, wantProps: []string{"serviceBindings[1].environment"}},
		{name: "empty kv namespace", mutate: map[string]any{"kvNamespaceBindings[0].namespaceId": ""}, wantProps: []string{"kvNamespaceBindings[0].namespaceId"}},
		{name: "empty dataset", mutate: map[string]any{"analyticsEngineBindings[0].dataset": ""}, wantProps: []string{"analyticsEngineBindings[0].dataset"}},
		{
			name: "several failures at once",
			mutate: map[string]any{
				"name":                       "BAD NAME",
				"compatibilityDate":          "soon",
				"secretTextBindings[0].name": "MODE",
			},
			wantProps: []string{"name", "compatibilityDate", "secretTextBindings[0].name"},
		},
		{
			name: "unknown values are not reported during preview",
			mutate: map[string]any{
				"accountId":                          unknown,
				"d1DatabaseBindings[0].databaseId":   unknown,
				"secretTextBindings[0].name":         unknown,
				"secretTextBindings[1].text":         unknown,
				"vectorizeBindings[0].indexName":     unknown,
				"observability.headSamplingRate":     unknown,
				"serviceBindings[1].environment":     unknown,
				"r2BucketBindings":                   unknown,
				"compatibilityDate":                  unknown,
				"kvNamespaceBindings[0]":             unknown,
				"analyticsEngineBindings[0].dataset": "",
			},
			wantProps: []string{"analyticsEngineBindings[0].dataset"},
		},
	})
}

func TestWorkerScriptCheckDoesNotEchoSecrets(t *testing.T) {
	in := validWorkerInputs()
	set(t, in, "secretTextBindings[0].name", "bad name")
	failures, err := checkWorker(context.Background(), in)
	require.NoError(t, err)
	require.Len(t, failures, 1)
	for _, f := range failures {
		assert.NotContains(t, f.Reason, "s3cr3t")
	}
}

// workerArgs decodes the valid literal through Check, as the engine would.
func workerArgs(t *testing.T) WorkerScriptArgs {
	t.Helper()
	resp, err := (&WorkerScript{}).Check(context.Background(),
		infer.CheckRequest{Name: "silo", NewInputs: props(validWorkerInputs())})
	require.NoError(t, err)
	require.Empty(t, resp.Failures)
	return resp.Inputs
}

func TestWorkerScriptDiff(t *testing.T) {
	base := workerArgs(t)
	state := workerStateFromArgs(base)

	t.Run("no change", func(t *testing.T) {
		d := diffWorkerScript(state, base)
		assert.False(t, d.HasChanges)
		assert.Empty(t, d.DetailedDiff)
	})

	t.Run("nil and empty lists are equal", func(t *testing.T) {
		in := base
		in.Tags = []string{}
		st := state
		st.Tags = nil
		assert.False(t, diffWorkerScript(st, in).HasChanges)
	})

	t.Run("unset mainModule equals the default", func(t *testing.T) {
		in := base
		in.MainModule = nil
		assert.False(t, diffWorkerScript(state, in).HasChanges)
	})

	cases := []struct {
		name   string
		mutate func(*WorkerScriptArgs)
		prop   string
		kind   p.DiffKind
	}{
		{"account replaces", func(a *WorkerScriptArgs) { a.AccountID = "other" }, "accountId", p.UpdateReplace},
		{"rename replaces", func(a *WorkerScriptArgs) { a.Name = "silo-2" }, "name", p.UpdateReplace},
		{"code updates", func(a *WorkerScriptArgs) { a.Content += "\n// v2" }, "content", p.Update},
		{"main module updates", func(a *WorkerScriptArgs) { a.MainModule = ptr("worker.mjs") }, "mainModule", p.Update},
		{"compat date updates", func(a *WorkerScriptArgs) { a.CompatibilityDate = "2025-06-01" }, "compatibilityDate", p.Update},
		{"flags update", func(a *WorkerScriptArgs) { a.CompatibilityFlags = append(a.CompatibilityFlags, "x") }, "compatibilityFlags", p.Update},
		{"tags removed", func(a *WorkerScriptArgs) { a.Tags = nil }, "tags", p.Delete},
		{"observability rate", func(a *WorkerScriptArgs) { a.Observability = &WorkerObservability{Enabled: true, HeadSamplingRate: 1} }, "observability", p.Update},
		{"observability removed", func(a *WorkerScriptArgs) { a.Observability = nil }, "observability", p.Delete},
		{"ai removed", func(a *WorkerScriptArgs) { a.AiBinding = nil }, "aiBinding", p.Delete},
		{"d1 target", func(a *WorkerScriptArgs) {
			a.D1DatabaseBindings = []D1DatabaseBinding{{Name: "DB", DatabaseID: "other"}}
		}, "d1DatabaseBindings", p.Update},
		{"r2 added", func(a *WorkerScriptArgs) {
			a.R2BucketBindings = append(a.R2BucketBindings, R2BucketBinding{Name: "B2", BucketName: "b2"})
		}, "r2BucketBindings", p.Update},
		{"vectorize", func(a *WorkerScriptArgs) { a.VectorizeBindings[0].IndexName = "x" }, "vectorizeBindings", p.Update},
		{"queue", func(a *WorkerScriptArgs) { a.QueueBindings[0].Queue = "other" }, "queueBindings", p.Update},
		{"service environment", func(a *WorkerScriptArgs) { a.ServiceBindings[1].Environment = ptr("staging") }, "serviceBindings", p.Update},
		{"kv", func(a *WorkerScriptArgs) { a.KvNamespaceBindings = nil }, "kvNamespaceBindings", p.Delete},
		{"analytics", func(a *WorkerScriptArgs) { a.AnalyticsEngineBindings[0].Dataset = "x" }, "analyticsEngineBindings", p.Update},
		{"plain text", func(a *WorkerScriptArgs) { a.PlainTextBindings[0].Text = "dev" }, "plainTextBindings", p.Update},
		{"secret value", func(a *WorkerScriptArgs) { a.SecretTextBindings[0].Text = "rotated" }, "secretTextBindings", p.Update},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := workerArgs(t) // fresh slices per case
			tc.mutate(&in)
			d := diffWorkerScript(state, in)
			require.True(t, d.HasChanges)
			require.Equal(t, map[string]p.PropertyDiff{tc.prop: {Kind: tc.kind}}, d.DetailedDiff)
			assert.False(t, d.DeleteBeforeReplace)
		})
	}

	t.Run("service environment pointer identity does not matter", func(t *testing.T) {
		in := workerArgs(t)
		in.ServiceBindings[1].Environment = ptr("production") // new pointer, same value
		assert.False(t, diffWorkerScript(state, in).HasChanges)
	})

	t.Run("through the resource", func(t *testing.T) {
		resp, err := (&WorkerScript{}).Diff(context.Background(), infer.DiffRequest[WorkerScriptArgs, WorkerScriptState]{
			ID: "acc/silo", State: state, Inputs: base,
		})
		require.NoError(t, err)
		assert.False(t, resp.HasChanges)
	})
}

// multipartUpload marshals the upload params exactly as the SDK sends them and splits the
// body into the metadata JSON and the file parts.
func multipartUpload(t *testing.T, params workers.ScriptUpdateParams) (map[string]any, []*uploadedFile) {
	t.Helper()
	body, contentType, err := params.MarshalMultipart()
	require.NoError(t, err)
	mediaType, mp, err := mime.ParseMediaType(contentType)
	require.NoError(t, err)
	require.Equal(t, "multipart/form-data", mediaType)
	r := multipart.NewReader(bytes.NewReader(body), mp["boundary"])
	var meta map[string]any
	var files []*uploadedFile
	for {
		part, err := r.NextPart()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		data, err := io.ReadAll(part)
		require.NoError(t, err)
		switch part.FormName() {
		case "metadata":
			require.NoError(t, json.Unmarshal(data, &meta))
		case "files":
			files = append(files, &uploadedFile{
				filename:    part.FileName(),
				contentType: part.Header.Get("Content-Type"),
				content:     string(data),
			})
		default:
			t.Fatalf("unexpected part %q", part.FormName())
		}
	}
	require.NotNil(t, meta, "metadata part")
	return meta, files
}

type uploadedFile struct{ filename, contentType, content string }

func TestBuildScriptUpload(t *testing.T) {
	args := workerArgs(t)
	params := buildScriptUpload(args, false)
	assert.Equal(t, args.AccountID, params.AccountID.Value)

	meta, files := multipartUpload(t, params)
	require.Len(t, files, 1)
	assert.Equal(t, "index.js", files[0].filename)
	assert.Equal(t, "application/javascript+module", files[0].contentType)
	assert.Equal(t, args.Content, files[0].content)

	assert.Equal(t, "index.js", meta["main_module"])
	assert.Equal(t, "2025-01-15", meta["compatibility_date"])
	assert.Equal(t, []any{"nodejs_compat"}, meta["compatibility_flags"])
	assert.Equal(t, []any{"dome"}, meta["tags"])
	assert.Equal(t, map[string]any{"enabled": true, "head_sampling_rate": 0.25}, meta["observability"])
	assert.NotContains(t, meta, "keep_bindings", "nothing is inherited from the previous version")
	assert.NotContains(t, meta, "body_part", "module syntax only")

	assert.Equal(t, []any{
		map[string]any{"type": "ai", "name": "AI"},
		map[string]any{"type": "d1", "name": "DB", "id": "d1-uuid"},
		map[string]any{"type": "r2_bucket", "name": "BUCKET", "bucket_name": "dome-blobs"},
		map[string]any{"type": "vectorize", "name": "VECTORS", "index_name": "dome-embeddings"},
		map[string]any{"type": "queue", "name": "JOBS", "queue_name": "dome-jobs"},
		map[string]any{"type": "service", "name": "AUTH", "service": "auth"},
		map[string]any{"type": "service", "name": "BILLING", "service": "billing", "environment": "production"},
		map[string]any{"type": "kv_namespace", "name": "CACHE", "namespace_id": "kv-id"},
		map[string]any{"type": "analytics_engine", "name": "METRICS", "dataset": "dome_metrics"},
		map[string]any{"type": "plain_text", "name": "MODE", "text": "prod"},
		map[string]any{"type": "secret_text", "name": "API_KEY", "text": "s3cr3t-one"},
		map[string]any{"type": "secret_text", "name": "OTHER_KEY", "text": "s3cr3t-two"},
	}, meta["bindings"])
}

func TestBuildScriptUploadMinimal(t *testing.T) {
	args := WorkerScriptArgs{
		Content:    "export default {}",
		MainModule: ptr("worker.mjs"),
		WorkerSettings: WorkerSettings{
			AccountID: "acc", Name: "tiny", CompatibilityDate: "2025-01-01",
		},
	}
	meta, files := multipartUpload(t, buildScriptUpload(args, false))
	require.Len(t, files, 1)
	assert.Equal(t, "worker.mjs", files[0].filename)
	assert.Equal(t, "worker.mjs", meta["main_module"])
	// Everything is explicit, so the upload fully determines the Worker.
	assert.Equal(t, []any{}, meta["bindings"], "no bindings removes all bindings")
	assert.Equal(t, []any{}, meta["compatibility_flags"])
	assert.Equal(t, []any{}, meta["tags"])
	assert.Equal(t, map[string]any{"enabled": false}, meta["observability"])
}

func TestBuildScriptUploadIsRepeatable(t *testing.T) {
	// The SDK marshals the params once and replays the bytes on retries, but building
	// the params must also be side-effect free.
	args := workerArgs(t)
	m1, f1 := multipartUpload(t, buildScriptUpload(args, false))
	m2, f2 := multipartUpload(t, buildScriptUpload(args, false))
	assert.Equal(t, m1, m2)
	assert.Equal(t, f1, f2)
}

func TestReadScriptContent(t *testing.T) {
	t.Run("raw", func(t *testing.T) {
		res := &http.Response{
			Header: http.Header{"Content-Type": []string{"application/javascript"}},
			Body:   io.NopCloser(strings.NewReader("export default {}")),
		}
		content, module, err := readScriptContent(res, "index.js")
		require.NoError(t, err)
		assert.Equal(t, "export default {}", content)
		assert.Empty(t, module)
	})
	t.Run("multipart picks the main module", func(t *testing.T) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		part, _ := w.CreateFormFile("helper.js", "helper.js")
		_, _ = part.Write([]byte("export const x = 1"))
		part, _ = w.CreateFormFile("worker.mjs", "worker.mjs")
		_, _ = part.Write([]byte("export default {}"))
		require.NoError(t, w.Close())
		res := &http.Response{
			Header: http.Header{"Content-Type": []string{w.FormDataContentType()}},
			Body:   io.NopCloser(&buf),
		}
		content, module, err := readScriptContent(res, "worker.mjs")
		require.NoError(t, err)
		assert.Equal(t, "export default {}", content)
		assert.Equal(t, "worker.mjs", module)
	})
}

func TestMergeRemoteWorker(t *testing.T) {
	var settings workers.ScriptScriptAndVersionSettingGetResponse
	require.NoError(t, json.Unmarshal([]byte(`{
		"compatibility_date": "2025-01-15",
		"compatibility_flags": ["nodejs_compat"],
		"tags": [],
		"observability": {"enabled": true},
		"bindings": [
			{"type": "secret_text", "name": "OTHER_KEY"},
			{"type": "secret_text", "name": "NEW_KEY"},
			{"type": "secret_text", "name": "API_KEY"},
			{"type": "plain_text", "name": "MODE", "text": "prod"},
			{"type": "d1", "name": "DB", "id": "d1-uuid"},
			{"type": "service", "name": "AUTH", "service": "auth"},
			{"type": "service", "name": "BILLING", "service": "billing", "entrypoint": "BillingRPC"},
			{"type": "json", "name": "LIMITS", "json": {"max": 10, "tiers": ["a", "b"]}},
			{"type": "durable_object_namespace", "name": "ROOMS", "class_name": "Room"}
		]
	}`), &settings))

	prev := workerArgs(t).WorkerSettings
	got, warnings := mergeRemoteWorker("acc", "silo", &settings, "code", "", prev)

	assert.Equal(t, "acc", got.AccountID)
	assert.Equal(t, "silo", got.Name)
	assert.Equal(t, "code", got.Content)
	assert.Nil(t, got.MainModule, "module name unknown from a raw response")
	assert.Nil(t, got.Tags, "empty list reads as unset")
	assert.Equal(t, &WorkerObservability{Enabled: true, HeadSamplingRate: 1}, got.Observability,
		"missing sampling rate is Cloudflare's default 1")
	// Secret values come from the previous state, in the previous order; a secret the
	// state does not declare was set outside Pulumi: it is reported by name only.
	assert.Equal(t, []SecretTextBinding{
		{Name: "API_KEY", Text: "s3cr3t-one"},
		{Name: "OTHER_KEY", Text: "s3cr3t-two"},
	}, got.SecretTextBindings)
	assert.Equal(t, []string{"NEW_KEY"}, got.ExternalSecrets)
	// A service binding's entrypoint and a json binding's value (any JSON, as wrangler
	// sends it) survive the read.
	assert.Equal(t, []ServiceBinding{{Name: "AUTH", Service: "auth"}, {Name: "BILLING", Service: "billing", Entrypoint: ptr("BillingRPC")}}, got.ServiceBindings)
	require.Len(t, got.JsonBindings, 1)
	assert.Equal(t, "LIMITS", got.JsonBindings[0].Name)
	assert.JSONEq(t, `{"max": 10, "tiers": ["a", "b"]}`, got.JsonBindings[0].Json)
	assert.Nil(t, got.AiBinding)
	assert.Empty(t, warnings)
	// A binding of a type WorkerScript does not model is no input; Read reports it in
	// the state (unmodelled_test.go).
	unmodelled, _ := readUnmodelled(&settings)
	assert.Equal(t, []UnmodelledBinding{{Name: "ROOMS", Type: "durable_object_namespace", Config: `{"class_name":"Room"}`}}, unmodelled)

	t.Run("disabled observability that was never declared stays unset", func(t *testing.T) {
		var s workers.ScriptScriptAndVersionSettingGetResponse
		require.NoError(t, json.Unmarshal([]byte(`{"compatibility_date":"2025-01-15","observability":{"enabled":false}}`), &s))
		got, _ := mergeRemoteWorker("acc", "silo", &s, "code", "index.js", WorkerSettings{})
		assert.Nil(t, got.Observability)
		assert.Equal(t, "index.js", deref(got.MainModule))
	})
}
