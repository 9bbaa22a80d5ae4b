// Package program is the dome-infra Pulumi program: stack config → the
// estate model → one package per resource type. main.go runs it; the tests
// and the offline plan run the very same function under mocks.
package program

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/dome/dome-infra/internal/bindings"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/databases"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/policy"
	"github.com/dome/dome-infra/internal/queues"
	"github.com/dome/dome-infra/internal/storage"
	"github.com/dome/dome-infra/internal/target"
	"github.com/dome/dome-infra/internal/vectorize"
	"github.com/dome/dome-infra/internal/workers"
	"github.com/dome/dome-infra/sdk/go/domecloudflare"
)

// Infra is what the program built, as typed handles.
type Infra struct {
	Config    config.Config
	Databases map[string]databases.Database
	Buckets   map[string]storage.Bucket
	Indexes   map[string]vectorize.Index
	Queues    map[string]queues.Queue
	Workers   map[string]workers.Worker
	Consumers map[string]*domecloudflare.QueueConsumer
	Events    []*domecloudflare.R2EventNotification
}

// Run is the Pulumi program.
func Run(ctx *pulumi.Context) error {
	_, err := Build(ctx, estate.Dome())
	return err
}

// Build checks the stack's config and the estate against every policy rule,
// then registers the estate's resources. Nothing is registered unless
// everything checks out.
func Build(ctx *pulumi.Context, est estate.Estate) (*Infra, error) {
	cfg, err := config.Load(ctx)
	if err != nil {
		return nil, err
	}
	if est, err = cfg.Apply(est); err != nil {
		return nil, err
	}
	known, _ := config.KnownKeys(ctx.RootDirectory()) // nil (no key check) without Pulumi.yaml
	rules := policy.Input{Estate: est, Config: cfg, Values: config.ContextValues(ctx, append(config.Keys(), known...))}
	if config.Listed(ctx) {
		rules.KnownKeys = known
	}
	if err := policy.Check(rules); err != nil {
		return nil, err
	}
	code, err := workers.ReadBundles(ctx.RootDirectory(), cfg)
	if err != nil {
		return nil, err
	}
	t, err := target.New(cfg)
	if err != nil {
		return nil, err
	}
	companionOpts, err := companionProvider(ctx, cfg)
	if err != nil {
		return nil, err
	}

	in := &Infra{Config: cfg}
	if in.Databases, err = databases.Create(ctx, t, est.Databases); err != nil {
		return nil, err
	}
	if in.Buckets, err = storage.CreateBuckets(ctx, t, est.Buckets); err != nil {
		return nil, err
	}
	if in.Indexes, err = vectorize.Create(ctx, t, cfg.VectorIndex, est.Indexes, companionOpts...); err != nil {
		return nil, err
	}
	if in.Queues, err = queues.Create(ctx, t, est.Queues); err != nil {
		return nil, err
	}
	targets := bindings.Targets{
		Databases: in.Databases, Buckets: in.Buckets, Indexes: in.Indexes, Queues: in.Queues,
		Workers: map[string]pulumi.StringOutput{},
		Secret:  secretConfig(ctx),
	}
	settings := workers.Settings{Code: cfg.CodeOf, Read: code}
	if in.Workers, err = workers.Create(ctx, t, settings, est, targets, companionOpts...); err != nil {
		return nil, err
	}
	if in.Consumers, err = queues.CreateConsumers(ctx, t, est.Workers, in.Queues, targets.Workers, companionOpts...); err != nil {
		return nil, err
	}
	if in.Events, err = storage.CreateEventNotifications(ctx, t, est.BucketEvents, in.Buckets, in.Queues, companionOpts...); err != nil {
		return nil, err
	}
	export(ctx, in)
	return in, nil
}

// companionProvider gives the companion resources the same token as
// pulumi-cloudflare when the stack sets cloudflare:apiToken (a secret), so
// the token is configured once. Without it, both read CLOUDFLARE_API_TOKEN.
func companionProvider(ctx *pulumi.Context, cfg config.Config) ([]pulumi.ResourceOption, error) {
	if !cfg.APITokenSet {
		return nil, nil
	}
	token, _ := ctx.GetConfig(config.KeyAPIToken)
	p, err := domecloudflare.NewProvider(ctx, "dome-cloudflare", &domecloudflare.ProviderArgs{
		ApiToken: pulumi.ToSecret(pulumi.String(token)).(pulumi.StringOutput).ToStringPtrOutput(),
	})
	if err != nil {
		return nil, err
	}
	return []pulumi.ResourceOption{pulumi.Provider(p)}, nil
}

// secretConfig reads the secret stack config behind secret_text bindings.
func secretConfig(ctx *pulumi.Context) func(key string) (pulumi.StringOutput, bool) {
	return func(key string) (pulumi.StringOutput, bool) {
		v, ok := ctx.GetConfig(key)
		if !ok {
			return pulumi.StringOutput{}, false
		}
		return pulumi.ToSecret(pulumi.String(v)).(pulumi.StringOutput), true
	}
}

// export publishes, per environment, what other tools need: database IDs,
// bucket names, queue IDs and names, worker and index names.
func export(ctx *pulumi.Context, in *Infra) {
	d1 := pulumi.Map{}
	for name, db := range in.Databases {
		d1[name] = pulumi.Map{"name": db.Name, "id": db.ID}
	}
	buckets := pulumi.StringMap{}
	for name, b := range in.Buckets {
		buckets[name] = b.Name
	}
	qs := pulumi.Map{}
	for name, q := range in.Queues {
		qs[name] = pulumi.Map{"name": q.Name, "id": q.ID}
	}
	scripts := pulumi.StringMap{}
	for name, w := range in.Workers {
		scripts[name] = w.Name
	}
	indexes := pulumi.StringMap{}
	for name, idx := range in.Indexes {
		indexes[name] = idx.Name
	}
	ctx.Export("environment", pulumi.String(string(in.Config.Environment)))
	ctx.Export("d1Databases", d1)
	ctx.Export("r2Buckets", buckets)
	ctx.Export("queues", qs)
	ctx.Export("workers", scripts)
	ctx.Export("vectorizeIndexes", indexes)
}
