// Package bindings turns a worker's bindings in the estate model into the
// companion WorkerScript's binding inputs, pointing each at the resource
// of the same stack. Using the target's outputs (its ID or name) is what
// makes Pulumi create each worker after what it binds, with no DependsOn.
package bindings

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/dome/dome-infra/internal/databases"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/queues"
	"github.com/dome/dome-infra/internal/storage"
	"github.com/dome/dome-infra/internal/vectorize"
	"github.com/dome/dome-infra/sdk/go/domecloudflare"
)

// Targets are the stack's resources that bindings can point at.
type Targets struct {
	Databases map[string]databases.Database
	Buckets   map[string]storage.Bucket
	Indexes   map[string]vectorize.Index
	Queues    map[string]queues.Queue
	// Workers are the script names of workers already registered; a service
	// binding can only point at one of these.
	Workers map[string]pulumi.StringOutput
	// Secret returns the secret stack config value of a secret_text binding.
	Secret func(key string) (pulumi.StringOutput, bool)
}

// Apply sets args' bindings from the worker's, in the model's order.
func Apply(args *domecloudflare.WorkerScriptArgs, w estate.Worker, t Targets) error {
	var (
		d1       domecloudflare.D1DatabaseBindingArray
		r2       domecloudflare.R2BucketBindingArray
		vec      domecloudflare.VectorizeBindingArray
		queue    domecloudflare.QueueBindingArray
		service  domecloudflare.ServiceBindingArray
		plain    domecloudflare.PlainTextBindingArray
		jsonVars domecloudflare.JsonBindingArray
		secret   domecloudflare.SecretTextBindingArray
		kv       domecloudflare.KvNamespaceBindingArray
		analytic domecloudflare.AnalyticsEngineBindingArray
	)
	missing := func(b estate.Binding, what string) error {
		return fmt.Errorf("worker %q binding %s: %s %q is not in this stack", w.Name, b.Name, what, b.Target)
	}
	for _, b := range w.Bindings {
		name := pulumi.String(b.Name)
		switch b.Kind {
		case estate.AI:
			args.AiBinding = domecloudflare.AiBindingArgs{Name: name}
		case estate.D1:
			db, ok := t.Databases[b.Target]
			if !ok {
				return missing(b, "D1 database")
			}
			d1 = append(d1, domecloudflare.D1DatabaseBindingArgs{Name: name, DatabaseId: db.ID})
		case estate.R2:
			bucket, ok := t.Buckets[b.Target]
			if !ok {
				return missing(b, "R2 bucket")
			}
			r2 = append(r2, domecloudflare.R2BucketBindingArgs{Name: name, BucketName: bucket.Name})
		case estate.Vectorize:
			idx, ok := t.Indexes[b.Target]
			if !ok {
				return missing(b, "Vectorize index")
			}
			vec = append(vec, domecloudflare.VectorizeBindingArgs{Name: name, IndexName: idx.Name})
		case estate.QueueProducer:
			q, ok := t.Queues[b.Target]
			if !ok {
				return missing(b, "queue")
			}
			queue = append(queue, domecloudflare.QueueBindingArgs{Name: name, Queue: q.Name})
		case estate.Service:
			script, ok := t.Workers[b.Target]
			if !ok {
				return missing(b, "worker")
			}
			service = append(service, domecloudflare.ServiceBindingArgs{Name: name, Service: script})
		case estate.PlainText:
			plain = append(plain, domecloudflare.PlainTextBindingArgs{Name: name, Text: pulumi.String(b.Text)})
		case estate.JSON:
			jsonVars = append(jsonVars, domecloudflare.JsonBindingArgs{Name: name, Json: pulumi.String(b.Text)})
		case estate.SecretText:
			value, ok := t.Secret(b.Target)
			if !ok {
				return fmt.Errorf("worker %q binding %s: secret config %q is not set; run `pulumi config set --secret %s <value>`",
					w.Name, b.Name, b.Target, b.Target)
			}
			secret = append(secret, domecloudflare.SecretTextBindingArgs{Name: name, Text: value})
		case estate.KVNamespace:
			kv = append(kv, domecloudflare.KvNamespaceBindingArgs{Name: name, NamespaceId: pulumi.String(b.Target)})
		case estate.AnalyticsEngine:
			analytic = append(analytic, domecloudflare.AnalyticsEngineBindingArgs{Name: name, Dataset: pulumi.String(b.Target)})
		default:
			return fmt.Errorf("worker %q binding %s: unknown kind %q", w.Name, b.Name, b.Kind)
		}
	}
	args.D1DatabaseBindings = d1
	args.R2BucketBindings = r2
	args.VectorizeBindings = vec
	args.QueueBindings = queue
	args.ServiceBindings = service
	args.PlainTextBindings = plain
	args.JsonBindings = jsonVars
	args.SecretTextBindings = secret
	args.KvNamespaceBindings = kv
	args.AnalyticsEngineBindings = analytic
	return nil
}
