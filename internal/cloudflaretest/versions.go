package cloudflaretest

import (
	"maps"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Versions and deployments, and the services view of a script.
//
// Cloudflare keeps every script as a list of immutable versions and a list
// of deployments (which versions serve what share of traffic). A script
// upload (PUT …/scripts/{s}), a settings PATCH and a secret change each add
// a version and deploy it at 100%; POST …/versions adds a version without
// deploying it; POST …/deployments deploys versions. The ScriptState's
// top-level fields are the content of the version the latest deployment
// serves (the one with the largest share when it is split).

// Version is one immutable version of a script.
type Version struct {
	ID          string
	Number      int
	CreatedOn   time.Time
	Source      string            // "wrangler" or "api"
	Annotations map[string]string // workers/message, workers/tag, workers/triggered_by
	// Script is the versioned content (modules, bindings with secret
	// values, compatibility, usage model, placement, limits, migration tag,
	// etag). Its script-level settings, schedules, versions and deployments
	// are empty.
	Script ScriptState
}

// Deployment is one deployment of a script.
type Deployment struct {
	ID          string              `json:"id"`
	CreatedOn   time.Time           `json:"created_on"`
	Source      string              `json:"source"`
	Strategy    string              `json:"strategy"`
	Versions    []DeploymentVersion `json:"versions"`
	Annotations map[string]string   `json:"annotations,omitempty"`
	AuthorEmail string              `json:"author_email"`
}

// DeploymentVersion is a version's share of a deployment.
type DeploymentVersion struct {
	VersionID  string  `json:"version_id"`
	Percentage float64 `json:"percentage"`
}

// authorEmail is the author every version and deployment names.
const authorEmail = "emulator@cloudflaretest.invalid"

const codeVersionNotFound = 10220 // emulator stand-in

// clientSource is "wrangler" for wrangler's requests (User-Agent
// "wrangler/<version>", packages/wrangler/src/cfetch/internal.ts) and "api"
// for every other client. Cloudflare reports it as last_deployed_from;
// wrangler warns before overwriting a worker last deployed from "api" and
// downloads the remote config of one last deployed from "dash".
func clientSource(r *http.Request) string {
	if strings.HasPrefix(strings.ToLower(r.UserAgent()), "wrangler") {
		return "wrangler"
	}
	return "api"
}

func (sc *ScriptState) lastDeployedFrom() string {
	if sc.LastDeployedFrom == "" {
		return "api"
	}
	return sc.LastDeployedFrom
}

// entryPoint is the main module (or service-worker body part).
func (sc *ScriptState) entryPoint() string {
	if sc.MainModule != "" {
		return sc.MainModule
	}
	return sc.BodyPart
}

// snapshot is the versioned part of sc.
func (sc *ScriptState) snapshot() ScriptState {
	v := sc.clone()
	v.Versions, v.Deployments, v.Schedules = nil, nil, nil
	v.Logpush, v.Observability, v.Tags, v.TailConsumers = false, nil, nil, nil
	v.WorkersDev = WorkersDev{}
	return v
}

// applyVersion makes v's content the served content of sc.
func (sc *ScriptState) applyVersion(v *Version) {
	c := v.Script.clone()
	sc.MainModule, sc.BodyPart, sc.Modules, sc.Bindings = c.MainModule, c.BodyPart, c.Modules, c.Bindings
	sc.CompatibilityDate, sc.CompatibilityFlags, sc.UsageModel = c.CompatibilityDate, c.CompatibilityFlags, c.UsageModel
	sc.Placement, sc.Limits, sc.MigrationTag, sc.Etag = c.Placement, c.Limits, c.MigrationTag, c.Etag
}

// addVersion records content as a new version of sc.
func (sc *ScriptState) addVersion(content *ScriptState, at time.Time, source, triggeredBy string, annotations map[string]string) *Version {
	ann := map[string]string{}
	maps.Copy(ann, annotations)
	for k, v := range ann {
		if v == "" {
			delete(ann, k)
		}
	}
	ann["workers/triggered_by"] = triggeredBy
	v := Version{ID: newUUID(), Number: len(sc.Versions) + 1, CreatedOn: at, Source: source, Annotations: ann, Script: content.snapshot()}
	sc.Versions = append(sc.Versions, v)
	return &sc.Versions[len(sc.Versions)-1]
}

// deploy records a deployment and serves the version with the largest share.
func (sc *ScriptState) deploy(at time.Time, source string, versions []DeploymentVersion, annotations map[string]string) Deployment {
	d := Deployment{ID: newUUID(), CreatedOn: at, Source: source, Strategy: "percentage",
		Versions: slices.Clone(versions), AuthorEmail: authorEmail}
	if len(annotations) > 0 {
		d.Annotations = maps.Clone(annotations)
	}
	sc.Deployments = append(sc.Deployments, d)
	top := slices.MaxFunc(versions, func(a, b DeploymentVersion) int {
		switch {
		case a.Percentage < b.Percentage:
			return -1
		case a.Percentage > b.Percentage:
			return 1
		}
		return 0
	})
	if v := sc.version(top.VersionID); v != nil {
		sc.applyVersion(v)
	}
	return d
}

// commit adds sc's current content as a version and deploys it at 100%,
// as Cloudflare does for uploads, settings changes and secret changes.
func (sc *ScriptState) commit(at time.Time, source, triggeredBy string, annotations map[string]string) *Version {
	v := sc.addVersion(sc, at, source, triggeredBy, annotations)
	id := v.ID
	sc.deploy(at, source, []DeploymentVersion{{VersionID: id, Percentage: 100}}, nil)
	sc.LastDeployedFrom = source
	return sc.version(id)
}

func (sc *ScriptState) version(id string) *Version {
	for i := range sc.Versions {
		if sc.Versions[i].ID == id {
			return &sc.Versions[i]
		}
	}
	return nil
}

// latest is the newest version (the base "inherit" resolves against in a
// versions upload); sc itself when it has none.
func (sc *ScriptState) latest() *ScriptState {
	if n := len(sc.Versions); n > 0 {
		return &sc.Versions[n-1].Script
	}
	return sc
}

// versionJSON renders a version (GET …/versions/{id}, POST …/versions).
func versionJSON(sc *ScriptState, v *Version) map[string]any {
	c := &v.Script
	runtime := map[string]any{
		"compatibility_date":  c.CompatibilityDate,
		"compatibility_flags": nonNil(c.CompatibilityFlags),
		"usage_model":         c.UsageModel,
		"limits":              map[string]any{},
	}
	if c.Limits != nil {
		runtime["limits"] = c.Limits
	}
	if c.MigrationTag != "" {
		runtime["migration_tag"] = c.MigrationTag
	}
	return map[string]any{
		"id":          v.ID,
		"number":      v.Number,
		"metadata":    versionMetadata(v),
		"annotations": v.Annotations,
		"resources": map[string]any{
			"bindings": publicBindings(c.Bindings),
			"script": map[string]any{
				"etag":               c.Etag,
				"handlers":           c.handlers(),
				"named_handlers":     []any{},
				"last_deployed_from": sc.lastDeployedFrom(),
			},
			"script_runtime": runtime,
		},
		"startup_time_ms": 0,
	}
}

func versionMetadata(v *Version) map[string]any {
	return map[string]any{
		"created_on":   v.CreatedOn,
		"modified_on":  v.CreatedOn,
		"source":       v.Source,
		"author_id":    "0",
		"author_email": authorEmail,
		"hasPreview":   false,
	}
}

func (s *Server) registerVersions() {
	const script = "/accounts/{account_id}/workers/scripts/{script_name}"
	s.handle("GET "+script+"/versions", groupWorkers, s.listVersions)
	s.handle("POST "+script+"/versions", groupWorkers, s.uploadVersion)
	s.handle("GET "+script+"/versions/{version_id}", groupWorkers, s.getVersion)
	s.handle("GET "+script+"/deployments", groupWorkers, s.listDeployments)
	s.handle("POST "+script+"/deployments", groupWorkers, s.createDeployment)
	s.handle("GET "+script+"/deployments/{deployment_id}", groupWorkers, s.getDeployment)
	s.handle("GET /accounts/{account_id}/workers/services/{script_name}", groupWorkers, s.getService)
	s.handle("GET /accounts/{account_id}/workers/workers/{script_name}", groupWorkers, s.getWorker)
}

// getWorker is the Workers API's worker (GET /workers/workers/{name or
// tag}, cloudflare-go's workers.Worker); wrangler 4.16x reads its
// subdomain there before deploying (getWorkerSubdomain).
func (s *Server) getWorker(c *call) (any, error) {
	id := c.param("script_name")
	sc := c.acct.scripts[id]
	if sc == nil {
		for _, other := range c.acct.scripts {
			if other.Tag == id {
				sc = other
			}
		}
	}
	if sc == nil {
		return nil, errNotFound(codeScriptNotFound, "workers.api.error.script_not_found")
	}
	obs := any(map[string]any{"enabled": false})
	if sc.Observability != nil {
		obs = sc.Observability
	}
	return map[string]any{
		"id":             sc.Tag,
		"name":           sc.Name,
		"created_on":     sc.CreatedOn,
		"updated_on":     sc.ModifiedOn,
		"logpush":        sc.Logpush,
		"observability":  obs,
		"subdomain":      sc.WorkersDev,
		"tags":           nonNil(sc.Tags),
		"tail_consumers": nonNil(sc.TailConsumers),
		"references": map[string]any{
			"dispatch_namespace_outbounds": []any{}, "domains": []any{}, "durable_objects": []any{},
			"queues": []any{}, "workers": []any{},
		},
	}, nil
}

// listVersions answers {items: [...]} newest first (cloudflare-go's
// V4PagePagination); ?deployable is accepted and ignored (every version
// here is deployable).
func (s *Server) listVersions(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	items := []map[string]any{}
	for i := len(sc.Versions) - 1; i >= 0; i-- {
		v := &sc.Versions[i]
		items = append(items, map[string]any{"id": v.ID, "number": v.Number, "metadata": versionMetadata(v), "annotations": v.Annotations})
	}
	p, err := paginate(c, items)
	if err != nil {
		return nil, err
	}
	p.result = map[string]any{"items": p.result}
	return p, nil
}

func (s *Server) getVersion(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	v := sc.version(c.param("version_id"))
	if v == nil {
		return nil, errNotFound(codeVersionNotFound, "version %q of script %q not found", c.param("version_id"), sc.Name)
	}
	return versionJSON(sc, v), nil
}

// uploadVersion (POST …/versions) stores a new version without deploying
// it. The form is an upload's; "inherit" bindings and keep_bindings resolve
// against the latest version, and an inherit naming no binding is a 400
// (wrangler sends ?bindings_inherit=strict; without it Cloudflare may drop
// such a binding instead, which the emulator does not model).
func (s *Server) uploadVersion(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	meta, modules, err := c.parseUpload()
	if err != nil {
		return nil, err
	}
	base := sc.latest()
	bindings, err := c.acct.resolveBindings(meta.Bindings, meta.KeepBindings, base, modules)
	if err != nil {
		return nil, err
	}
	if err := checkCompatDate(meta.CompatibilityDate); err != nil {
		return nil, err
	}
	next := ScriptState{
		Name: sc.Name, MainModule: meta.MainModule, Modules: modules, Bindings: bindings,
		CompatibilityDate: meta.CompatibilityDate, CompatibilityFlags: meta.CompatibilityFlags,
		UsageModel: meta.UsageModel, Placement: meta.Placement, Limits: meta.Limits,
	}
	if next.MainModule == "" {
		next.BodyPart = meta.BodyPart
	}
	if next.MigrationTag, err = applyMigrations(base.MigrationTag, meta.Migrations); err != nil {
		return nil, err
	}
	next.finish(c.now)
	v := sc.addVersion(&next, c.now, clientSource(c.r), "version_upload", meta.Annotations)
	return versionJSON(sc, v), nil
}

func (s *Server) listDeployments(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	out := slices.Clone(sc.Deployments)
	slices.Reverse(out)
	return map[string]any{"deployments": nonNil(out)}, nil
}

func (s *Server) getDeployment(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	for _, d := range sc.Deployments {
		if d.ID == c.param("deployment_id") {
			return d, nil
		}
	}
	return nil, errNotFound(codeVersionNotFound, "deployment %q of script %q not found", c.param("deployment_id"), sc.Name)
}

// createDeployment (POST …/deployments) deploys versions by percentage:
// the shares must name existing versions once each and add up to 100. The
// served content becomes the version with the largest share (the emulator
// does not split traffic).
func (s *Server) createDeployment(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	var body struct {
		Strategy    string              `json:"strategy"`
		Versions    []DeploymentVersion `json:"versions"`
		Annotations map[string]string   `json:"annotations"`
	}
	if err := c.decode(&body); err != nil {
		return nil, err
	}
	if body.Strategy != "percentage" {
		return nil, errBadRequest(codeScriptInvalid, "strategy must be \"percentage\", got %q", body.Strategy)
	}
	if len(body.Versions) == 0 {
		return nil, errBadRequest(codeScriptInvalid, "versions must name at least one version")
	}
	total, seen := 0.0, map[string]bool{}
	for i, v := range body.Versions {
		if sc.version(v.VersionID) == nil {
			return nil, errBadRequest(codeVersionNotFound, "versions[%d]: version %q of script %q not found", i, v.VersionID, sc.Name)
		}
		if seen[v.VersionID] {
			return nil, errBadRequest(codeScriptInvalid, "versions[%d]: version %q is listed twice", i, v.VersionID)
		}
		if v.Percentage <= 0 || v.Percentage > 100 {
			return nil, errBadRequest(codeScriptInvalid, "versions[%d]: percentage must be in (0, 100], got %v", i, v.Percentage)
		}
		seen[v.VersionID] = true
		total += v.Percentage
	}
	if math.Abs(total-100) > 0.001 {
		return nil, errBadRequest(codeScriptInvalid, "the versions' percentages must add up to 100, got %v", total)
	}
	source := clientSource(c.r)
	d := sc.deploy(c.now, source, body.Versions, body.Annotations)
	sc.LastDeployedFrom = source
	sc.ModifiedOn = c.now
	return d, nil
}

// getService is the Worker's "service" view (GET /workers/services/{s}),
// which wrangler reads before every deploy: 404 with code 10007 for a
// worker that does not exist (wrangler's isWorkerNotFoundError).
func (s *Server) getService(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	script := scriptJSON(sc)
	env := map[string]any{
		"environment": "production",
		"created_on":  sc.CreatedOn,
		"modified_on": sc.ModifiedOn,
		"script":      script,
	}
	return map[string]any{
		"id":                  sc.Name,
		"created_on":          sc.CreatedOn,
		"modified_on":         sc.ModifiedOn,
		"default_environment": env,
		"environments":        []any{env},
	}, nil
}
