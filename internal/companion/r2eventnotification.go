package companion

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// R2EventNotification is the set of event notification rules sending one R2 bucket's
// events to one queue. ID: "<accountId>/<bucketName>/<queueId>" (R2EventNotificationID).
type R2EventNotification struct {
	pulumi.CustomResourceState

	AccountId    pulumi.StringOutput                `pulumi:"accountId"`
	BucketName   pulumi.StringOutput                `pulumi:"bucketName"`
	QueueId      pulumi.StringOutput                `pulumi:"queueId"`
	Jurisdiction pulumi.StringPtrOutput             `pulumi:"jurisdiction"`
	Rules        R2EventNotificationRuleArrayOutput `pulumi:"rules"`
	// Name of the queue as reported by Cloudflare (known after a refresh).
	QueueName pulumi.StringPtrOutput `pulumi:"queueName"`
}

// NewR2EventNotification registers an R2EventNotification.
func NewR2EventNotification(ctx *pulumi.Context, name string, args *R2EventNotificationArgs, opts ...pulumi.ResourceOption) (*R2EventNotification, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	if args.AccountId == nil {
		return nil, errors.New("invalid value for required argument 'AccountId'")
	}
	if args.BucketName == nil {
		return nil, errors.New("invalid value for required argument 'BucketName'")
	}
	if args.QueueId == nil {
		return nil, errors.New("invalid value for required argument 'QueueId'")
	}
	if args.Rules == nil {
		return nil, errors.New("invalid value for required argument 'Rules'")
	}
	var resource R2EventNotification
	if err := ctx.RegisterResource(R2EventNotificationType, name, args, &resource, opts...); err != nil {
		return nil, err
	}
	return &resource, nil
}

type r2EventNotificationArgs struct {
	AccountId    string                    `pulumi:"accountId"`
	BucketName   string                    `pulumi:"bucketName"`
	QueueId      string                    `pulumi:"queueId"`
	Jurisdiction *string                   `pulumi:"jurisdiction,optional"`
	Rules        []R2EventNotificationRule `pulumi:"rules"`
}

// R2EventNotificationArgs are the arguments of an R2EventNotification.
type R2EventNotificationArgs struct {
	// Cloudflare account ID. Changing it replaces the resource.
	AccountId pulumi.StringInput
	// R2 bucket name. Changing it replaces the resource.
	BucketName pulumi.StringInput
	// ID of the queue receiving the notifications. Changing it replaces the resource.
	QueueId pulumi.StringInput
	// Bucket jurisdiction: "default", "eu" or "fedramp".
	Jurisdiction pulumi.StringPtrInput
	// The rules (at least one).
	Rules R2EventNotificationRuleArrayInput
}

// ElementType returns the plain type of the arguments.
func (R2EventNotificationArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*r2EventNotificationArgs)(nil)).Elem()
}
