package companion

// Nested object types of the companion resources, in the shape of a generated Pulumi Go
// SDK: for each type X the plain struct X (with ",optional" on optional properties, for
// TestSchemaAgreement), XInput/XArgs, XOutput, and where used XArray/XArrayOutput and
// XPtr/XPtrOutput.

import (
	"context"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// WorkerObservability is the Workers observability (Workers Logs) settings of a WorkerScript.
type WorkerObservability struct {
	// Whether observability is enabled.
	Enabled bool `pulumi:"enabled"`
	// Fraction of requests sampled, from 0 to 1.
	HeadSamplingRate float64 `pulumi:"headSamplingRate"`
}

// WorkerObservabilityInput accepts WorkerObservabilityArgs and WorkerObservabilityOutput values.
type WorkerObservabilityInput interface {
	pulumi.Input

	ToWorkerObservabilityOutput() WorkerObservabilityOutput
	ToWorkerObservabilityOutputWithContext(context.Context) WorkerObservabilityOutput
}

// WorkerObservabilityArgs is the input form of WorkerObservability.
type WorkerObservabilityArgs struct {
	// Whether observability is enabled.
	Enabled pulumi.BoolInput `pulumi:"enabled"`
	// Fraction of requests sampled, from 0 to 1.
	HeadSamplingRate pulumi.Float64Input `pulumi:"headSamplingRate"`
}

func (WorkerObservabilityArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*WorkerObservability)(nil)).Elem()
}

func (i WorkerObservabilityArgs) ToWorkerObservabilityOutput() WorkerObservabilityOutput {
	return i.ToWorkerObservabilityOutputWithContext(context.Background())
}

func (i WorkerObservabilityArgs) ToWorkerObservabilityOutputWithContext(ctx context.Context) WorkerObservabilityOutput {
	return pulumi.ToOutputWithContext(ctx, i).(WorkerObservabilityOutput)
}

func (i WorkerObservabilityArgs) ToWorkerObservabilityPtrOutput() WorkerObservabilityPtrOutput {
	return i.ToWorkerObservabilityPtrOutputWithContext(context.Background())
}

func (i WorkerObservabilityArgs) ToWorkerObservabilityPtrOutputWithContext(ctx context.Context) WorkerObservabilityPtrOutput {
	return pulumi.ToOutputWithContext(ctx, i).(WorkerObservabilityOutput).ToWorkerObservabilityPtrOutputWithContext(ctx)
}

// WorkerObservabilityPtrInput accepts WorkerObservabilityArgs, WorkerObservabilityPtr and WorkerObservabilityPtrOutput values.
type WorkerObservabilityPtrInput interface {
	pulumi.Input

	ToWorkerObservabilityPtrOutput() WorkerObservabilityPtrOutput
	ToWorkerObservabilityPtrOutputWithContext(context.Context) WorkerObservabilityPtrOutput
}

type workerObservabilityPtrType WorkerObservabilityArgs

// WorkerObservabilityPtr wraps *WorkerObservabilityArgs as a WorkerObservabilityPtrInput.
func WorkerObservabilityPtr(v *WorkerObservabilityArgs) WorkerObservabilityPtrInput {
	return (*workerObservabilityPtrType)(v)
}

func (*workerObservabilityPtrType) ElementType() reflect.Type {
	return reflect.TypeOf((**WorkerObservability)(nil)).Elem()
}

func (i *workerObservabilityPtrType) ToWorkerObservabilityPtrOutput() WorkerObservabilityPtrOutput {
	return i.ToWorkerObservabilityPtrOutputWithContext(context.Background())
}

func (i *workerObservabilityPtrType) ToWorkerObservabilityPtrOutputWithContext(ctx context.Context) WorkerObservabilityPtrOutput {
	return pulumi.ToOutputWithContext(ctx, i).(WorkerObservabilityPtrOutput)
}

// WorkerObservabilityOutput is the output form of WorkerObservability.
type WorkerObservabilityOutput struct{ *pulumi.OutputState }

func (WorkerObservabilityOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*WorkerObservability)(nil)).Elem()
}

func (o WorkerObservabilityOutput) ToWorkerObservabilityOutput() WorkerObservabilityOutput {
	return o
}

func (o WorkerObservabilityOutput) ToWorkerObservabilityOutputWithContext(context.Context) WorkerObservabilityOutput {
	return o
}

func (o WorkerObservabilityOutput) ToWorkerObservabilityPtrOutput() WorkerObservabilityPtrOutput {
	return o.ToWorkerObservabilityPtrOutputWithContext(context.Background())
}

func (o WorkerObservabilityOutput) ToWorkerObservabilityPtrOutputWithContext(ctx context.Context) WorkerObservabilityPtrOutput {
	return o.ApplyTWithContext(ctx, func(_ context.Context, v WorkerObservability) *WorkerObservability {
		return &v
	}).(WorkerObservabilityPtrOutput)
}

// Enabled: Whether observability is enabled.
func (o WorkerObservabilityOutput) Enabled() pulumi.BoolOutput {
	return o.ApplyT(func(v WorkerObservability) bool { return v.Enabled }).(pulumi.BoolOutput)
}

// HeadSamplingRate: Fraction of requests sampled, from 0 to 1.
func (o WorkerObservabilityOutput) HeadSamplingRate() pulumi.Float64Output {
	return o.ApplyT(func(v WorkerObservability) float64 { return v.HeadSamplingRate }).(pulumi.Float64Output)
}

// WorkerObservabilityPtrOutput is the output form of *WorkerObservability.
type WorkerObservabilityPtrOutput struct{ *pulumi.OutputState }

func (WorkerObservabilityPtrOutput) ElementType() reflect.Type {
	return reflect.TypeOf((**WorkerObservability)(nil)).Elem()
}

func (o WorkerObservabilityPtrOutput) ToWorkerObservabilityPtrOutput() WorkerObservabilityPtrOutput {
	return o
}

func (o WorkerObservabilityPtrOutput) ToWorkerObservabilityPtrOutputWithContext(context.Context) WorkerObservabilityPtrOutput {
	return o
}

// Elem dereferences the pointer (zero value when nil).
func (o WorkerObservabilityPtrOutput) Elem() WorkerObservabilityOutput {
	return o.ApplyT(func(v *WorkerObservability) WorkerObservability {
		if v != nil {
			return *v
		}
		var ret WorkerObservability
		return ret
	}).(WorkerObservabilityOutput)
}

// Enabled: Whether observability is enabled.
func (o WorkerObservabilityPtrOutput) Enabled() pulumi.BoolPtrOutput {
	return o.ApplyT(func(v *WorkerObservability) *bool {
		if v == nil {
			return nil
		}
		return &v.Enabled
	}).(pulumi.BoolPtrOutput)
}

// HeadSamplingRate: Fraction of requests sampled, from 0 to 1.
func (o WorkerObservabilityPtrOutput) HeadSamplingRate() pulumi.Float64PtrOutput {
	return o.ApplyT(func(v *WorkerObservability) *float64 {
		if v == nil {
			return nil
		}
		return &v.HeadSamplingRate
	}).(pulumi.Float64PtrOutput)
}

// AiBinding is a Workers AI binding.
type AiBinding struct {
	// Binding name seen by the code (env.<name>).
	Name string `pulumi:"name"`
}

// AiBindingInput accepts AiBindingArgs and AiBindingOutput values.
type AiBindingInput interface {
	pulumi.Input

	ToAiBindingOutput() AiBindingOutput
	ToAiBindingOutputWithContext(context.Context) AiBindingOutput
}

// AiBindingArgs is the input form of AiBinding.
type AiBindingArgs struct {
	// Binding name seen by the code (env.<name>).
	Name pulumi.StringInput `pulumi:"name"`
}

func (AiBindingArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*AiBinding)(nil)).Elem()
}

func (i AiBindingArgs) ToAiBindingOutput() AiBindingOutput {
	return i.ToAiBindingOutputWithContext(context.Background())
}

func (i AiBindingArgs) ToAiBindingOutputWithContext(ctx context.Context) AiBindingOutput {
	return pulumi.ToOutputWithContext(ctx, i).(AiBindingOutput)
}

func (i AiBindingArgs) ToAiBindingPtrOutput() AiBindingPtrOutput {
	return i.ToAiBindingPtrOutputWithContext(context.Background())
}

func (i AiBindingArgs) ToAiBindingPtrOutputWithContext(ctx context.Context) AiBindingPtrOutput {
	return pulumi.ToOutputWithContext(ctx, i).(AiBindingOutput).ToAiBindingPtrOutputWithContext(ctx)
}

// AiBindingPtrInput accepts AiBindingArgs, AiBindingPtr and AiBindingPtrOutput values.
type AiBindingPtrInput interface {
	pulumi.Input

	ToAiBindingPtrOutput() AiBindingPtrOutput
	ToAiBindingPtrOutputWithContext(context.Context) AiBindingPtrOutput
}

type aiBindingPtrType AiBindingArgs

// AiBindingPtr wraps *AiBindingArgs as a AiBindingPtrInput.
func AiBindingPtr(v *AiBindingArgs) AiBindingPtrInput {
	return (*aiBindingPtrType)(v)
}

func (*aiBindingPtrType) ElementType() reflect.Type {
	return reflect.TypeOf((**AiBinding)(nil)).Elem()
}

func (i *aiBindingPtrType) ToAiBindingPtrOutput() AiBindingPtrOutput {
	return i.ToAiBindingPtrOutputWithContext(context.Background())
}

func (i *aiBindingPtrType) ToAiBindingPtrOutputWithContext(ctx context.Context) AiBindingPtrOutput {
	return pulumi.ToOutputWithContext(ctx, i).(AiBindingPtrOutput)
}

// AiBindingOutput is the output form of AiBinding.
type AiBindingOutput struct{ *pulumi.OutputState }

func (AiBindingOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*AiBinding)(nil)).Elem()
}

func (o AiBindingOutput) ToAiBindingOutput() AiBindingOutput {
	return o
}

func (o AiBindingOutput) ToAiBindingOutputWithContext(context.Context) AiBindingOutput {
	return o
}

func (o AiBindingOutput) ToAiBindingPtrOutput() AiBindingPtrOutput {
	return o.ToAiBindingPtrOutputWithContext(context.Background())
}

func (o AiBindingOutput) ToAiBindingPtrOutputWithContext(ctx context.Context) AiBindingPtrOutput {
	return o.ApplyTWithContext(ctx, func(_ context.Context, v AiBinding) *AiBinding {
		return &v
	}).(AiBindingPtrOutput)
}

// Name: Binding name seen by the code (env.<name>).
func (o AiBindingOutput) Name() pulumi.StringOutput {
	return o.ApplyT(func(v AiBinding) string { return v.Name }).(pulumi.StringOutput)
}

// AiBindingPtrOutput is the output form of *AiBinding.
type AiBindingPtrOutput struct{ *pulumi.OutputState }

func (AiBindingPtrOutput) ElementType() reflect.Type {
	return reflect.TypeOf((**AiBinding)(nil)).Elem()
}

func (o AiBindingPtrOutput) ToAiBindingPtrOutput() AiBindingPtrOutput {
	return o
}

func (o AiBindingPtrOutput) ToAiBindingPtrOutputWithContext(context.Context) AiBindingPtrOutput {
	return o
}

// Elem dereferences the pointer (zero value when nil).
func (o AiBindingPtrOutput) Elem() AiBindingOutput {
	return o.ApplyT(func(v *AiBinding) AiBinding {
		if v != nil {
			return *v
		}
		var ret AiBinding
		return ret
	}).(AiBindingOutput)
}

// Name: Binding name seen by the code (env.<name>).
func (o AiBindingPtrOutput) Name() pulumi.StringPtrOutput {
	return o.ApplyT(func(v *AiBinding) *string {
		if v == nil {
			return nil
		}
		return &v.Name
	}).(pulumi.StringPtrOutput)
}

// D1DatabaseBinding is a D1 database binding.
type D1DatabaseBinding struct {
	// Binding name seen by the code (env.<name>).
	Name string `pulumi:"name"`
	// ID of the D1 database.
	DatabaseId string `pulumi:"databaseId"`
}

// D1DatabaseBindingInput accepts D1DatabaseBindingArgs and D1DatabaseBindingOutput values.
type D1DatabaseBindingInput interface {
	pulumi.Input

	ToD1DatabaseBindingOutput() D1DatabaseBindingOutput
	ToD1DatabaseBindingOutputWithContext(context.Context) D1DatabaseBindingOutput
}

// D1DatabaseBindingArgs is the input form of D1DatabaseBinding.
type D1DatabaseBindingArgs struct {
	// Binding name seen by the code (env.<name>).
	Name pulumi.StringInput `pulumi:"name"`
	// ID of the D1 database.
	DatabaseId pulumi.StringInput `pulumi:"databaseId"`
}

func (D1DatabaseBindingArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*D1DatabaseBinding)(nil)).Elem()
}

func (i D1DatabaseBindingArgs) ToD1DatabaseBindingOutput() D1DatabaseBindingOutput {
	return i.ToD1DatabaseBindingOutputWithContext(context.Background())
}

func (i D1DatabaseBindingArgs) ToD1DatabaseBindingOutputWithContext(ctx context.Context) D1DatabaseBindingOutput {
	return pulumi.ToOutputWithContext(ctx, i).(D1DatabaseBindingOutput)
}

// D1DatabaseBindingArrayInput accepts D1DatabaseBindingArray and D1DatabaseBindingArrayOutput values.
type D1DatabaseBindingArrayInput interface {
	pulumi.Input

	ToD1DatabaseBindingArrayOutput() D1DatabaseBindingArrayOutput
	ToD1DatabaseBindingArrayOutputWithContext(context.Context) D1DatabaseBindingArrayOutput
}

// D1DatabaseBindingArray is a list of D1DatabaseBindingInput.
type D1DatabaseBindingArray []D1DatabaseBindingInput

func (D1DatabaseBindingArray) ElementType() reflect.Type {
	return reflect.TypeOf((*[]D1DatabaseBinding)(nil)).Elem()
}

func (i D1DatabaseBindingArray) ToD1DatabaseBindingArrayOutput() D1DatabaseBindingArrayOutput {
	return i.ToD1DatabaseBindingArrayOutputWithContext(context.Background())
}

func (i D1DatabaseBindingArray) ToD1DatabaseBindingArrayOutputWithContext(ctx context.Context) D1DatabaseBindingArrayOutput {
	return pulumi.ToOutputWithContext(ctx, i).(D1DatabaseBindingArrayOutput)
}

// D1DatabaseBindingOutput is the output form of D1DatabaseBinding.
type D1DatabaseBindingOutput struct{ *pulumi.OutputState }

func (D1DatabaseBindingOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*D1DatabaseBinding)(nil)).Elem()
}

func (o D1DatabaseBindingOutput) ToD1DatabaseBindingOutput() D1DatabaseBindingOutput {
	return o
}

func (o D1DatabaseBindingOutput) ToD1DatabaseBindingOutputWithContext(context.Context) D1DatabaseBindingOutput {
	return o
}

// Name: Binding name seen by the code (env.<name>).
func (o D1DatabaseBindingOutput) Name() pulumi.StringOutput {
	return o.ApplyT(func(v D1DatabaseBinding) string { return v.Name }).(pulumi.StringOutput)
}

// DatabaseId: ID of the D1 database.
func (o D1DatabaseBindingOutput) DatabaseId() pulumi.StringOutput {
	return o.ApplyT(func(v D1DatabaseBinding) string { return v.DatabaseId }).(pulumi.StringOutput)
}

// D1DatabaseBindingArrayOutput is the output form of []D1DatabaseBinding.
type D1DatabaseBindingArrayOutput struct{ *pulumi.OutputState }

func (D1DatabaseBindingArrayOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*[]D1DatabaseBinding)(nil)).Elem()
}

func (o D1DatabaseBindingArrayOutput) ToD1DatabaseBindingArrayOutput() D1DatabaseBindingArrayOutput {
	return o
}

func (o D1DatabaseBindingArrayOutput) ToD1DatabaseBindingArrayOutputWithContext(context.Context) D1DatabaseBindingArrayOutput {
	return o
}

// Index returns the i-th element.
func (o D1DatabaseBindingArrayOutput) Index(i pulumi.IntInput) D1DatabaseBindingOutput {
	return pulumi.All(o, i).ApplyT(func(vs []interface{}) D1DatabaseBinding {
		return vs[0].([]D1DatabaseBinding)[vs[1].(int)]
	}).(D1DatabaseBindingOutput)
}

// R2BucketBinding is an R2 bucket binding.
type R2BucketBinding struct {
	// Binding name seen by the code (env.<name>).
	Name string `pulumi:"name"`
	// Name of the R2 bucket.
	BucketName string `pulumi:"bucketName"`
}

// R2BucketBindingInput accepts R2BucketBindingArgs and R2BucketBindingOutput values.
type R2BucketBindingInput interface {
	pulumi.Input

	ToR2BucketBindingOutput() R2BucketBindingOutput
	ToR2BucketBindingOutputWithContext(context.Context) R2BucketBindingOutput
}

// R2BucketBindingArgs is the input form of R2BucketBinding.
type R2BucketBindingArgs struct {
	// Binding name seen by the code (env.<name>).
	Name pulumi.StringInput `pulumi:"name"`
	// Name of the R2 bucket.
	BucketName pulumi.StringInput `pulumi:"bucketName"`
}

func (R2BucketBindingArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*R2BucketBinding)(nil)).Elem()
}

func (i R2BucketBindingArgs) ToR2BucketBindingOutput() R2BucketBindingOutput {
	return i.ToR2BucketBindingOutputWithContext(context.Background())
}

func (i R2BucketBindingArgs) ToR2BucketBindingOutputWithContext(ctx context.Context) R2BucketBindingOutput {
	return pulumi.ToOutputWithContext(ctx, i).(R2BucketBindingOutput)
}

// R2BucketBindingArrayInput accepts R2BucketBindingArray and R2BucketBindingArrayOutput values.
type R2BucketBindingArrayInput interface {
	pulumi.Input

	ToR2BucketBindingArrayOutput() R2BucketBindingArrayOutput
	ToR2BucketBindingArrayOutputWithContext(context.Context) R2BucketBindingArrayOutput
}

// R2BucketBindingArray is a list of R2BucketBindingInput.
type R2BucketBindingArray []R2BucketBindingInput

func (R2BucketBindingArray) ElementType() reflect.Type {
	return reflect.TypeOf((*[]R2BucketBinding)(nil)).Elem()
}

func (i R2BucketBindingArray) ToR2BucketBindingArrayOutput() R2BucketBindingArrayOutput {
	return i.ToR2BucketBindingArrayOutputWithContext(context.Background())
}

func (i R2BucketBindingArray) ToR2BucketBindingArrayOutputWithContext(ctx context.Context) R2BucketBindingArrayOutput {
	return pulumi.ToOutputWithContext(ctx, i).(R2BucketBindingArrayOutput)
}

// R2BucketBindingOutput is the output form of R2BucketBinding.
type R2BucketBindingOutput struct{ *pulumi.OutputState }

func (R2BucketBindingOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*R2BucketBinding)(nil)).Elem()
}

func (o R2BucketBindingOutput) ToR2BucketBindingOutput() R2BucketBindingOutput {
	return o
}

func (o R2BucketBindingOutput) ToR2BucketBindingOutputWithContext(context.Context) R2BucketBindingOutput {
	return o
}

// Name: Binding name seen by the code (env.<name>).
func (o R2BucketBindingOutput) Name() pulumi.StringOutput {
	return o.ApplyT(func(v R2BucketBinding) string { return v.Name }).(pulumi.StringOutput)
}

// BucketName: Name of the R2 bucket.
func (o R2BucketBindingOutput) BucketName() pulumi.StringOutput {
	return o.ApplyT(func(v R2BucketBinding) string { return v.BucketName }).(pulumi.StringOutput)
}

// R2BucketBindingArrayOutput is the output form of []R2BucketBinding.
type R2BucketBindingArrayOutput struct{ *pulumi.OutputState }

func (R2BucketBindingArrayOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*[]R2BucketBinding)(nil)).Elem()
}

func (o R2BucketBindingArrayOutput) ToR2BucketBindingArrayOutput() R2BucketBindingArrayOutput {
	return o
}

func (o R2BucketBindingArrayOutput) ToR2BucketBindingArrayOutputWithContext(context.Context) R2BucketBindingArrayOutput {
	return o
}

// Index returns the i-th element.
func (o R2BucketBindingArrayOutput) Index(i pulumi.IntInput) R2BucketBindingOutput {
	return pulumi.All(o, i).ApplyT(func(vs []interface{}) R2BucketBinding {
		return vs[0].([]R2BucketBinding)[vs[1].(int)]
	}).(R2BucketBindingOutput)
}

// VectorizeBinding is a Vectorize index binding.
type VectorizeBinding struct {
	// Binding name seen by the code (env.<name>).
	Name string `pulumi:"name"`
	// Name of the Vectorize index.
	IndexName string `pulumi:"indexName"`
}

// VectorizeBindingInput accepts VectorizeBindingArgs and VectorizeBindingOutput values.
type VectorizeBindingInput interface {
	pulumi.Input

	ToVectorizeBindingOutput() VectorizeBindingOutput
	ToVectorizeBindingOutputWithContext(context.Context) VectorizeBindingOutput
}

// VectorizeBindingArgs is the input form of VectorizeBinding.
type VectorizeBindingArgs struct {
	// Binding name seen by the code (env.<name>).
	Name pulumi.StringInput `pulumi:"name"`
	// Name of the Vectorize index.
	IndexName pulumi.StringInput `pulumi:"indexName"`
}

func (VectorizeBindingArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*VectorizeBinding)(nil)).Elem()
}

func (i VectorizeBindingArgs) ToVectorizeBindingOutput() VectorizeBindingOutput {
	return i.ToVectorizeBindingOutputWithContext(context.Background())
}

func (i VectorizeBindingArgs) ToVectorizeBindingOutputWithContext(ctx context.Context) VectorizeBindingOutput {
	return pulumi.ToOutputWithContext(ctx, i).(VectorizeBindingOutput)
}

// VectorizeBindingArrayInput accepts VectorizeBindingArray and VectorizeBindingArrayOutput values.
type VectorizeBindingArrayInput interface {
	pulumi.Input

	ToVectorizeBindingArrayOutput() VectorizeBindingArrayOutput
	ToVectorizeBindingArrayOutputWithContext(context.Context) VectorizeBindingArrayOutput
}

// VectorizeBindingArray is a list of VectorizeBindingInput.
type VectorizeBindingArray []VectorizeBindingInput

func (VectorizeBindingArray) ElementType() reflect.Type {
	return reflect.TypeOf((*[]VectorizeBinding)(nil)).Elem()
}

func (i VectorizeBindingArray) ToVectorizeBindingArrayOutput() VectorizeBindingArrayOutput {
	return i.ToVectorizeBindingArrayOutputWithContext(context.Background())
}

func (i VectorizeBindingArray) ToVectorizeBindingArrayOutputWithContext(ctx context.Context) VectorizeBindingArrayOutput {
	return pulumi.ToOutputWithContext(ctx, i).(VectorizeBindingArrayOutput)
}

// VectorizeBindingOutput is the output form of VectorizeBinding.
type VectorizeBindingOutput struct{ *pulumi.OutputState }

func (VectorizeBindingOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*VectorizeBinding)(nil)).Elem()
}

func (o VectorizeBindingOutput) ToVectorizeBindingOutput() VectorizeBindingOutput {
	return o
}

func (o VectorizeBindingOutput) ToVectorizeBindingOutputWithContext(context.Context) VectorizeBindingOutput {
	return o
}

// Name: Binding name seen by the code (env.<name>).
func (o VectorizeBindingOutput) Name() pulumi.StringOutput {
	return o.ApplyT(func(v VectorizeBinding) string { return v.Name }).(pulumi.StringOutput)
}

// IndexName: Name of the Vectorize index.
func (o VectorizeBindingOutput) IndexName() pulumi.StringOutput {
	return o.ApplyT(func(v VectorizeBinding) string { return v.IndexName }).(pulumi.StringOutput)
}

// VectorizeBindingArrayOutput is the output form of []VectorizeBinding.
type VectorizeBindingArrayOutput struct{ *pulumi.OutputState }

func (VectorizeBindingArrayOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*[]VectorizeBinding)(nil)).Elem()
}

func (o VectorizeBindingArrayOutput) ToVectorizeBindingArrayOutput() VectorizeBindingArrayOutput {
	return o
}

func (o VectorizeBindingArrayOutput) ToVectorizeBindingArrayOutputWithContext(context.Context) VectorizeBindingArrayOutput {
	return o
}

// Index returns the i-th element.
func (o VectorizeBindingArrayOutput) Index(i pulumi.IntInput) VectorizeBindingOutput {
	return pulumi.All(o, i).ApplyT(func(vs []interface{}) VectorizeBinding {
		return vs[0].([]VectorizeBinding)[vs[1].(int)]
	}).(VectorizeBindingOutput)
}

// QueueBinding is a queue producer binding.
type QueueBinding struct {
	// Binding name seen by the code (env.<name>).
	Name string `pulumi:"name"`
	// Name (not ID) of the queue.
	Queue string `pulumi:"queue"`
}

// QueueBindingInput accepts QueueBindingArgs and QueueBindingOutput values.
type QueueBindingInput interface {
	pulumi.Input

	ToQueueBindingOutput() QueueBindingOutput
	ToQueueBindingOutputWithContext(context.Context) QueueBindingOutput
}

// QueueBindingArgs is the input form of QueueBinding.
type QueueBindingArgs struct {
	// Binding name seen by the code (env.<name>).
	Name pulumi.StringInput `pulumi:"name"`
	// Name (not ID) of the queue.
	Queue pulumi.StringInput `pulumi:"queue"`
}

func (QueueBindingArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*QueueBinding)(nil)).Elem()
}

func (i QueueBindingArgs) ToQueueBindingOutput() QueueBindingOutput {
	return i.ToQueueBindingOutputWithContext(context.Background())
}

func (i QueueBindingArgs) ToQueueBindingOutputWithContext(ctx context.Context) QueueBindingOutput {
	return pulumi.ToOutputWithContext(ctx, i).(QueueBindingOutput)
}

// QueueBindingArrayInput accepts QueueBindingArray and QueueBindingArrayOutput values.
type QueueBindingArrayInput interface {
	pulumi.Input

	ToQueueBindingArrayOutput() QueueBindingArrayOutput
	ToQueueBindingArrayOutputWithContext(context.Context) QueueBindingArrayOutput
}

// QueueBindingArray is a list of QueueBindingInput.
type QueueBindingArray []QueueBindingInput

func (QueueBindingArray) ElementType() reflect.Type {
	return reflect.TypeOf((*[]QueueBinding)(nil)).Elem()
}

func (i QueueBindingArray) ToQueueBindingArrayOutput() QueueBindingArrayOutput {
	return i.ToQueueBindingArrayOutputWithContext(context.Background())
}

func (i QueueBindingArray) ToQueueBindingArrayOutputWithContext(ctx context.Context) QueueBindingArrayOutput {
	return pulumi.ToOutputWithContext(ctx, i).(QueueBindingArrayOutput)
}

// QueueBindingOutput is the output form of QueueBinding.
type QueueBindingOutput struct{ *pulumi.OutputState }

func (QueueBindingOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*QueueBinding)(nil)).Elem()
}

func (o QueueBindingOutput) ToQueueBindingOutput() QueueBindingOutput {
	return o
}

func (o QueueBindingOutput) ToQueueBindingOutputWithContext(context.Context) QueueBindingOutput {
	return o
}

// Name: Binding name seen by the code (env.<name>).
func (o QueueBindingOutput) Name() pulumi.StringOutput {
	return o.ApplyT(func(v QueueBinding) string { return v.Name }).(pulumi.StringOutput)
}

// Queue: Name (not ID) of the queue.
func (o QueueBindingOutput) Queue() pulumi.StringOutput {
	return o.ApplyT(func(v QueueBinding) string { return v.Queue }).(pulumi.StringOutput)
}

// QueueBindingArrayOutput is the output form of []QueueBinding.
type QueueBindingArrayOutput struct{ *pulumi.OutputState }

func (QueueBindingArrayOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*[]QueueBinding)(nil)).Elem()
}

func (o QueueBindingArrayOutput) ToQueueBindingArrayOutput() QueueBindingArrayOutput {
	return o
}

func (o QueueBindingArrayOutput) ToQueueBindingArrayOutputWithContext(context.Context) QueueBindingArrayOutput {
	return o
}

// Index returns the i-th element.
func (o QueueBindingArrayOutput) Index(i pulumi.IntInput) QueueBindingOutput {
	return pulumi.All(o, i).ApplyT(func(vs []interface{}) QueueBinding {
		return vs[0].([]QueueBinding)[vs[1].(int)]
	}).(QueueBindingOutput)
}

// ServiceBinding is a service binding to another Worker.
type ServiceBinding struct {
	// Binding name seen by the code (env.<name>).
	Name string `pulumi:"name"`
	// Name of the bound Worker.
	Service string `pulumi:"service"`
	// Environment of the bound Worker.
	Environment *string `pulumi:"environment,optional"`
	// Entrypoint is the named export of the bound Worker (RPC).
	Entrypoint *string `pulumi:"entrypoint,optional"`
}

// ServiceBindingInput accepts ServiceBindingArgs and ServiceBindingOutput values.
type ServiceBindingInput interface {
	pulumi.Input

	ToServiceBindingOutput() ServiceBindingOutput
	ToServiceBindingOutputWithContext(context.Context) ServiceBindingOutput
}

// ServiceBindingArgs is the input form of ServiceBinding.
type ServiceBindingArgs struct {
	// Binding name seen by the code (env.<name>).
	Name pulumi.StringInput `pulumi:"name"`
	// Name of the bound Worker.
	Service pulumi.StringInput `pulumi:"service"`
	// Environment of the bound Worker.
	Environment pulumi.StringPtrInput `pulumi:"environment"`
	// Entrypoint is the named export of the bound Worker (RPC).
	Entrypoint pulumi.StringPtrInput `pulumi:"entrypoint"`
}

func (ServiceBindingArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*ServiceBinding)(nil)).Elem()
}

func (i ServiceBindingArgs) ToServiceBindingOutput() ServiceBindingOutput {
	return i.ToServiceBindingOutputWithContext(context.Background())
}

func (i ServiceBindingArgs) ToServiceBindingOutputWithContext(ctx context.Context) ServiceBindingOutput {
	return pulumi.ToOutputWithContext(ctx, i).(ServiceBindingOutput)
}

// ServiceBindingArrayInput accepts ServiceBindingArray and ServiceBindingArrayOutput values.
type ServiceBindingArrayInput interface {
	pulumi.Input

	ToServiceBindingArrayOutput() ServiceBindingArrayOutput
	ToServiceBindingArrayOutputWithContext(context.Context) ServiceBindingArrayOutput
}

// ServiceBindingArray is a list of ServiceBindingInput.
type ServiceBindingArray []ServiceBindingInput

func (ServiceBindingArray) ElementType() reflect.Type {
	return reflect.TypeOf((*[]ServiceBinding)(nil)).Elem()
}

func (i ServiceBindingArray) ToServiceBindingArrayOutput() ServiceBindingArrayOutput {
	return i.ToServiceBindingArrayOutputWithContext(context.Background())
}

func (i ServiceBindingArray) ToServiceBindingArrayOutputWithContext(ctx context.Context) ServiceBindingArrayOutput {
	return pulumi.ToOutputWithContext(ctx, i).(ServiceBindingArrayOutput)
}

// ServiceBindingOutput is the output form of ServiceBinding.
type ServiceBindingOutput struct{ *pulumi.OutputState }

func (ServiceBindingOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*ServiceBinding)(nil)).Elem()
}

func (o ServiceBindingOutput) ToServiceBindingOutput() ServiceBindingOutput {
	return o
}

func (o ServiceBindingOutput) ToServiceBindingOutputWithContext(context.Context) ServiceBindingOutput {
	return o
}

// Name: Binding name seen by the code (env.<name>).
func (o ServiceBindingOutput) Name() pulumi.StringOutput {
	return o.ApplyT(func(v ServiceBinding) string { return v.Name }).(pulumi.StringOutput)
}

// Service: Name of the bound Worker.
func (o ServiceBindingOutput) Service() pulumi.StringOutput {
	return o.ApplyT(func(v ServiceBinding) string { return v.Service }).(pulumi.StringOutput)
}

// Environment: Environment of the bound Worker.
func (o ServiceBindingOutput) Environment() pulumi.StringPtrOutput {
	return o.ApplyT(func(v ServiceBinding) *string { return v.Environment }).(pulumi.StringPtrOutput)
}

// Entrypoint: the named export of the bound Worker (RPC).
func (o ServiceBindingOutput) Entrypoint() pulumi.StringPtrOutput {
	return o.ApplyT(func(v ServiceBinding) *string { return v.Entrypoint }).(pulumi.StringPtrOutput)
}

// ServiceBindingArrayOutput is the output form of []ServiceBinding.
type ServiceBindingArrayOutput struct{ *pulumi.OutputState }

func (ServiceBindingArrayOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*[]ServiceBinding)(nil)).Elem()
}

func (o ServiceBindingArrayOutput) ToServiceBindingArrayOutput() ServiceBindingArrayOutput {
	return o
}

func (o ServiceBindingArrayOutput) ToServiceBindingArrayOutputWithContext(context.Context) ServiceBindingArrayOutput {
	return o
}

// Index returns the i-th element.
func (o ServiceBindingArrayOutput) Index(i pulumi.IntInput) ServiceBindingOutput {
	return pulumi.All(o, i).ApplyT(func(vs []interface{}) ServiceBinding {
		return vs[0].([]ServiceBinding)[vs[1].(int)]
	}).(ServiceBindingOutput)
}

// KvNamespaceBinding is a Workers KV namespace binding.
type KvNamespaceBinding struct {
	// Binding name seen by the code (env.<name>).
	Name string `pulumi:"name"`
	// ID of the KV namespace.
	NamespaceId string `pulumi:"namespaceId"`
}

// KvNamespaceBindingInput accepts KvNamespaceBindingArgs and KvNamespaceBindingOutput values.
type KvNamespaceBindingInput interface {
	pulumi.Input

	ToKvNamespaceBindingOutput() KvNamespaceBindingOutput
	ToKvNamespaceBindingOutputWithContext(context.Context) KvNamespaceBindingOutput
}

// KvNamespaceBindingArgs is the input form of KvNamespaceBinding.
type KvNamespaceBindingArgs struct {
	// Binding name seen by the code (env.<name>).
	Name pulumi.StringInput `pulumi:"name"`
	// ID of the KV namespace.
	NamespaceId pulumi.StringInput `pulumi:"namespaceId"`
}

func (KvNamespaceBindingArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*KvNamespaceBinding)(nil)).Elem()
}

func (i KvNamespaceBindingArgs) ToKvNamespaceBindingOutput() KvNamespaceBindingOutput {
	return i.ToKvNamespaceBindingOutputWithContext(context.Background())
}

func (i KvNamespaceBindingArgs) ToKvNamespaceBindingOutputWithContext(ctx context.Context) KvNamespaceBindingOutput {
	return pulumi.ToOutputWithContext(ctx, i).(KvNamespaceBindingOutput)
}

// KvNamespaceBindingArrayInput accepts KvNamespaceBindingArray and KvNamespaceBindingArrayOutput values.
type KvNamespaceBindingArrayInput interface {
	pulumi.Input

	ToKvNamespaceBindingArrayOutput() KvNamespaceBindingArrayOutput
	ToKvNamespaceBindingArrayOutputWithContext(context.Context) KvNamespaceBindingArrayOutput
}

// KvNamespaceBindingArray is a list of KvNamespaceBindingInput.
type KvNamespaceBindingArray []KvNamespaceBindingInput

func (KvNamespaceBindingArray) ElementType() reflect.Type {
	return reflect.TypeOf((*[]KvNamespaceBinding)(nil)).Elem()
}

func (i KvNamespaceBindingArray) ToKvNamespaceBindingArrayOutput() KvNamespaceBindingArrayOutput {
	return i.ToKvNamespaceBindingArrayOutputWithContext(context.Background())
}

func (i KvNamespaceBindingArray) ToKvNamespaceBindingArrayOutputWithContext(ctx context.Context) KvNamespaceBindingArrayOutput {
	return pulumi.ToOutputWithContext(ctx, i).(KvNamespaceBindingArrayOutput)
}

// KvNamespaceBindingOutput is the output form of KvNamespaceBinding.
type KvNamespaceBindingOutput struct{ *pulumi.OutputState }

func (KvNamespaceBindingOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*KvNamespaceBinding)(nil)).Elem()
}

func (o KvNamespaceBindingOutput) ToKvNamespaceBindingOutput() KvNamespaceBindingOutput {
	return o
}

func (o KvNamespaceBindingOutput) ToKvNamespaceBindingOutputWithContext(context.Context) KvNamespaceBindingOutput {
	return o
}

// Name: Binding name seen by the code (env.<name>).
func (o KvNamespaceBindingOutput) Name() pulumi.StringOutput {
	return o.ApplyT(func(v KvNamespaceBinding) string { return v.Name }).(pulumi.StringOutput)
}

// NamespaceId: ID of the KV namespace.
func (o KvNamespaceBindingOutput) NamespaceId() pulumi.StringOutput {
	return o.ApplyT(func(v KvNamespaceBinding) string { return v.NamespaceId }).(pulumi.StringOutput)
}

// KvNamespaceBindingArrayOutput is the output form of []KvNamespaceBinding.
type KvNamespaceBindingArrayOutput struct{ *pulumi.OutputState }

func (KvNamespaceBindingArrayOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*[]KvNamespaceBinding)(nil)).Elem()
}

func (o KvNamespaceBindingArrayOutput) ToKvNamespaceBindingArrayOutput() KvNamespaceBindingArrayOutput {
	return o
}

func (o KvNamespaceBindingArrayOutput) ToKvNamespaceBindingArrayOutputWithContext(context.Context) KvNamespaceBindingArrayOutput {
	return o
}

// Index returns the i-th element.
func (o KvNamespaceBindingArrayOutput) Index(i pulumi.IntInput) KvNamespaceBindingOutput {
	return pulumi.All(o, i).ApplyT(func(vs []interface{}) KvNamespaceBinding {
		return vs[0].([]KvNamespaceBinding)[vs[1].(int)]
	}).(KvNamespaceBindingOutput)
}

// AnalyticsEngineBinding is a Workers Analytics Engine dataset binding.
type AnalyticsEngineBinding struct {
	// Binding name seen by the code (env.<name>).
	Name string `pulumi:"name"`
	// Name of the dataset.
	Dataset string `pulumi:"dataset"`
}

// AnalyticsEngineBindingInput accepts AnalyticsEngineBindingArgs and AnalyticsEngineBindingOutput values.
type AnalyticsEngineBindingInput interface {
	pulumi.Input

	ToAnalyticsEngineBindingOutput() AnalyticsEngineBindingOutput
	ToAnalyticsEngineBindingOutputWithContext(context.Context) AnalyticsEngineBindingOutput
}

// AnalyticsEngineBindingArgs is the input form of AnalyticsEngineBinding.
type AnalyticsEngineBindingArgs struct {
	// Binding name seen by the code (env.<name>).
	Name pulumi.StringInput `pulumi:"name"`
	// Name of the dataset.
	Dataset pulumi.StringInput `pulumi:"dataset"`
}

func (AnalyticsEngineBindingArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*AnalyticsEngineBinding)(nil)).Elem()
}

func (i AnalyticsEngineBindingArgs) ToAnalyticsEngineBindingOutput() AnalyticsEngineBindingOutput {
	return i.ToAnalyticsEngineBindingOutputWithContext(context.Background())
}

func (i AnalyticsEngineBindingArgs) ToAnalyticsEngineBindingOutputWithContext(ctx context.Context) AnalyticsEngineBindingOutput {
	return pulumi.ToOutputWithContext(ctx, i).(AnalyticsEngineBindingOutput)
}

// AnalyticsEngineBindingArrayInput accepts AnalyticsEngineBindingArray and AnalyticsEngineBindingArrayOutput values.
type AnalyticsEngineBindingArrayInput interface {
	pulumi.Input

	ToAnalyticsEngineBindingArrayOutput() AnalyticsEngineBindingArrayOutput
	ToAnalyticsEngineBindingArrayOutputWithContext(context.Context) AnalyticsEngineBindingArrayOutput
}

// AnalyticsEngineBindingArray is a list of AnalyticsEngineBindingInput.
type AnalyticsEngineBindingArray []AnalyticsEngineBindingInput

func (AnalyticsEngineBindingArray) ElementType() reflect.Type {
	return reflect.TypeOf((*[]AnalyticsEngineBinding)(nil)).Elem()
}

func (i AnalyticsEngineBindingArray) ToAnalyticsEngineBindingArrayOutput() AnalyticsEngineBindingArrayOutput {
	return i.ToAnalyticsEngineBindingArrayOutputWithContext(context.Background())
}

func (i AnalyticsEngineBindingArray) ToAnalyticsEngineBindingArrayOutputWithContext(ctx context.Context) AnalyticsEngineBindingArrayOutput {
	return pulumi.ToOutputWithContext(ctx, i).(AnalyticsEngineBindingArrayOutput)
}

// AnalyticsEngineBindingOutput is the output form of AnalyticsEngineBinding.
type AnalyticsEngineBindingOutput struct{ *pulumi.OutputState }

func (AnalyticsEngineBindingOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*AnalyticsEngineBinding)(nil)).Elem()
}

func (o AnalyticsEngineBindingOutput) ToAnalyticsEngineBindingOutput() AnalyticsEngineBindingOutput {
	return o
}

func (o AnalyticsEngineBindingOutput) ToAnalyticsEngineBindingOutputWithContext(context.Context) AnalyticsEngineBindingOutput {
	return o
}

// Name: Binding name seen by the code (env.<name>).
func (o AnalyticsEngineBindingOutput) Name() pulumi.StringOutput {
	return o.ApplyT(func(v AnalyticsEngineBinding) string { return v.Name }).(pulumi.StringOutput)
}

// Dataset: Name of the dataset.
func (o AnalyticsEngineBindingOutput) Dataset() pulumi.StringOutput {
	return o.ApplyT(func(v AnalyticsEngineBinding) string { return v.Dataset }).(pulumi.StringOutput)
}

// AnalyticsEngineBindingArrayOutput is the output form of []AnalyticsEngineBinding.
type AnalyticsEngineBindingArrayOutput struct{ *pulumi.OutputState }

func (AnalyticsEngineBindingArrayOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*[]AnalyticsEngineBinding)(nil)).Elem()
}

func (o AnalyticsEngineBindingArrayOutput) ToAnalyticsEngineBindingArrayOutput() AnalyticsEngineBindingArrayOutput {
	return o
}

func (o AnalyticsEngineBindingArrayOutput) ToAnalyticsEngineBindingArrayOutputWithContext(context.Context) AnalyticsEngineBindingArrayOutput {
	return o
}

// Index returns the i-th element.
func (o AnalyticsEngineBindingArrayOutput) Index(i pulumi.IntInput) AnalyticsEngineBindingOutput {
	return pulumi.All(o, i).ApplyT(func(vs []interface{}) AnalyticsEngineBinding {
		return vs[0].([]AnalyticsEngineBinding)[vs[1].(int)]
	}).(AnalyticsEngineBindingOutput)
}

// PlainTextBinding is a plain text environment variable.
type PlainTextBinding struct {
	// Binding name seen by the code (env.<name>).
	Name string `pulumi:"name"`
	// The value.
	Text string `pulumi:"text"`
}

// PlainTextBindingInput accepts PlainTextBindingArgs and PlainTextBindingOutput values.
type PlainTextBindingInput interface {
	pulumi.Input

	ToPlainTextBindingOutput() PlainTextBindingOutput
	ToPlainTextBindingOutputWithContext(context.Context) PlainTextBindingOutput
}

// PlainTextBindingArgs is the input form of PlainTextBinding.
type PlainTextBindingArgs struct {
	// Binding name seen by the code (env.<name>).
	Name pulumi.StringInput `pulumi:"name"`
	// The value.
	Text pulumi.StringInput `pulumi:"text"`
}

func (PlainTextBindingArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*PlainTextBinding)(nil)).Elem()
}

func (i PlainTextBindingArgs) ToPlainTextBindingOutput() PlainTextBindingOutput {
	return i.ToPlainTextBindingOutputWithContext(context.Background())
}

func (i PlainTextBindingArgs) ToPlainTextBindingOutputWithContext(ctx context.Context) PlainTextBindingOutput {
	return pulumi.ToOutputWithContext(ctx, i).(PlainTextBindingOutput)
}

// PlainTextBindingArrayInput accepts PlainTextBindingArray and PlainTextBindingArrayOutput values.
type PlainTextBindingArrayInput interface {
	pulumi.Input

	ToPlainTextBindingArrayOutput() PlainTextBindingArrayOutput
	ToPlainTextBindingArrayOutputWithContext(context.Context) PlainTextBindingArrayOutput
}

// PlainTextBindingArray is a list of PlainTextBindingInput.
type PlainTextBindingArray []PlainTextBindingInput

func (PlainTextBindingArray) ElementType() reflect.Type {
	return reflect.TypeOf((*[]PlainTextBinding)(nil)).Elem()
}

func (i PlainTextBindingArray) ToPlainTextBindingArrayOutput() PlainTextBindingArrayOutput {
	return i.ToPlainTextBindingArrayOutputWithContext(context.Background())
}

func (i PlainTextBindingArray) ToPlainTextBindingArrayOutputWithContext(ctx context.Context) PlainTextBindingArrayOutput {
	return pulumi.ToOutputWithContext(ctx, i).(PlainTextBindingArrayOutput)
}

// PlainTextBindingOutput is the output form of PlainTextBinding.
type PlainTextBindingOutput struct{ *pulumi.OutputState }

func (PlainTextBindingOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*PlainTextBinding)(nil)).Elem()
}

func (o PlainTextBindingOutput) ToPlainTextBindingOutput() PlainTextBindingOutput {
	return o
}

func (o PlainTextBindingOutput) ToPlainTextBindingOutputWithContext(context.Context) PlainTextBindingOutput {
	return o
}

// Name: Binding name seen by the code (env.<name>).
func (o PlainTextBindingOutput) Name() pulumi.StringOutput {
	return o.ApplyT(func(v PlainTextBinding) string { return v.Name }).(pulumi.StringOutput)
}

// Text: The value.
func (o PlainTextBindingOutput) Text() pulumi.StringOutput {
	return o.ApplyT(func(v PlainTextBinding) string { return v.Text }).(pulumi.StringOutput)
}

// PlainTextBindingArrayOutput is the output form of []PlainTextBinding.
type PlainTextBindingArrayOutput struct{ *pulumi.OutputState }

func (PlainTextBindingArrayOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*[]PlainTextBinding)(nil)).Elem()
}

func (o PlainTextBindingArrayOutput) ToPlainTextBindingArrayOutput() PlainTextBindingArrayOutput {
	return o
}

func (o PlainTextBindingArrayOutput) ToPlainTextBindingArrayOutputWithContext(context.Context) PlainTextBindingArrayOutput {
	return o
}

// Index returns the i-th element.
func (o PlainTextBindingArrayOutput) Index(i pulumi.IntInput) PlainTextBindingOutput {
	return pulumi.All(o, i).ApplyT(func(vs []interface{}) PlainTextBinding {
		return vs[0].([]PlainTextBinding)[vs[1].(int)]
	}).(PlainTextBindingOutput)
}

// JsonBinding is a JSON environment variable (wrangler's non-string vars).
type JsonBinding struct {
	// Binding name seen by the code (env.<name>).
	Name string `pulumi:"name"`
	// The value, as JSON.
	Json string `pulumi:"json"`
}

// JsonBindingInput accepts JsonBindingArgs and JsonBindingOutput values.
type JsonBindingInput interface {
	pulumi.Input

	ToJsonBindingOutput() JsonBindingOutput
	ToJsonBindingOutputWithContext(context.Context) JsonBindingOutput
}

// JsonBindingArgs is the input form of JsonBinding.
type JsonBindingArgs struct {
	// Binding name seen by the code (env.<name>).
	Name pulumi.StringInput `pulumi:"name"`
	// The value, as JSON.
	Json pulumi.StringInput `pulumi:"json"`
}

func (JsonBindingArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*JsonBinding)(nil)).Elem()
}

func (i JsonBindingArgs) ToJsonBindingOutput() JsonBindingOutput {
	return i.ToJsonBindingOutputWithContext(context.Background())
}

func (i JsonBindingArgs) ToJsonBindingOutputWithContext(ctx context.Context) JsonBindingOutput {
	return pulumi.ToOutputWithContext(ctx, i).(JsonBindingOutput)
}

// JsonBindingArrayInput accepts JsonBindingArray and JsonBindingArrayOutput values.
type JsonBindingArrayInput interface {
	pulumi.Input

	ToJsonBindingArrayOutput() JsonBindingArrayOutput
	ToJsonBindingArrayOutputWithContext(context.Context) JsonBindingArrayOutput
}

// JsonBindingArray is a list of JsonBindingInput.
type JsonBindingArray []JsonBindingInput

func (JsonBindingArray) ElementType() reflect.Type {
	return reflect.TypeOf((*[]JsonBinding)(nil)).Elem()
}

func (i JsonBindingArray) ToJsonBindingArrayOutput() JsonBindingArrayOutput {
	return i.ToJsonBindingArrayOutputWithContext(context.Background())
}

func (i JsonBindingArray) ToJsonBindingArrayOutputWithContext(ctx context.Context) JsonBindingArrayOutput {
	return pulumi.ToOutputWithContext(ctx, i).(JsonBindingArrayOutput)
}

// JsonBindingOutput is the output form of JsonBinding.
type JsonBindingOutput struct{ *pulumi.OutputState }

func (JsonBindingOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*JsonBinding)(nil)).Elem()
}

func (o JsonBindingOutput) ToJsonBindingOutput() JsonBindingOutput {
	return o
}

func (o JsonBindingOutput) ToJsonBindingOutputWithContext(context.Context) JsonBindingOutput {
	return o
}

// Name: Binding name seen by the code (env.<name>).
func (o JsonBindingOutput) Name() pulumi.StringOutput {
	return o.ApplyT(func(v JsonBinding) string { return v.Name }).(pulumi.StringOutput)
}

// Json: The value, as JSON.
func (o JsonBindingOutput) Json() pulumi.StringOutput {
	return o.ApplyT(func(v JsonBinding) string { return v.Json }).(pulumi.StringOutput)
}

// JsonBindingArrayOutput is the output form of []JsonBinding.
type JsonBindingArrayOutput struct{ *pulumi.OutputState }

func (JsonBindingArrayOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*[]JsonBinding)(nil)).Elem()
}

func (o JsonBindingArrayOutput) ToJsonBindingArrayOutput() JsonBindingArrayOutput {
	return o
}

func (o JsonBindingArrayOutput) ToJsonBindingArrayOutputWithContext(context.Context) JsonBindingArrayOutput {
	return o
}

// Index returns the i-th element.
func (o JsonBindingArrayOutput) Index(i pulumi.IntInput) JsonBindingOutput {
	return pulumi.All(o, i).ApplyT(func(vs []interface{}) JsonBinding {
		return vs[0].([]JsonBinding)[vs[1].(int)]
	}).(JsonBindingOutput)
}

// SecretTextBinding is a secret environment variable. NewWorkerScript makes the whole
// secretTextBindings list secret.
type SecretTextBinding struct {
	// Binding name seen by the code (env.<name>).
	Name string `pulumi:"name"`
	// The secret value.
	Text string `pulumi:"text"`
}

// SecretTextBindingInput accepts SecretTextBindingArgs and SecretTextBindingOutput values.
type SecretTextBindingInput interface {
	pulumi.Input

	ToSecretTextBindingOutput() SecretTextBindingOutput
	ToSecretTextBindingOutputWithContext(context.Context) SecretTextBindingOutput
}

// SecretTextBindingArgs is the input form of SecretTextBinding.
type SecretTextBindingArgs struct {
	// Binding name seen by the code (env.<name>).
	Name pulumi.StringInput `pulumi:"name"`
	// The secret value.
	Text pulumi.StringInput `pulumi:"text"`
}

func (SecretTextBindingArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*SecretTextBinding)(nil)).Elem()
}

func (i SecretTextBindingArgs) ToSecretTextBindingOutput() SecretTextBindingOutput {
	return i.ToSecretTextBindingOutputWithContext(context.Background())
}

func (i SecretTextBindingArgs) ToSecretTextBindingOutputWithContext(ctx context.Context) SecretTextBindingOutput {
	return pulumi.ToOutputWithContext(ctx, i).(SecretTextBindingOutput)
}

// SecretTextBindingArrayInput accepts SecretTextBindingArray and SecretTextBindingArrayOutput values.
type SecretTextBindingArrayInput interface {
	pulumi.Input

	ToSecretTextBindingArrayOutput() SecretTextBindingArrayOutput
	ToSecretTextBindingArrayOutputWithContext(context.Context) SecretTextBindingArrayOutput
}

// SecretTextBindingArray is a list of SecretTextBindingInput.
type SecretTextBindingArray []SecretTextBindingInput

func (SecretTextBindingArray) ElementType() reflect.Type {
	return reflect.TypeOf((*[]SecretTextBinding)(nil)).Elem()
}

func (i SecretTextBindingArray) ToSecretTextBindingArrayOutput() SecretTextBindingArrayOutput {
	return i.ToSecretTextBindingArrayOutputWithContext(context.Background())
}

func (i SecretTextBindingArray) ToSecretTextBindingArrayOutputWithContext(ctx context.Context) SecretTextBindingArrayOutput {
	return pulumi.ToOutputWithContext(ctx, i).(SecretTextBindingArrayOutput)
}

// SecretTextBindingOutput is the output form of SecretTextBinding.
type SecretTextBindingOutput struct{ *pulumi.OutputState }

func (SecretTextBindingOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*SecretTextBinding)(nil)).Elem()
}

func (o SecretTextBindingOutput) ToSecretTextBindingOutput() SecretTextBindingOutput {
	return o
}

func (o SecretTextBindingOutput) ToSecretTextBindingOutputWithContext(context.Context) SecretTextBindingOutput {
	return o
}

// Name: Binding name seen by the code (env.<name>).
func (o SecretTextBindingOutput) Name() pulumi.StringOutput {
	return o.ApplyT(func(v SecretTextBinding) string { return v.Name }).(pulumi.StringOutput)
}

// Text: The secret value.
func (o SecretTextBindingOutput) Text() pulumi.StringOutput {
	return o.ApplyT(func(v SecretTextBinding) string { return v.Text }).(pulumi.StringOutput)
}

// SecretTextBindingArrayOutput is the output form of []SecretTextBinding.
type SecretTextBindingArrayOutput struct{ *pulumi.OutputState }

func (SecretTextBindingArrayOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*[]SecretTextBinding)(nil)).Elem()
}

func (o SecretTextBindingArrayOutput) ToSecretTextBindingArrayOutput() SecretTextBindingArrayOutput {
	return o
}

func (o SecretTextBindingArrayOutput) ToSecretTextBindingArrayOutputWithContext(context.Context) SecretTextBindingArrayOutput {
	return o
}

// Index returns the i-th element.
func (o SecretTextBindingArrayOutput) Index(i pulumi.IntInput) SecretTextBindingOutput {
	return pulumi.All(o, i).ApplyT(func(vs []interface{}) SecretTextBinding {
		return vs[0].([]SecretTextBinding)[vs[1].(int)]
	}).(SecretTextBindingOutput)
}

// R2EventNotificationRule is one R2 event notification rule.
type R2EventNotificationRule struct {
	// Actions that trigger a notification: PutObject, CopyObject, DeleteObject,
	// CompleteMultipartUpload, LifecycleDeletion.
	Actions []string `pulumi:"actions"`
	// Only notify for object keys with this prefix.
	Prefix *string `pulumi:"prefix,optional"`
	// Only notify for object keys with this suffix.
	Suffix *string `pulumi:"suffix,optional"`
	// Description of the rule.
	Description *string `pulumi:"description,optional"`
}

// R2EventNotificationRuleInput accepts R2EventNotificationRuleArgs and R2EventNotificationRuleOutput values.
type R2EventNotificationRuleInput interface {
	pulumi.Input

	ToR2EventNotificationRuleOutput() R2EventNotificationRuleOutput
	ToR2EventNotificationRuleOutputWithContext(context.Context) R2EventNotificationRuleOutput
}

// R2EventNotificationRuleArgs is the input form of R2EventNotificationRule.
type R2EventNotificationRuleArgs struct {
	// Actions that trigger a notification: PutObject, CopyObject, DeleteObject,
	// CompleteMultipartUpload, LifecycleDeletion.
	Actions pulumi.StringArrayInput `pulumi:"actions"`
	// Only notify for object keys with this prefix.
	Prefix pulumi.StringPtrInput `pulumi:"prefix"`
	// Only notify for object keys with this suffix.
	Suffix pulumi.StringPtrInput `pulumi:"suffix"`
	// Description of the rule.
	Description pulumi.StringPtrInput `pulumi:"description"`
}

func (R2EventNotificationRuleArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*R2EventNotificationRule)(nil)).Elem()
}

func (i R2EventNotificationRuleArgs) ToR2EventNotificationRuleOutput() R2EventNotificationRuleOutput {
	return i.ToR2EventNotificationRuleOutputWithContext(context.Background())
}

func (i R2EventNotificationRuleArgs) ToR2EventNotificationRuleOutputWithContext(ctx context.Context) R2EventNotificationRuleOutput {
	return pulumi.ToOutputWithContext(ctx, i).(R2EventNotificationRuleOutput)
}

// R2EventNotificationRuleArrayInput accepts R2EventNotificationRuleArray and R2EventNotificationRuleArrayOutput values.
type R2EventNotificationRuleArrayInput interface {
	pulumi.Input

	ToR2EventNotificationRuleArrayOutput() R2EventNotificationRuleArrayOutput
	ToR2EventNotificationRuleArrayOutputWithContext(context.Context) R2EventNotificationRuleArrayOutput
}

// R2EventNotificationRuleArray is a list of R2EventNotificationRuleInput.
type R2EventNotificationRuleArray []R2EventNotificationRuleInput

func (R2EventNotificationRuleArray) ElementType() reflect.Type {
	return reflect.TypeOf((*[]R2EventNotificationRule)(nil)).Elem()
}

func (i R2EventNotificationRuleArray) ToR2EventNotificationRuleArrayOutput() R2EventNotificationRuleArrayOutput {
	return i.ToR2EventNotificationRuleArrayOutputWithContext(context.Background())
}

func (i R2EventNotificationRuleArray) ToR2EventNotificationRuleArrayOutputWithContext(ctx context.Context) R2EventNotificationRuleArrayOutput {
	return pulumi.ToOutputWithContext(ctx, i).(R2EventNotificationRuleArrayOutput)
}

// R2EventNotificationRuleOutput is the output form of R2EventNotificationRule.
type R2EventNotificationRuleOutput struct{ *pulumi.OutputState }

func (R2EventNotificationRuleOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*R2EventNotificationRule)(nil)).Elem()
}

func (o R2EventNotificationRuleOutput) ToR2EventNotificationRuleOutput() R2EventNotificationRuleOutput {
	return o
}

func (o R2EventNotificationRuleOutput) ToR2EventNotificationRuleOutputWithContext(context.Context) R2EventNotificationRuleOutput {
	return o
}

// Actions: Actions that trigger a notification: PutObject, CopyObject, DeleteObject, CompleteMultipartUpload, LifecycleDeletion.
func (o R2EventNotificationRuleOutput) Actions() pulumi.StringArrayOutput {
	return o.ApplyT(func(v R2EventNotificationRule) []string { return v.Actions }).(pulumi.StringArrayOutput)
}

// Prefix: Only notify for object keys with this prefix.
func (o R2EventNotificationRuleOutput) Prefix() pulumi.StringPtrOutput {
	return o.ApplyT(func(v R2EventNotificationRule) *string { return v.Prefix }).(pulumi.StringPtrOutput)
}

// Suffix: Only notify for object keys with this suffix.
func (o R2EventNotificationRuleOutput) Suffix() pulumi.StringPtrOutput {
	return o.ApplyT(func(v R2EventNotificationRule) *string { return v.Suffix }).(pulumi.StringPtrOutput)
}

// Description: Description of the rule.
func (o R2EventNotificationRuleOutput) Description() pulumi.StringPtrOutput {
	return o.ApplyT(func(v R2EventNotificationRule) *string { return v.Description }).(pulumi.StringPtrOutput)
}

// R2EventNotificationRuleArrayOutput is the output form of []R2EventNotificationRule.
type R2EventNotificationRuleArrayOutput struct{ *pulumi.OutputState }

func (R2EventNotificationRuleArrayOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*[]R2EventNotificationRule)(nil)).Elem()
}

func (o R2EventNotificationRuleArrayOutput) ToR2EventNotificationRuleArrayOutput() R2EventNotificationRuleArrayOutput {
	return o
}

func (o R2EventNotificationRuleArrayOutput) ToR2EventNotificationRuleArrayOutputWithContext(context.Context) R2EventNotificationRuleArrayOutput {
	return o
}

// Index returns the i-th element.
func (o R2EventNotificationRuleArrayOutput) Index(i pulumi.IntInput) R2EventNotificationRuleOutput {
	return pulumi.All(o, i).ApplyT(func(vs []interface{}) R2EventNotificationRule {
		return vs[0].([]R2EventNotificationRule)[vs[1].(int)]
	}).(R2EventNotificationRuleOutput)
}

func init() {
	pulumi.RegisterInputType(reflect.TypeOf((*WorkerObservabilityInput)(nil)).Elem(), WorkerObservabilityArgs{})
	pulumi.RegisterInputType(reflect.TypeOf((*WorkerObservabilityPtrInput)(nil)).Elem(), WorkerObservabilityArgs{})
	pulumi.RegisterOutputType(WorkerObservabilityOutput{})
	pulumi.RegisterOutputType(WorkerObservabilityPtrOutput{})
	pulumi.RegisterInputType(reflect.TypeOf((*AiBindingInput)(nil)).Elem(), AiBindingArgs{})
	pulumi.RegisterInputType(reflect.TypeOf((*AiBindingPtrInput)(nil)).Elem(), AiBindingArgs{})
	pulumi.RegisterOutputType(AiBindingOutput{})
	pulumi.RegisterOutputType(AiBindingPtrOutput{})
	pulumi.RegisterInputType(reflect.TypeOf((*D1DatabaseBindingInput)(nil)).Elem(), D1DatabaseBindingArgs{})
	pulumi.RegisterInputType(reflect.TypeOf((*D1DatabaseBindingArrayInput)(nil)).Elem(), D1DatabaseBindingArray{})
	pulumi.RegisterOutputType(D1DatabaseBindingOutput{})
	pulumi.RegisterOutputType(D1DatabaseBindingArrayOutput{})
	pulumi.RegisterInputType(reflect.TypeOf((*R2BucketBindingInput)(nil)).Elem(), R2BucketBindingArgs{})
	pulumi.RegisterInputType(reflect.TypeOf((*R2BucketBindingArrayInput)(nil)).Elem(), R2BucketBindingArray{})
	pulumi.RegisterOutputType(R2BucketBindingOutput{})
	pulumi.RegisterOutputType(R2BucketBindingArrayOutput{})
	pulumi.RegisterInputType(reflect.TypeOf((*VectorizeBindingInput)(nil)).Elem(), VectorizeBindingArgs{})
	pulumi.RegisterInputType(reflect.TypeOf((*VectorizeBindingArrayInput)(nil)).Elem(), VectorizeBindingArray{})
	pulumi.RegisterOutputType(VectorizeBindingOutput{})
	pulumi.RegisterOutputType(VectorizeBindingArrayOutput{})
	pulumi.RegisterInputType(reflect.TypeOf((*QueueBindingInput)(nil)).Elem(), QueueBindingArgs{})
	pulumi.RegisterInputType(reflect.TypeOf((*QueueBindingArrayInput)(nil)).Elem(), QueueBindingArray{})
	pulumi.RegisterOutputType(QueueBindingOutput{})
	pulumi.RegisterOutputType(QueueBindingArrayOutput{})
	pulumi.RegisterInputType(reflect.TypeOf((*ServiceBindingInput)(nil)).Elem(), ServiceBindingArgs{})
	pulumi.RegisterInputType(reflect.TypeOf((*ServiceBindingArrayInput)(nil)).Elem(), ServiceBindingArray{})
	pulumi.RegisterOutputType(ServiceBindingOutput{})
	pulumi.RegisterOutputType(ServiceBindingArrayOutput{})
	pulumi.RegisterInputType(reflect.TypeOf((*KvNamespaceBindingInput)(nil)).Elem(), KvNamespaceBindingArgs{})
	pulumi.RegisterInputType(reflect.TypeOf((*KvNamespaceBindingArrayInput)(nil)).Elem(), KvNamespaceBindingArray{})
	pulumi.RegisterOutputType(KvNamespaceBindingOutput{})
	pulumi.RegisterOutputType(KvNamespaceBindingArrayOutput{})
	pulumi.RegisterInputType(reflect.TypeOf((*AnalyticsEngineBindingInput)(nil)).Elem(), AnalyticsEngineBindingArgs{})
	pulumi.RegisterInputType(reflect.TypeOf((*AnalyticsEngineBindingArrayInput)(nil)).Elem(), AnalyticsEngineBindingArray{})
	pulumi.RegisterOutputType(AnalyticsEngineBindingOutput{})
	pulumi.RegisterOutputType(AnalyticsEngineBindingArrayOutput{})
	pulumi.RegisterInputType(reflect.TypeOf((*PlainTextBindingInput)(nil)).Elem(), PlainTextBindingArgs{})
	pulumi.RegisterInputType(reflect.TypeOf((*PlainTextBindingArrayInput)(nil)).Elem(), PlainTextBindingArray{})
	pulumi.RegisterOutputType(PlainTextBindingOutput{})
	pulumi.RegisterOutputType(PlainTextBindingArrayOutput{})
	pulumi.RegisterInputType(reflect.TypeOf((*SecretTextBindingInput)(nil)).Elem(), SecretTextBindingArgs{})
	pulumi.RegisterInputType(reflect.TypeOf((*SecretTextBindingArrayInput)(nil)).Elem(), SecretTextBindingArray{})
	pulumi.RegisterOutputType(SecretTextBindingOutput{})
	pulumi.RegisterOutputType(SecretTextBindingArrayOutput{})
	pulumi.RegisterInputType(reflect.TypeOf((*R2EventNotificationRuleInput)(nil)).Elem(), R2EventNotificationRuleArgs{})
	pulumi.RegisterInputType(reflect.TypeOf((*R2EventNotificationRuleArrayInput)(nil)).Elem(), R2EventNotificationRuleArray{})
	pulumi.RegisterOutputType(R2EventNotificationRuleOutput{})
	pulumi.RegisterOutputType(R2EventNotificationRuleArrayOutput{})
}
