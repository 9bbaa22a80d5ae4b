package companion

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// WorkerScript is a Worker (ES module) with all of its bindings, uploaded in one request
// by the dome-cloudflare provider. ID: "<accountId>/<name>" (WorkerScriptID).
type WorkerScript struct {
	pulumi.CustomResourceState

	AccountId          pulumi.StringOutput          `pulumi:"accountId"`
	Name               pulumi.StringOutput          `pulumi:"name"`
	MainModule         pulumi.StringOutput          `pulumi:"mainModule"`
	CompatibilityDate  pulumi.StringOutput          `pulumi:"compatibilityDate"`
	CompatibilityFlags pulumi.StringArrayOutput     `pulumi:"compatibilityFlags"`
	Tags               pulumi.StringArrayOutput     `pulumi:"tags"`
	Observability      WorkerObservabilityPtrOutput `pulumi:"observability"`

	AiBinding               AiBindingPtrOutput                `pulumi:"aiBinding"`
	D1DatabaseBindings      D1DatabaseBindingArrayOutput      `pulumi:"d1DatabaseBindings"`
	R2BucketBindings        R2BucketBindingArrayOutput        `pulumi:"r2BucketBindings"`
	VectorizeBindings       VectorizeBindingArrayOutput       `pulumi:"vectorizeBindings"`
	QueueBindings           QueueBindingArrayOutput           `pulumi:"queueBindings"`
	ServiceBindings         ServiceBindingArrayOutput         `pulumi:"serviceBindings"`
	KvNamespaceBindings     KvNamespaceBindingArrayOutput     `pulumi:"kvNamespaceBindings"`
	AnalyticsEngineBindings AnalyticsEngineBindingArrayOutput `pulumi:"analyticsEngineBindings"`
	PlainTextBindings       PlainTextBindingArrayOutput       `pulumi:"plainTextBindings"`
	JsonBindings            JsonBindingArrayOutput            `pulumi:"jsonBindings"`
	// Code deployed outside Pulumi; never uploaded.
	External pulumi.BoolPtrOutput `pulumi:"external"`
	// The code is the repository's placeholder.
	Placeholder pulumi.BoolPtrOutput `pulumi:"placeholder"`
	// Secrets set outside Pulumi, by name: kept, never deleted.
	ExternalSecrets pulumi.StringArrayOutput `pulumi:"externalSecrets"`
	// Whether the workers.dev route is on (unset: unmanaged).
	WorkersDev pulumi.BoolPtrOutput `pulumi:"workersDev"`
	// Secret.
	SecretTextBindings SecretTextBindingArrayOutput `pulumi:"secretTextBindings"`

	// Hex SHA-256 of the module source (the source itself is not an output).
	ContentSha256 pulumi.StringOutput `pulumi:"contentSha256"`
	// Cloudflare's hash of the script as of the provider's last upload.
	Etag pulumi.StringPtrOutput `pulumi:"etag"`
	// Time of the provider's last upload (RFC 3339).
	ModifiedOn pulumi.StringPtrOutput `pulumi:"modifiedOn"`
	// Bindings of types the provider does not model ({name, type, config}), as Read
	// found them.
	UnmodelledBindings pulumi.StringMapArrayOutput `pulumi:"unmodelledBindings"`
	// Settings the provider does not model (name → JSON value), as Read found them.
	UnmodelledSettings pulumi.StringMapOutput `pulumi:"unmodelledSettings"`
}

// NewWorkerScript registers a WorkerScript. The secretTextBindings input is made secret,
// and the output of the same name is an additional secret output.
func NewWorkerScript(ctx *pulumi.Context, name string, args *WorkerScriptArgs, opts ...pulumi.ResourceOption) (*WorkerScript, error) {
	if args == nil {
		return nil, errors.New("missing one or more required arguments")
	}
	if args.AccountId == nil {
		return nil, errors.New("invalid value for required argument 'AccountId'")
	}
	if args.Name == nil {
		return nil, errors.New("invalid value for required argument 'Name'")
	}
	if args.CompatibilityDate == nil {
		return nil, errors.New("invalid value for required argument 'CompatibilityDate'")
	}
	if args.SecretTextBindings != nil {
		args.SecretTextBindings = pulumi.ToSecret(args.SecretTextBindings).(SecretTextBindingArrayInput)
	}
	opts = append(opts, pulumi.AdditionalSecretOutputs([]string{"secretTextBindings"}))
	var resource WorkerScript
	if err := ctx.RegisterResource(WorkerScriptType, name, args, &resource, opts...); err != nil {
		return nil, err
	}
	return &resource, nil
}

type workerScriptArgs struct {
	AccountId          string               `pulumi:"accountId"`
	Name               string               `pulumi:"name"`
	Content            *string              `pulumi:"content,optional"`
	MainModule         *string              `pulumi:"mainModule,optional"`
	CompatibilityDate  string               `pulumi:"compatibilityDate"`
	CompatibilityFlags []string             `pulumi:"compatibilityFlags,optional"`
	Tags               []string             `pulumi:"tags,optional"`
	Observability      *WorkerObservability `pulumi:"observability,optional"`

	AiBinding               *AiBinding               `pulumi:"aiBinding,optional"`
	D1DatabaseBindings      []D1DatabaseBinding      `pulumi:"d1DatabaseBindings,optional"`
	R2BucketBindings        []R2BucketBinding        `pulumi:"r2BucketBindings,optional"`
	VectorizeBindings       []VectorizeBinding       `pulumi:"vectorizeBindings,optional"`
	QueueBindings           []QueueBinding           `pulumi:"queueBindings,optional"`
	ServiceBindings         []ServiceBinding         `pulumi:"serviceBindings,optional"`
	KvNamespaceBindings     []KvNamespaceBinding     `pulumi:"kvNamespaceBindings,optional"`
	AnalyticsEngineBindings []AnalyticsEngineBinding `pulumi:"analyticsEngineBindings,optional"`
	PlainTextBindings       []PlainTextBinding       `pulumi:"plainTextBindings,optional"`
	JsonBindings            []JsonBinding            `pulumi:"jsonBindings,optional"`
	SecretTextBindings      []SecretTextBinding      `pulumi:"secretTextBindings,optional"`
	External                *bool                    `pulumi:"external,optional"`
	Placeholder             *bool                    `pulumi:"placeholder,optional"`
	ExternalSecrets         []string                 `pulumi:"externalSecrets,optional"`
	WorkersDev              *bool                    `pulumi:"workersDev,optional"`
}

// WorkerScriptArgs are the arguments of a WorkerScript.
type WorkerScriptArgs struct {
	// Cloudflare account ID. Changing it replaces the Worker.
	AccountId pulumi.StringInput
	// Script name (lowercase letters, digits, hyphens; at most 63). Changing it replaces
	// the Worker.
	Name pulumi.StringInput
	// ES module source, uploaded as the main module. Unset with External.
	Content pulumi.StringPtrInput
	// File name of the main module; default "index.js".
	MainModule pulumi.StringPtrInput
	// Compatibility date, YYYY-MM-DD.
	CompatibilityDate pulumi.StringInput
	// Compatibility flags.
	CompatibilityFlags pulumi.StringArrayInput
	// Tags.
	Tags pulumi.StringArrayInput
	// Observability settings; unset uploads observability disabled.
	Observability WorkerObservabilityPtrInput

	// Workers AI binding.
	AiBinding AiBindingPtrInput
	// D1 database bindings.
	D1DatabaseBindings D1DatabaseBindingArrayInput
	// R2 bucket bindings.
	R2BucketBindings R2BucketBindingArrayInput
	// Vectorize index bindings.
	VectorizeBindings VectorizeBindingArrayInput
	// Queue producer bindings (queue NAME).
	QueueBindings QueueBindingArrayInput
	// Service bindings.
	ServiceBindings ServiceBindingArrayInput
	// KV namespace bindings.
	KvNamespaceBindings KvNamespaceBindingArrayInput
	// Analytics Engine dataset bindings.
	AnalyticsEngineBindings AnalyticsEngineBindingArrayInput
	// Plain text variables.
	PlainTextBindings PlainTextBindingArrayInput
	// JSON variables.
	JsonBindings JsonBindingArrayInput
	// Secret variables (made secret by NewWorkerScript).
	SecretTextBindings SecretTextBindingArrayInput
	// The code is deployed outside Pulumi (wrangler): the provider manages the
	// settings and bindings and never uploads or replaces the code.
	External pulumi.BoolPtrInput
	// Content is the repository's placeholder: the provider refuses to upload
	// it over a Worker that runs other code.
	Placeholder pulumi.BoolPtrInput
	// Secrets set outside Pulumi (wrangler secret put): kept on every upload,
	// never deleted.
	ExternalSecrets pulumi.StringArrayInput
	// The workers.dev route on or off; unset leaves it as it is.
	WorkersDev pulumi.BoolPtrInput
}

// ElementType returns the plain type of the arguments.
func (WorkerScriptArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*workerScriptArgs)(nil)).Elem()
}
