// Package discoverytest seeds the cloudflaretest emulator with an estate
// derived from a stack's plan, for tests of the import and end-to-end tests
// that need "the account as it is by hand": SeedStack(t, s, dir, "prod") is
// the hand-made production estate, every resource of the prod plan with
// the prod names and the two production D1 IDs of Pulumi.prod.yaml.
//
// The seed is derived from the plan itself (plan.RunStack of the real
// program), never from a second list, so it follows the estate model.
package discoverytest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/databases"
	"github.com/dome/dome-infra/internal/discovery"
	"github.com/dome/dome-infra/internal/plan"
	"github.com/dome/dome-infra/internal/program"
	"github.com/dome/dome-infra/internal/queues"
	"github.com/dome/dome-infra/internal/routes"
	"github.com/dome/dome-infra/internal/storage"
	"github.com/dome/dome-infra/internal/workers"
)

// Seeded is what a seed put in the emulator.
type Seeded struct {
	AccountID string
	// Plan is the plan the seed was derived from.
	Plan *plan.Plan
	// Config is the stack's config (SeedStack only).
	Config config.Config
	// D1IDs, QueueIDs and ConsumerIDs are the emulator's IDs: D1 by
	// database name, queues by queue name, consumers by queue name.
	D1IDs, QueueIDs, ConsumerIDs map[string]string
	// ImportIDs is the import ID of every seeded plan resource, in the form
	// of its type (what the import file must say).
	ImportIDs map[plan.Ref]string
}

// seedOrder is the order resources are created in: what a resource refers
// to comes first (queues before consumers and notifications, scripts before
// their cron triggers).
var seedOrder = []string{
	databases.Type, storage.BucketType, queues.Type, companion.VectorizeIndexType,
	companion.WorkerScriptType, workers.CronType, companion.QueueConsumerType, companion.R2EventNotificationType,
	routes.RouteType, routes.DomainType,
}

// SeedStack runs the stack's plan with its Pulumi.<stack>.yaml from
// projectDir and seeds s with every resource of it, in the stack's account;
// D1 databases get the stack's d1DatabaseIds. It fails the test on error.
func SeedStack(t testing.TB, s *cloudflaretest.Server, projectDir, stack string) Seeded {
	t.Helper()
	_, cfg, err := config.LoadStack(projectDir, stack)
	if err != nil {
		t.Fatalf("discoverytest: %v", err)
	}
	p, _, err := plan.RunStack(projectDir, stack, program.Run)
	if err != nil {
		t.Fatalf("discoverytest: plan %s: %v", stack, err)
	}
	seeded, err := SeedFromPlan(s, cfg.AccountID, p, cfg.D1DatabaseIDs)
	if err != nil {
		t.Fatalf("discoverytest: %v", err)
	}
	seeded.Config = cfg
	return seeded
}

// SeedFromPlan creates every resource of the plan (providers aside) in the
// emulator's account, with the Cloudflare names, shapes and links the plan
// gives: D1 databases (with d1IDs by logical name, else generated IDs),
// buckets, queues, Vectorize indexes (dimensions, metric), worker scripts
// (code, compatibility date, observability, bindings), cron
// schedules, queue consumers (script, dead letter queue, settings) and
// event notifications (rules).
func SeedFromPlan(s *cloudflaretest.Server, accountID string, p *plan.Plan, d1IDs map[string]string) (Seeded, error) {
	out := Seeded{
		AccountID: accountID, Plan: p,
		D1IDs: map[string]string{}, QueueIDs: map[string]string{}, ConsumerIDs: map[string]string{},
		ImportIDs: map[plan.Ref]string{},
	}
	planQueues := map[string]string{} // plan queue ID → name
	planD1 := map[string]string{}     // plan D1 ID → name
	for _, r := range p.Resources {
		if strings.HasPrefix(r.Type, "pulumi:providers:") || r.Component {
			continue // not in Cloudflare
		}
		if _, ok := discovery.GroupOf(r.Type); !ok {
			return out, fmt.Errorf("resource %q of type %s: the seed does not know this type", r.Name, r.Type)
		}
		switch r.Type {
		case queues.Type:
			planQueues[r.ID] = r.String("name")
		case databases.Type:
			planD1[r.ID] = r.String("name")
		}
	}
	for _, typ := range seedOrder {
		for _, r := range p.Resources {
			if r.Type != typ {
				continue
			}
			id, err := seed(s, accountID, r, d1IDs, planQueues, planD1, &out)
			if err != nil {
				return out, fmt.Errorf("seeding %s %q: %w", typeName(r.Type), r.Name, err)
			}
			out.ImportIDs[plan.Ref{Type: r.Type, Name: r.Name}] = id
		}
	}
	return out, nil
}

func seed(s *cloudflaretest.Server, acct string, r plan.Resource, d1IDs, planQueues, planD1 map[string]string, out *Seeded) (string, error) {
	switch r.Type {
	case databases.Type:
		name := r.String("name")
		s.SeedD1(acct, name, d1IDs[r.Name])
		db, ok := s.D1DatabaseByName(acct, name)
		if !ok {
			return "", fmt.Errorf("D1 database %q was not created", name)
		}
		out.D1IDs[name] = db.UUID
		return discovery.D1ImportID(acct, db.UUID), nil

	case storage.BucketType:
		name := r.String("name")
		s.SeedBucket(acct, name)
		return discovery.BucketImportID(acct, name), nil

	case queues.Type:
		name := r.String("name")
		id := s.SeedQueue(acct, name)
		out.QueueIDs[name] = id
		return discovery.QueueImportID(acct, id), nil

	case companion.VectorizeIndexType:
		name := r.String("name")
		s.SeedDescribedVectorizeIndex(acct, name, r.String("description"), r.Int("dimensions"), r.String("metric"))
		return companion.VectorizeIndexID(acct, name), nil

	case companion.WorkerScriptType:
		name := r.String("name")
		sc := cloudflaretest.ScriptState{Name: name, CompatibilityDate: r.String("compatibilityDate")}
		code := r.String("content")
		if code == "" || code == plan.Secret {
			// External code (the plan has none): the worker runs whatever
			// the application deployed.
			code = "export default { async fetch() { return new Response(\"" + name + "\"); } };\n"
		}
		sc.MainModule = "index.js"
		sc.Modules = []cloudflaretest.Module{{Name: "index.js", ContentType: "application/javascript+module", Content: []byte(code)}}
		if on, ok := r.Inputs["workersDev"].(bool); ok {
			sc.WorkersDev.Enabled = on
		}
		if o, ok := r.Inputs["observability"].(map[string]any); ok {
			enabled, _ := o["enabled"].(bool)
			sc.Observability = &cloudflaretest.Observability{Enabled: enabled}
			if rate, ok := o["headSamplingRate"].(float64); ok {
				sc.Observability.HeadSamplingRate = &rate
			}
		}
		bindings, err := scriptBindings(r, func(planID string) (string, bool) {
			id, ok := out.D1IDs[planD1[planID]]
			return id, ok
		})
		if err != nil {
			return "", err
		}
		sc.Bindings = bindings
		s.SeedScript(acct, sc)
		return companion.WorkerScriptID(acct, name), nil

	case workers.CronType:
		script := r.String("scriptName")
		if err := s.SetSchedules(acct, script, r.Strings("schedules")...); err != nil {
			return "", err
		}
		return discovery.CronTriggerImportID(acct, script), nil

	case companion.QueueConsumerType:
		queueName, ok := planQueues[r.String("queueId")]
		if !ok {
			return "", fmt.Errorf("queueId %q is no queue of the plan", r.String("queueId"))
		}
		queueID := out.QueueIDs[queueName]
		id, err := s.SeedConsumer(acct, queueID, cloudflaretest.ConsumerState{
			ScriptName:      r.String("scriptName"),
			DeadLetterQueue: r.String("deadLetterQueue"),
			Settings: cloudflaretest.ConsumerSettings{
				BatchSize: r.Int("batchSize"), MaxRetries: r.Int("maxRetries"), MaxWaitTimeMs: r.Int("maxWaitTimeMs"),
				RetryDelay: r.Int("retryDelay"), MaxConcurrency: r.Int("maxConcurrency"),
			},
		})
		if err != nil {
			return "", err
		}
		out.ConsumerIDs[queueName] = id
		return companion.QueueConsumerID(acct, queueID, id), nil

	case companion.R2EventNotificationType:
		bucket := r.String("bucketName")
		queueName, ok := planQueues[r.String("queueId")]
		if !ok {
			return "", fmt.Errorf("queueId %q is no queue of the plan", r.String("queueId"))
		}
		queueID := out.QueueIDs[queueName]
		var rules []cloudflaretest.EventNotificationRule
		rs, _ := r.Inputs["rules"].([]any)
		for _, v := range rs {
			m, _ := v.(map[string]any)
			rule := cloudflaretest.EventNotificationRule{}
			rule.Prefix, _ = m["prefix"].(string)
			rule.Suffix, _ = m["suffix"].(string)
			as, _ := m["actions"].([]any)
			for _, a := range as {
				if s, ok := a.(string); ok {
					rule.Actions = append(rule.Actions, s)
				}
			}
			rules = append(rules, rule)
		}
		if err := s.SeedEventNotification(acct, bucket, queueID, rules...); err != nil {
			return "", err
		}
		return companion.R2EventNotificationID(acct, bucket, queueID), nil
	case routes.RouteType:
		// The zone must exist (cloudflaretest.Server.AddZone with the
		// stack's zone ID): the plan knows only its ID.
		zone := r.String("zoneId")
		return discovery.RouteImportID(zone, s.SeedRoute(zone, r.String("pattern"), r.String("scriptName"))), nil
	case routes.DomainType:
		return discovery.DomainImportID(acct, s.SeedDomain(acct, r.String("zoneId"), r.String("hostname"), r.String("service"))), nil
	}
	return "", fmt.Errorf("unknown type %s", r.Type)
}

// bindingFields maps each binding list of the WorkerScript's inputs to
// Cloudflare's binding type and the field that names its target.
var bindingFields = []struct {
	input, cfType, target string
}{
	{"d1DatabaseBindings", "d1", "databaseId"},
	{"r2BucketBindings", "r2_bucket", "bucketName"},
	{"vectorizeBindings", "vectorize", "indexName"},
	{"queueBindings", "queue", "queue"},
	{"serviceBindings", "service", "service"},
	{"kvNamespaceBindings", "kv_namespace", "namespaceId"},
	{"analyticsEngineBindings", "analytics_engine", "dataset"},
	{"plainTextBindings", "plain_text", "text"},
}

// scriptBindings are the plan's bindings of a worker as Cloudflare holds
// them; d1ID maps the plan's D1 IDs to the seeded ones. Secret text is not
// seeded: its value is not in the plan.
func scriptBindings(r plan.Resource, d1ID func(planID string) (string, bool)) ([]cloudflaretest.Binding, error) {
	var out []cloudflaretest.Binding
	if ai, ok := r.Inputs["aiBinding"].(map[string]any); ok {
		name, _ := ai["name"].(string)
		out = append(out, cloudflaretest.Binding{Name: name, Type: "ai"})
	}
	for _, f := range bindingFields {
		list, _ := r.Inputs[f.input].([]any)
		for _, v := range list {
			m, _ := v.(map[string]any)
			name, _ := m["name"].(string)
			target, _ := m[f.target].(string)
			b := cloudflaretest.Binding{Name: name, Type: f.cfType}
			switch f.cfType {
			case "d1":
				id, ok := d1ID(target)
				if !ok {
					return nil, fmt.Errorf("binding %s: D1 %q is not seeded", name, target)
				}
				b.ID = id
			case "r2_bucket":
				b.BucketName = target
			case "vectorize":
				b.IndexName = target
			case "queue":
				b.QueueName = target
			case "service":
				b.Service = target
			case "kv_namespace":
				b.NamespaceID = target
			case "analytics_engine":
				b.Dataset = target
			case "plain_text":
				b.Text = target
			}
			out = append(out, b)
		}
	}
	return out, nil
}

func typeName(typ string) string { return typ[strings.LastIndex(typ, ":")+1:] }
