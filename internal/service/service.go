// Package service is the program's one component resource: a worker's
// service, `dome:index:Service`, which owns the worker's script, the queue
// consumers through which the worker reads its queues, its cron trigger,
// and its routes and custom domains (internal/routes). The preview then reads as the system's services instead of a
// list of 24 resources.
//
// The data the services share (D1, R2, Vectorize, queues, bucket events)
// stays at the top of the stack; README ("The resource tree") says why.
//
// A component is only a parent in the state: it has no provider and makes
// no request. Nothing depends on a component itself — a resource that uses
// a worker waits for that worker's script, not for its service — so the
// components add no step to the dependency chain (internal/program's
// graph test).
package service

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Type is the Pulumi type token of a service component.
const Type = "dome:index:Service"

// Service is one worker's component.
type Service struct {
	pulumi.ResourceState

	// Worker is the worker's logical name, which is also the component's.
	Worker string
}

// New registers the service of a worker, named after it. opts are the
// component's own (protect in a protected stack); its children set theirs.
func New(ctx *pulumi.Context, worker string, opts ...pulumi.ResourceOption) (*Service, error) {
	s := &Service{Worker: worker}
	if err := ctx.RegisterComponentResource(Type, worker, s, opts...); err != nil {
		return nil, fmt.Errorf("service %q: %w", worker, err)
	}
	return s, nil
}

// Done records the service's outputs (its script's Cloudflare name) and
// marks the component complete, once every child is registered.
func (s *Service) Done(ctx *pulumi.Context, scriptName pulumi.StringOutput) error {
	if err := ctx.RegisterResourceOutputs(s, pulumi.Map{"scriptName": scriptName}); err != nil {
		return fmt.Errorf("service %q outputs: %w", s.Worker, err)
	}
	return nil
}

// Services are the services of a stack, by worker.
type Services map[string]*Service

// Create registers one service per worker, in the order given. opts go to
// every component.
func Create(ctx *pulumi.Context, workers []string, opts ...pulumi.ResourceOption) (Services, error) {
	out := make(Services, len(workers))
	for _, w := range workers {
		s, err := New(ctx, w, opts...)
		if err != nil {
			return nil, err
		}
		out[w] = s
	}
	return out, nil
}

// In returns opts with the option that puts a resource in worker's
// service.
func (s Services) In(worker string, opts ...pulumi.ResourceOption) ([]pulumi.ResourceOption, error) {
	svc, ok := s[worker]
	if !ok {
		return nil, fmt.Errorf("worker %q has no service component", worker)
	}
	return append(append([]pulumi.ResourceOption{}, opts...), pulumi.Parent(svc)), nil
}
