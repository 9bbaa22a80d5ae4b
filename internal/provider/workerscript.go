package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/workers"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/dome/dome-infra/internal/cfapi"
	"github.com/dome/dome-infra/internal/companion"
)

var (
	_ = (infer.CustomResource[WorkerScriptArgs, WorkerScriptState])((*WorkerScript)(nil))
	_ = (infer.CustomCheck[WorkerScriptArgs])((*WorkerScript)(nil))
	_ = (infer.CustomDiff[WorkerScriptArgs, WorkerScriptState])((*WorkerScript)(nil))
	_ = (infer.CustomUpdate[WorkerScriptArgs, WorkerScriptState])((*WorkerScript)(nil))
	_ = (infer.CustomRead[WorkerScriptArgs, WorkerScriptState])((*WorkerScript)(nil))
	_ = (infer.CustomDelete[WorkerScriptState])((*WorkerScript)(nil))
	_ = (infer.ExplicitDependencies[WorkerScriptArgs, WorkerScriptState])((*WorkerScript)(nil))
	_ = (infer.Annotated)((*WorkerScript)(nil))
	_ = (infer.Annotated)((*WorkerScriptArgs)(nil))
	_ = (infer.Annotated)((*WorkerScriptState)(nil))
	_ = (infer.Annotated)((*WorkerSettings)(nil))
)

// DefaultMainModule is the file name the script is uploaded as when mainModule is unset.
const DefaultMainModule = "index.js"

// WorkerScript manages one Worker: its ES module and all of its bindings and settings.
//
// Create and Update are ONE multipart PUT /accounts/{account}/workers/scripts/{name}
// carrying the module and the complete metadata (main module, every binding,
// compatibility date and flags, tags, observability), so the new code never runs with
// missing or stale bindings. Changing anything but accountId or name is an in-place
// update; changing either of those replaces the Worker.
type WorkerScript struct{}

// Annotate documents the resource.
func (w *WorkerScript) Annotate(a infer.Annotator) {
	a.Describe(&w, "A Cloudflare Worker (ES module syntax) with its bindings, compatibility settings, "+
		"tags and observability settings, uploaded in one request.\n\n"+
		"Import with `pulumi import "+companion.WorkerScriptType+" <name> <accountId>/<scriptName>`. "+
		"Secret text values cannot be read back from Cloudflare: after an import they are empty, "+
		"and a refresh keeps the value from the previous state for every secret that still exists.")
	a.SetToken("index", "WorkerScript")
}

// WorkerSettings is everything about a Worker except its code. It is embedded in both
// WorkerScriptArgs and WorkerScriptState.
type WorkerSettings struct {
	AccountID          string               `pulumi:"accountId"`
	Name               string               `pulumi:"name"`
	CompatibilityDate  string               `pulumi:"compatibilityDate"`
	CompatibilityFlags []string             `pulumi:"compatibilityFlags,optional"`
	Tags               []string             `pulumi:"tags,optional"`
	Observability      *WorkerObservability `pulumi:"observability,optional"`

	AiBinding               *AiBinding               `pulumi:"aiBinding,optional"`
	D1DatabaseBindings      []D1DatabaseBinding      `pulumi:"d1DatabaseBindings,optional"`
	R2BucketBindings        []R2BucketBinding        `pulumi:"r2BucketBindings,optional"`
	VectorizeBindings       []VectorizeBinding       `pulumi:"vectorizeBindings,optional"`
	QueueBindings           []QueueBinding           `pulumi:"queueBindings,optional"`
	ServiceBindings         []ServiceBinding         `pulumi:"serviceBindings,optional"`
	KvNamespaceBindings     []KvNamespaceBinding     `pulumi:"kvNamespaceBindings,optional"`
	AnalyticsEngineBindings []AnalyticsEngineBinding `pulumi:"analyticsEngineBindings,optional"`
	PlainTextBindings       []PlainTextBinding       `pulumi:"plainTextBindings,optional"`
	JsonBindings            []JsonBinding            `pulumi:"jsonBindings,optional"`
	SecretTextBindings      []SecretTextBinding      `pulumi:"secretTextBindings,optional"`

	External        *bool    `pulumi:"external,optional"`
	Placeholder     *bool    `pulumi:"placeholder,optional"`
	ExternalSecrets []string `pulumi:"externalSecrets,optional"`
	WorkersDev      *bool    `pulumi:"workersDev,optional"`
}

// Annotate documents the shared fields.
func (s *WorkerSettings) Annotate(a infer.Annotator) {
	a.Describe(&s.AccountID, "Cloudflare account ID. Changing it replaces the Worker.")
	a.Describe(&s.Name, "Script name: lowercase letters, digits and hyphens, at most 63 characters. "+
		"Changing it replaces the Worker.")
	a.Describe(&s.CompatibilityDate, "Workers runtime compatibility date, YYYY-MM-DD.")
	a.Describe(&s.CompatibilityFlags, "Workers runtime compatibility flags, e.g. nodejs_compat.")
	a.Describe(&s.Tags, "Tags attached to the Worker.")
	a.Describe(&s.Observability, "Workers observability (Workers Logs) settings. Unset uploads "+
		"observability disabled.")
	a.Describe(&s.AiBinding, "Workers AI binding.")
	a.Describe(&s.D1DatabaseBindings, "D1 database bindings.")
	a.Describe(&s.R2BucketBindings, "R2 bucket bindings.")
	a.Describe(&s.VectorizeBindings, "Vectorize index bindings.")
	a.Describe(&s.QueueBindings, "Queue producer bindings.")
	a.Describe(&s.ServiceBindings, "Service bindings to other Workers.")
	a.Describe(&s.KvNamespaceBindings, "Workers KV namespace bindings.")
	a.Describe(&s.AnalyticsEngineBindings, "Workers Analytics Engine dataset bindings.")
	a.Describe(&s.PlainTextBindings, "Plain text environment variables.")
	a.Describe(&s.JsonBindings, "JSON environment variables (wrangler's non-string vars).")
	a.Describe(&s.SecretTextBindings, "Declared secrets. The text is secret in inputs, state and "+
		"outputs, and cannot be read back from Cloudflare. A new or changed value is written through "+
		"the secrets endpoint (the code is not re-uploaded); a secret removed from this list is "+
		"deleted, unless it moves to externalSecrets.")
	a.Describe(&s.External, "The code is deployed outside Pulumi (wrangler): the provider manages the "+
		"settings and bindings through the script-settings endpoint and never uploads, replaces or "+
		"reads the code. Such a Worker must exist before it is managed: deploy it, then import it.")
	a.Describe(&s.Placeholder, "content is the repository's placeholder: it is uploaded to create the "+
		"Worker, and refused over a Worker that runs other code.")
	a.Describe(&s.ExternalSecrets, "Secrets set outside Pulumi (`wrangler secret put`), by name: every "+
		"upload keeps them (keep_bindings) and none is ever deleted or read. A Worker's secrets that "+
		"are not declared are reported here by Read.")
	a.Describe(&s.WorkersDev, "Whether the Worker answers on its workers.dev subdomain. Unset leaves "+
		"it as it is.")
}

// WorkerScriptArgs are the inputs of a WorkerScript.
type WorkerScriptArgs struct {
	Content    string  `pulumi:"content,optional"`
	MainModule *string `pulumi:"mainModule,optional"`
	WorkerSettings
}

// Annotate documents the inputs.
func (a *WorkerScriptArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.Content, "Source of the ES module uploaded as the main module. Required unless external.")
	an.Describe(&a.MainModule, "File name the module is uploaded as.")
	an.SetDefault(&a.MainModule, DefaultMainModule)
}

// WorkerScriptState is the state of a WorkerScript.
//
// It does not repeat the module source: Pulumi already keeps it once, in the resource
// inputs, and a second copy would double the size of every checkpoint for no benefit.
// contentSha256 (hex SHA-256 of the source) is enough to diff: Diff hashes the new
// content and compares it with contentSha256, and Read recomputes it from the code
// downloaded from Cloudflare, so out-of-band code changes show up as drift.
type WorkerScriptState struct {
	WorkerSettings
	MainModule    string `pulumi:"mainModule"`
	ContentSha256 string `pulumi:"contentSha256"`
	Etag          string `pulumi:"etag,optional"`
	ModifiedOn    string `pulumi:"modifiedOn,optional"`

	// What the Worker has in Cloudflare that this resource does not model (see
	// unmodelled.go). Outputs only: a program cannot declare them, so Diff shows them
	// as a change for as long as they exist, saying what the update does to them.
	UnmodelledBindings []UnmodelledBinding `pulumi:"unmodelledBindings,optional"`
	UnmodelledSettings map[string]string   `pulumi:"unmodelledSettings,optional"`
}

// Annotate documents the outputs.
func (s *WorkerScriptState) Annotate(a infer.Annotator) {
	a.Describe(&s.MainModule, "File name of the main module.")
	a.Describe(&s.ContentSha256, "Hex SHA-256 of the module source.")
	a.Describe(&s.Etag, "Cloudflare's hash of the uploaded script, as of the last upload by this provider.")
	a.Describe(&s.ModifiedOn, "When the script was last uploaded by this provider (RFC 3339).")
	a.Describe(&s.UnmodelledBindings, "Bindings the Worker has in Cloudflare of types this resource "+
		"does not model (Durable Objects, Hyperdrive, browser, …), as Read found them. A settings update "+
		"of an external Worker keeps them (inherit); an upload of a bundle removes them. Every preview "+
		"shows them as a change, with a warning saying which.")
	a.Describe(&s.UnmodelledSettings, "Settings the Worker has in Cloudflare that this resource does "+
		"not model (logpush, placement, limits, tail_consumers, usage_model), each as its JSON value, "+
		"as Read found them when they differ from Cloudflare's default. A settings update keeps them; "+
		"an upload keeps logpush and tail_consumers and resets the others.")
}

// WorkerObservability are the Workers observability settings.
type WorkerObservability struct {
	Enabled          bool    `pulumi:"enabled"`
	HeadSamplingRate float64 `pulumi:"headSamplingRate"`
}

// Annotate documents the type.
func (o *WorkerObservability) Annotate(a infer.Annotator) {
	a.Describe(&o.Enabled, "Whether observability (Workers Logs) is enabled.")
	a.Describe(&o.HeadSamplingRate, "Fraction of requests sampled, from 0 to 1.")
}

// AiBinding binds Workers AI.
type AiBinding struct {
	Name string `pulumi:"name"`
}

// Annotate documents the type.
func (b *AiBinding) Annotate(a infer.Annotator) { a.Describe(&b.Name, bindingNameDoc) }

// D1DatabaseBinding binds a D1 database.
type D1DatabaseBinding struct {
	Name       string `pulumi:"name"`
	DatabaseID string `pulumi:"databaseId"`
}

// Annotate documents the type.
func (b *D1DatabaseBinding) Annotate(a infer.Annotator) {
	a.Describe(&b.Name, bindingNameDoc)
	a.Describe(&b.DatabaseID, "ID (UUID) of the D1 database.")
}

// R2BucketBinding binds an R2 bucket.
type R2BucketBinding struct {
	Name       string `pulumi:"name"`
	BucketName string `pulumi:"bucketName"`
}

// Annotate documents the type.
func (b *R2BucketBinding) Annotate(a infer.Annotator) {
	a.Describe(&b.Name, bindingNameDoc)
	a.Describe(&b.BucketName, "Name of the R2 bucket.")
}

// VectorizeBinding binds a Vectorize index.
type VectorizeBinding struct {
	Name      string `pulumi:"name"`
	IndexName string `pulumi:"indexName"`
}

// Annotate documents the type.
func (b *VectorizeBinding) Annotate(a infer.Annotator) {
	a.Describe(&b.Name, bindingNameDoc)
	a.Describe(&b.IndexName, "Name of the Vectorize index.")
}

// QueueBinding is a queue producer binding.
type QueueBinding struct {
	Name  string `pulumi:"name"`
	Queue string `pulumi:"queue"`
}

// Annotate documents the type.
func (b *QueueBinding) Annotate(a infer.Annotator) {
	a.Describe(&b.Name, bindingNameDoc)
	a.Describe(&b.Queue, "Name (not ID) of the queue the Worker sends to.")
}

// ServiceBinding binds another Worker.
type ServiceBinding struct {
	Name        string  `pulumi:"name"`
	Service     string  `pulumi:"service"`
	Environment *string `pulumi:"environment,optional"`
	Entrypoint  *string `pulumi:"entrypoint,optional"`
}

// Annotate documents the type.
func (b *ServiceBinding) Annotate(a infer.Annotator) {
	a.Describe(&b.Name, bindingNameDoc)
	a.Describe(&b.Service, "Name of the Worker to bind to.")
	a.Describe(&b.Environment, "Environment of the bound Worker.")
	a.Describe(&b.Entrypoint, "Named export of the bound Worker to call (RPC); unset: its default export.")
}

// JsonBinding is a JSON environment variable.
type JsonBinding struct {
	Name string `pulumi:"name"`
	Json string `pulumi:"json"`
}

// Annotate documents the type.
func (b *JsonBinding) Annotate(a infer.Annotator) {
	a.Describe(&b.Name, bindingNameDoc)
	a.Describe(&b.Json, "The value, as JSON text.")
}

// KvNamespaceBinding binds a Workers KV namespace.
type KvNamespaceBinding struct {
	Name        string `pulumi:"name"`
	NamespaceID string `pulumi:"namespaceId"`
}

// Annotate documents the type.
func (b *KvNamespaceBinding) Annotate(a infer.Annotator) {
	a.Describe(&b.Name, bindingNameDoc)
	a.Describe(&b.NamespaceID, "ID of the KV namespace.")
}

// AnalyticsEngineBinding binds a Workers Analytics Engine dataset.
type AnalyticsEngineBinding struct {
	Name    string `pulumi:"name"`
	Dataset string `pulumi:"dataset"`
}

// Annotate documents the type.
func (b *AnalyticsEngineBinding) Annotate(a infer.Annotator) {
	a.Describe(&b.Name, bindingNameDoc)
	a.Describe(&b.Dataset, "Name of the Analytics Engine dataset.")
}

// PlainTextBinding is a plain text environment variable.
type PlainTextBinding struct {
	Name string `pulumi:"name"`
	Text string `pulumi:"text"`
}

// Annotate documents the type.
func (b *PlainTextBinding) Annotate(a infer.Annotator) {
	a.Describe(&b.Name, bindingNameDoc)
	a.Describe(&b.Text, "The value.")
}

// SecretTextBinding is a secret environment variable.
type SecretTextBinding struct {
	Name string `pulumi:"name"`
	Text string `pulumi:"text" provider:"secret"`
}

// Annotate documents the type.
func (b *SecretTextBinding) Annotate(a infer.Annotator) {
	a.Describe(&b.Name, bindingNameDoc)
	a.Describe(&b.Text, "The secret value. Cloudflare never returns it: Read keeps the value from "+
		"the previous state while a secret of that name still exists, and reports \"\" after an import.")
}

const bindingNameDoc = "Binding name: the property of `env` the Worker code sees. Must match " +
	"^[A-Za-z_][A-Za-z0-9_]*$ and be unique across all bindings of the Worker."

// WireDependencies keeps the secret text bindings secret in every output, whatever the
// engine's secret propagation does. The other outputs keep infer's default flow.
func (*WorkerScript) WireDependencies(f infer.FieldSelector, _ *WorkerScriptArgs, state *WorkerScriptState) {
	f.OutputField(&state.SecretTextBindings).AlwaysSecret()
}

// markWorkerScriptSecrets marks what Read returned secret the way Check and Create do:
// secretTextBindings[*].text in the inputs (the `provider:"secret"` tag) and the whole
// secretTextBindings output in the state (AlwaysSecret in WireDependencies). New applies
// it to every WorkerScript Read.
func markWorkerScriptSecrets(resp p.ReadResponse) p.ReadResponse {
	if v, ok := resp.Inputs.GetOk("secretTextBindings"); ok && v.IsArray() {
		bindings := v.AsArray().AsSlice()
		for i, b := range bindings {
			if !b.IsMap() {
				continue
			}
			if text, ok := b.AsMap().GetOk("text"); ok {
				bindings[i] = property.WithGoValue(b, b.AsMap().Set("text", text.WithSecret(true)))
			}
		}
		resp.Inputs = resp.Inputs.Set("secretTextBindings", property.WithGoValue(v, property.NewArray(bindings)))
	}
	if v, ok := resp.Properties.GetOk("secretTextBindings"); ok {
		resp.Properties = resp.Properties.Set("secretTextBindings", v.WithSecret(true))
	}
	return resp
}

// Check validates the inputs before any request is made.
func (*WorkerScript) Check(
	ctx context.Context, req infer.CheckRequest,
) (infer.CheckResponse[WorkerScriptArgs], error) {
	args, failures, err := infer.DefaultCheck[WorkerScriptArgs](ctx, req.NewInputs)
	if err != nil || len(failures) > 0 {
		return infer.CheckResponse[WorkerScriptArgs]{Inputs: args, Failures: failures}, err
	}
	c := newChecker(req.NewInputs)
	checkWorkerScript(c, args)
	return infer.CheckResponse[WorkerScriptArgs]{Inputs: args, Failures: c.Failures}, nil
}

func checkWorkerScript(c checker, args WorkerScriptArgs) {
	c.idPart("accountId", args.AccountID)
	c.matches("name", args.Name, workerNameRe,
		"Worker name (lowercase letters, digits and hyphens, at most 63 characters, "+
			"not starting or ending with a hyphen)")
	switch {
	case isExternal(args.WorkerSettings) && args.Content != "":
		c.Failf("content", "must be unset when external is true: the code is deployed outside Pulumi")
	case isExternal(args.WorkerSettings) && isPlaceholder(args.WorkerSettings):
		c.Failf("placeholder", "cannot be true when external is true")
	case !isExternal(args.WorkerSettings):
		c.nonEmpty("content", args.Content)
	}
	if args.MainModule != nil {
		mm := *args.MainModule
		if c.nonEmpty("mainModule", mm) && !hasJSModuleSuffix(mm) {
			c.Failf("mainModule", "must end in .js or .mjs (the module is uploaded as "+
				"application/javascript+module), got %q", mm)
		}
	}
	c.date("compatibilityDate", args.CompatibilityDate)
	uniqueStrings(c, "compatibilityFlags", args.CompatibilityFlags)
	uniqueStrings(c, "tags", args.Tags)
	for i, tag := range args.Tags {
		if strings.Contains(tag, ",") {
			c.Failf(fmt.Sprintf("tags[%d]", i), "must not contain a comma, got %q", tag)
		}
	}
	if o := args.Observability; o != nil {
		c.floatRange("observability.headSamplingRate", o.HeadSamplingRate, 0, 1)
	}

	// Binding names: syntax, required targets, and uniqueness across all kinds.
	seen := map[string]string{} // binding name -> path of its first use
	name := func(path, n string) {
		if !c.nonEmpty(path, n) {
			return
		}
		if !bindingNameRe.MatchString(n) {
			c.Failf(path, "binding name %q must match %s", n, bindingNameRe)
			return
		}
		if !c.Known(path) {
			return
		}
		if first, dup := seen[n]; dup {
			c.Failf(path, "binding name %q is already used by %s", n, first)
			return
		}
		seen[n] = path
	}
	at := func(kind string, i int, field string) string { return fmt.Sprintf("%s[%d].%s", kind, i, field) }

	if b := args.AiBinding; b != nil {
		name("aiBinding.name", b.Name)
	}
	for i, b := range args.D1DatabaseBindings {
		name(at("d1DatabaseBindings", i, "name"), b.Name)
		c.nonEmpty(at("d1DatabaseBindings", i, "databaseId"), b.DatabaseID)
	}
	for i, b := range args.R2BucketBindings {
		name(at("r2BucketBindings", i, "name"), b.Name)
		c.nonEmpty(at("r2BucketBindings", i, "bucketName"), b.BucketName)
	}
	for i, b := range args.VectorizeBindings {
		name(at("vectorizeBindings", i, "name"), b.Name)
		c.matches(at("vectorizeBindings", i, "indexName"), b.IndexName, vectorizeNameRe, "Vectorize index name")
	}
	for i, b := range args.QueueBindings {
		name(at("queueBindings", i, "name"), b.Name)
		c.matches(at("queueBindings", i, "queue"), b.Queue, queueNameRe,
			"queue name (the binding takes the queue NAME, not its ID)")
	}
	for i, b := range args.ServiceBindings {
		name(at("serviceBindings", i, "name"), b.Name)
		c.matches(at("serviceBindings", i, "service"), b.Service, workerNameRe, "Worker name")
		if b.Environment != nil {
			c.nonEmpty(at("serviceBindings", i, "environment"), *b.Environment)
		}
	}
	for i, b := range args.KvNamespaceBindings {
		name(at("kvNamespaceBindings", i, "name"), b.Name)
		c.nonEmpty(at("kvNamespaceBindings", i, "namespaceId"), b.NamespaceID)
	}
	for i, b := range args.AnalyticsEngineBindings {
		name(at("analyticsEngineBindings", i, "name"), b.Name)
		c.nonEmpty(at("analyticsEngineBindings", i, "dataset"), b.Dataset)
	}
	for i, b := range args.PlainTextBindings {
		name(at("plainTextBindings", i, "name"), b.Name)
	}
	for i, b := range args.JsonBindings {
		name(at("jsonBindings", i, "name"), b.Name)
		if c.Known(at("jsonBindings", i, "json")) && !json.Valid([]byte(b.Json)) {
			c.Failf(at("jsonBindings", i, "json"), "must be JSON text, got %q", b.Json)
		}
	}
	for i, b := range args.SecretTextBindings {
		name(at("secretTextBindings", i, "name"), b.Name)
	}
	for i, n := range args.ExternalSecrets {
		name(fmt.Sprintf("externalSecrets[%d]", i), n)
	}
	for i, b := range args.ServiceBindings {
		if b.Entrypoint != nil {
			c.nonEmpty(at("serviceBindings", i, "entrypoint"), *b.Entrypoint)
		}
	}
}

func isExternal(s WorkerSettings) bool    { return s.External != nil && *s.External }
func isPlaceholder(s WorkerSettings) bool { return s.Placeholder != nil && *s.Placeholder }

func uniqueStrings(c checker, field string, values []string) {
	seen := map[string]int{}
	for i, v := range values {
		path := fmt.Sprintf("%s[%d]", field, i)
		if !c.nonEmpty(path, v) {
			continue
		}
		if first, dup := seen[v]; dup {
			c.Failf(path, "%q is already listed at %s[%d]", v, field, first)
			continue
		}
		seen[v] = i
	}
}

// Diff compares the new inputs with the state, without any request. It says plainly
// when a declared secret's value is unknown (it was set outside Pulumi, or before the
// import), since the update then writes it though nothing seems to change.
func (*WorkerScript) Diff(
	ctx context.Context, req infer.DiffRequest[WorkerScriptArgs, WorkerScriptState],
) (infer.DiffResponse, error) {
	for _, n := range unknownSecrets(req.State, req.Inputs) {
		p.GetLogger(ctx).Warningf("Worker %q: the value of secret %s was not set by Pulumi (it predates the "+
			"import, or was set outside Pulumi) and Cloudflare never returns it; this update writes the "+
			"stack's value with one request to the secrets endpoint, and does not touch the code", req.Inputs.Name, n)
	}
	resp, warnings := diffWorkerScriptWarnings(req.State, req.Inputs)
	for _, w := range warnings {
		p.GetLogger(ctx).Warning(w)
	}
	return resp, nil
}

// unknownSecrets are the declared secrets whose current value Pulumi does not know:
// in Cloudflare (as a secret outside Pulumi's, or with an unknown value) and now
// declared.
func unknownSecrets(st WorkerScriptState, in WorkerScriptArgs) []string {
	known := map[string]bool{}
	for _, b := range st.SecretTextBindings {
		known[b.Name] = b.Text != ""
	}
	unknown := []string{}
	for _, b := range in.SecretTextBindings {
		if set, ok := known[b.Name]; (ok && !set) || slices.Contains(st.ExternalSecrets, b.Name) {
			unknown = append(unknown, b.Name)
		}
	}
	return unknown
}

func diffWorkerScript(st WorkerScriptState, in WorkerScriptArgs) p.DiffResponse {
	resp, _ := diffWorkerScriptWarnings(st, in)
	return resp
}

// diffWorkerScriptWarnings is the diff, and a warning for each binding or setting
// Cloudflare has that this resource does not model, saying what the update does to it.
func diffWorkerScriptWarnings(st WorkerScriptState, in WorkerScriptArgs) (p.DiffResponse, []string) {
	d := cfapi.NewDiffer()
	d.Str("accountId", st.AccountID, in.AccountID, true)
	d.Str("name", st.Name, in.Name, true)
	diffWorkerSettings(d, st, in)
	warnings := diffUnmodelled(d, st, in, uploads(st, in))
	cfapi.List(d, "secretTextBindings", st.SecretTextBindings, in.SecretTextBindings, false)
	cfapi.List(d, "externalSecrets", sortedCopy(st.ExternalSecrets), sortedCopy(in.ExternalSecrets), false)
	if in.WorkersDev != nil {
		cfapi.Opt(d, "workersDev", st.WorkersDev, in.WorkersDev, false)
	}
	// A new name or account is a different Worker: create the new one first, then
	// delete the old one, so there is no window without a Worker.
	return d.Response(false), warnings
}

// uploads says whether an update from st to in uploads a bundle: the Worker's code is
// not external and something an upload sets changed.
func uploads(st WorkerScriptState, in WorkerScriptArgs) bool {
	if isExternal(in.WorkerSettings) {
		return false
	}
	d := cfapi.NewDiffer()
	diffWorkerSettings(d, st, in)
	return d.Response(false).HasChanges
}

// diffWorkerSettings compares what one upload (or, for an external Worker, one
// settings PATCH) sets: everything but the secrets and the workers.dev route, which
// have endpoints of their own. An external Worker's code is not Pulumi's to compare.
func diffWorkerSettings(d *cfapi.Differ, st WorkerScriptState, in WorkerScriptArgs) {
	if !isExternal(in.WorkerSettings) {
		d.Str("content", st.ContentSha256, contentSha256(in.Content), false)
		d.Str("mainModule", stateMainModule(st), mainModuleOf(in), false)
	}
	d.Str("compatibilityDate", st.CompatibilityDate, in.CompatibilityDate, false)
	cfapi.List(d, "compatibilityFlags", st.CompatibilityFlags, in.CompatibilityFlags, false)
	cfapi.List(d, "tags", st.Tags, in.Tags, false)
	cfapi.Opt(d, "observability", st.Observability, in.Observability, false)
	cfapi.Opt(d, "aiBinding", st.AiBinding, in.AiBinding, false)
	cfapi.List(d, "d1DatabaseBindings", st.D1DatabaseBindings, in.D1DatabaseBindings, false)
	cfapi.List(d, "r2BucketBindings", st.R2BucketBindings, in.R2BucketBindings, false)
	cfapi.List(d, "vectorizeBindings", st.VectorizeBindings, in.VectorizeBindings, false)
	cfapi.List(d, "queueBindings", st.QueueBindings, in.QueueBindings, false)
	cfapi.ListFunc(d, "serviceBindings", st.ServiceBindings, in.ServiceBindings, serviceBindingEqual, false)
	cfapi.List(d, "kvNamespaceBindings", st.KvNamespaceBindings, in.KvNamespaceBindings, false)
	cfapi.List(d, "analyticsEngineBindings", st.AnalyticsEngineBindings, in.AnalyticsEngineBindings, false)
	cfapi.List(d, "plainTextBindings", st.PlainTextBindings, in.PlainTextBindings, false)
	cfapi.ListFunc(d, "jsonBindings", st.JsonBindings, in.JsonBindings, jsonBindingEqual, false)
}

func jsonBindingEqual(a, b JsonBinding) bool { return a.Name == b.Name && sameJSON(a.Json, b.Json) }

// sameJSON compares two JSON texts by value, so Cloudflare's formatting of a json
// binding is no difference.
func sameJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return a == b
	}
	return reflect.DeepEqual(x, y)
}

func sortedCopy(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	out := slices.Clone(list)
	slices.Sort(out)
	return out
}

func serviceBindingEqual(a, b ServiceBinding) bool {
	return a.Name == b.Name && a.Service == b.Service && cfapi.PtrEqual(a.Environment, b.Environment) &&
		cfapi.PtrEqual(a.Entrypoint, b.Entrypoint)
}

// Create uploads a new Worker. It never overwrites one: Cloudflare's upload is an
// upsert, so it first asks whether the name is taken (one GET), and a Worker that
// exists must be imported instead. An external Worker cannot be created by Pulumi at
// all, since its code comes from the application's pipeline.
func (*WorkerScript) Create(
	ctx context.Context, req infer.CreateRequest[WorkerScriptArgs],
) (infer.CreateResponse[WorkerScriptState], error) {
	type resp = infer.CreateResponse[WorkerScriptState]
	in := req.Inputs
	id := companion.WorkerScriptID(in.AccountID, in.Name)
	if req.DryRun {
		return resp{ID: id, Output: workerStateFromArgs(in)}, nil
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return resp{}, err
	}
	if err := refuseExisting(ctx, cfg, client, in.AccountID, in.Name); err != nil {
		return resp{}, err
	}
	if isExternal(in.WorkerSettings) {
		return resp{}, fmt.Errorf("Worker %q does not exist in Cloudflare, and its code is external (deployed by "+
			"the application's pipeline, never by Pulumi): deploy it first with wrangler and the configuration "+
			"`make wrangler-config` writes, then import it (scripts/import); or give it a bundle", in.Name)
	}
	res, err := client.Workers.Scripts.Update(ctx, in.Name, buildScriptUpload(in, false))
	if err != nil {
		return resp{}, cfg.wrap(fmt.Sprintf("upload Worker %q", in.Name), err)
	}
	state := workerStateFromArgs(in)
	state.Etag, state.ModifiedOn = res.Etag, formatTime(res.ModifiedOn)
	if in.WorkersDev != nil {
		if err := setWorkersDev(ctx, cfg, client, in.WorkerSettings); err != nil {
			// The Worker exists now: return it with the error, so Pulumi records it.
			state.WorkersDev = nil
			return resp{ID: id, Output: state}, infer.ResourceInitFailedError{Reasons: []string{err.Error()}}
		}
	}
	return resp{ID: id, Output: state}, nil
}

// ExistsMessage is how every companion Create refuses a name Cloudflare already has.
const ExistsMessage = "exists in Cloudflare: import it (scripts/import) instead of creating it"

// refuseExisting fails when a Worker of that name exists.
//
//	GET /accounts/{accountId}/workers/scripts/{name}/settings
func refuseExisting(ctx context.Context, cfg Config, client *cloudflare.Client, accountID, name string) error {
	_, err := client.Workers.Scripts.ScriptAndVersionSettings.Get(ctx, name,
		workers.ScriptScriptAndVersionSettingGetParams{AccountID: cloudflare.F(accountID)})
	switch {
	case cfapi.IsNotFound(err):
		return nil
	case err != nil:
		return cfg.wrap(fmt.Sprintf("look for an existing Worker %q", name), err)
	default:
		return fmt.Errorf("Worker %q %s", name, ExistsMessage)
	}
}

// Update changes what changed, each through its own endpoint, in an order that never
// leaves the code without what it needs:
//
//  1. new and changed declared secrets: PUT …/secrets (one each; no code upload);
//  2. code and settings, if any changed: the upload, keeping every secret
//     (keep_bindings) — or, for an external Worker, a settings PATCH that inherits the
//     secrets and every binding this resource does not model;
//  3. declared secrets removed from the inputs (and not moved to externalSecrets):
//     DELETE …/secrets/{name};
//  4. the workers.dev route: POST …/subdomain.
//
// A rotation is therefore one request, and a secret set outside Pulumi is never lost.
func (*WorkerScript) Update(
	ctx context.Context, req infer.UpdateRequest[WorkerScriptArgs, WorkerScriptState],
) (infer.UpdateResponse[WorkerScriptState], error) {
	type resp = infer.UpdateResponse[WorkerScriptState]
	in, st := req.Inputs, req.State
	out := workerStateFromArgs(in)
	out.Etag, out.ModifiedOn = st.Etag, st.ModifiedOn
	if isExternal(in.WorkerSettings) {
		out.ContentSha256, out.MainModule = st.ContentSha256, st.MainModule
	}
	out.UnmodelledBindings, out.UnmodelledSettings = keptUnmodelled(st, isExternal(in.WorkerSettings), uploads(st, in))
	if req.DryRun {
		return resp{Output: out}, nil
	}
	settings := cfapi.NewDiffer()
	diffWorkerSettings(settings, st, in)
	codeChanges := settings.Response(false).DetailedDiff
	_, contentChanged := codeChanges["content"]
	if contentChanged && isPlaceholder(in.WorkerSettings) && !isPlaceholder(st.WorkerSettings) {
		return resp{}, fmt.Errorf("Worker %q runs code that is not the placeholder: refusing to replace it "+
			"with the placeholder (give its bundle, or %q)", in.Name, "external")
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return resp{}, err
	}

	old := map[string]string{}
	for _, b := range st.SecretTextBindings {
		old[b.Name] = b.Text
	}
	for _, b := range in.SecretTextBindings {
		if text, ok := old[b.Name]; ok && text == b.Text {
			continue
		}
		if err := putSecret(ctx, cfg, client, in.AccountID, in.Name, b); err != nil {
			return resp{}, err
		}
	}

	if len(codeChanges) > 0 {
		if isExternal(in.WorkerSettings) {
			err = patchSettings(ctx, cfg, client, in.WorkerSettings)
		} else {
			var res *workers.ScriptUpdateResponse
			res, err = client.Workers.Scripts.Update(ctx, in.Name, buildScriptUpload(in, true))
			if err == nil {
				out.Etag, out.ModifiedOn = res.Etag, formatTime(res.ModifiedOn)
			} else {
				err = cfg.wrap(fmt.Sprintf("upload Worker %q", in.Name), err)
			}
		}
		if err != nil {
			return resp{}, err
		}
	}

	declared := map[string]bool{}
	for _, b := range in.SecretTextBindings {
		declared[b.Name] = true
	}
	for _, n := range in.ExternalSecrets {
		declared[n] = true
	}
	for _, b := range st.SecretTextBindings {
		if declared[b.Name] {
			continue
		}
		_, err := client.Workers.Scripts.Secrets.Delete(ctx, in.Name, b.Name,
			workers.ScriptSecretDeleteParams{AccountID: cloudflare.F(in.AccountID)})
		if err != nil && !cfapi.IsNotFound(err) {
			return resp{}, cfg.wrap(fmt.Sprintf("delete secret %s of Worker %q", b.Name, in.Name), err)
		}
	}

	if in.WorkersDev != nil && !cfapi.PtrEqual(in.WorkersDev, st.WorkersDev) {
		if err := setWorkersDev(ctx, cfg, client, in.WorkerSettings); err != nil {
			return resp{}, err
		}
	}
	return resp{Output: out}, nil
}

// putSecret writes one declared secret.
//
//	PUT /accounts/{accountId}/workers/scripts/{name}/secrets
func putSecret(ctx context.Context, cfg Config, client *cloudflare.Client, accountID, script string, b SecretTextBinding) error {
	_, err := client.Workers.Scripts.Secrets.Update(ctx, script, workers.ScriptSecretUpdateParams{
		AccountID: cloudflare.F(accountID),
		Body: workers.ScriptSecretUpdateParamsBodyWorkersBindingKindSecretText{
			Name: cloudflare.F(b.Name),
			Text: cloudflare.F(b.Text),
			Type: cloudflare.F(workers.ScriptSecretUpdateParamsBodyWorkersBindingKindSecretTextTypeSecretText),
		},
	})
	// The value is never part of the message.
	return cfg.wrap(fmt.Sprintf("set secret %s of Worker %q", b.Name, script), err)
}

// patchSettings sets an external Worker's settings and bindings without its code. It
// reads the live bindings first so that every secret, and every binding this resource
// does not model, is sent as `inherit` and kept as it is.
//
//	GET   /accounts/{accountId}/workers/scripts/{name}/settings
//	PATCH /accounts/{accountId}/workers/scripts/{name}/settings
func patchSettings(ctx context.Context, cfg Config, client *cloudflare.Client, s WorkerSettings) error {
	live, err := client.Workers.Scripts.ScriptAndVersionSettings.Get(ctx, s.Name,
		workers.ScriptScriptAndVersionSettingGetParams{AccountID: cloudflare.F(s.AccountID)})
	if err != nil {
		return cfg.wrap(fmt.Sprintf("read settings of Worker %q", s.Name), err)
	}
	var inherit []string
	for _, b := range live.Bindings {
		if !modelledBindingTypes[string(b.Type)] {
			inherit = append(inherit, b.Name)
		}
	}
	_, err = client.Workers.Scripts.ScriptAndVersionSettings.Edit(ctx, s.Name, buildSettingsPatch(s, inherit))
	return cfg.wrap(fmt.Sprintf("update settings of Worker %q", s.Name), err)
}

// modelledBindingTypes are the binding types a settings PATCH sends itself; any other
// (secrets among them) is inherited.
var modelledBindingTypes = map[string]bool{
	"ai": true, "d1": true, "r2_bucket": true, "vectorize": true, "queue": true, "service": true,
	"kv_namespace": true, "analytics_engine": true, "plain_text": true, "json": true,
}

// setWorkersDev turns the workers.dev route on or off.
//
//	POST /accounts/{accountId}/workers/scripts/{name}/subdomain
func setWorkersDev(ctx context.Context, cfg Config, client *cloudflare.Client, s WorkerSettings) error {
	_, err := client.Workers.Scripts.Subdomain.New(ctx, s.Name, workers.ScriptSubdomainNewParams{
		AccountID: cloudflare.F(s.AccountID),
		Enabled:   cloudflare.F(*s.WorkersDev),
	})
	return cfg.wrap(fmt.Sprintf("set the workers.dev route of Worker %q", s.Name), err)
}

// Read fetches the Worker's settings and, unless its code is external, its code; on
// import and where the workers.dev route is managed, the route too. No write:
//
//	GET /accounts/{accountId}/workers/scripts/{name}/settings     (bindings, compatibility, tags, observability)
//	GET /accounts/{accountId}/workers/scripts/{name}/content/v2   (the module source; not for external code)
//	GET /accounts/{accountId}/workers/scripts/{name}/subdomain    (workers.dev; on import or when managed)
//
// Secret text values are never returned by Cloudflare; see mergeRemoteWorker.
func (*WorkerScript) Read(
	ctx context.Context, req infer.ReadRequest[WorkerScriptArgs, WorkerScriptState],
) (infer.ReadResponse[WorkerScriptArgs, WorkerScriptState], error) {
	type resp = infer.ReadResponse[WorkerScriptArgs, WorkerScriptState]
	accountID, name, err := companion.ParseWorkerScriptID(req.ID)
	if err != nil {
		return resp{}, err
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return resp{}, err
	}

	settings, err := client.Workers.Scripts.ScriptAndVersionSettings.Get(ctx, name,
		workers.ScriptScriptAndVersionSettingGetParams{AccountID: cloudflare.F(accountID)})
	if cfapi.IsNotFound(err) {
		return resp{}, nil // gone: an empty ID removes it from the state
	}
	if err != nil {
		return resp{}, cfg.wrap(fmt.Sprintf("read settings of Worker %q", name), err)
	}

	prev := req.State.WorkerSettings
	if prev.Name == "" { // import: no state yet, maybe inputs from the program
		prev = req.Inputs.WorkerSettings
		// Pulumi has never set these secrets: their values are unknown, whatever the
		// program says they should be (the preview then says so; see Diff).
		prev.SecretTextBindings = slices.Clone(prev.SecretTextBindings)
		for i := range prev.SecretTextBindings {
			prev.SecretTextBindings[i].Text = ""
		}
	}
	var content, module string
	external := isExternal(prev)
	if !external {
		res, err := client.Workers.Scripts.Content.Get(ctx, name,
			workers.ScriptContentGetParams{AccountID: cloudflare.F(accountID)})
		if cfapi.IsNotFound(err) {
			return resp{}, nil
		}
		if err != nil {
			return resp{}, cfg.wrap(fmt.Sprintf("read code of Worker %q", name), err)
		}
		defer func() { _ = res.Body.Close() }()
		wantModule := DefaultMainModule
		if req.State.MainModule != "" {
			wantModule = req.State.MainModule
		} else if req.Inputs.MainModule != nil {
			wantModule = *req.Inputs.MainModule
		}
		if content, module, err = readScriptContent(res, wantModule); err != nil {
			return resp{}, fmt.Errorf("read code of Worker %q: %w", name, err)
		}
	}

	args, warnings := mergeRemoteWorker(accountID, name, settings, content, module, prev)
	unmodelledBindings, unmodelledSettings := readUnmodelled(settings)
	warnings = append(warnings, readWarnings(name, external, unmodelledBindings, unmodelledSettings)...)
	for _, w := range warnings {
		p.GetLogger(ctx).Warning(w)
	}
	// The workers.dev route is read where it is managed, and on import (so that
	// scripts/import and the first preview see it).
	if prev.WorkersDev != nil || req.State.Name == "" {
		sub, err := client.Workers.Scripts.Subdomain.Get(ctx, name,
			workers.ScriptSubdomainGetParams{AccountID: cloudflare.F(accountID)})
		if err != nil && !cfapi.IsNotFound(err) {
			return resp{}, cfg.wrap(fmt.Sprintf("read the workers.dev route of Worker %q", name), err)
		}
		if err == nil {
			args.WorkersDev = ptr(sub.Enabled)
		}
	}
	state := workerStateFromArgs(args)
	if external {
		state.ContentSha256, state.MainModule = req.State.ContentSha256, req.State.MainModule
	}
	state.Etag, state.ModifiedOn = req.State.Etag, req.State.ModifiedOn
	state.UnmodelledBindings, state.UnmodelledSettings = unmodelledBindings, unmodelledSettings
	return resp{ID: companion.WorkerScriptID(accountID, name), Inputs: args, State: state}, nil
}

// Delete deletes the Worker with force=true (also when other Workers still bind to it).
//
//	DELETE /accounts/{accountId}/workers/scripts/{name}?force=true
func (*WorkerScript) Delete(ctx context.Context, req infer.DeleteRequest[WorkerScriptState]) (infer.DeleteResponse, error) {
	accountID, name := req.State.AccountID, req.State.Name
	if accountID == "" || name == "" {
		var err error
		if accountID, name, err = companion.ParseWorkerScriptID(req.ID); err != nil {
			return infer.DeleteResponse{}, err
		}
	}
	cfg, client, err := clientFrom(ctx)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	_, err = client.Workers.Scripts.Delete(ctx, name, workers.ScriptDeleteParams{
		AccountID: cloudflare.F(accountID),
		Force:     cloudflare.F(true),
	})
	return cfapi.Deleted(ctx, err, fmt.Sprintf("Worker %q", name), cfg.wrap)
}

func workerStateFromArgs(args WorkerScriptArgs) WorkerScriptState {
	return WorkerScriptState{
		WorkerSettings: args.WorkerSettings,
		MainModule:     mainModuleOf(args),
		ContentSha256:  contentSha256(args.Content),
	}
}

func mainModuleOf(args WorkerScriptArgs) string {
	if args.MainModule == nil || *args.MainModule == "" {
		return DefaultMainModule
	}
	return *args.MainModule
}

func stateMainModule(st WorkerScriptState) string {
	if st.MainModule == "" {
		return DefaultMainModule
	}
	return st.MainModule
}

func contentSha256(content string) string {
	sum := sha256.Sum256([]byte(content))
	return hex.EncodeToString(sum[:])
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func hasJSModuleSuffix(name string) bool {
	return (strings.HasSuffix(name, ".js") && len(name) > len(".js")) ||
		(strings.HasSuffix(name, ".mjs") && len(name) > len(".mjs"))
}
