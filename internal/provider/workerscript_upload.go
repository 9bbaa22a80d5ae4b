package provider

import (
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

// buildScriptUpload is the pure mapping from WorkerScriptArgs to the parameters of the one
// multipart upload (PUT /accounts/{accountId}/workers/scripts/{name}).
//
// The metadata always carries the complete configuration: every binding of every kind
// (an empty list removes all bindings), the compatibility date and flags, the tags, and
// the observability settings (unset uploads observability disabled). Nothing is "kept"
// from the previous version, so the upload fully determines the Worker.
func buildScriptUpload(args WorkerScriptArgs) workers.ScriptUpdateParams {
	mainModule := mainModuleOf(args)
	obs := workers.ScriptUpdateParamsMetadataObservability{Enabled: cloudflare.F(false)}
	if o := args.Observability; o != nil {
		obs = workers.ScriptUpdateParamsMetadataObservability{
			Enabled:          cloudflare.F(o.Enabled),
			HeadSamplingRate: cloudflare.F(o.HeadSamplingRate),
		}
	}
	meta := workers.ScriptUpdateParamsMetadata{
		MainModule:         cloudflare.F(mainModule),
		CompatibilityDate:  cloudflare.F(args.CompatibilityDate),
		CompatibilityFlags: cloudflare.F(nonNil(args.CompatibilityFlags)),
		Tags:               cloudflare.F(nonNil(args.Tags)),
		Observability:      cloudflare.F(obs),
		Bindings:           cloudflare.F(buildBindings(args.WorkerSettings)),
	}
	module := cloudflare.FileParam(strings.NewReader(args.Content), mainModule, ModuleContentType)
	return workers.ScriptUpdateParams{
		AccountID: cloudflare.F(args.AccountID),
		Metadata:  cloudflare.F(meta),
		Files:     cloudflare.F([]io.Reader{module.Value}),
	}
}

// buildBindings lists the bindings in a fixed kind order, each kind in input order.
func buildBindings(s WorkerSettings) []workers.ScriptUpdateParamsMetadataBindingUnion {
	out := []workers.ScriptUpdateParamsMetadataBindingUnion{}
	if b := s.AiBinding; b != nil {
		out = append(out, workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindAI{
			Name: cloudflare.F(b.Name),
			Type: cloudflare.F(workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindAITypeAI),
		})
	}
	for _, b := range s.D1DatabaseBindings {
		out = append(out, workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindD1{
			Name: cloudflare.F(b.Name),
			ID:   cloudflare.F(b.DatabaseID),
			Type: cloudflare.F(workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindD1TypeD1),
		})
	}
	for _, b := range s.R2BucketBindings {
		out = append(out, workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindR2Bucket{
			Name:       cloudflare.F(b.Name),
			BucketName: cloudflare.F(b.BucketName),
			Type:       cloudflare.F(workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindR2BucketTypeR2Bucket),
		})
	}
	for _, b := range s.VectorizeBindings {
		out = append(out, workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindVectorize{
			Name:      cloudflare.F(b.Name),
			IndexName: cloudflare.F(b.IndexName),
			Type:      cloudflare.F(workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindVectorizeTypeVectorize),
		})
	}
	for _, b := range s.QueueBindings {
		out = append(out, workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindQueue{
			Name:      cloudflare.F(b.Name),
			QueueName: cloudflare.F(b.Queue),
			Type:      cloudflare.F(workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindQueueTypeQueue),
		})
	}
	for _, b := range s.ServiceBindings {
		sb := workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindService{
			Name:    cloudflare.F(b.Name),
			Service: cloudflare.F(b.Service),
			Type:    cloudflare.F(workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindServiceTypeService),
		}
		if b.Environment != nil {
			sb.Environment = cloudflare.F(*b.Environment)
		}
		out = append(out, sb)
	}
	for _, b := range s.KvNamespaceBindings {
		out = append(out, workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindKVNamespace{
			Name:        cloudflare.F(b.Name),
			NamespaceID: cloudflare.F(b.NamespaceID),
			Type:        cloudflare.F(workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindKVNamespaceTypeKVNamespace),
		})
	}
	for _, b := range s.AnalyticsEngineBindings {
		out = append(out, workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindAnalyticsEngine{
			Name:    cloudflare.F(b.Name),
			Dataset: cloudflare.F(b.Dataset),
			Type: cloudflare.F(
				workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindAnalyticsEngineTypeAnalyticsEngine),
		})
	}
	for _, b := range s.PlainTextBindings {
		out = append(out, workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindPlainText{
			Name: cloudflare.F(b.Name),
			Text: cloudflare.F(b.Text),
			Type: cloudflare.F(workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindPlainTextTypePlainText),
		})
	}
	for _, b := range s.SecretTextBindings {
		out = append(out, workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindSecretText{
			Name: cloudflare.F(b.Name),
			Text: cloudflare.F(b.Text),
			Type: cloudflare.F(workers.ScriptUpdateParamsMetadataBindingsWorkersBindingKindSecretTextTypeSecretText),
		})
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
//   - Bindings of kinds this resource does not model are dropped with a warning: the
//     next update of this resource would remove them.
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
			})
		case workers.ScriptScriptAndVersionSettingGetResponseBindingsTypeKVNamespace:
			out.KvNamespaceBindings = append(out.KvNamespaceBindings,
				KvNamespaceBinding{Name: b.Name, NamespaceID: b.NamespaceID})
		case workers.ScriptScriptAndVersionSettingGetResponseBindingsTypeAnalyticsEngine:
			out.AnalyticsEngineBindings = append(out.AnalyticsEngineBindings,
				AnalyticsEngineBinding{Name: b.Name, Dataset: b.Dataset})
		case workers.ScriptScriptAndVersionSettingGetResponseBindingsTypePlainText:
			out.PlainTextBindings = append(out.PlainTextBindings, PlainTextBinding{Name: b.Name, Text: b.Text})
		case workers.ScriptScriptAndVersionSettingGetResponseBindingsTypeSecretText:
			out.SecretTextBindings = append(out.SecretTextBindings, SecretTextBinding{Name: b.Name, Text: secrets[b.Name]})
		default:
			warnings = append(warnings, fmt.Sprintf("Worker %q has a binding %q of type %q that WorkerScript "+
				"does not manage; the next update of this resource will remove it", name, b.Name, b.Type))
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
	return out, warnings
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
