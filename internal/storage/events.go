package storage

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/queues"
	"github.com/dome/dome-infra/internal/target"
	"github.com/dome/dome-infra/sdk/go/domecloudflare"
)

// CreateEventNotifications registers the R2 event notifications that send
// bucket events to queues (companion resources: v5 has none). Each is
// named "<bucket>-to-<queue>".
func CreateEventNotifications(ctx *pulumi.Context, t target.Target, events []estate.BucketEvents,
	buckets map[string]Bucket, qs map[string]queues.Queue, opts ...pulumi.ResourceOption) ([]*domecloudflare.R2EventNotification, error) {
	var out []*domecloudflare.R2EventNotification
	for _, ev := range events {
		bucket, ok := buckets[ev.Bucket]
		if !ok {
			return nil, fmt.Errorf("events of bucket %q: the bucket is not in this stack", ev.Bucket)
		}
		q, ok := qs[ev.Queue]
		if !ok {
			return nil, fmt.Errorf("events of bucket %q: queue %q is not in this stack", ev.Bucket, ev.Queue)
		}
		rule := domecloudflare.R2EventNotificationRuleArgs{Actions: pulumi.ToStringArray(ev.Actions)}
		if ev.Prefix != "" {
			rule.Prefix = pulumi.StringPtr(ev.Prefix)
		}
		if ev.Suffix != "" {
			rule.Suffix = pulumi.StringPtr(ev.Suffix)
		}
		if ev.Description != "" {
			rule.Description = pulumi.StringPtr(ev.Description)
		}
		r, err := domecloudflare.NewR2EventNotification(ctx, ev.Bucket+"-to-"+ev.Queue, &domecloudflare.R2EventNotificationArgs{
			AccountId:  t.Account(),
			BucketName: bucket.Name,
			QueueId:    q.ID,
			Rules:      domecloudflare.R2EventNotificationRuleArray{rule},
		}, t.Stateless(opts...)...)
		if err != nil {
			return nil, fmt.Errorf("events of bucket %q to queue %q: %w", ev.Bucket, ev.Queue, err)
		}
		out = append(out, r)
	}
	return out, nil
}
