// Package discovery finds what a Cloudflare account already has, with
// read-only calls, and reconciles it with what the program manages, for
// `scripts/import`: the hand-made production estate is imported into Pulumi,
// never recreated.
//
//   - Discover lists the account's resources of the selected groups (GET
//     requests only, through cloudflare-go v6, following pagination) into
//     an Inventory.
//   - Reconcile matches the program's plan (internal/plan) against the
//     Inventory: what will be imported (with each type's import ID), what
//     will be created, what the account has that the code does not
//     (unmanaged, never touched) and what clashes; and builds the bulk
//     import file of `pulumi import --file`.
//
// Package discoverytest seeds the cloudflaretest emulator with the
// hand-made production estate, derived from the prod plan.
package discovery

import (
	"context"
	"encoding/json"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/d1"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/cloudflare/cloudflare-go/v6/queues"
	"github.com/cloudflare/cloudflare-go/v6/r2"
	"github.com/cloudflare/cloudflare-go/v6/vectorize"
	"github.com/cloudflare/cloudflare-go/v6/workers"

	"github.com/dome/dome-infra/internal/cfapi"
)

// Inventory is what the account has, for the groups that were discovered.
// Lists are in the API's order.
type Inventory struct {
	AccountID string
	// Groups are the groups discovered; a kind outside them is unknown, not
	// absent.
	Groups             []Group
	D1Databases        []D1Database
	Buckets            []Bucket
	Queues             []Queue
	Consumers          []Consumer
	VectorizeIndexes   []VectorizeIndex
	Scripts            []Script
	CronTriggers       []CronTrigger
	EventNotifications []EventNotification
	// Routes are the routes of the zones the stack names (WithZones);
	// Domains the account's Workers custom domains.
	Routes  []Route
	Domains []Domain
}

// D1Database is a D1 database.
type D1Database struct {
	Name string `json:"name"`
	ID   string `json:"id"` // UUID
}

// Bucket is an R2 bucket.
type Bucket struct {
	Name string `json:"name"`
	// Jurisdiction is "eu" or "fedramp" for a bucket in that jurisdiction, ""
	// for the default one. Such a bucket is listed, read and configured only
	// with the cf-r2-jurisdiction header naming it.
	Jurisdiction string `json:"jurisdiction,omitempty"`
}

// R2Jurisdictions are R2's jurisdictions besides the default one. Cloudflare
// lists a jurisdiction's buckets only when the request's cf-r2-jurisdiction
// header names it ("When passing the -J flag, you will only be able to
// interact with R2 resources within that jurisdiction", wrangler 3.8.0;
// cloudflare-go v6's r2 params carry the header as Jurisdiction), so
// discovery lists each one in turn. "us" is newer than cloudflare-go v6.3.0's
// constants (Cloudflare changelog, 2026-08-17); the header takes it as is.
var R2Jurisdictions = []string{"eu", "fedramp", "us"}

// Queue is a queue.
type Queue struct {
	Name string `json:"name"`
	ID   string `json:"id"`
}

// Consumer is a queue's consumer.
type Consumer struct {
	ID        string `json:"id"`
	QueueID   string `json:"queueId"`
	QueueName string `json:"queueName"`
	// Type is "worker" or "http_pull".
	Type string `json:"type"`
	// Script is the consuming worker's script name (worker consumers).
	Script          string `json:"script,omitempty"`
	DeadLetterQueue string `json:"deadLetterQueue,omitempty"`
}

// VectorizeIndex is a Vectorize (v2) index and its shape.
type VectorizeIndex struct {
	Name       string `json:"name"`
	Dimensions int    `json:"dimensions"`
	Metric     string `json:"metric"`
}

// Script is a Workers script.
type Script struct {
	Name string `json:"name"`
}

// CronTrigger is the cron schedules of one script that has any.
type CronTrigger struct {
	Script string   `json:"script"`
	Crons  []string `json:"crons"`
}

// EventNotification is the rules by which a bucket sends events to a queue.
type EventNotification struct {
	Bucket    string      `json:"bucket"`
	QueueID   string      `json:"queueId"`
	QueueName string      `json:"queueName"`
	Rules     []EventRule `json:"rules"`
}

// EventRule is one event notification rule.
type EventRule struct {
	Actions []string `json:"actions"`
	Prefix  string   `json:"prefix,omitempty"`
	Suffix  string   `json:"suffix,omitempty"`
}

// Option tunes Discover.
type Option func(*settings)

type settings struct {
	pageSize int
	zones    map[string]string // zone name → ID (WithZones)
}

// WithPageSize asks for pages of n items from the lists Cloudflare pages
// (D1 databases, R2 buckets); 0 keeps Cloudflare's default. The other lists
// are single pages in the API.
func WithPageSize(n int) Option { return func(s *settings) { s.pageSize = n } }

// Discover lists the account's resources of the given groups (nil: every
// group) with GET requests only, following pagination. It calls only the
// endpoints of those groups; a 403 is a *PermissionError naming the
// permission group the token lacks.
func Discover(ctx context.Context, client *cloudflare.Client, accountID string, groups []Group, opts ...Option) (Inventory, error) {
	var st settings
	for _, o := range opts {
		o(&st)
	}
	sel := newGroupSet(groups)
	d := discoverer{ctx: ctx, client: client, account: accountID, settings: st}
	inv := Inventory{AccountID: accountID, Groups: sel.list()}
	var err error
	if sel[D1] {
		if inv.D1Databases, err = d.d1(); err != nil {
			return inv, err
		}
	}
	if sel[R2] || sel[Events] {
		if inv.Buckets, err = d.buckets(); err != nil {
			return inv, err
		}
	}
	if sel[Queues] || sel[Consumers] {
		if inv.Queues, err = d.queues(); err != nil {
			return inv, err
		}
	}
	if sel[Vectorize] {
		if inv.VectorizeIndexes, err = d.vectorize(); err != nil {
			return inv, err
		}
	}
	if sel[Workers] {
		if inv.Scripts, inv.CronTriggers, err = d.scripts(); err != nil {
			return inv, err
		}
	}
	if sel[Routes] {
		if inv.Routes, err = d.routes(); err != nil {
			return inv, err
		}
	}
	if sel[Domains] {
		if inv.Domains, err = d.domains(); err != nil {
			return inv, err
		}
	}
	if sel[Consumers] {
		for _, q := range inv.Queues {
			cs, err := d.consumers(q)
			if err != nil {
				return inv, err
			}
			inv.Consumers = append(inv.Consumers, cs...)
		}
	}
	if sel[Events] {
		for _, b := range inv.Buckets {
			ns, err := d.events(b)
			if err != nil {
				return inv, err
			}
			inv.EventNotifications = append(inv.EventNotifications, ns...)
		}
	}
	return inv, nil
}

type discoverer struct {
	ctx      context.Context
	client   *cloudflare.Client
	account  string
	settings settings
}

func (d discoverer) d1() ([]D1Database, error) {
	const op = "listing D1 databases"
	params := d1.DatabaseListParams{AccountID: cloudflare.F(d.account)}
	if n := d.settings.pageSize; n > 0 {
		params.PerPage = cloudflare.F(float64(n))
	}
	out := []D1Database{}
	iter := d.client.D1.Database.ListAutoPaging(d.ctx, params)
	for iter.Next() {
		db := iter.Current()
		out = append(out, D1Database{Name: db.Name, ID: db.UUID})
	}
	if err := iter.Err(); err != nil {
		return nil, wrap(op, PermD1Read, err)
	}
	return out, nil
}

// buckets lists the buckets of the default jurisdiction and of each of
// R2Jurisdictions.
func (d discoverer) buckets() ([]Bucket, error) {
	out, err := d.bucketsIn("")
	if err != nil {
		return nil, err
	}
	for _, j := range R2Jurisdictions {
		in, err := d.bucketsIn(j)
		if err != nil {
			return nil, err
		}
		out = append(out, in...)
	}
	return out, nil
}

// bucketsIn lists the buckets of one jurisdiction ("" = default), following
// R2's cursor pagination. The SDK's List returns only the result, so the
// whole envelope (with result_info.cursor) is decoded into env through
// WithResponseBodyInto.
func (d discoverer) bucketsIn(jurisdiction string) ([]Bucket, error) {
	op := "listing R2 buckets"
	if jurisdiction != "" {
		op += " in jurisdiction " + jurisdiction
	}
	out := []Bucket{}
	cursor := ""
	for {
		params := r2.BucketListParams{AccountID: cloudflare.F(d.account)}
		if jurisdiction != "" {
			params.Jurisdiction = cloudflare.F(r2.BucketListParamsCfR2Jurisdiction(jurisdiction))
		}
		if n := d.settings.pageSize; n > 0 {
			params.PerPage = cloudflare.F(float64(n))
		}
		if cursor != "" {
			params.Cursor = cloudflare.F(cursor)
		}
		var env r2.BucketListResponseEnvelope
		if _, err := d.client.R2.Buckets.List(d.ctx, params, option.WithResponseBodyInto(&env)); err != nil {
			return nil, wrap(op, PermR2Read, err)
		}
		for _, b := range env.Result.Buckets {
			out = append(out, Bucket{Name: b.Name, Jurisdiction: jurisdiction})
		}
		next := env.ResultInfo.Cursor
		if next == "" || next == cursor || len(env.Result.Buckets) == 0 {
			return out, nil
		}
		cursor = next
	}
}

func (d discoverer) queues() ([]Queue, error) {
	const op = "listing queues"
	out := []Queue{}
	iter := d.client.Queues.ListAutoPaging(d.ctx, queues.QueueListParams{AccountID: cloudflare.F(d.account)})
	for iter.Next() {
		q := iter.Current()
		out = append(out, Queue{Name: q.QueueName, ID: q.QueueID})
	}
	if err := iter.Err(); err != nil {
		return nil, wrap(op, PermQueuesRead, err)
	}
	return out, nil
}

func (d discoverer) consumers(q Queue) ([]Consumer, error) {
	op := "listing the consumers of queue " + q.Name
	var out []Consumer
	iter := d.client.Queues.Consumers.ListAutoPaging(d.ctx, q.ID, queues.ConsumerListParams{AccountID: cloudflare.F(d.account)})
	for iter.Next() {
		c := iter.Current()
		out = append(out, Consumer{
			ID: c.ConsumerID, QueueID: q.ID, QueueName: q.Name,
			Type: string(c.Type), Script: c.Script,
			DeadLetterQueue: deadLetterQueue(c.JSON.RawJSON()),
		})
	}
	if err := iter.Err(); err != nil {
		if cfapi.IsNotFound(err) {
			return nil, nil // deleted since it was listed
		}
		return nil, wrap(op, PermQueuesRead, err)
	}
	return out, nil
}

// deadLetterQueue reads dead_letter_queue, which the API returns but the
// SDK's Consumer type does not declare.
func deadLetterQueue(raw string) string {
	var v struct {
		DeadLetterQueue string `json:"dead_letter_queue"`
	}
	_ = json.Unmarshal([]byte(raw), &v)
	return v.DeadLetterQueue
}

func (d discoverer) vectorize() ([]VectorizeIndex, error) {
	const op = "listing Vectorize indexes"
	out := []VectorizeIndex{}
	iter := d.client.Vectorize.Indexes.ListAutoPaging(d.ctx, vectorize.IndexListParams{AccountID: cloudflare.F(d.account)})
	for iter.Next() {
		ix := iter.Current()
		out = append(out, VectorizeIndex{Name: ix.Name, Dimensions: int(ix.Config.Dimensions), Metric: string(ix.Config.Metric)})
	}
	if err := iter.Err(); err != nil {
		return nil, wrap(op, PermVectorizeRead, err)
	}
	return out, nil
}

// scripts lists the scripts, then reads each one's cron schedules.
func (d discoverer) scripts() ([]Script, []CronTrigger, error) {
	const op = "listing Workers scripts"
	scripts := []Script{}
	iter := d.client.Workers.Scripts.ListAutoPaging(d.ctx, workers.ScriptListParams{AccountID: cloudflare.F(d.account)})
	for iter.Next() {
		scripts = append(scripts, Script{Name: iter.Current().ID})
	}
	if err := iter.Err(); err != nil {
		return nil, nil, wrap(op, PermWorkersScriptsRead, err)
	}
	crons := []CronTrigger{}
	for _, s := range scripts {
		res, err := d.client.Workers.Scripts.Schedules.Get(d.ctx, s.Name, workers.ScriptScheduleGetParams{AccountID: cloudflare.F(d.account)})
		if err != nil {
			if cfapi.IsNotFound(err) {
				continue // deleted since it was listed
			}
			return nil, nil, wrap("reading the cron triggers of script "+s.Name, PermWorkersScriptsRead, err)
		}
		var ct CronTrigger
		for _, sc := range res.Schedules {
			ct.Crons = append(ct.Crons, sc.Cron)
		}
		if len(ct.Crons) > 0 {
			ct.Script = s.Name
			crons = append(crons, ct)
		}
	}
	return scripts, crons, nil
}

// events reads a bucket's event notification configuration, in the bucket's
// jurisdiction. A 404 is a bucket without one.
func (d discoverer) events(b Bucket) ([]EventNotification, error) {
	bucket := b.Name
	params := r2.BucketEventNotificationListParams{AccountID: cloudflare.F(d.account)}
	if b.Jurisdiction != "" {
		params.Jurisdiction = cloudflare.F(r2.BucketEventNotificationListParamsCfR2Jurisdiction(b.Jurisdiction))
	}
	res, err := d.client.R2.Buckets.EventNotifications.List(d.ctx, bucket, params)
	if err != nil {
		if cfapi.IsNotFound(err) {
			return nil, nil
		}
		return nil, wrap("reading the event notifications of bucket "+bucket, PermR2Read, err)
	}
	var out []EventNotification
	for _, q := range res.Queues {
		n := EventNotification{Bucket: bucket, QueueID: q.QueueID, QueueName: q.QueueName}
		for _, r := range q.Rules {
			rule := EventRule{Prefix: r.Prefix, Suffix: r.Suffix}
			for _, a := range r.Actions {
				rule.Actions = append(rule.Actions, string(a))
			}
			n.Rules = append(n.Rules, rule)
		}
		out = append(out, n)
	}
	return out, nil
}
