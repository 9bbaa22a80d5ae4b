package discovery

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/databases"
	"github.com/dome/dome-infra/internal/plan"
	"github.com/dome/dome-infra/internal/queues"
	"github.com/dome/dome-infra/internal/routes"
	"github.com/dome/dome-infra/internal/storage"
	"github.com/dome/dome-infra/internal/workers"
)

// Input is what Reconcile compares.
type Input struct {
	Stack string
	// Project is the Pulumi project (config.Project when empty), for URNs.
	Project   string
	AccountID string
	// Plan is the program's plan of the stack (plan.RunStack): the one list
	// of what the program manages.
	Plan *plan.Plan
	// Providers names the explicit provider of each resource that has one
	// (plan.Registration.Provider); resources on default providers are absent.
	Providers map[plan.Ref]string
	// D1IDs are the stack's d1DatabaseIds, by logical name.
	D1IDs map[string]string
	// Groups limits the reconciliation (nil: every group).
	Groups    []Group
	Inventory Inventory
}

// Entry is one line of the report.
type Entry struct {
	Group Group  `json:"group"`
	Type  string `json:"type"`
	// Name is the program's logical name; empty for unmanaged resources.
	Name string `json:"name,omitempty"`
	// CloudflareName is the resource's name in Cloudflare ("queue → script"
	// for a consumer, "bucket → queue" for an event notification).
	CloudflareName string `json:"cloudflareName"`
	// ID is the import ID, in the form the type's provider documents.
	ID string `json:"id,omitempty"`
	// Detail says what clashes, or what the first `pulumi up` after the
	// import will change.
	Detail string `json:"detail,omitempty"`
}

// Report is the outcome of Reconcile.
type Report struct {
	Stack     string  `json:"stack"`
	AccountID string  `json:"accountId"`
	Groups    []Group `json:"groups"`
	// Import is what the account has and the code manages: it goes in the
	// import file.
	Import []Entry `json:"import"`
	// Create is what the code has and the account lacks: `pulumi up` will
	// create it.
	Create []Entry `json:"create"`
	// Unmanaged is what the account has and the code does not: listed,
	// never touched.
	Unmanaged []Entry `json:"unmanaged"`
	// Clashes are names the code and the account share with a different
	// shape or identity: neither imported nor created until resolved.
	Clashes []Entry `json:"clashes"`
	// Differences are the properties of imported resources on which the code
	// and Cloudflare disagree (CompareProperties), each classified.
	Differences []Difference `json:"differences,omitempty"`
	// GoChanges are what config cannot express: change the code.
	GoChanges []string `json:"goChanges,omitempty"`
	// File is the import file of the Import entries.
	File ImportFile `json:"-"`
}

// Reconcile matches every resource of the plan (providers aside) in the
// selected groups to the account's, by the Cloudflare name the plan gives
// it, and sorts each into Import, Create or Clashes; what the account has
// beyond the plan is Unmanaged. It fails only on a plan it cannot read (a
// type the import does not know, a missing name input).
func Reconcile(in Input) (*Report, error) {
	sel := newGroupSet(in.Groups)
	r := &reconciler{
		in: in, sel: sel, inv: indexInventory(in.Inventory),
		planQueues: map[string]string{},
		report: &Report{
			Stack: in.Stack, AccountID: in.AccountID, Groups: sel.list(),
			Import: []Entry{}, Create: []Entry{}, Unmanaged: []Entry{}, Clashes: []Entry{},
		},
	}
	if in.Plan == nil {
		return nil, fmt.Errorf("no plan to reconcile")
	}
	for _, g := range r.report.Groups {
		if !slices.Contains(in.Inventory.Groups, g) {
			return nil, fmt.Errorf("group %s was not discovered: Discover it before reconciling it", g)
		}
	}
	for _, res := range in.Plan.Resources {
		if res.Type == queues.Type {
			r.planQueues[res.ID] = res.String("name")
		}
	}
	for _, res := range in.Plan.Resources {
		if strings.HasPrefix(res.Type, "pulumi:providers:") || res.Component {
			continue // neither is in Cloudflare; importFile adds the components the imports need
		}
		g, ok := GroupOf(res.Type)
		if !ok {
			return nil, fmt.Errorf("resource %q of type %s: the import does not know this type; teach internal/discovery (GroupOf, Reconcile) to find it", res.Name, res.Type)
		}
		if !sel[g] {
			continue
		}
		if err := r.match(g, res); err != nil {
			return nil, fmt.Errorf("resource %q of type %s: %w", res.Name, res.Type, err)
		}
	}
	r.unmanaged()
	for _, list := range [][]Entry{r.report.Import, r.report.Create, r.report.Unmanaged, r.report.Clashes} {
		sortEntries(list)
	}
	file, err := r.importFile()
	if err != nil {
		return nil, err
	}
	r.report.File = file
	return r.report, nil
}

type reconciler struct {
	in         Input
	sel        groupSet
	inv        inventoryIndex
	planQueues map[string]string // plan queue ID → Cloudflare name
	report     *Report
	imported   []plan.Resource // the plan resources of report.Import, in match order
	// matched account resources, by kind and key, for Unmanaged
	matched map[string]bool
}

func (r *reconciler) mark(kind, key string) {
	if r.matched == nil {
		r.matched = map[string]bool{}
	}
	r.matched[kind+"\x00"+key] = true
}

func (r *reconciler) isMatched(kind, key string) bool { return r.matched[kind+"\x00"+key] }

func (r *reconciler) importEntry(res plan.Resource, e Entry) {
	r.report.Import = append(r.report.Import, e)
	r.imported = append(r.imported, res)
}

func (r *reconciler) match(g Group, res plan.Resource) error {
	acct := r.in.AccountID
	e := Entry{Group: g, Type: res.Type, Name: res.Name}
	switch res.Type {
	case databases.Type:
		name, err := required(res, "name")
		if err != nil {
			return err
		}
		e.CloudflareName = name
		if id := r.in.D1IDs[res.Name]; id != "" {
			db, ok := r.inv.d1ByID[id]
			switch {
			case !ok:
				e.ID = D1ImportID(acct, id)
				e.Detail = fmt.Sprintf("config %s gives %s the ID %s, but the account has no D1 database with that ID", config.KeyD1DatabaseIDs, res.Name, id)
				if other, ok := r.inv.d1ByName[name]; ok {
					e.Detail += fmt.Sprintf(" (its D1 database %q has the ID %s)", name, other.ID)
					r.mark("d1", other.ID)
				}
				r.clash(e)
			case db.Name != name:
				e.ID = D1ImportID(acct, id)
				e.Detail = fmt.Sprintf("config %s gives %s the ID %s, but in the account that ID is the D1 database %q, not %q", config.KeyD1DatabaseIDs, res.Name, id, db.Name, name)
				r.mark("d1", id)
				if other, ok := r.inv.d1ByName[name]; ok {
					e.Detail += fmt.Sprintf(" (%q has the ID %s)", name, other.ID)
					r.mark("d1", other.ID)
				}
				r.clash(e)
			default:
				e.ID = D1ImportID(acct, db.ID)
				r.mark("d1", db.ID)
				r.importEntry(res, e)
			}
			return nil
		}
		if db, ok := r.inv.d1ByName[name]; ok {
			e.ID = D1ImportID(acct, db.ID)
			r.mark("d1", db.ID)
			r.importEntry(res, e)
			return nil
		}
		r.create(e)

	case storage.BucketType:
		name, err := required(res, "name")
		if err != nil {
			return err
		}
		e.CloudflareName = name
		if _, ok := r.inv.buckets[name]; ok {
			e.ID = BucketImportID(acct, name)
			r.mark("r2", name)
			r.importEntry(res, e)
			return nil
		}
		r.create(e)

	case queues.Type:
		name, err := required(res, "name")
		if err != nil {
			return err
		}
		e.CloudflareName = name
		if q, ok := r.inv.queueByName[name]; ok {
			e.ID = QueueImportID(acct, q.ID)
			r.mark("queue", q.ID)
			r.importEntry(res, e)
			return nil
		}
		r.create(e)

	case companion.VectorizeIndexType:
		name, err := required(res, "name")
		if err != nil {
			return err
		}
		e.CloudflareName = name
		ix, ok := r.inv.indexes[name]
		if !ok {
			r.create(e)
			return nil
		}
		r.mark("vectorize", name)
		e.ID = companion.VectorizeIndexID(acct, name)
		dims, metric := res.Int("dimensions"), res.String("metric")
		if ix.Dimensions != dims || ix.Metric != metric {
			e.Detail = fmt.Sprintf("the account's index has %d dimensions and the %s metric, the code %d and %s; importing it would make the next `pulumi up` replace it, deleting its vectors", ix.Dimensions, ix.Metric, dims, metric)
			r.clash(e)
			return nil
		}
		r.importEntry(res, e)

	case companion.WorkerScriptType:
		name, err := required(res, "name")
		if err != nil {
			return err
		}
		e.CloudflareName = name
		if _, ok := r.inv.scripts[name]; ok {
			e.ID = companion.WorkerScriptID(acct, name)
			r.mark("script", name)
			r.importEntry(res, e)
			return nil
		}
		r.create(e)

	case workers.CronType:
		script, err := required(res, "scriptName")
		if err != nil {
			return err
		}
		e.CloudflareName = script
		ct, ok := r.inv.crons[script]
		if !ok {
			if _, exists := r.inv.scripts[script]; exists {
				e.Detail = "the script exists but has no cron trigger"
			}
			r.create(e)
			return nil
		}
		r.mark("cron", script)
		e.ID = CronTriggerImportID(acct, script)
		if want := res.Strings("schedules"); !slices.Equal(sortedStrings(want), sortedStrings(ct.Crons)) {
			e.Detail = fmt.Sprintf("schedules differ: the account has %s, the code %s; `pulumi up` will set the code's", quoteList(ct.Crons), quoteList(want))
		}
		r.importEntry(res, e)

	case companion.QueueConsumerType:
		queueName, ok := r.planQueues[res.String("queueId")]
		if !ok {
			return fmt.Errorf("its queueId %q is not the ID of a queue of the plan", res.String("queueId"))
		}
		script, err := required(res, "scriptName")
		if err != nil {
			return err
		}
		e.CloudflareName = queueName + " → " + script
		q, ok := r.inv.queueByName[queueName]
		if !ok {
			e.Detail = "the queue does not exist yet"
			r.create(e)
			return nil
		}
		cs := r.inv.consumers[q.ID]
		idx := slices.IndexFunc(cs, func(c Consumer) bool { return c.Type == "worker" && c.Script == script })
		if idx < 0 {
			if len(cs) == 0 {
				r.create(e)
				return nil
			}
			c := cs[0]
			r.mark("consumer", c.ID)
			e.ID = companion.QueueConsumerID(acct, q.ID, c.ID)
			if c.Type == "worker" {
				e.Detail = fmt.Sprintf("queue %s is consumed by script %q, the code has %q consume it (a queue has one consumer)", queueName, c.Script, script)
			} else {
				e.Detail = fmt.Sprintf("queue %s has a %s consumer, the code a worker consumer (script %q)", queueName, c.Type, script)
			}
			r.clash(e)
			return nil
		}
		c := cs[idx]
		r.mark("consumer", c.ID)
		e.ID = companion.QueueConsumerID(acct, q.ID, c.ID)
		if want := res.String("deadLetterQueue"); want != c.DeadLetterQueue {
			e.Detail = fmt.Sprintf("dead letter queue differs: the account has %q, the code %q; `pulumi up` will set the code's", c.DeadLetterQueue, want)
		}
		r.importEntry(res, e)

	case companion.R2EventNotificationType:
		bucket, err := required(res, "bucketName")
		if err != nil {
			return err
		}
		queueName, ok := r.planQueues[res.String("queueId")]
		if !ok {
			return fmt.Errorf("its queueId %q is not the ID of a queue of the plan", res.String("queueId"))
		}
		e.CloudflareName = bucket + " → " + queueName
		n, ok := r.inv.events[bucket+"\x00"+queueName]
		if !ok {
			r.create(e)
			return nil
		}
		r.mark("event", bucket+"\x00"+n.QueueID)
		e.ID = companion.R2EventNotificationID(acct, bucket, n.QueueID)
		if want := planRules(res); !sameRules(want, n.Rules) {
			e.Detail = fmt.Sprintf("rules differ: the account has %s, the code %s; `pulumi up` will set the code's", describeRules(n.Rules), describeRules(want))
		}
		r.importEntry(res, e)

	case routes.RouteType:
		return r.matchRoute(e, res)

	case routes.DomainType:
		return r.matchDomain(e, res)

	default:
		return fmt.Errorf("the import does not know this type")
	}
	return nil
}

func (r *reconciler) create(e Entry) { r.report.Create = append(r.report.Create, e) }
func (r *reconciler) clash(e Entry)  { r.report.Clashes = append(r.report.Clashes, e) }

// unmanaged lists, for each selected group, what the account has that no
// plan resource matched.
func (r *reconciler) unmanaged() {
	acct := r.in.AccountID
	add := func(g Group, typ, name, id, detail string) {
		r.report.Unmanaged = append(r.report.Unmanaged, Entry{Group: g, Type: typ, CloudflareName: name, ID: id, Detail: detail})
	}
	inv := r.in.Inventory
	if r.sel[D1] {
		for _, db := range inv.D1Databases {
			if !r.isMatched("d1", db.ID) {
				add(D1, databases.Type, db.Name, D1ImportID(acct, db.ID), "")
			}
		}
	}
	if r.sel[R2] {
		for _, b := range inv.Buckets {
			if !r.isMatched("r2", b.Name) {
				add(R2, storage.BucketType, b.Name, BucketImportID(acct, b.Name), "")
			}
		}
	}
	if r.sel[Queues] {
		for _, q := range inv.Queues {
			if !r.isMatched("queue", q.ID) {
				add(Queues, queues.Type, q.Name, QueueImportID(acct, q.ID), "")
			}
		}
	}
	if r.sel[Vectorize] {
		for _, ix := range inv.VectorizeIndexes {
			if !r.isMatched("vectorize", ix.Name) {
				add(Vectorize, companion.VectorizeIndexType, ix.Name, companion.VectorizeIndexID(acct, ix.Name),
					fmt.Sprintf("%d dimensions, %s", ix.Dimensions, ix.Metric))
			}
		}
	}
	if r.sel[Workers] {
		for _, s := range inv.Scripts {
			if !r.isMatched("script", s.Name) {
				add(Workers, companion.WorkerScriptType, s.Name, companion.WorkerScriptID(acct, s.Name), "")
			}
		}
		for _, ct := range inv.CronTriggers {
			if !r.isMatched("cron", ct.Script) {
				add(Workers, workers.CronType, ct.Script, CronTriggerImportID(acct, ct.Script), "schedules "+quoteList(ct.Crons))
			}
		}
	}
	if r.sel[Consumers] {
		for _, c := range inv.Consumers {
			if r.isMatched("consumer", c.ID) {
				continue
			}
			name, detail := c.QueueName+" → "+c.Script, ""
			if c.Type != "worker" {
				name, detail = c.QueueName, c.Type+" consumer"
			}
			add(Consumers, companion.QueueConsumerType, name, companion.QueueConsumerID(acct, c.QueueID, c.ID), detail)
		}
	}
	r.unmanagedRouting()
	if r.sel[Events] {
		for _, n := range inv.EventNotifications {
			if !r.isMatched("event", n.Bucket+"\x00"+n.QueueID) {
				add(Events, companion.R2EventNotificationType, n.Bucket+" → "+n.QueueName,
					companion.R2EventNotificationID(acct, n.Bucket, n.QueueID), "rules "+describeRules(n.Rules))
			}
		}
	}
}

// importFile builds the bulk import file of the Import entries. A resource
// whose parent is a component (a worker's service) needs that parent in the
// state: the file declares the component (`"component": true`, no ID), and
// `pulumi import` creates it in the state, or leaves it as it is when an
// earlier import created it (pulumi/pkg/v3 resource/deploy/import.go:
// an existing resource whose ID matches, "" for a component, is skipped).
func (r *reconciler) importFile() (ImportFile, error) {
	f := ImportFile{Resources: []ImportResource{}}
	if len(r.report.Import) == 0 {
		return f, nil
	}
	// report.Import is sorted; r.imported is in match order: pair them up.
	byRef := map[plan.Ref]plan.Resource{}
	for _, res := range r.imported {
		byRef[res.Ref()] = res
	}
	// The components the imported resources sit in, outermost first.
	var components []plan.Resource
	inFile := map[plan.Ref]bool{}
	var addParents func(res plan.Resource) error
	addParents = func(res plan.Resource) error {
		parent, ok, err := r.in.Plan.ParentOf(res)
		if err != nil || !ok || !parent.Component || inFile[parent.Ref()] {
			return err
		}
		if err := addParents(parent); err != nil {
			return err
		}
		inFile[parent.Ref()] = true
		components = append(components, parent)
		return nil
	}
	for _, e := range r.report.Import {
		if err := addParents(byRef[plan.Ref{Type: e.Type, Name: e.Name}]); err != nil {
			return f, err
		}
	}
	sort.Slice(components, func(i, j int) bool {
		a, b := components[i], components[j]
		if da, db := depth(r.in.Plan, a), depth(r.in.Plan, b); da != db {
			return da < db // a parent before its children
		}
		return a.Type+"::"+a.Name < b.Type+"::"+b.Name
	})

	var refs []plan.Ref
	for _, c := range components {
		refs = append(refs, c.Ref())
	}
	for _, e := range r.report.Import {
		refs = append(refs, plan.Ref{Type: e.Type, Name: e.Name})
	}
	uses := map[string]int{}
	for _, ref := range refs {
		uses[ref.Name]++
	}
	handles := map[plan.Ref]string{}
	for _, ref := range refs {
		h := ref.Name
		if uses[ref.Name] > 1 {
			h = ref.Name + typeName(ref.Type)
		}
		handles[ref] = h
	}
	taken := map[string]bool{}
	for _, h := range handles {
		taken[h] = true
	}
	nameTable := map[string]string{}
	tableHandle := func(want, urn string) string {
		h := want
		for i := 2; taken[h] && nameTable[h] != urn; i++ {
			h = fmt.Sprintf("%s%d", want, i)
		}
		taken[h] = true
		nameTable[h] = urn
		return h
	}
	spec := func(res plan.Resource, ref plan.Ref, id string) (ImportResource, error) {
		spec := ImportResource{Type: ref.Type, Name: handles[ref], ID: id, Component: res.Component}
		if spec.Name != ref.Name {
			spec.LogicalName = ref.Name
		}
		parent, ok, err := r.in.Plan.ParentOf(res)
		if err != nil {
			return spec, err
		}
		if ok {
			if h, ok := handles[parent.Ref()]; ok {
				spec.Parent = h
			} else {
				urn, err := r.in.Plan.URN(r.project(), parent)
				if err != nil {
					return spec, err
				}
				spec.Parent = tableHandle(parent.Name, urn)
			}
		}
		if p := r.in.Providers[ref]; p != "" {
			provider, err := r.resolveProvider(p)
			if err != nil {
				return spec, fmt.Errorf("resource %q of type %s: provider: %w", res.Name, res.Type, err)
			}
			urn, err := r.in.Plan.URN(r.project(), provider)
			if err != nil {
				return spec, err
			}
			spec.Provider = tableHandle(provider.Name, urn)
		}
		return spec, nil
	}
	for _, c := range components {
		s, err := spec(c, c.Ref(), "")
		if err != nil {
			return f, err
		}
		f.Resources = append(f.Resources, s)
	}
	for _, e := range r.report.Import {
		ref := plan.Ref{Type: e.Type, Name: e.Name}
		s, err := spec(byRef[ref], ref, e.ID)
		if err != nil {
			return f, err
		}
		f.Resources = append(f.Resources, s)
	}
	if len(nameTable) > 0 {
		f.NameTable = nameTable
	}
	return f, nil
}

// depth is how many parents res has in the plan.
func depth(p *plan.Plan, res plan.Resource) int {
	parent, ok, err := p.ParentOf(res)
	if err != nil || !ok {
		return 0
	}
	return 1 + depth(p, parent)
}

// resolveProvider finds the explicit provider of that logical name in the
// plan (plan.Registration.Provider records providers by name).
func (r *reconciler) resolveProvider(name string) (plan.Resource, error) {
	var found []plan.Resource
	for _, res := range r.in.Plan.Resources {
		if res.Name == name && strings.HasPrefix(res.Type, "pulumi:providers:") {
			found = append(found, res)
		}
	}
	switch len(found) {
	case 0:
		return plan.Resource{}, fmt.Errorf("%q is not in the plan", name)
	case 1:
		return found[0], nil
	}
	return plan.Resource{}, fmt.Errorf("%q names %d providers of the plan", name, len(found))
}

// project is the Pulumi project of the URNs.
func (r *reconciler) project() string {
	if r.in.Project == "" {
		return config.Project
	}
	return r.in.Project
}

// inventoryIndex is the Inventory by the keys Reconcile matches on.
type inventoryIndex struct {
	d1ByID, d1ByName map[string]D1Database
	buckets          map[string]Bucket
	queueByName      map[string]Queue
	consumers        map[string][]Consumer // by queue ID
	indexes          map[string]VectorizeIndex
	scripts          map[string]Script
	crons            map[string]CronTrigger       // by script
	events           map[string]EventNotification // by bucket + "\x00" + queue name
	routes           map[string]Route             // by routeKey(zone ID, pattern)
	domains          map[string]Domain            // by hostname
}

func indexInventory(inv Inventory) inventoryIndex {
	x := inventoryIndex{
		d1ByID: map[string]D1Database{}, d1ByName: map[string]D1Database{},
		buckets: map[string]Bucket{}, queueByName: map[string]Queue{}, consumers: map[string][]Consumer{},
		indexes: map[string]VectorizeIndex{}, scripts: map[string]Script{}, crons: map[string]CronTrigger{},
		events: map[string]EventNotification{}, routes: map[string]Route{}, domains: map[string]Domain{},
	}
	for _, rt := range inv.Routes {
		x.routes[routeKey(rt.ZoneID, rt.Pattern)] = rt
	}
	for _, d := range inv.Domains {
		x.domains[d.Hostname] = d
	}
	for _, db := range inv.D1Databases {
		x.d1ByID[db.ID], x.d1ByName[db.Name] = db, db
	}
	for _, b := range inv.Buckets {
		x.buckets[b.Name] = b
	}
	for _, q := range inv.Queues {
		x.queueByName[q.Name] = q
	}
	for _, c := range inv.Consumers {
		x.consumers[c.QueueID] = append(x.consumers[c.QueueID], c)
	}
	for _, ix := range inv.VectorizeIndexes {
		x.indexes[ix.Name] = ix
	}
	for _, s := range inv.Scripts {
		x.scripts[s.Name] = s
	}
	for _, ct := range inv.CronTriggers {
		x.crons[ct.Script] = ct
	}
	for _, n := range inv.EventNotifications {
		x.events[n.Bucket+"\x00"+n.QueueName] = n
	}
	return x
}

// sortEntries orders entries by group (migration order), type, name, then
// Cloudflare name.
func sortEntries(list []Entry) {
	rank := map[Group]int{}
	for i, g := range AllGroups {
		rank[g] = i
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Group != b.Group {
			return rank[a.Group] < rank[b.Group]
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.CloudflareName < b.CloudflareName
	})
}

// required is a name input that must be known (not secret, not unknown).
func required(res plan.Resource, key string) (string, error) {
	s := res.String(key)
	if s == "" || s == plan.Secret || s == "[unknown]" {
		return "", fmt.Errorf("input %q is not a known name (got %q)", key, s)
	}
	return s, nil
}

func planRules(res plan.Resource) []EventRule {
	list, _ := res.Inputs["rules"].([]any)
	var out []EventRule
	for _, v := range list {
		m, _ := v.(map[string]any)
		rule := EventRule{}
		rule.Prefix, _ = m["prefix"].(string)
		rule.Suffix, _ = m["suffix"].(string)
		for _, a := range asSlice(m["actions"]) {
			if s, ok := a.(string); ok {
				rule.Actions = append(rule.Actions, s)
			}
		}
		out = append(out, rule)
	}
	return out
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

func sameRules(a, b []EventRule) bool {
	key := func(rs []EventRule) []string {
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = r.Prefix + "\x00" + r.Suffix + "\x00" + strings.Join(sortedStrings(r.Actions), ",")
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(key(a), key(b))
}

func describeRules(rs []EventRule) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		s := strings.Join(r.Actions, ",")
		if r.Prefix != "" {
			s += " prefix " + r.Prefix
		}
		if r.Suffix != "" {
			s += " suffix " + r.Suffix
		}
		parts[i] = "[" + s + "]"
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " ")
}

// sortedStrings returns a sorted copy.
func sortedStrings(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
