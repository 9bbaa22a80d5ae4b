package provider

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/workers"
)

// ModuleContentType is the content type of the uploaded main module (ES module syntax).
const ModuleContentType = "application/javascript+module"

// keptOnUpdate are the binding types an update keeps from the live Worker when the
// upload does not name them (metadata keep_bindings, Cloudflare's "multipart upload
// metadata" docs; wrangler deploy sends the same list so that `wrangler secret put`
// values survive a deploy). Secrets are never part of an update's upload: declared
// ones are written through the secrets endpoint, and the rest belong to whoever set
// them.
var keptOnUpdate = []string{"secret_text", "secret_key"}

// buildScriptUpload is the pure mapping from WorkerScriptArgs to the parameters of the one
// multipart upload (PUT /accounts/{accountId}/workers/scripts/{name}).
//
// The metadata carries the complete configuration: every binding of every modelled kind
// (an empty list removes them), the compatibility date and flags, the tags and the
// observability settings (unset uploads observability disabled). A create carries the
// declared secrets too, so the first version already has them; an update carries none
// and keeps every secret (keptOnUpdate).
func buildScriptUpload(args WorkerScriptArgs, update bool) workers.ScriptUpdateParams {
	mainModule := mainModuleOf(args)
	meta := workers.ScriptUpdateParamsMetadata{
		MainModule:         cloudflare.F(mainModule),
		CompatibilityDate:  cloudflare.F(args.CompatibilityDate),
		CompatibilityFlags: cloudflare.F(nonNil(args.CompatibilityFlags)),
		Tags:               cloudflare.F(nonNil(args.Tags)),
		Observability:      cloudflare.F(uploadObservability(args.Observability)),
		Bindings:           cloudflare.Raw[[]workers.ScriptUpdateParamsMetadataBindingUnion](bindingsJSON(args.WorkerSettings, !update)),
	}
	if update {
		meta.KeepBindings = cloudflare.F(keptOnUpdate)
	}
	module := cloudflare.FileParam(strings.NewReader(args.Content), mainModule, ModuleContentType)
	return workers.ScriptUpdateParams{
		AccountID: cloudflare.F(args.AccountID),
		Metadata:  cloudflare.F(meta),
		Files:     cloudflare.F([]io.Reader{module.Value}),
	}
}

func uploadObservability(o *WorkerObservability) workers.ScriptUpdateParamsMetadataObservability {
	if o == nil {
		return workers.ScriptUpdateParamsMetadataObservability{Enabled: cloudflare.F(false)}
	}
	return workers.ScriptUpdateParamsMetadataObservability{
		Enabled:          cloudflare.F(o.Enabled),
		HeadSamplingRate: cloudflare.F(o.HeadSamplingRate),
	}
}

// buildSettingsPatch is the settings of an external Worker (code deployed by wrangler):
//
//	PATCH /accounts/{accountId}/workers/scripts/{name}/settings
//
// It carries every modelled binding, and an `inherit` binding for each name in inherit
// (the live Worker's secrets and the bindings this resource does not model), which
// Cloudflare keeps as they are; the code is not part of the request.
func buildSettingsPatch(s WorkerSettings, inherit []string) workers.ScriptScriptAndVersionSettingEditParams {
	bindings := bindingsJSON(s, false)
	for _, name := range inherit {
		bindings = append(bindings, map[string]any{"type": "inherit", "name": name})
	}
	obs := workers.ScriptScriptAndVersionSettingEditParamsSettingsObservability{Enabled: cloudflare.F(false)}
	if o := s.Observability; o != nil {
		obs = workers.ScriptScriptAndVersionSettingEditParamsSettingsObservability{
			Enabled:          cloudflare.F(o.Enabled),
			HeadSamplingRate: cloudflare.F(o.HeadSamplingRate),
		}
	}
	return workers.ScriptScriptAndVersionSettingEditParams{
		AccountID: cloudflare.F(s.AccountID),
		Settings: cloudflare.F(workers.ScriptScriptAndVersionSettingEditParamsSettings{
			Bindings:           cloudflare.Raw[[]workers.ScriptScriptAndVersionSettingEditParamsSettingsBindingUnion](bindings),
			CompatibilityDate:  cloudflare.F(s.CompatibilityDate),
			CompatibilityFlags: cloudflare.F(nonNil(s.CompatibilityFlags)),
			Tags:               cloudflare.F(nonNil(s.Tags)),
			Observability:      cloudflare.F(obs),
		}),
	}
}

// bindingsJSON lists the bindings in a fixed kind order, each kind in input order, as
// Cloudflare's binding objects. They are sent raw (cloudflare.Raw) because cloudflare-go
// v6.3.0's binding unions lag the API: its service binding has no `entrypoint` (a
// named export, RPC), and it types a json binding's `json` as a string, where the API
// and wrangler send the JSON value itself (workers-sdk, packages/wrangler/src/
// deployment-bundle/create-worker-upload-form.ts). One list serves the upload and the
// settings PATCH, whose unions are different Go types of the same JSON.
func bindingsJSON(s WorkerSettings, withSecrets bool) []map[string]any {
	out := []map[string]any{}
	add := func(kind, name string, fields ...any) {
		b := map[string]any{"type": kind, "name": name}
		for i := 0; i+1 < len(fields); i += 2 {
			b[fields[i].(string)] = fields[i+1]
		}
		out = append(out, b)
	}
	if b := s.AiBinding; b != nil {
		add("ai", b.Name)
	}
	for _, b := range s.D1DatabaseBindings {
		add("d1", b.Name, "id", b.DatabaseID)
	}
	for _, b := range s.R2BucketBindings {
		add("r2_bucket", b.Name, "bucket_name", b.BucketName)
	}
	for _, b := range s.VectorizeBindings {
		add("vectorize", b.Name, "index_name", b.IndexName)
	}
	for _, b := range s.QueueBindings {
		add("queue", b.Name, "queue_name", b.Queue)
	}
	for _, b := range s.ServiceBindings {
		add("service", b.Name, "service", b.Service)
		if b.Environment != nil {
			out[len(out)-1]["environment"] = *b.Environment
		}
		if b.Entrypoint != nil {
			out[len(out)-1]["entrypoint"] = *b.Entrypoint
		}
	}
	for _, b := range s.KvNamespaceBindings {
		add("kv_namespace", b.Name, "namespace_id", b.NamespaceID)
	}
	for _, b := range s.AnalyticsEngineBindings {
		add("analytics_engine", b.Name, "dataset", b.Dataset)
	}
	for _, b := range s.PlainTextBindings {
		add("plain_text", b.Name, "text", b.Text)
	}
	for _, b := range s.JsonBindings {
		add("json", b.Name, "json", json.RawMessage(b.Json))
	}
	if withSecrets {
		for _, b := range s.SecretTextBindings {
			add("secret_text", b.Name, "text", b.Text)
		}
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// readScriptContent extracts the module source from a content/v2 response. Cloudflare
// answers with the raw module for single-module Workers and with multipart/form-data
// (one part per module) otherwise; the part named like wantModule is chosen, else the
// first. It returns the source and, when the response names it, the module's file name.
// Cloudflare names the main module in the cf-entrypoint response header; when present it
// takes precedence over wantModule.
func readScriptContent(res *http.Response, wantModule string) (content, module string, err error) {
	entrypoint := res.Header.Get("Cf-Entrypoint")
	if entrypoint != "" {
		wantModule = entrypoint
	}
	mediaType, params, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
	if !strings.HasPrefix(mediaType, "multipart/") {
		body, err := io.ReadAll(res.Body)
		if err != nil {
			return "", "", err
		}
		return string(body), entrypoint, nil
	}
	mr := multipart.NewReader(res.Body, params["boundary"])
	first := true
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", "", fmt.Errorf("parse multipart content: %w", err)
		}
		name := part.FileName()
		if name == "" {
			name = part.FormName()
		}
		body, err := io.ReadAll(part)
		if err != nil {
			return "", "", err
		}
		if first || name == wantModule {
			content, module = string(body), name
			first = false
		}
		if name == wantModule {
			break
		}
	}
	if first {
		return "", "", fmt.Errorf("content response has no module parts")
	}
	return content, module, nil
}

// mergeRemoteWorker turns what Cloudflare reports into WorkerScriptArgs (the inputs a
// program would have to declare to match the live Worker).
//
//   - Secret text values are never returned by Cloudflare. For each secret_text binding
//     that still exists, the text is taken from the previous state (same binding name);
//     a secret unknown to the previous state (e.g. after `pulumi import`) gets "". A
//     changed secret value therefore cannot be detected as drift; a removed or added
//     secret can.
//   - Each kind's bindings are ordered like the previous inputs so a refresh does not
//     invent a reordering diff; bindings not in the previous inputs come last in API
//     order.
//   - Bindings of kinds this resource does not model are not inputs: Read reports
//     them in the state (readUnmodelled, unmodelled.go), and every Diff shows them.
//   - Observability that is disabled and was not declared before stays unset.
func mergeRemoteWorker(
	accountID, name string,
	s *workers.ScriptScriptAndVersionSettingGetResponse,
	content, module string,
	prev WorkerSettings,
) (WorkerScriptArgs, []string) {
	var warnings []string
	out := WorkerScriptArgs{
		Content: content,
		WorkerSettings: WorkerSettings{
			AccountID:          accountID,
			Name:               name,
			CompatibilityDate:  s.CompatibilityDate,
			CompatibilityFlags: nilIfEmpty(s.CompatibilityFlags),
			Tags:               nilIfEmpty(s.Tags),
			// How the code is managed is Pulumi's, not Cloudflare's: it carries over.
			External:    prev.External,
			Placeholder: prev.Placeholder,
		},
	}
	if module != "" {
		out.MainModule = ptr(module)
	}

	obs := s.Observability
	if obs.Enabled || prev.Observability != nil {
		rate := obs.HeadSamplingRate
		if obs.JSON.HeadSamplingRate.IsNull() { // null or missing: Cloudflare's default
			rate = 1
		}
		out.Observability = &WorkerObservability{Enabled: obs.Enabled, HeadSamplingRate: rate}
	}

	secrets := map[string]string{}
	for _, b := range prev.SecretTextBindings {
		secrets[b.Name] = b.Text
	}
	var external []string
	for _, b := range s.Bindings {
		switch b.Type {
		case workers.ScriptScriptAndVersionSettingGetResponseBindingsTypeAI:
			out.AiBinding = &AiBinding{Name: b.Name}
		case workers.ScriptScriptAndVersionSettingGetResponseBindingsTypeD1:
			out.D1DatabaseBindings = append(out.D1DatabaseBindings, D1DatabaseBinding{Name: b.Name, DatabaseID: b.ID})
		case workers.ScriptScriptAndVersionSettingGetResponseBindingsTypeR2Bucket:
			out.R2BucketBindings = append(out.R2BucketBindings, R2BucketBinding{Name: b.Name, BucketName: b.BucketName})
		case workers.ScriptScriptAndVersionSettingGetResponseBindingsTypeVectorize:
			out.VectorizeBindings = append(out.VectorizeBindings, VectorizeBinding{Name: b.Name, IndexName: b.IndexName})
		case workers.ScriptScriptAndVersionSettingGetResponseBindingsTypeQueue:
			out.QueueBindings = append(out.QueueBindings, QueueBinding{Name: b.Name, Queue: b.QueueName})
		case workers.ScriptScriptAndVersionSettingGetResponseBindingsTypeService:
			out.ServiceBindings = append(out.ServiceBindings, ServiceBinding{
				Name: b.Name, Service: b.Service, Environment: nonEmptyPtr(b.Environment),
				Entrypoint: nonEmptyPtr(rawField(b.JSON.RawJSON(), "entrypoint").str()),
			})
		case workers.ScriptScriptAndVersionSettingGetResponseBindingsTypeJson:
			out.JsonBindings = append(out.JsonBindings, JsonBinding{Name: b.Name, Json: string(rawField(b.JSON.RawJSON(), "json"))})
		case workers.ScriptScriptAndVersionSettingGetResponseBindingsTypeKVNamespace:
			out.KvNamespaceBindings = append(out.KvNamespaceBindings,
				KvNamespaceBinding{Name: b.Name, NamespaceID: b.NamespaceID})
		case workers.ScriptScriptAndVersionSettingGetResponseBindingsTypeAnalyticsEngine:
			out.AnalyticsEngineBindings = append(out.AnalyticsEngineBindings,
				AnalyticsEngineBinding{Name: b.Name, Dataset: b.Dataset})
		case workers.ScriptScriptAndVersionSettingGetResponseBindingsTypePlainText:
			out.PlainTextBindings = append(out.PlainTextBindings, PlainTextBinding{Name: b.Name, Text: b.Text})
		case workers.ScriptScriptAndVersionSettingGetResponseBindingsTypeSecretText,
			workers.ScriptScriptAndVersionSettingGetResponseBindingsTypeSecretKey:
			// A declared secret keeps the value Pulumi set. Any other secret was set
			// outside Pulumi (or before the import): it is reported by name, kept by
			// every upload, and never deleted.
			if text, ok := secrets[b.Name]; ok && b.Type == workers.ScriptScriptAndVersionSettingGetResponseBindingsTypeSecretText {
				out.SecretTextBindings = append(out.SecretTextBindings, SecretTextBinding{Name: b.Name, Text: text})
			} else {
				external = append(external, b.Name)
			}
		default:
			// A type this resource does not model: Read reports it in the state's
			// unmodelledBindings (readUnmodelled), and Diff shows it.
		}
	}

	out.D1DatabaseBindings = alignByName(out.D1DatabaseBindings, prev.D1DatabaseBindings,
		func(b D1DatabaseBinding) string { return b.Name })
	out.R2BucketBindings = alignByName(out.R2BucketBindings, prev.R2BucketBindings,
		func(b R2BucketBinding) string { return b.Name })
	out.VectorizeBindings = alignByName(out.VectorizeBindings, prev.VectorizeBindings,
		func(b VectorizeBinding) string { return b.Name })
	out.QueueBindings = alignByName(out.QueueBindings, prev.QueueBindings,
		func(b QueueBinding) string { return b.Name })
	out.ServiceBindings = alignByName(out.ServiceBindings, prev.ServiceBindings,
		func(b ServiceBinding) string { return b.Name })
	out.KvNamespaceBindings = alignByName(out.KvNamespaceBindings, prev.KvNamespaceBindings,
		func(b KvNamespaceBinding) string { return b.Name })
	out.AnalyticsEngineBindings = alignByName(out.AnalyticsEngineBindings, prev.AnalyticsEngineBindings,
		func(b AnalyticsEngineBinding) string { return b.Name })
	out.PlainTextBindings = alignByName(out.PlainTextBindings, prev.PlainTextBindings,
		func(b PlainTextBinding) string { return b.Name })
	out.SecretTextBindings = alignByName(out.SecretTextBindings, prev.SecretTextBindings,
		func(b SecretTextBinding) string { return b.Name })
	out.JsonBindings = alignByName(out.JsonBindings, prev.JsonBindings,
		func(b JsonBinding) string { return b.Name })
	out.ExternalSecrets = alignByName(external, prev.ExternalSecrets, func(n string) string { return n })
	return out, warnings
}

// rawValue is one field of a binding's raw JSON.
type rawValue json.RawMessage

// rawField returns a field of a JSON object, or nil.
func rawField(object, field string) rawValue {
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(object), &m) != nil {
		return nil
	}
	return rawValue(m[field])
}

// str is the field as a string ("" when it is absent or not a string).
func (v rawValue) str() string {
	var s string
	_ = json.Unmarshal(v, &s)
	return s
}

// alignByName orders remote like prev (by name); remote elements unknown to prev follow
// in their original order.
func alignByName[T any](remote, prev []T, name func(T) string) []T {
	if len(remote) == 0 {
		return nil
	}
	byName := map[string]int{}
	for i, r := range remote {
		byName[name(r)] = i
	}
	used := make([]bool, len(remote))
	out := make([]T, 0, len(remote))
	for _, p := range prev {
		if i, ok := byName[name(p)]; ok && !used[i] {
			out = append(out, remote[i])
			used[i] = true
		}
	}
	for i, r := range remote {
		if !used[i] {
			out = append(out, r)
		}
	}
	return out
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}
