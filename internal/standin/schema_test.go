package standin

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	v5 "github.com/pulumi/pulumi-cloudflare/sdk/v5/go/cloudflare"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type schemaResource struct {
	Description     string                     `json:"description"`
	InputProperties map[string]json.RawMessage `json:"inputProperties"`
	RequiredInputs  []string                   `json:"requiredInputs"`
	Properties      map[string]json.RawMessage `json:"properties"`
	Required        []string                   `json:"required"`
}

type packageSchema struct {
	Name      string                    `json:"name"`
	Version   string                    `json:"version"`
	Resources map[string]schemaResource `json:"resources"`
	Config    struct {
		Variables map[string]struct {
			Secret bool `json:"secret"`
		} `json:"variables"`
	} `json:"config"`
	Language map[string]json.RawMessage `json:"language"`
}

func getSchema(t *testing.T) packageSchema {
	t.Helper()
	resp, err := newProvider(t).GetSchema(p.GetSchemaRequest{})
	require.NoError(t, err)
	var s packageSchema
	require.NoError(t, json.Unmarshal([]byte(resp.Schema), &s))
	return s
}

// TestSchemaTokens pins the exact v5 type tokens: the engine routes the program's
// registrations to the stand-in by them.
func TestSchemaTokens(t *testing.T) {
	s := getSchema(t)
	assert.Equal(t, "cloudflare", s.Name)
	assert.Equal(t, "5.49.1", Version)
	var got []string
	for tk := range s.Resources {
		got = append(got, tk)
	}
	assert.ElementsMatch(t, []string{
		"cloudflare:index/d1Database:D1Database",
		"cloudflare:index/r2Bucket:R2Bucket",
		"cloudflare:index/queue:Queue",
		"cloudflare:index/workersCronTrigger:WorkersCronTrigger",
		"cloudflare:index/workersRoute:WorkersRoute",
		"cloudflare:index/workersDomain:WorkersDomain",
	}, got)
	for tk, r := range s.Resources {
		assert.Contains(t, r.Description, "TEST-ONLY", tk)
	}
	assert.True(t, s.Config.Variables["apiToken"].Secret, "apiToken is a secret")
	assert.Contains(t, string(s.Language["go"]), "github.com/pulumi/pulumi-cloudflare/sdk/v5/go/cloudflare")
}

// TestSchemaMatchesV5SDK compares every resource's input and output properties (names and
// required-ness) with the v5 SDK the program uses, so the engine's requests decode and
// the program's outputs resolve.
func TestSchemaMatchesV5SDK(t *testing.T) {
	s := getSchema(t)
	cases := []struct {
		token   string
		args    pulumi.Input // the SDK's Args: ElementType is the wire shape of the inputs
		outputs reflect.Type // the SDK's resource struct
	}{
		{D1DatabaseType, v5.D1DatabaseArgs{}, reflect.TypeFor[v5.D1Database]()},
		{R2BucketType, v5.R2BucketArgs{}, reflect.TypeFor[v5.R2Bucket]()},
		{QueueType, v5.QueueArgs{}, reflect.TypeFor[v5.Queue]()},
		{WorkersCronTriggerType, v5.WorkersCronTriggerArgs{}, reflect.TypeFor[v5.WorkersCronTrigger]()},
		{WorkersRouteType, v5.WorkersRouteArgs{}, reflect.TypeFor[v5.WorkersRoute]()},
		{WorkersDomainType, v5.WorkersDomainArgs{}, reflect.TypeFor[v5.WorkersDomain]()},
	}
	for _, tc := range cases {
		t.Run(tc.token, func(t *testing.T) {
			r, ok := s.Resources[tc.token]
			require.True(t, ok)

			wantIn, wantReqIn := sdkProps(tc.args.ElementType(), func(f reflect.StructField) bool {
				return f.Type.Kind() != reflect.Pointer
			})
			require.NotEmpty(t, wantIn)
			assert.Equal(t, wantIn, sortedKeys(r.InputProperties), "input properties")
			assert.Equal(t, wantReqIn, sorted(r.RequiredInputs), "required inputs")

			wantOut, wantReqOut := sdkProps(tc.outputs, func(f reflect.StructField) bool {
				return !strings.Contains(f.Type.Name(), "PtrOutput")
			})
			assert.Equal(t, wantOut, sortedKeys(r.Properties), "output properties")
			assert.Equal(t, wantReqOut, sorted(r.Required), "required outputs")
		})
	}
}

// sdkProps lists the `pulumi:"..."` names of a struct's fields and the required ones.
func sdkProps(typ reflect.Type, required func(reflect.StructField) bool) (all, req []string) {
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, ok := f.Tag.Lookup("pulumi")
		if !ok || f.Anonymous {
			continue
		}
		name, _, _ = strings.Cut(name, ",")
		all = append(all, name)
		if required(f) {
			req = append(req, name)
		}
	}
	return sorted(all), sorted(req)
}

func sortedKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return sorted(out)
}

func sorted(v []string) []string {
	out := slices.Clone(v)
	slices.Sort(out)
	return out
}
