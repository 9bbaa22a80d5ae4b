package companion_test

import (
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/companion"
	"github.com/dome/dome-infra/sdk/go/domecloudflare"
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

// TestRegisterResources registers every resource through the generated SDK
// (sdk/go/domecloudflare) and checks it against what this package and the program rely
// on: the type tokens named here, the property names, the secrets (apiToken,
// secretTextBindings) and no plugin version, so that the engine takes the plugin
// Pulumi.yaml points at.
func TestRegisterResources(t *testing.T) {
	m := &mocks{}
	var scriptName, firstDB, secretName pulumi.StringOutput
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		prov, err := domecloudflare.NewProvider(ctx, "cf", &domecloudflare.ProviderArgs{
			ApiToken:   pulumi.String("tok-SUPERSECRET"),
			ApiBaseUrl: pulumi.String("http://127.0.0.1:8787/client/v4/"),
		})
		if err != nil {
			return err
		}
		w, err := domecloudflare.NewWorkerScript(ctx, "silo", &domecloudflare.WorkerScriptArgs{
			AccountId:         pulumi.String("acc"),
			Name:              pulumi.String("silo"),
			Content:           pulumi.String("export default {}"),
			CompatibilityDate: pulumi.String("2025-01-15"),
			Observability:     domecloudflare.WorkerObservabilityArgs{Enabled: pulumi.Bool(true), HeadSamplingRate: pulumi.Float64(1)},
			AiBinding:         domecloudflare.AiBindingArgs{Name: pulumi.String("AI")},
			D1DatabaseBindings: domecloudflare.D1DatabaseBindingArray{
				domecloudflare.D1DatabaseBindingArgs{Name: pulumi.String("DB"), DatabaseId: pulumi.String("d1")},
			},
			ServiceBindings: domecloudflare.ServiceBindingArray{
				domecloudflare.ServiceBindingArgs{Name: pulumi.String("AUTH"), Service: pulumi.String("auth")},
			},
			SecretTextBindings: domecloudflare.SecretTextBindingArray{
				domecloudflare.SecretTextBindingArgs{Name: pulumi.String("API_KEY"), Text: pulumi.ToSecret(pulumi.String("s3cr3t")).(pulumi.StringOutput)},
			},
		}, pulumi.Provider(prov))
		if err != nil {
			return err
		}
		scriptName = w.Name
		firstDB = w.D1DatabaseBindings.Index(pulumi.Int(0)).DatabaseId()
		secretName = w.SecretTextBindings.Index(pulumi.Int(0)).Name()

		if _, err := domecloudflare.NewQueueConsumer(ctx, "consumer", &domecloudflare.QueueConsumerArgs{
			AccountId: pulumi.String("acc"), QueueId: pulumi.String("q-1"), ScriptName: w.Name,
			BatchSize: pulumi.Int(10),
		}); err != nil {
			return err
		}
		if _, err := domecloudflare.NewVectorizeIndex(ctx, "index", &domecloudflare.VectorizeIndexArgs{
			AccountId: pulumi.String("acc"), Name: pulumi.String("dome-embeddings"),
			Dimensions: pulumi.Int(768), Metric: pulumi.String("cosine"),
		}); err != nil {
			return err
		}
		_, err = domecloudflare.NewR2EventNotification(ctx, "events", &domecloudflare.R2EventNotificationArgs{
			AccountId: pulumi.String("acc"), BucketName: pulumi.String("dome-blobs"), QueueId: pulumi.String("q-1"),
			Rules: domecloudflare.R2EventNotificationRuleArray{
				domecloudflare.R2EventNotificationRuleArgs{
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

	// WorkerScript: properties named per the contract; a secret text stays secret
	// through the SDK, and the secret's name does not (the preview and the guard
	// name the secret a change adds or removes).
	w := m.find(companion.WorkerScriptType)
	require.NotEmpty(t, w.Name)
	secret := w.Inputs["secretTextBindings"].ArrayValue()[0].ObjectValue()
	assert.Equal(t, "API_KEY", secret["name"].StringValue())
	assert.True(t, secret["text"].IsSecret(), "the secret text is sent as a secret")
	assert.False(t, w.Inputs["d1DatabaseBindings"].ContainsSecrets())
	assert.Equal(t, "d1", w.Inputs["d1DatabaseBindings"].ArrayValue()[0].ObjectValue()["databaseId"].StringValue())
	assert.Equal(t, "AI", w.Inputs["aiBinding"].ObjectValue()["name"].StringValue())
	assert.Equal(t, 1.0, w.Inputs["observability"].ObjectValue()["headSamplingRate"].NumberValue())
	_, hasEnv := w.Inputs["serviceBindings"].ArrayValue()[0].ObjectValue()["environment"]
	assert.False(t, hasEnv, "unset optional properties are not sent")
	assert.Equal(t, "index.js", w.Inputs["mainModule"].StringValue(), "the SDK applies the schema's default")

	// No version and no download URL: the plugin is Pulumi.yaml's (./bin), and the
	// default provider keeps its name ("default"), as in every deployed stack.
	for _, r := range m.registers {
		assert.Empty(t, r.RegisterRPC.GetVersion(), "%s %s: plugin version", r.TypeToken, r.Name)
		assert.Empty(t, r.RegisterRPC.GetPluginDownloadURL(), "%s %s: plugin download URL", r.TypeToken, r.Name)
	}

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
		_, err := domecloudflare.NewWorkerScript(ctx, "w", &domecloudflare.WorkerScriptArgs{
			AccountId: pulumi.String("acc"), CompatibilityDate: pulumi.String("2025-01-15"),
		})
		return err
	}, pulumi.WithMocks("dome", "test", &mocks{}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "'Name'")
}
