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
	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/target"
)

// CronType is the Pulumi type token of a worker's cron triggers.
const CronType = "cloudflare:index/workersCronTrigger:WorkersCronTrigger"

// Worker is a created worker.
type Worker struct {
	Logical  string
	Name     pulumi.StringOutput
	Script   *companion.WorkerScript
	Schedule *cloudflare.WorkersCronTrigger // nil without crons
}

// Settings are what every worker of the stack shares.
type Settings struct {
	CompatibilityDate string
	Observability     config.Observability
	// Bundles maps a worker to its bundle location (see Bundle); Root is the
	// project directory that relative locations are read from.
	Bundles map[string]string
	Root    string
	// Code is each worker's code as ReadBundles read and checked it before
	// anything was registered; a worker without an entry is read by Bundle.
	Code map[string]string
}

// Create registers every worker, each after the workers it binds as
// services, then each worker's cron triggers. targets.Workers is filled in
// as workers are created. opts go to every resource (the provider).
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
		code, ok := s.Code[w.Name]
		if !ok {
			var err error
			if code, err = Bundle(s.Root, w.Name, s.Bundles[w.Name]); err != nil {
				return nil, err
			}
		}
		args := &companion.WorkerScriptArgs{
			AccountId:         t.Account(),
			Name:              pulumi.String(t.Names.Worker(w.Name)),
			Content:           pulumi.String(code),
			CompatibilityDate: pulumi.String(s.CompatibilityDate),
			Observability: companion.WorkerObservabilityArgs{
				Enabled:          pulumi.Bool(s.Observability.Enabled),
				HeadSamplingRate: pulumi.Float64(s.Observability.HeadSamplingRate),
			},
		}
		if err := bindings.Apply(args, w, targets); err != nil {
			return nil, err
		}
		script, err := companion.NewWorkerScript(ctx, w.Name, args, t.Stateless(opts...)...)
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
