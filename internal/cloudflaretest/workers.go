package cloudflaretest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"regexp"
	"slices"
	"strings"
	"time"
)

// ScriptState is a Workers script: its code, bindings and settings.
type ScriptState struct {
	Name       string
	Etag       string
	CreatedOn  time.Time
	ModifiedOn time.Time

	// MainModule is metadata.main_module (module syntax); BodyPart is
	// metadata.body_part (service-worker syntax). Exactly one is set.
	MainModule string
	BodyPart   string
	Modules    []Module

	Bindings           []Binding // secret values included (never returned by the API)
	CompatibilityDate  string
	CompatibilityFlags []string
	UsageModel         string
	Placement          *Placement
	Limits             *Limits
	MigrationTag       string

	// Script-level settings (also served by /script-settings).
	Logpush       bool
	Observability *Observability
	Tags          []string
	TailConsumers []TailConsumer

	Schedules []Schedule

	// Tag is the script's immutable identifier (services' script.tag).
	Tag string
	// LastDeployedFrom is "wrangler" when the last write came from
	// wrangler (its User-Agent), else "api".
	LastDeployedFrom string
	// WorkersDev is the script's workers.dev route (not versioned).
	WorkersDev WorkersDev
	// Versions, oldest first: every upload, versions upload, settings
	// change and secret change adds one (see versions.go). The fields above
	// are the content of the version the latest deployment serves.
	Versions []Version
	// Deployments, oldest first.
	Deployments []Deployment

	seq int
}

// Module is one uploaded part of a script.
type Module struct {
	Name        string
	ContentType string
	Content     []byte
}

// Binding is a Worker binding in the flat shape of the upload metadata and
// the settings API. Fields not used by a binding's type stay empty.
type Binding struct {
	Name string `json:"name"`
	Type string `json:"type"`

	ID                 string `json:"id,omitempty"`
	BucketName         string `json:"bucket_name,omitempty"`
	CertificateID      string `json:"certificate_id,omitempty"`
	ClassName          string `json:"class_name,omitempty"`
	Dataset            string `json:"dataset,omitempty"`
	DestinationAddress string `json:"destination_address,omitempty"`
	Entrypoint         string `json:"entrypoint,omitempty"`
	Environment        string `json:"environment,omitempty"`
	Format             string `json:"format,omitempty"`
	IndexName          string `json:"index_name,omitempty"`
	Jurisdiction       string `json:"jurisdiction,omitempty"`
	KeyBase64          string `json:"key_base64,omitempty"`
	Namespace          string `json:"namespace,omitempty"`
	NamespaceID        string `json:"namespace_id,omitempty"`
	OldName            string `json:"old_name,omitempty"`
	Part               string `json:"part,omitempty"`
	Pipeline           string `json:"pipeline,omitempty"`
	QueueName          string `json:"queue_name,omitempty"`
	ScriptName         string `json:"script_name,omitempty"`
	SecretName         string `json:"secret_name,omitempty"`
	Service            string `json:"service,omitempty"`
	StoreID            string `json:"store_id,omitempty"`
	Text               string `json:"text,omitempty"`
	VersionID          string `json:"version_id,omitempty"`
	WorkflowName       string `json:"workflow_name,omitempty"`

	// JSON is a json binding's value: any JSON document, stored and
	// returned as sent (wrangler sends a var's value as is; see doc.go for
	// how cloudflare-go v6's string-typed field reads it).
	JSON json.RawMessage `json:"json,omitempty"`

	Algorithm                   json.RawMessage `json:"algorithm,omitempty"`
	AllowedDestinationAddresses json.RawMessage `json:"allowed_destination_addresses,omitempty"`
	AllowedSenderAddresses      json.RawMessage `json:"allowed_sender_addresses,omitempty"`
	KeyJwk                      json.RawMessage `json:"key_jwk,omitempty"`
	Outbound                    json.RawMessage `json:"outbound,omitempty"`
	Usages                      json.RawMessage `json:"usages,omitempty"`
}

// Observability is a script's observability setting.
type Observability struct {
	Enabled          bool               `json:"enabled"`
	HeadSamplingRate *float64           `json:"head_sampling_rate,omitempty"`
	Logs             *ObservabilityLogs `json:"logs,omitempty"`
}

// ObservabilityLogs is observability.logs.
type ObservabilityLogs struct {
	Enabled          bool     `json:"enabled"`
	InvocationLogs   bool     `json:"invocation_logs"`
	HeadSamplingRate *float64 `json:"head_sampling_rate,omitempty"`
	Destinations     []string `json:"destinations,omitempty"`
	Persist          *bool    `json:"persist,omitempty"`
}

// Placement is a script's placement setting.
type Placement struct {
	Mode string `json:"mode,omitempty"`
}

// Limits is a script's limits setting.
type Limits struct {
	CPUMs int `json:"cpu_ms"`
}

// TailConsumer is a tail worker reference.
type TailConsumer struct {
	Service     string `json:"service"`
	Environment string `json:"environment,omitempty"`
	Namespace   string `json:"namespace,omitempty"`
}

// Schedule is a cron trigger.
type Schedule struct {
	Cron       string    `json:"cron"`
	CreatedOn  time.Time `json:"created_on"`
	ModifiedOn time.Time `json:"modified_on"`
}

// BindingTypes are the binding types cloudflare-go v6 defines.
var BindingTypes = []string{
	"ai", "analytics_engine", "assets", "browser", "d1", "data_blob", "dispatch_namespace",
	"durable_object_namespace", "hyperdrive", "inherit", "images", "json", "kv_namespace",
	"mtls_certificate", "plain_text", "pipelines", "queue", "r2_bucket", "secret_text", "send_email",
	"service", "text_blob", "vectorize", "version_metadata", "secrets_store_secret", "secret_key",
	"workflow", "wasm_module",
}

const (
	codeScriptNotFound = 10007
	codeScriptInvalid  = 10021
	codeScriptName     = 10016
	codeScriptInUse    = 10064
	codeMigrationTag   = 10079
	codeInvalidCron    = 10100
)

// Defaults for SeedScript.
const (
	scriptModuleDefault  = "index.js"
	scriptContentDefault = "export default { async fetch() { return new Response(\"ok\"); } };\n"
)

var (
	scriptNameRe = regexp.MustCompile(`^[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?$`)
	compatDateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	cronFieldRe  = regexp.MustCompile(`^[0-9A-Za-z*/,?#-]+$`)
	handlerRe    = regexp.MustCompile(`(?m)(?:^\s*(?:async\s+)?(fetch|scheduled|queue|email|tail)\s*\(|addEventListener\(\s*["'](fetch|scheduled)["'])`)
)

func (s *Server) registerWorkers() {
	const base = "/accounts/{account_id}/workers/scripts"
	const script = base + "/{script_name}"
	s.handle("GET "+base, groupWorkers, s.listScripts)
	s.handle("PUT "+script, groupWorkers, s.uploadScript)
	s.handle("GET "+script, groupWorkers, s.downloadScript)
	s.handle("DELETE "+script, groupWorkers, s.deleteScript)
	s.handle("PUT "+script+"/content", groupWorkers, s.putScriptContent)
	s.handle("GET "+script+"/content/v2", groupWorkers, s.getScriptContent)
	s.handle("GET "+script+"/settings", groupWorkers, s.getSettings)
	s.handle("PATCH "+script+"/settings", groupWorkers, s.patchSettings)
	s.handle("GET "+script+"/script-settings", groupWorkers, s.getScriptSettings)
	s.handle("PATCH "+script+"/script-settings", groupWorkers, s.patchScriptSettings)
	s.handle("GET "+script+"/schedules", groupWorkers, s.getSchedules)
	s.handle("PUT "+script+"/schedules", groupWorkers, s.putSchedules)
	s.registerVersions()
	s.registerSecrets()
	s.registerSubdomain()
}

// ---------------------------------------------------------------------------
// Rendering

// SecretTexts are the script's secret_text bindings, name → text: what tests
// check survived (the API itself never returns a secret's text).
func (sc ScriptState) SecretTexts() map[string]string {
	out := map[string]string{}
	for _, b := range sc.Bindings {
		if b.Type == "secret_text" {
			out[b.Name] = b.Text
		}
	}
	return out
}

func (sc *ScriptState) main() *Module {
	name := sc.MainModule
	if name == "" {
		name = sc.BodyPart
	}
	for i := range sc.Modules {
		if sc.Modules[i].Name == name {
			return &sc.Modules[i]
		}
	}
	return nil
}

// handlers is a heuristic: handler methods defined at the start of a line in
// the main module, or service-worker event listeners.
func (sc *ScriptState) handlers() []string {
	out := []string{}
	if m := sc.main(); m != nil {
		for _, match := range handlerRe.FindAllStringSubmatch(string(m.Content), -1) {
			h := match[1] + match[2]
			if !slices.Contains(out, h) {
				out = append(out, h)
			}
		}
	}
	return out
}

// scriptJSON renders the Script object (upload, list and content results).
func scriptJSON(sc *ScriptState) map[string]any {
	out := map[string]any{
		"id":                  sc.Name,
		"etag":                sc.Etag,
		"created_on":          sc.CreatedOn,
		"modified_on":         sc.ModifiedOn,
		"has_modules":         sc.MainModule != "",
		"has_assets":          false,
		"compatibility_date":  sc.CompatibilityDate,
		"compatibility_flags": nonNil(sc.CompatibilityFlags),
		"handlers":            sc.handlers(),
		"logpush":             sc.Logpush,
		"usage_model":         sc.UsageModel,
		"tags":                sc.Tags,
		"tail_consumers":      sc.TailConsumers,
		"last_deployed_from":  sc.lastDeployedFrom(),
		"tag":                 sc.Tag,
		"entry_point":         sc.entryPoint(),
		"named_handlers":      []any{},
	}
	if sc.Observability != nil {
		out["observability"] = sc.Observability
	}
	if sc.Placement != nil {
		out["placement"] = sc.Placement
		if sc.Placement.Mode != "" {
			out["placement_mode"] = sc.Placement.Mode
		}
	}
	if sc.MigrationTag != "" {
		out["migration_tag"] = sc.MigrationTag
	}
	return out
}

// publicBindings strips secret material, as the API does.
func publicBindings(bs []Binding) []Binding {
	out := make([]Binding, len(bs))
	for i, b := range bs {
		switch b.Type {
		case "secret_text":
			b.Text = ""
		case "secret_key":
			b.KeyBase64, b.KeyJwk = "", nil
		}
		out[i] = b
	}
	return out
}

// settingsJSON renders the /settings result.
func settingsJSON(sc *ScriptState) map[string]any {
	out := map[string]any{
		"bindings":            publicBindings(sc.Bindings),
		"compatibility_date":  sc.CompatibilityDate,
		"compatibility_flags": nonNil(sc.CompatibilityFlags),
		"logpush":             sc.Logpush,
		"observability":       sc.Observability,
		"placement":           sc.Placement,
		"tags":                sc.Tags,
		"tail_consumers":      sc.TailConsumers,
		"usage_model":         sc.UsageModel,
	}
	if sc.Placement == nil {
		out["placement"] = map[string]any{}
	}
	if sc.Limits != nil {
		out["limits"] = sc.Limits
	}
	return out
}

// scriptSettingsJSON renders the /script-settings result.
func scriptSettingsJSON(sc *ScriptState) map[string]any {
	return map[string]any{
		"logpush":        sc.Logpush,
		"observability":  sc.Observability,
		"tags":           sc.Tags,
		"tail_consumers": sc.TailConsumers,
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// ---------------------------------------------------------------------------
// Multipart

type formPart struct {
	name, filename, contentType string
	data                        []byte
}

// formParts parses a multipart/form-data body.
func (c *call) formParts() ([]formPart, error) {
	mediaType, params, err := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mediaType, "multipart/") {
		return nil, errBadRequest(codeScriptInvalid, "Content-Type must be multipart/form-data, got %q", c.r.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(bytes.NewReader(c.body), params["boundary"])
	var parts []formPart
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return parts, nil
		}
		if err != nil {
			return nil, errBadRequest(codeScriptInvalid, "malformed multipart body: %v", err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, errBadRequest(codeScriptInvalid, "malformed multipart body: %v", err)
		}
		parts = append(parts, formPart{name: p.FormName(), filename: p.FileName(), contentType: p.Header.Get("Content-Type"), data: data})
	}
}

// scriptMetadata is the upload's "metadata" part.
type scriptMetadata struct {
	MainModule         string          `json:"main_module"`
	BodyPart           string          `json:"body_part"`
	Bindings           []Binding       `json:"bindings"`
	KeepBindings       []string        `json:"keep_bindings"`
	CompatibilityDate  string          `json:"compatibility_date"`
	CompatibilityFlags []string        `json:"compatibility_flags"`
	UsageModel         string          `json:"usage_model"`
	Placement          *Placement      `json:"placement"`
	Limits             *Limits         `json:"limits"`
	Migrations         json.RawMessage `json:"migrations"`
	Logpush            *bool           `json:"logpush"`
	Observability      *Observability  `json:"observability"`
	Tags               []string        `json:"tags"`
	TailConsumers      []TailConsumer  `json:"tail_consumers"`
	// Annotations are the version's (workers/message, workers/tag).
	Annotations map[string]string `json:"annotations"`
}

// parseUpload reads metadata and modules from an upload. Module names come
// from each part's filename (the SDK names every file part "files"), else
// from the part name. A bare application/javascript body is accepted as a
// service-worker script, as the API does.
func (c *call) parseUpload() (scriptMetadata, []Module, error) {
	var meta scriptMetadata
	if mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type")); mt == "application/javascript" || mt == "text/javascript" {
		return scriptMetadata{BodyPart: "script"}, []Module{{Name: "script", ContentType: mt, Content: c.body}}, nil
	}
	parts, err := c.formParts()
	if err != nil {
		return meta, nil, err
	}
	var modules []Module
	sawMeta := false
	for _, p := range parts {
		if p.name == "metadata" {
			if err := json.Unmarshal(p.data, &meta); err != nil {
				return meta, nil, errBadRequest(codeScriptInvalid, "metadata part is not valid JSON: %v", err)
			}
			sawMeta = true
			continue
		}
		name := p.filename
		if name == "" {
			name = p.name
		}
		ct := p.contentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		modules = append(modules, Module{Name: name, ContentType: ct, Content: p.data})
	}
	if !sawMeta {
		return meta, nil, errBadRequest(codeScriptInvalid, "the multipart body has no \"metadata\" part")
	}
	if err := checkMain(meta.MainModule, meta.BodyPart, modules); err != nil {
		return meta, nil, err
	}
	return meta, modules, nil
}

func checkMain(mainModule, bodyPart string, modules []Module) error {
	name := mainModule
	if name == "" {
		name = bodyPart
	}
	if name == "" {
		return errBadRequest(codeScriptInvalid, "metadata must set main_module (modules) or body_part (service worker)")
	}
	if !slices.ContainsFunc(modules, func(m Module) bool { return m.Name == name }) {
		return errBadRequest(codeScriptInvalid, "No such module %q: it is named by metadata but no part with that name was uploaded", name)
	}
	return nil
}

// ---------------------------------------------------------------------------
// Bindings

// resolveBindings validates bindings against the account (referenced D1
// databases, buckets, queues and Vectorize indexes must exist), resolves
// "inherit" bindings and keep_bindings against the previous version.
func (a *account) resolveBindings(in []Binding, keep []string, prev *ScriptState, modules []Module) ([]Binding, error) {
	out := []Binding{}
	seen := map[string]bool{}
	for i, b := range in {
		if b.Name == "" {
			return nil, errBadRequest(codeScriptInvalid, "bindings[%d]: name is required", i)
		}
		if seen[b.Name] {
			return nil, errBadRequest(codeScriptInvalid, "bindings[%d]: binding name %q is used more than once", i, b.Name)
		}
		seen[b.Name] = true
		if b.Type == "inherit" {
			src := b.OldName
			if src == "" {
				src = b.Name
			}
			var found *Binding
			if prev != nil {
				if j := slices.IndexFunc(prev.Bindings, func(p Binding) bool { return p.Name == src }); j >= 0 {
					found = &prev.Bindings[j]
				}
			}
			if found == nil {
				return nil, errBadRequest(codeScriptInvalid, "bindings[%d]: cannot inherit binding %q: the previous version has no such binding", i, src)
			}
			nb := cloneBinding(*found)
			nb.Name = b.Name
			out = append(out, nb)
			continue
		}
		if err := a.validateBinding(b, modules); err != nil {
			return nil, errBadRequest(codeScriptInvalid, "bindings[%d] (%s %q): %v", i, b.Type, b.Name, err)
		}
		out = append(out, cloneBinding(b))
	}
	if prev != nil {
		for _, pb := range prev.Bindings {
			if slices.Contains(keep, pb.Type) && !seen[pb.Name] {
				out = append(out, cloneBinding(pb))
				seen[pb.Name] = true
			}
		}
	}
	return out, nil
}

func (a *account) validateBinding(b Binding, modules []Module) error {
	if !slices.Contains(BindingTypes, b.Type) {
		return fmt.Errorf("unknown binding type %q", b.Type)
	}
	need := func(field, value string) error {
		if value == "" {
			return fmt.Errorf("%s is required", field)
		}
		return nil
	}
	switch b.Type {
	case "d1":
		if err := need("id", b.ID); err != nil {
			return err
		}
		if _, ok := a.d1[b.ID]; !ok {
			return fmt.Errorf("D1 database %s not found", b.ID)
		}
	case "r2_bucket":
		if err := need("bucket_name", b.BucketName); err != nil {
			return err
		}
		if _, ok := a.buckets[b.BucketName]; !ok {
			return fmt.Errorf("R2 bucket %q not found", b.BucketName)
		}
	case "queue":
		if err := need("queue_name", b.QueueName); err != nil {
			return err
		}
		if a.queueByName(b.QueueName) == nil {
			return fmt.Errorf("queue %q not found", b.QueueName)
		}
	case "vectorize":
		if err := need("index_name", b.IndexName); err != nil {
			return err
		}
		if _, ok := a.vectorize[b.IndexName]; !ok {
			return fmt.Errorf("Vectorize index %q not found", b.IndexName)
		}
	case "plain_text", "secret_text":
		return need("text", b.Text)
	case "json":
		if len(b.JSON) == 0 || !json.Valid(b.JSON) {
			return fmt.Errorf("json is required and must be a JSON document")
		}
	case "kv_namespace":
		return need("namespace_id", b.NamespaceID)
	case "service":
		return need("service", b.Service)
	case "durable_object_namespace":
		return need("class_name", b.ClassName)
	case "hyperdrive":
		return need("id", b.ID)
	case "mtls_certificate":
		return need("certificate_id", b.CertificateID)
	case "workflow":
		return need("workflow_name", b.WorkflowName)
	case "pipelines":
		return need("pipeline", b.Pipeline)
	case "dispatch_namespace":
		return need("namespace", b.Namespace)
	case "secrets_store_secret":
		if err := need("store_id", b.StoreID); err != nil {
			return err
		}
		return need("secret_name", b.SecretName)
	case "wasm_module", "text_blob", "data_blob":
		if err := need("part", b.Part); err != nil {
			return err
		}
		if !slices.ContainsFunc(modules, func(m Module) bool { return m.Name == b.Part }) {
			return fmt.Errorf("part %q was not uploaded", b.Part)
		}
	}
	return nil
}

func cloneBinding(b Binding) Binding {
	for _, f := range []*json.RawMessage{&b.JSON, &b.Algorithm, &b.AllowedDestinationAddresses, &b.AllowedSenderAddresses, &b.KeyJwk, &b.Outbound, &b.Usages} {
		*f = slices.Clone(*f)
	}
	return b
}

// ---------------------------------------------------------------------------
// Scripts

func (c *call) script() (*ScriptState, error) {
	name := c.param("script_name")
	sc, ok := c.acct.scripts[name]
	if !ok {
		return nil, errNotFound(codeScriptNotFound, "workers.api.error.script_not_found")
	}
	return sc, nil
}

func (s *Server) listScripts(c *call) (any, error) {
	filters, err := parseTagFilter(c.query("tags"))
	if err != nil {
		return nil, err
	}
	var items []map[string]any
	for _, sc := range sortedBySeq(c.acct.scripts, func(s *ScriptState) int { return s.seq }) {
		if filters.match(sc.Tags) {
			items = append(items, scriptJSON(sc))
		}
	}
	return paginate(c, items)
}

// tagFilter is the list endpoint's "tags" query: "a:yes,b:no".
type tagFilter map[string]bool

func parseTagFilter(q string) (tagFilter, error) {
	f := tagFilter{}
	for _, term := range strings.Split(q, ",") {
		if term = strings.TrimSpace(term); term == "" {
			continue
		}
		i := strings.LastIndex(term, ":")
		tag, want := term[:max(i, 0)], term[i+1:]
		if i < 0 || (want != "yes" && want != "no") {
			return nil, errBadRequest(codeScriptInvalid, "tags filter %q must look like tag:yes or tag:no", term)
		}
		f[tag] = want == "yes"
	}
	return f, nil
}

func (f tagFilter) match(tags []string) bool {
	for tag, want := range f {
		if slices.Contains(tags, tag) != want {
			return false
		}
	}
	return true
}

func (s *Server) uploadScript(c *call) (any, error) {
	name := c.param("script_name")
	if !scriptNameRe.MatchString(name) {
		return nil, errBadRequest(codeScriptName, "workers.api.error.invalid_script_name: %q must be 1-63 lowercase letters, digits, '-' or '_'", name)
	}
	meta, modules, err := c.parseUpload()
	if err != nil {
		return nil, err
	}
	prev := c.acct.scripts[name]
	bindings, err := c.acct.resolveBindings(meta.Bindings, meta.KeepBindings, prev, modules)
	if err != nil {
		return nil, err
	}
	if err := checkCompatDate(meta.CompatibilityDate); err != nil {
		return nil, err
	}
	sc := &ScriptState{
		Name: name, CreatedOn: c.now,
		MainModule: meta.MainModule, Modules: modules, Bindings: bindings,
		CompatibilityDate: meta.CompatibilityDate, CompatibilityFlags: meta.CompatibilityFlags,
		UsageModel: meta.UsageModel, Placement: meta.Placement, Limits: meta.Limits,
		Observability: meta.Observability, Tags: meta.Tags, TailConsumers: meta.TailConsumers,
	}
	if sc.MainModule == "" {
		sc.BodyPart = meta.BodyPart
	}
	if meta.Logpush != nil {
		sc.Logpush = *meta.Logpush
	}
	if prev == nil {
		sc.seq, sc.Tag = c.acct.nextSeq(), randomHex(16)
	} else {
		sc.CreatedOn, sc.seq, sc.Schedules, sc.MigrationTag = prev.CreatedOn, prev.seq, prev.Schedules, prev.MigrationTag
		sc.Tag, sc.WorkersDev, sc.Versions, sc.Deployments = prev.Tag, prev.WorkersDev, prev.Versions, prev.Deployments
		// Script-level settings omitted from the metadata are kept.
		if meta.Logpush == nil {
			sc.Logpush = prev.Logpush
		}
		if meta.Observability == nil {
			sc.Observability = prev.Observability
		}
		if meta.Tags == nil {
			sc.Tags = prev.Tags
		}
		if meta.TailConsumers == nil {
			sc.TailConsumers = prev.TailConsumers
		}
	}
	if sc.MigrationTag, err = applyMigrations(sc.MigrationTag, meta.Migrations); err != nil {
		return nil, err
	}
	sc.finish(c.now)
	v := sc.commit(c.now, clientSource(c.r), "upload", meta.Annotations)
	c.acct.scripts[name] = sc
	res := scriptJSON(sc)
	res["startup_time_ms"] = 0
	// deployment_id is the new version's ID: wrangler reads it as the
	// version ID (deploy-helpers' deploy.ts: versionId =
	// parseNonHyphenedUuid(result.deployment_id)).
	res["deployment_id"] = v.ID
	return res, nil
}

func checkCompatDate(date string) error {
	if date != "" && !compatDateRe.MatchString(date) {
		return errBadRequest(codeScriptInvalid, "compatibility_date %q must be YYYY-MM-DD", date)
	}
	return nil
}

// applyMigrations checks old_tag against the current tag and returns the
// new one.
func applyMigrations(current string, raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return current, nil
	}
	var m struct {
		OldTag string `json:"old_tag"`
		NewTag string `json:"new_tag"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return "", errBadRequest(codeScriptInvalid, "migrations: %v", err)
	}
	if m.OldTag != current {
		return "", errBadRequest(codeMigrationTag, "migration old_tag %q does not match the script's current migration tag %q", m.OldTag, current)
	}
	if m.NewTag == "" {
		return current, nil
	}
	return m.NewTag, nil
}

// finish fills defaults and recomputes the etag and modification time.
func (sc *ScriptState) finish(at time.Time) {
	if sc.UsageModel == "" {
		sc.UsageModel = "standard"
	}
	h := sha256.New()
	for _, m := range sc.Modules {
		fmt.Fprintf(h, "%s\x00%s\x00%d\x00", m.Name, m.ContentType, len(m.Content))
		h.Write(m.Content)
	}
	fmt.Fprintf(h, "%s\x00%s\x00%d", sc.MainModule, sc.BodyPart, at.UnixNano())
	sc.Etag = hex.EncodeToString(h.Sum(nil))
	sc.ModifiedOn = at
}

func (s *Server) downloadScript(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	if sc.MainModule == "" {
		m := sc.main()
		return rawBody{contentType: "application/javascript", body: slices.Clone(m.Content)}, nil
	}
	return modulesBody(sc)
}

// modulesBody is a module worker as multipart/form-data, main module first,
// then every other part (source maps included) in upload order.
func modulesBody(sc *ScriptState) (rawBody, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	ordered := append([]Module{*sc.main()}, slices.DeleteFunc(slices.Clone(sc.Modules), func(m Module) bool { return m.Name == sc.MainModule })...)
	for _, m := range ordered {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, m.Name, m.Name))
		h.Set("Content-Type", m.ContentType)
		w, err := mw.CreatePart(h)
		if err != nil {
			return rawBody{}, err
		}
		_, _ = w.Write(m.Content)
	}
	if err := mw.Close(); err != nil {
		return rawBody{}, err
	}
	return rawBody{contentType: mw.FormDataContentType(), body: buf.Bytes()}, nil
}

// getScriptContent (content/v2) answers as Cloudflare does: a module
// worker's modules as multipart/form-data with a Cf-Entrypoint header
// naming the main module; a service worker's script as raw bytes.
func (s *Server) getScriptContent(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	m := sc.main()
	if sc.MainModule == "" {
		return rawBody{contentType: m.ContentType, body: slices.Clone(m.Content)}, nil
	}
	body, err := modulesBody(sc)
	if err != nil {
		return nil, err
	}
	body.header = http.Header{"Cf-Entrypoint": {m.Name}}
	return body, nil
}

// putScriptContent replaces the code, keeping bindings and settings.
func (s *Server) putScriptContent(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	meta, modules, err := c.parseUpload()
	if err != nil {
		return nil, err
	}
	sc.Modules, sc.MainModule, sc.BodyPart = modules, meta.MainModule, ""
	if meta.MainModule == "" {
		sc.BodyPart = meta.BodyPart
	}
	sc.finish(c.now)
	sc.commit(c.now, clientSource(c.r), "upload", nil)
	return scriptJSON(sc), nil
}

// deleteScript refuses, without ?force=true, to delete a script that is a
// queue consumer or the target of another script's service binding. With
// force those consumers are deleted too.
func (s *Server) deleteScript(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	force := c.query("force") == "true"
	var consumerOf, boundBy []string
	for _, cs := range sortedBySeq(c.acct.consumers, func(x *ConsumerState) int { return x.seq }) {
		if cs.ScriptName == sc.Name {
			if q := c.acct.queues[cs.QueueID]; q != nil {
				consumerOf = append(consumerOf, q.QueueName)
			}
		}
	}
	for _, other := range sortedBySeq(c.acct.scripts, func(x *ScriptState) int { return x.seq }) {
		if other.Name != sc.Name && slices.ContainsFunc(other.Bindings, func(b Binding) bool { return b.Type == "service" && b.Service == sc.Name }) {
			boundBy = append(boundBy, other.Name)
		}
	}
	if !force && (len(consumerOf) > 0 || len(boundBy) > 0) {
		return nil, errConflict(codeScriptInUse,
			"Cannot delete script %q: it is the consumer of queues %v and bound as a service by scripts %v; delete with ?force=true",
			sc.Name, consumerOf, boundBy)
	}
	c.acct.deleteScript(sc.Name)
	return nil, nil
}

// deleteScript drops the script and the queue consumers that run it.
func (a *account) deleteScript(name string) {
	delete(a.scripts, name)
	for id, cs := range a.consumers {
		if cs.ScriptName == name {
			delete(a.consumers, id)
		}
	}
}

// ---------------------------------------------------------------------------
// Settings

func (s *Server) getSettings(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	return settingsJSON(sc), nil
}

// patchSettings applies the fields present in the "settings" multipart part
// (or a JSON body). Bindings, if present, replace the whole set ("inherit"
// keeps an existing binding, secrets included).
func (s *Server) patchSettings(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	raw := c.body
	if mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type")); strings.HasPrefix(mt, "multipart/") {
		parts, err := c.formParts()
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(parts, func(p formPart) bool { return p.name == "settings" })
		if i < 0 {
			return nil, errBadRequest(codeScriptInvalid, "the multipart body has no \"settings\" part")
		}
		raw = parts[i].data
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, errBadRequest(codeScriptInvalid, "settings is not a JSON object: %v", err)
	}
	next := sc.clone()
	if err := decodeFields(fields, map[string]any{
		"compatibility_date":  &next.CompatibilityDate,
		"compatibility_flags": &next.CompatibilityFlags,
		"usage_model":         &next.UsageModel,
		"placement":           &next.Placement,
		"limits":              &next.Limits,
		"logpush":             &next.Logpush,
		"observability":       &next.Observability,
		"tags":                &next.Tags,
		"tail_consumers":      &next.TailConsumers,
	}); err != nil {
		return nil, err
	}
	if rb, ok := fields["bindings"]; ok {
		var in []Binding
		if err := json.Unmarshal(rb, &in); err != nil {
			return nil, errBadRequest(codeScriptInvalid, "settings.bindings: %v", err)
		}
		if next.Bindings, err = c.acct.resolveBindings(in, nil, sc, sc.Modules); err != nil {
			return nil, err
		}
	}
	if next.MigrationTag, err = applyMigrations(sc.MigrationTag, fields["migrations"]); err != nil {
		return nil, err
	}
	next.seq = sc.seq
	next.finish(c.now)
	next.commit(c.now, clientSource(c.r), "settings", nil)
	c.acct.scripts[sc.Name] = &next
	return settingsJSON(&next), nil
}

// decodeFields unmarshals each present field into its target.
func decodeFields(fields map[string]json.RawMessage, targets map[string]any) error {
	for name, target := range targets {
		if raw, ok := fields[name]; ok {
			if err := json.Unmarshal(raw, target); err != nil {
				return errBadRequest(codeScriptInvalid, "%s: %v", name, err)
			}
		}
	}
	return nil
}

func (s *Server) getScriptSettings(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	return scriptSettingsJSON(sc), nil
}

func (s *Server) patchScriptSettings(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	var fields map[string]json.RawMessage
	if err := c.decode(&fields); err != nil {
		return nil, err
	}
	next := sc.clone()
	if err := decodeFields(fields, map[string]any{
		"logpush":        &next.Logpush,
		"observability":  &next.Observability,
		"tags":           &next.Tags,
		"tail_consumers": &next.TailConsumers,
	}); err != nil {
		return nil, err
	}
	next.seq = sc.seq
	next.ModifiedOn = c.now
	c.acct.scripts[sc.Name] = &next
	return scriptSettingsJSON(&next), nil
}

// ---------------------------------------------------------------------------
// Schedules

func (s *Server) getSchedules(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	return map[string]any{"schedules": nonNil(sc.Schedules)}, nil
}

// putSchedules replaces the cron triggers. The body is [{"cron": "..."}]
// (the SDK's shape); {"schedules": [...]} is accepted too.
func (s *Server) putSchedules(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	type cronItem struct {
		Cron string `json:"cron"`
	}
	var items []cronItem
	if trimmed := bytes.TrimSpace(c.body); len(trimmed) > 0 && trimmed[0] == '{' {
		var wrapped struct {
			Schedules []cronItem `json:"schedules"`
		}
		if err := c.decode(&wrapped); err != nil {
			return nil, err
		}
		items = wrapped.Schedules
	} else if err := c.decode(&items); err != nil {
		return nil, err
	}
	crons := make([]string, len(items))
	for i, it := range items {
		crons[i] = it.Cron
	}
	if sc.Schedules, err = setSchedules(sc.Schedules, crons, c.now); err != nil {
		return nil, err
	}
	return map[string]any{"schedules": nonNil(sc.Schedules)}, nil
}

// setSchedules validates crons (five fields) and keeps created_on for crons
// that already existed.
func setSchedules(prev []Schedule, crons []string, at time.Time) ([]Schedule, error) {
	out := []Schedule{}
	for _, cron := range crons {
		if err := validateCron(cron); err != nil {
			return nil, err
		}
		s := Schedule{Cron: cron, CreatedOn: at, ModifiedOn: at}
		if i := slices.IndexFunc(prev, func(p Schedule) bool { return p.Cron == cron }); i >= 0 {
			s = prev[i]
		}
		if slices.ContainsFunc(out, func(o Schedule) bool { return o.Cron == cron }) {
			continue
		}
		out = append(out, s)
	}
	return out, nil
}

func validateCron(cron string) error {
	fields := strings.Fields(cron)
	if len(fields) != 5 {
		return errBadRequest(codeInvalidCron, "invalid cron expression %q: expected 5 space-separated fields, got %d", cron, len(fields))
	}
	for _, f := range fields {
		if !cronFieldRe.MatchString(f) {
			return errBadRequest(codeInvalidCron, "invalid cron expression %q: bad field %q", cron, f)
		}
	}
	return nil
}

// ---------------------------------------------------------------------------
// Seeding and inspection

// clone deep-copies the script.
func (sc *ScriptState) clone() ScriptState {
	out := *sc
	out.Modules = make([]Module, len(sc.Modules))
	for i, m := range sc.Modules {
		m.Content = slices.Clone(m.Content)
		out.Modules[i] = m
	}
	if sc.Bindings != nil {
		out.Bindings = make([]Binding, len(sc.Bindings))
		for i, b := range sc.Bindings {
			out.Bindings[i] = cloneBinding(b)
		}
	}
	out.CompatibilityFlags = slices.Clone(sc.CompatibilityFlags)
	out.Tags = slices.Clone(sc.Tags)
	out.TailConsumers = slices.Clone(sc.TailConsumers)
	out.Schedules = slices.Clone(sc.Schedules)
	if sc.Versions != nil {
		out.Versions = make([]Version, len(sc.Versions))
		for i, v := range sc.Versions {
			v.Annotations = maps.Clone(v.Annotations)
			v.Script = v.Script.clone()
			out.Versions[i] = v
		}
	}
	if sc.Deployments != nil {
		out.Deployments = make([]Deployment, len(sc.Deployments))
		for i, d := range sc.Deployments {
			d.Versions = slices.Clone(d.Versions)
			d.Annotations = maps.Clone(d.Annotations)
			out.Deployments[i] = d
		}
	}
	if sc.Placement != nil {
		p := *sc.Placement
		out.Placement = &p
	}
	if sc.Limits != nil {
		l := *sc.Limits
		out.Limits = &l
	}
	if sc.Observability != nil {
		o := *sc.Observability
		if o.Logs != nil {
			logs := *o.Logs
			logs.Destinations = slices.Clone(logs.Destinations)
			o.Logs = &logs
		}
		out.Observability = &o
	}
	return out
}

// SeedScript stores a script directly in state. Bindings are stored as given
// (not validated). Defaults: one module "index.js" with a trivial fetch
// handler when Modules is empty, MainModule = the first module, usage model
// "standard", times = now. It panics on an invalid or taken name.
func (s *Server) SeedScript(accountID string, script ScriptState) {
	s.withAccount(accountID, func(a *account) {
		if !scriptNameRe.MatchString(script.Name) {
			panic(fmt.Sprintf("cloudflaretest: SeedScript: invalid script name %q", script.Name))
		}
		if _, dup := a.scripts[script.Name]; dup {
			panic(fmt.Sprintf("cloudflaretest: SeedScript: script %q already exists", script.Name))
		}
		sc := script.clone()
		if len(sc.Modules) == 0 {
			name := sc.MainModule
			if name == "" {
				name = scriptModuleDefault
			}
			sc.Modules = []Module{{Name: name, ContentType: "application/javascript+module", Content: []byte(scriptContentDefault)}}
		}
		if sc.MainModule == "" && sc.BodyPart == "" {
			sc.MainModule = sc.Modules[0].Name
		}
		if err := checkMain(sc.MainModule, sc.BodyPart, sc.Modules); err != nil {
			panic(fmt.Sprintf("cloudflaretest: SeedScript: %v", err))
		}
		at := now()
		if sc.CreatedOn.IsZero() {
			sc.CreatedOn = at
		}
		for i := range sc.Schedules {
			if sc.Schedules[i].CreatedOn.IsZero() {
				sc.Schedules[i].CreatedOn, sc.Schedules[i].ModifiedOn = at, at
			}
		}
		sc.seq = a.nextSeq()
		if sc.Tag == "" {
			sc.Tag = randomHex(16)
		}
		sc.finish(at)
		if len(sc.Versions) == 0 {
			sc.commit(at, sc.lastDeployedFrom(), "upload", nil)
		}
		a.scripts[sc.Name] = &sc
	})
}

// Script returns a copy of a script (secret binding values included).
func (s *Server) Script(accountID, name string) (ScriptState, bool) {
	var out ScriptState
	var ok bool
	s.withAccount(accountID, func(a *account) {
		if sc, found := a.scripts[name]; found {
			out, ok = sc.clone(), true
		}
	})
	return out, ok
}

// Scripts returns copies of the account's scripts in creation order.
func (s *Server) Scripts(accountID string) []ScriptState {
	var out []ScriptState
	s.withAccount(accountID, func(a *account) {
		for _, sc := range sortedBySeq(a.scripts, func(x *ScriptState) int { return x.seq }) {
			out = append(out, sc.clone())
		}
	})
	return out
}

// UpdateScript mutates a script behind the client's back: f receives a copy
// whose changes are stored (the etag and modified_on are refreshed).
func (s *Server) UpdateScript(accountID, name string, f func(*ScriptState)) error {
	var err error
	s.withAccount(accountID, func(a *account) {
		sc, ok := a.scripts[name]
		if !ok {
			err = fmt.Errorf("cloudflaretest: script %q not found", name)
			return
		}
		next := sc.clone()
		f(&next)
		next.Name, next.seq = sc.Name, sc.seq
		at := now()
		next.finish(at)
		next.commit(at, next.lastDeployedFrom(), "upload", nil)
		a.scripts[name] = &next
	})
	return err
}

// SetScriptBindings replaces a script's bindings behind the client's back.
func (s *Server) SetScriptBindings(accountID, name string, bindings ...Binding) error {
	return s.UpdateScript(accountID, name, func(sc *ScriptState) {
		sc.Bindings = make([]Binding, len(bindings))
		for i, b := range bindings {
			sc.Bindings[i] = cloneBinding(b)
		}
	})
}

// DeleteScript removes a script (and the queue consumers running it) behind
// the client's back.
func (s *Server) DeleteScript(accountID, name string) bool {
	var ok bool
	s.withAccount(accountID, func(a *account) {
		_, ok = a.scripts[name]
		a.deleteScript(name)
	})
	return ok
}

// Schedules returns a script's cron triggers.
func (s *Server) Schedules(accountID, script string) []Schedule {
	sc, _ := s.Script(accountID, script)
	return sc.Schedules
}

// SetSchedules replaces a script's cron triggers behind the client's back.
func (s *Server) SetSchedules(accountID, script string, crons ...string) error {
	var err error
	s.withAccount(accountID, func(a *account) {
		sc, ok := a.scripts[script]
		if !ok {
			err = fmt.Errorf("cloudflaretest: script %q not found", script)
			return
		}
		sched, serr := setSchedules(sc.Schedules, crons, now())
		if serr != nil {
			err = serr
			return
		}
		sc.Schedules = sched
	})
	return err
}
