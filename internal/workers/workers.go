// Package workers manages the estate's Workers: each script with all its
// bindings in one companion WorkerScript upload, and its cron triggers on
// pulumi-cloudflare v5.
package workers

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-cloudflare/sdk/v5/go/cloudflare"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/dome/dome-infra/internal/bindings"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/target"
	"github.com/dome/dome-infra/sdk/go/domecloudflare"
)

// CronType is the Pulumi type token of a worker's cron triggers.
const CronType = "cloudflare:index/workersCronTrigger:WorkersCronTrigger"

// Worker is a created worker.
type Worker struct {
	Logical  string
	Name     pulumi.StringOutput
	Script   *domecloudflare.WorkerScript
	Schedule *cloudflare.WorkersCronTrigger // nil without crons
}

// Settings are what the workers' code comes from.
type Settings struct {
	// Code maps a worker to where its code comes from: a bundle path,
	// config.Placeholder, or config.External (never uploaded).
	Code func(worker string) string
	// Read is the code of every worker whose code is not external, as
	// ReadBundles read and checked it before anything was registered.
	Read map[string]string
}

// Create registers every worker, each after the workers it binds as
// services, then each worker's cron triggers. targets.Workers is filled in
// as workers are created. opts go to every resource (the provider). Each
// worker's settings come from the stack's estate (config.Config.Apply).
func Create(ctx *pulumi.Context, t target.Target, s Settings, est estate.Estate, targets bindings.Targets, opts ...pulumi.ResourceOption) (map[string]Worker, error) {
	order, cycle := est.DeployOrder()
	if cycle != nil {
		return nil, fmt.Errorf("service bindings form a cycle %s", strings.Join(cycle, " → "))
	}
	if targets.Workers == nil {
		targets.Workers = map[string]pulumi.StringOutput{}
	}
	out := make(map[string]Worker, len(order))
	for _, w := range order {
		args := &domecloudflare.WorkerScriptArgs{
			AccountId:          t.Account(),
			Name:               pulumi.String(t.Names.Worker(w.Name)),
			CompatibilityDate:  pulumi.String(w.CompatibilityDate),
			CompatibilityFlags: stringsOrNil(w.CompatibilityFlags),
			Tags:               stringsOrNil(w.Tags),
			ExternalSecrets:    stringsOrNil(w.ExternalSecrets),
			WorkersDev:         pulumi.BoolPtr(w.Public),
			Observability: domecloudflare.WorkerObservabilityArgs{
				Enabled:          pulumi.Bool(w.Observability.Enabled),
				HeadSamplingRate: pulumi.Float64(w.Observability.HeadSamplingRate),
			},
		}
		switch source := s.Code(w.Name); source {
		case config.External:
			args.External = pulumi.BoolPtr(true)
		default:
			code, ok := s.Read[w.Name]
			if !ok {
				return nil, fmt.Errorf("worker %q: its bundle %q was not read before registration (workers.ReadBundles)", w.Name, source)
			}
			args.Content = pulumi.StringPtr(code)
			if source == config.Placeholder {
				args.Placeholder = pulumi.BoolPtr(true)
			}
		}
		if err := bindings.Apply(args, w, targets); err != nil {
			return nil, err
		}
		script, err := domecloudflare.NewWorkerScript(ctx, w.Name, args, t.Stateless(opts...)...)
		if err != nil {
			return nil, fmt.Errorf("worker %q: %w", w.Name, err)
		}
		targets.Workers[w.Name] = script.Name
		created := Worker{Logical: w.Name, Name: script.Name, Script: script}
		if len(w.Crons) > 0 {
			created.Schedule, err = cloudflare.NewWorkersCronTrigger(ctx, w.Name, &cloudflare.WorkersCronTriggerArgs{
				AccountId:  t.Account(),
				ScriptName: script.Name,
				Schedules:  pulumi.ToStringArray(w.Crons),
			}, t.Stateless()...)
			if err != nil {
				return nil, fmt.Errorf("worker %q cron triggers: %w", w.Name, err)
			}
		}
		out[w.Name] = created
	}
	return out, nil
}

// stringsOrNil leaves an empty list unset, as Read reports it.
func stringsOrNil(list []string) pulumi.StringArrayInput {
	if len(list) == 0 {
		return nil
	}
	return pulumi.ToStringArray(list)
}
