// Package queues manages the estate's queues and their consumers.
package queues

import (
	"fmt"

	"github.com/pulumi/pulumi-cloudflare/sdk/v5/go/cloudflare"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/target"
)

// Type is the Pulumi type token of a queue.
const Type = "cloudflare:index/queue:Queue"

// Queue is a created queue.
type Queue struct {
	Logical string
	Name    pulumi.StringOutput
	// ID is the queue's ID, which consumers and event notifications need.
	ID       pulumi.StringOutput
	Resource pulumi.CustomResource
}

// Create registers every queue, by logical name. A queue holds messages
// only in flight, so it is protected but not retained on delete.
func Create(ctx *pulumi.Context, t target.Target, queues []estate.Queue) (map[string]Queue, error) {
	out := make(map[string]Queue, len(queues))
	for _, q := range queues {
		r, err := cloudflare.NewQueue(ctx, q.Name, &cloudflare.QueueArgs{
			AccountId: t.Account(),
			Name:      pulumi.String(t.Names.Queue(q.Name)),
		}, t.Stateless()...)
		if err != nil {
			return nil, fmt.Errorf("queue %q: %w", q.Name, err)
		}
		out[q.Name] = Queue{Logical: q.Name, Name: r.Name, ID: r.ID().ToStringOutput(), Resource: r}
	}
	return out, nil
}
