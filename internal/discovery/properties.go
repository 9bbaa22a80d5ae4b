package discovery

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/databases"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/naming"
	"github.com/dome/dome-infra/internal/plan"
	"github.com/dome/dome-infra/internal/provider"
	"github.com/dome/dome-infra/internal/queues"
)

// Difference is one property on which the code and Cloudflare disagree, for a
// resource that will be imported.
type Difference struct {
	Type     string `json:"type"`
	Name     string `json:"name"`
	Property string `json:"property"`
	// Code and Cloudflare are the two values, rendered for people (secrets by
	// name only).
	Code       string `json:"code"`
	Cloudflare string `json:"cloudflare"`
	// Destructive marks what would lose something in Cloudflare: a replace or
	// delete of a D1, R2, Vectorize or queue resource, a worker's code
	// replaced, a secret, binding or dead-letter queue removed.
	Destructive bool `json:"destructive"`
	// Effect is what the first `pulumi up` after the import would do.
	Effect string `json:"effect"`
	// ConfigKey is where -write-config puts Cloudflare's value; GoChange what
	// to change in Go when config cannot express it.
	ConfigKey string `json:"configKey,omitempty"`
	GoChange  string `json:"goChange,omitempty"`
}

// Kind is "destructive" or "change".
func (d Difference) Kind() string {
	if d.Destructive {
		return "destructive"
	}
	return "change"
}

// Fixes are the stack config values that make the preview clean, and the Go
// changes config cannot express.
type Fixes struct {
	Overrides config.Overrides
	// Bundles are workerBundles entries (a worker whose code would be replaced
	// is made external).
	Bundles   map[string]string
	GoChanges []string
}

// Empty says whether there is nothing to write.
func (f Fixes) Empty() bool {
	return len(f.Overrides.Workers)+len(f.Overrides.Consumers)+len(f.Overrides.Indexes)+
		len(f.Overrides.BucketEvents)+len(f.Bundles) == 0
}

// PropertyInput is what CompareProperties needs.
type PropertyInput struct {
	Stack   string
	Report  *Report
	Plan    *plan.Plan
	Estate  estate.Estate // the stack's estate (config.Config.Apply)
	Names   naming.Namer
	Inv     Inventory
	Token   string
	BaseURL string
	Retries int
}

// CompareProperties compares, property by property, every companion resource
// the report imports with what Cloudflare has. Cloudflare's side is the
// companion provider's own Read (the call `pulumi import` makes) and the
// comparison its own Diff (what the first preview shows), run in-process, so
// the report cannot disagree with the preview. It makes GET requests only.
// The pulumi-cloudflare v5 resources (D1, R2, queues, cron triggers) are
// compared by Reconcile itself (names, schedules).
func CompareProperties(ctx context.Context, in PropertyInput) ([]Difference, Fixes, error) {
	prov, err := provider.New()
	if err != nil {
		return nil, Fixes{}, err
	}
	srv, err := integration.NewServer(ctx, provider.Name, semver.MustParse(provider.Version), integration.WithProvider(prov))
	if err != nil {
		return nil, Fixes{}, err
	}
	if err := srv.Configure(p.ConfigureRequest{Args: property.NewMap(map[string]property.Value{
		"apiToken": property.New(in.Token), "apiBaseUrl": property.New(in.BaseURL),
		"maxRetries": property.New(float64(in.Retries)),
	})}); err != nil {
		return nil, Fixes{}, err
	}
	c := &comparer{in: in, fixes: Fixes{Bundles: map[string]string{}}, realIDs: realIDs(in)}
	byRef := map[plan.Ref]plan.Resource{}
	for _, r := range in.Plan.Resources {
		byRef[plan.Ref{Type: r.Type, Name: r.Name}] = r
	}
	for _, e := range in.Report.Import {
		switch e.Type {
		case companion.WorkerScriptType, companion.QueueConsumerType, companion.VectorizeIndexType, companion.R2EventNotificationType:
		default:
			continue
		}
		res := byRef[plan.Ref{Type: e.Type, Name: e.Name}]
		urn := presource.NewURN(tokens.QName(in.Stack), config.Project, "", tokens.Type(e.Type), e.Name)
		read, err := srv.Read(p.ReadRequest{ID: e.ID, Urn: urn})
		if err != nil {
			return nil, Fixes{}, fmt.Errorf("read %s %q: %w", typeName(e.Type), e.Name, err)
		}
		if read.ID == "" {
			continue // gone since the inventory
		}
		code := c.codeInputs(res)
		checked, err := srv.Check(p.CheckRequest{Urn: urn, Inputs: toProps(code)})
		if err != nil {
			return nil, Fixes{}, fmt.Errorf("check %s %q: %w", typeName(e.Type), e.Name, err)
		}
		if len(checked.Failures) > 0 {
			return nil, Fixes{}, fmt.Errorf("check %s %q: %s: %s", typeName(e.Type), e.Name, checked.Failures[0].Property, checked.Failures[0].Reason)
		}
		diff, err := srv.Diff(p.DiffRequest{ID: e.ID, Urn: urn, State: read.Properties, Inputs: checked.Inputs})
		if err != nil {
			return nil, Fixes{}, fmt.Errorf("diff %s %q: %w", typeName(e.Type), e.Name, err)
		}
		live := fromProps(read.Inputs)
		// What the provider does not model is state, not inputs (a program cannot
		// declare it).
		state := fromProps(read.Properties)
		for _, k := range []string{"unmodelledBindings", "unmodelledSettings"} {
			if v, ok := state[k]; ok {
				live[k] = v
			}
		}
		c.uploads = uploadsBundle(code, diff.DetailedDiff)
		for _, k := range config.SortedKeys(diff.DetailedDiff) {
			c.explain(e, k, diff.DetailedDiff[k], code, live)
		}
		c.declaredSecrets(e, live)
	}
	return c.diffs, c.fixes, nil
}

type comparer struct {
	in      PropertyInput
	fixes   Fixes
	diffs   []Difference
	realIDs map[string]string // plan ID of a queue or D1 database → Cloudflare's
	uploads bool              // the first up uploads the worker's bundle
}

// notUploaded are the WorkerScript properties the first up changes without an
// upload (their own endpoints), or that are no setting at all.
var notUploaded = map[string]bool{
	"unmodelledBindings": true, "unmodelledSettings": true, "externalSecrets": true,
	"secretTextBindings": true, "workersDev": true, "accountId": true, "name": true,
}

// uploadsBundle says whether the first up uploads the worker's code: it is not
// external and the diff changes something an upload sets.
func uploadsBundle(code map[string]any, diff map[string]p.PropertyDiff) bool {
	if code["external"] == true {
		return false
	}
	for k := range diff {
		if !notUploaded[k] {
			return true
		}
	}
	return false
}

// realIDs maps the plan's IDs of queues and D1 databases (mock IDs offline)
// to the account's, by Cloudflare name, so bindings and consumers compare.
func realIDs(in PropertyInput) map[string]string {
	out := map[string]string{}
	inv := indexInventory(in.Inv)
	for _, r := range in.Plan.Resources {
		switch r.Type {
		case queues.Type:
			if q, ok := inv.queueByName[r.String("name")]; ok {
				out[r.ID] = q.ID
			}
		case databases.Type:
			if db, ok := inv.d1ByName[r.String("name")]; ok {
				out[r.ID] = db.ID
			}
		}
	}
	return out
}

// codeInputs are the plan's inputs with real IDs, and with the secrets as
// the provider sees a declared secret after an import (by name).
func (c *comparer) codeInputs(res plan.Resource) map[string]any {
	in := cloneMap(res.Inputs)
	if id, ok := in["queueId"].(string); ok && c.realIDs[id] != "" {
		in["queueId"] = c.realIDs[id]
	}
	if bs, ok := in["d1DatabaseBindings"].([]any); ok {
		for _, b := range bs {
			if m, ok := b.(map[string]any); ok {
				if id, _ := m["databaseId"].(string); c.realIDs[id] != "" {
					m["databaseId"] = c.realIDs[id]
				}
			}
		}
	}
	if res.Type == companion.WorkerScriptType {
		// Declared secrets are written through the secrets endpoint after the
		// import (declaredSecrets reports them); for the comparison they count
		// as the secrets they are in Cloudflare.
		delete(in, "secretTextBindings")
		external, _ := in["externalSecrets"].([]any)
		if w, ok := c.in.Estate.Worker(res.Name); ok {
			for _, b := range w.BindingsOf(estate.SecretText) {
				external = append(external, b.Name)
			}
		}
		if len(external) > 0 {
			in["externalSecrets"] = external
		}
	}
	return in
}

// declaredSecrets reports each secret the code declares: its value is unknown
// to Pulumi, so the first up writes it (one PUT, no code upload).
func (c *comparer) declaredSecrets(e Entry, live map[string]any) {
	w, ok := c.in.Estate.Worker(e.Name)
	if e.Type != companion.WorkerScriptType || !ok {
		return
	}
	existing := stringsOf(live["externalSecrets"])
	for _, b := range w.BindingsOf(estate.SecretText) {
		effect := "up writes it from stack config " + b.Target + " (the secrets endpoint; the code is not touched)"
		if !slices.Contains(existing, b.Name) {
			effect = "up creates it from stack config " + b.Target
		}
		c.diffs = append(c.diffs, Difference{Type: e.Type, Name: e.Name, Property: "secret " + b.Name,
			Code: "declared", Cloudflare: map[bool]string{true: "set, value unknown", false: "absent"}[slices.Contains(existing, b.Name)],
			Effect: effect})
	}
}

func (c *comparer) add(e Entry, prop string, code, live any, destructive bool, effect string) *Difference {
	c.diffs = append(c.diffs, Difference{Type: e.Type, Name: e.Name, Property: prop,
		Code: render(code), Cloudflare: render(live), Destructive: destructive, Effect: effect})
	return &c.diffs[len(c.diffs)-1]
}

func (c *comparer) worker(name string) config.WorkerOverride {
	if c.fixes.Overrides.Workers == nil {
		c.fixes.Overrides.Workers = map[string]config.WorkerOverride{}
	}
	return c.fixes.Overrides.Workers[name]
}

func (c *comparer) setWorker(name string, o config.WorkerOverride) {
	c.fixes.Overrides.Workers[name] = o
}

func (c *comparer) goChange(d *Difference, change string) {
	d.GoChange = change
	if !slices.Contains(c.fixes.GoChanges, change) {
		c.fixes.GoChanges = append(c.fixes.GoChanges, change)
	}
}

// explain turns one changed top-level property into differences, classified,
// with the config that makes it go away.
func (c *comparer) explain(e Entry, key string, pd p.PropertyDiff, code, live map[string]any) {
	replace := pd.Kind == p.AddReplace || pd.Kind == p.UpdateReplace || pd.Kind == p.DeleteReplace
	wkey := func(field string) string { return config.KeyWorkers + "." + e.Name + "." + field }
	switch e.Type {
	case companion.WorkerScriptType:
		switch key {
		case "content", "mainModule":
			d := c.add(e, key, "the stack's bundle", "the code deployed today", true, "up would replace the worker's code")
			d.ConfigKey = config.KeyWorkerBundles + "." + e.Name
			c.fixes.Bundles[e.Name] = config.External
		case "compatibilityDate":
			d := c.add(e, key, code[key], live[key], false, "up would change the compatibility date")
			d.ConfigKey = wkey(key)
			o := c.worker(e.Name)
			o.CompatibilityDate, _ = live[key].(string)
			c.setWorker(e.Name, o)
		case "compatibilityFlags", "tags":
			d := c.add(e, key, code[key], live[key], false, "up would set the code's "+key)
			d.ConfigKey = wkey(key)
			o := c.worker(e.Name)
			v := stringsOf(live[key])
			if v == nil {
				v = []string{}
			}
			if key == "tags" {
				o.Tags = &v
			} else {
				o.CompatibilityFlags = &v
			}
			c.setWorker(e.Name, o)
		case "observability":
			d := c.add(e, key, code[key], live[key], false, "up would change the worker's observability")
			d.ConfigKey = wkey(key)
			o := c.worker(e.Name)
			obs, _ := live[key].(map[string]any)
			enabled, _ := obs["enabled"].(bool)
			rate, ok := obs["headSamplingRate"].(float64)
			if !ok {
				rate = 1
			}
			o.Observability = &config.ObservabilityOverride{Enabled: &enabled, HeadSamplingRate: &rate}
			c.setWorker(e.Name, o)
		case "workersDev":
			d := c.add(e, key, code[key], live[key], false, "up would turn the workers.dev route "+map[bool]string{true: "on", false: "off"}[code[key] == true])
			d.ConfigKey = wkey(key)
			o := c.worker(e.Name)
			on, _ := live[key].(bool)
			o.WorkersDev = &on
			c.setWorker(e.Name, o)
		case "externalSecrets":
			codeSet, liveSet := stringsOf(code[key]), stringsOf(live[key])
			o := c.worker(e.Name)
			for _, n := range liveSet {
				if !slices.Contains(codeSet, n) {
					d := c.add(e, "secret "+n, "not declared", "set outside Pulumi", false,
						"kept by every upload and never deleted; listed so the preview is clean and wrangler requires it")
					d.ConfigKey = wkey("externalSecrets")
					o.ExternalSecrets = append(o.ExternalSecrets, n)
				}
			}
			for _, n := range codeSet {
				if !slices.Contains(liveSet, n) && !c.declared(e.Name, n) {
					c.add(e, "secret "+n, "set outside Pulumi", "absent", false, "nothing: set it with `wrangler secret put "+n+"`")
				}
			}
			if len(o.ExternalSecrets) > 0 {
				c.setWorker(e.Name, o)
			}
		case "plainTextBindings", "jsonBindings":
			c.vars(e, key, code, live)
		case "unmodelledBindings", "unmodelledSettings":
			c.unmodelled(e, key, code, live)
		default: // the other binding kinds: config cannot express them
			c.bindings(e, key, code, live)
		}
	case companion.QueueConsumerType:
		queue := e.Name
		ckey := config.KeyConsumers + "." + queue + "." + key
		if c.fixes.Overrides.Consumers == nil {
			c.fixes.Overrides.Consumers = map[string]config.ConsumerOverride{}
		}
		o := c.fixes.Overrides.Consumers[queue]
		if key == "deadLetterQueue" {
			liveDLQ, _ := live[key].(string)
			destructive := liveDLQ != "" // a dead-letter queue would be removed or replaced
			d := c.add(e, key, code[key], live[key], destructive, "up would set the code's dead-letter queue")
			if logical, ok := c.logicalQueue(liveDLQ); ok || liveDLQ == "" {
				d.ConfigKey = ckey
				o.DeadLetterQueue = &logical
			} else {
				c.goChange(d, fmt.Sprintf("add queue %q (the dead-letter queue of %s's consumer) to internal/estate/dome.go", liveDLQ, queue))
			}
		} else {
			d := c.add(e, key, orDefault(code[key]), orDefault(live[key]), false, "up would set the code's "+key)
			d.ConfigKey = ckey
			if f, ok := live[key].(float64); ok {
				v := int(f)
				switch key {
				case "batchSize":
					o.BatchSize = &v
				case "maxRetries":
					o.MaxRetries = &v
				case "maxWaitTimeMs":
					o.MaxWaitTimeMs = &v
				case "retryDelay":
					o.RetryDelay = &v
				case "maxConcurrency":
					o.MaxConcurrency = &v
				}
			}
		}
		c.fixes.Overrides.Consumers[queue] = o
	case companion.VectorizeIndexType:
		d := c.add(e, key, code[key], live[key], replace, "up would "+map[bool]string{true: "replace the index, deleting every vector", false: "update the index"}[replace])
		switch key {
		case "description":
			d.ConfigKey = config.KeyVectorizeIndexes + "." + e.Name + ".description"
			desc, _ := live[key].(string)
			if c.fixes.Overrides.Indexes == nil {
				c.fixes.Overrides.Indexes = map[string]config.IndexOverride{}
			}
			c.fixes.Overrides.Indexes[e.Name] = config.IndexOverride{Description: &desc}
		case "dimensions", "metric":
			c.goChange(d, fmt.Sprintf("set %s / %s to the index's shape (%v, %v)", config.KeyVectorDimensions, config.KeyVectorMetric, live["dimensions"], live["metric"]))
		}
	case companion.R2EventNotificationType:
		d := c.add(e, key, code[key], live[key], false, "up would set the code's rules")
		rules, _ := live["rules"].([]any)
		bucket := c.logicalBucketOfEvents(e.Name)
		if key != "rules" || len(rules) != 1 || bucket == "" {
			c.goChange(d, fmt.Sprintf("give the event notification %s the account's rules in internal/estate/dome.go", e.Name))
			return
		}
		rule, _ := rules[0].(map[string]any)
		actions := stringsOf(rule["actions"])
		o := config.BucketEventsOverride{Actions: &actions}
		for field, dst := range map[string]**string{"prefix": &o.Prefix, "suffix": &o.Suffix, "description": &o.Description} {
			v, _ := rule[field].(string)
			*dst = &v
		}
		d.ConfigKey = config.KeyBucketEvents + "." + bucket
		if c.fixes.Overrides.BucketEvents == nil {
			c.fixes.Overrides.BucketEvents = map[string]config.BucketEventsOverride{}
		}
		c.fixes.Overrides.BucketEvents[bucket] = o
	}
}

// unmodelled reports each binding or setting the companion provider does not
// model, with what the first up does to it (provider.UnmodelledEffect, the words
// of the provider's own Diff warning): removed or reset is destructive. Neither
// config nor the estate can express one: the Go change is to model it.
func (c *comparer) unmodelled(e Entry, key string, code, live map[string]any) {
	external := code["external"] == true
	if key == "unmodelledSettings" {
		settings, _ := live[key].(map[string]any)
		for _, k := range config.SortedKeys(settings) {
			kept, effect := provider.UnmodelledEffect(external, c.uploads, k)
			d := c.add(e, "setting "+k, "not modelled", settings[k], !kept, effect)
			c.goChange(d, fmt.Sprintf("model the worker setting %s in the companion provider (internal/provider) "+
				"and the estate, or keep worker %q external", k, e.Name))
		}
		return
	}
	list, _ := live[key].([]any)
	for _, x := range list {
		b, _ := x.(map[string]any)
		name, _ := b["name"].(string)
		typ, _ := b["type"].(string)
		target := typ
		if cfg, _ := b["config"].(string); cfg != "" {
			target += " " + cfg
		}
		kept, effect := provider.UnmodelledEffect(external, c.uploads, "")
		d := c.add(e, typ+" binding "+name, "not modelled", target, !kept, effect)
		c.goChange(d, fmt.Sprintf("model the %s binding type in the companion provider (internal/provider) "+
			"and the estate, or keep worker %q external", typ, e.Name))
	}
}

func (c *comparer) declared(worker, secret string) bool {
	w, ok := c.in.Estate.Worker(worker)
	if !ok {
		return false
	}
	return slices.ContainsFunc(w.BindingsOf(estate.SecretText), func(b estate.Binding) bool { return b.Name == secret })
}

// vars compares plain and JSON variables by name: the account's values are
// written to workers.<w>.vars; a variable only the code has is added by up.
func (c *comparer) vars(e Entry, key string, code, live map[string]any) {
	codeVars, liveVars := byName(code[key]), byName(live[key])
	field := map[string]string{"plainTextBindings": "text", "jsonBindings": "json"}[key]
	o := c.worker(e.Name)
	for _, n := range config.SortedKeys(liveVars) {
		lv := liveVars[n][field]
		cv, inCode := codeVars[n]
		if inCode && render(cv[field]) == render(lv) {
			continue
		}
		effect := "up would remove it"
		if inCode {
			effect = "up would change its value"
		}
		d := c.add(e, "var "+n, valueOr(cv, field, inCode), lv, !inCode, effect)
		d.ConfigKey = config.KeyWorkers + "." + e.Name + ".vars." + n
		if o.Vars == nil {
			o.Vars = map[string]json.RawMessage{}
		}
		if key == "jsonBindings" {
			s, _ := lv.(string)
			o.Vars[n] = json.RawMessage(s)
		} else {
			raw, _ := json.Marshal(lv)
			o.Vars[n] = raw
		}
	}
	for _, n := range config.SortedKeys(codeVars) {
		if _, ok := liveVars[n]; !ok {
			c.add(e, "var "+n, codeVars[n][field], nil, false, "up would add it")
		}
	}
	if o.Vars != nil {
		c.setWorker(e.Name, o)
	}
}

// bindings compares the bindings of one kind by name; config cannot change
// what a binding points at, so each difference is a Go change.
func (c *comparer) bindings(e Entry, key string, code, live map[string]any) {
	codeB, liveB := byName(code[key]), byName(live[key])
	kind := strings.TrimSuffix(key, "Bindings")
	if key == "aiBinding" {
		codeB, liveB = single(code[key]), single(live[key])
	}
	for _, n := range config.SortedKeys(liveB) {
		cb, ok := codeB[n]
		switch {
		case !ok:
			d := c.add(e, kind+" binding "+n, nil, liveB[n], true, "up would remove the binding")
			c.goChange(d, fmt.Sprintf("add the %s binding %s to worker %q in internal/estate/dome.go", kind, n, e.Name))
		case render(cb) != render(liveB[n]):
			d := c.add(e, kind+" binding "+n, cb, liveB[n], false, "up would point it at the code's target")
			c.goChange(d, fmt.Sprintf("check the %s binding %s of worker %q in internal/estate/dome.go", kind, n, e.Name))
		}
	}
	for _, n := range config.SortedKeys(codeB) {
		if _, ok := liveB[n]; !ok {
			c.add(e, kind+" binding "+n, codeB[n], nil, false, "up would add the binding")
		}
	}
}

func (c *comparer) logicalQueue(cfName string) (string, bool) {
	for _, q := range c.in.Estate.Queues {
		if c.in.Names.Queue(q.Name) == cfName {
			return q.Name, true
		}
	}
	return "", false
}

// logicalBucketOfEvents is the bucket of the event notification of that
// logical name (storage names them "<bucket>-to-<queue>").
func (c *comparer) logicalBucketOfEvents(name string) string {
	for _, ev := range c.in.Estate.BucketEvents {
		if ev.Bucket+"-to-"+ev.Queue == name {
			return ev.Bucket
		}
	}
	return ""
}

func byName(v any) map[string]map[string]any {
	out := map[string]map[string]any{}
	list, _ := v.([]any)
	for _, x := range list {
		if m, ok := x.(map[string]any); ok {
			n, _ := m["name"].(string)
			out[n] = m
		}
	}
	return out
}

func single(v any) map[string]map[string]any {
	if m, ok := v.(map[string]any); ok {
		n, _ := m["name"].(string)
		return map[string]map[string]any{n: m}
	}
	return map[string]map[string]any{}
}

func valueOr(m map[string]any, field string, ok bool) any {
	if !ok {
		return nil
	}
	return m[field]
}

func orDefault(v any) any {
	if v == nil {
		return "Cloudflare's default"
	}
	return v
}

func stringsOf(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// render is a value for the report: JSON, "unset" for nothing.
func render(v any) string {
	if v == nil {
		return "unset"
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func cloneMap(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}

func toProps(m map[string]any) property.Map {
	return presource.FromResourcePropertyValue(presource.NewPropertyValue(m)).AsMap()
}

// fromProps is a property map as plain Go values, a secret as "[secret]" (the
// provider never reads a secret's text back anyway).
func fromProps(m property.Map) map[string]any {
	v := presource.ToResourcePropertyValue(property.New(m))
	out, _ := v.MapRepl(nil, func(pv presource.PropertyValue) (any, bool) {
		if pv.IsSecret() {
			return "[secret]", true
		}
		return nil, false
	}).(map[string]any)
	return out
}
