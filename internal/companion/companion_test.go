package companion_test

import (
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/companion"
)

func TestIDs(t *testing.T) {
	t.Run("WorkerScript", func(t *testing.T) {
		id := companion.WorkerScriptID("acc", "silo")
		assert.Equal(t, "acc/silo", id)
		acc, name, err := companion.ParseWorkerScriptID(id)
		require.NoError(t, err)
		assert.Equal(t, []string{"acc", "silo"}, []string{acc, name})
	})
	t.Run("VectorizeIndex", func(t *testing.T) {
		acc, name, err := companion.ParseVectorizeIndexID(companion.VectorizeIndexID("acc", "dome-embeddings"))
		require.NoError(t, err)
		assert.Equal(t, []string{"acc", "dome-embeddings"}, []string{acc, name})
	})
	t.Run("QueueConsumer", func(t *testing.T) {
		id := companion.QueueConsumerID("acc", "q-1", "c-1")
		assert.Equal(t, "acc/q-1/c-1", id)
		acc, q, c, err := companion.ParseQueueConsumerID(id)
		require.NoError(t, err)
		assert.Equal(t, []string{"acc", "q-1", "c-1"}, []string{acc, q, c})
	})
	t.Run("R2EventNotification", func(t *testing.T) {
		id := companion.R2EventNotificationID("acc", "dome-blobs", "q-1")
		assert.Equal(t, "acc/dome-blobs/q-1", id)
		acc, b, q, err := companion.ParseR2EventNotificationID(id)
		require.NoError(t, err)
		assert.Equal(t, []string{"acc", "dome-blobs", "q-1"}, []string{acc, b, q})
	})

	bad := []struct {
		name  string
		parse func(string) error
		id    string
		want  []string // substrings of the error
	}{
		{"worker: no slash", parseWorker, "silo", []string{"WorkerScript", `"silo"`, "<accountId>/<name>"}},
		{"worker: too many parts", parseWorker, "acc/silo/extra", []string{"<accountId>/<name>"}},
		{"worker: empty name", parseWorker, "acc/", []string{"name is empty"}},
		{"worker: empty account", parseWorker, "/silo", []string{"accountId is empty"}},
		{"worker: empty", parseWorker, "", []string{"<accountId>/<name>"}},
		{"index: blank name", parseIndex, "acc/ ", []string{"name is empty"}},
		{"consumer: two parts", parseConsumer, "acc/q-1", []string{"QueueConsumer", "<accountId>/<queueId>/<consumerId>"}},
		{"consumer: empty consumer", parseConsumer, "acc/q-1/", []string{"consumerId is empty"}},
		{"notification: empty bucket", parseNotification, "acc//q-1", []string{"bucketName is empty"}},
		{"notification: two parts", parseNotification, "acc/bucket", []string{"<accountId>/<bucketName>/<queueId>"}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.parse(tc.id)
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func parseWorker(id string) error   { _, _, err := companion.ParseWorkerScriptID(id); return err }
func parseIndex(id string) error    { _, _, err := companion.ParseVectorizeIndexID(id); return err }
func parseConsumer(id string) error { _, _, _, err := companion.ParseQueueConsumerID(id); return err }
func parseNotification(id string) error {
	_, _, _, err := companion.ParseR2EventNotificationID(id)
	return err
}

// TestArgsMapToPlainTypes checks what the Pulumi SDK needs to marshal the input structs:
// every field of an input struct has a same-named field in the plain type returned by
// ElementType (the SDK panics otherwise), recursively for nested XxxArgs types.
func TestArgsMapToPlainTypes(t *testing.T) {
	for _, in := range []pulumi.Input{
		companion.WorkerScriptArgs{}, companion.QueueConsumerArgs{}, companion.VectorizeIndexArgs{},
		companion.R2EventNotificationArgs{}, companion.ProviderArgs{},
		companion.WorkerObservabilityArgs{}, companion.AiBindingArgs{}, companion.D1DatabaseBindingArgs{},
		companion.R2BucketBindingArgs{}, companion.VectorizeBindingArgs{}, companion.QueueBindingArgs{},
		companion.ServiceBindingArgs{}, companion.KvNamespaceBindingArgs{}, companion.AnalyticsEngineBindingArgs{},
		companion.PlainTextBindingArgs{}, companion.SecretTextBindingArgs{}, companion.R2EventNotificationRuleArgs{},
	} {
		argsType := reflect.TypeOf(in)
		plain := in.ElementType()
		t.Run(argsType.Name(), func(t *testing.T) {
			assert.Equal(t, plain.NumField(), argsType.NumField(), "same number of fields")
			for i := range argsType.NumField() {
				f := argsType.Field(i)
				pf, ok := plain.FieldByName(f.Name)
				if assert.True(t, ok, "%s.%s has no counterpart in %s", argsType, f.Name, plain) {
					if tag, ok := f.Tag.Lookup("pulumi"); ok {
						name, _, _ := strings.Cut(pf.Tag.Get("pulumi"), ",")
						assert.Equal(t, name, tag, "%s.%s tag", argsType, f.Name)
					}
				}
			}
		})
	}
}

type mocks struct {
	mu        sync.Mutex
	registers []pulumi.MockResourceArgs
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	m.registers = append(m.registers, args)
	m.mu.Unlock()
	outs := args.Inputs.Copy()
	if args.TypeToken == companion.WorkerScriptType {
		outs["contentSha256"] = resource.NewStringProperty("abc")
	}
	return args.Name + "-id", outs, nil
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return args.Args, nil
}

func (m *mocks) find(token string) pulumi.MockResourceArgs {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range m.registers {
		if r.TypeToken == token {
			return r
		}
	}
	return pulumi.MockResourceArgs{}
}

func TestRegisterResources(t *testing.T) {
	m := &mocks{}
	var scriptName, firstDB, secretName pulumi.StringOutput
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		prov, err := companion.NewProvider(ctx, "cf", &companion.ProviderArgs{
			ApiToken:   pulumi.String("tok-SUPERSECRET"),
			ApiBaseUrl: pulumi.String("http://127.0.0.1:8787/client/v4/"),
		})
		if err != nil {
			return err
		}
		w, err := companion.NewWorkerScript(ctx, "silo", &companion.WorkerScriptArgs{
			AccountId:         pulumi.String("acc"),
			Name:              pulumi.String("silo"),
			Content:           pulumi.String("export default {}"),
			CompatibilityDate: pulumi.String("2025-01-15"),
			Observability:     companion.WorkerObservabilityArgs{Enabled: pulumi.Bool(true), HeadSamplingRate: pulumi.Float64(1)},
			AiBinding:         companion.AiBindingArgs{Name: pulumi.String("AI")},
			D1DatabaseBindings: companion.D1DatabaseBindingArray{
				companion.D1DatabaseBindingArgs{Name: pulumi.String("DB"), DatabaseId: pulumi.String("d1")},
			},
			ServiceBindings: companion.ServiceBindingArray{
				companion.ServiceBindingArgs{Name: pulumi.String("AUTH"), Service: pulumi.String("auth")},
			},
			SecretTextBindings: companion.SecretTextBindingArray{
				companion.SecretTextBindingArgs{Name: pulumi.String("API_KEY"), Text: pulumi.String("s3cr3t")},
			},
		}, pulumi.Provider(prov))
		if err != nil {
			return err
		}
		scriptName = w.Name
		firstDB = w.D1DatabaseBindings.Index(pulumi.Int(0)).DatabaseId()
		secretName = w.SecretTextBindings.Index(pulumi.Int(0)).Name()

		if _, err := companion.NewQueueConsumer(ctx, "consumer", &companion.QueueConsumerArgs{
			AccountId: pulumi.String("acc"), QueueId: pulumi.String("q-1"), ScriptName: w.Name,
			BatchSize: pulumi.Int(10),
		}); err != nil {
			return err
		}
		if _, err := companion.NewVectorizeIndex(ctx, "index", &companion.VectorizeIndexArgs{
			AccountId: pulumi.String("acc"), Name: pulumi.String("dome-embeddings"),
			Dimensions: pulumi.Int(768), Metric: pulumi.String("cosine"),
		}); err != nil {
			return err
		}
		_, err = companion.NewR2EventNotification(ctx, "events", &companion.R2EventNotificationArgs{
			AccountId: pulumi.String("acc"), BucketName: pulumi.String("dome-blobs"), QueueId: pulumi.String("q-1"),
			Rules: companion.R2EventNotificationRuleArray{
				companion.R2EventNotificationRuleArgs{
					Actions: pulumi.StringArray{pulumi.String("PutObject")},
					Prefix:  pulumi.String("uploads/"),
				},
			},
		})
		return err
	}, pulumi.WithMocks("dome", "test", m))
	require.NoError(t, err)

	// Provider: token sent as a secret.
	prov := m.find(companion.ProviderType)
	require.NotEmpty(t, prov.Name)
	assert.True(t, prov.Inputs["apiToken"].IsSecret(), "apiToken input is secret")
	assert.Contains(t, prov.RegisterRPC.GetAdditionalSecretOutputs(), "apiToken")

	// WorkerScript: properties named per the contract, secret text secret.
	w := m.find(companion.WorkerScriptType)
	require.NotEmpty(t, w.Name)
	assert.True(t, w.Inputs["secretTextBindings"].IsSecret(), "secretTextBindings input is secret")
	assert.False(t, w.Inputs["d1DatabaseBindings"].ContainsSecrets())
	assert.Contains(t, w.RegisterRPC.GetAdditionalSecretOutputs(), "secretTextBindings")
	assert.Equal(t, "d1", w.Inputs["d1DatabaseBindings"].ArrayValue()[0].ObjectValue()["databaseId"].StringValue())
	assert.Equal(t, "AI", w.Inputs["aiBinding"].ObjectValue()["name"].StringValue())
	assert.Equal(t, 1.0, w.Inputs["observability"].ObjectValue()["headSamplingRate"].NumberValue())
	_, hasEnv := w.Inputs["serviceBindings"].ArrayValue()[0].ObjectValue()["environment"]
	assert.False(t, hasEnv, "unset optional properties are not sent")
	assert.NotContains(t, w.Inputs, "mainModule", "the provider applies the default")

	c := m.find(companion.QueueConsumerType)
	assert.Equal(t, 10.0, c.Inputs["batchSize"].NumberValue())
	v := m.find(companion.VectorizeIndexType)
	assert.Equal(t, "cosine", v.Inputs["metric"].StringValue())
	n := m.find(companion.R2EventNotificationType)
	assert.Equal(t, "uploads/", n.Inputs["rules"].ArrayValue()[0].ObjectValue()["prefix"].StringValue())

	// Outputs resolve through the typed output accessors.
	assert.Equal(t, "silo", await(t, scriptName))
	assert.Equal(t, "d1", await(t, firstDB))
	assert.Equal(t, "API_KEY", await(t, secretName))
}

func await(t *testing.T, o pulumi.StringOutput) string {
	t.Helper()
	ch := make(chan string, 1)
	o.ApplyT(func(s string) string { ch <- s; return s })
	return <-ch
}

func TestRequiredArguments(t *testing.T) {
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		_, err := companion.NewWorkerScript(ctx, "w", &companion.WorkerScriptArgs{AccountId: pulumi.String("acc")})
		return err
	}, pulumi.WithMocks("dome", "test", &mocks{}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "'Name'")
}
