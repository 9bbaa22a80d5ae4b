package provider

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/companion"
)

// TestSchemaAgreement guards the contract between the provider (internal/provider) and
// the program-side SDK (internal/companion): two declarations of one schema. It
// reflects over both and fails on any difference in a `pulumi:"…"` property name, its
// optional-ness or its type, recursively into nested binding/rule types.
func TestSchemaAgreement(t *testing.T) {
	inputs := []struct {
		name     string
		provider reflect.Type
		sdk      pulumi.Input
	}{
		{"WorkerScript", reflect.TypeFor[WorkerScriptArgs](), companion.WorkerScriptArgs{}},
		{"QueueConsumer", reflect.TypeFor[QueueConsumerArgs](), companion.QueueConsumerArgs{}},
		{"VectorizeIndex", reflect.TypeFor[VectorizeIndexArgs](), companion.VectorizeIndexArgs{}},
		{"R2EventNotification", reflect.TypeFor[R2EventNotificationArgs](), companion.R2EventNotificationArgs{}},
		{"Provider", reflect.TypeFor[Config](), companion.ProviderArgs{}},
	}
	for _, tc := range inputs {
		t.Run(tc.name+" inputs", func(t *testing.T) {
			assert.Equal(t, flatten(t, tc.provider), flatten(t, tc.sdk.ElementType()))
		})
	}

	outputs := []struct {
		name     string
		provider reflect.Type
		sdk      reflect.Type
	}{
		{"WorkerScript", reflect.TypeFor[WorkerScriptState](), reflect.TypeFor[companion.WorkerScript]()},
		{"QueueConsumer", reflect.TypeFor[QueueConsumerState](), reflect.TypeFor[companion.QueueConsumer]()},
		{"VectorizeIndex", reflect.TypeFor[VectorizeIndexState](), reflect.TypeFor[companion.VectorizeIndex]()},
		{"R2EventNotification", reflect.TypeFor[R2EventNotificationState](), reflect.TypeFor[companion.R2EventNotification]()},
	}
	for _, tc := range outputs {
		t.Run(tc.name+" outputs", func(t *testing.T) {
			assert.Equal(t, topLevelNames(tc.provider), topLevelNames(tc.sdk))
		})
	}
}

// TestSchemaAgreementDetectsDrift makes sure the comparison is not vacuous.
func TestSchemaAgreementDetectsDrift(t *testing.T) {
	type nested struct {
		Name string  `pulumi:"name"`
		Env  *string `pulumi:"environment,optional"`
	}
	type a struct {
		List []nested `pulumi:"serviceBindings,optional"`
	}
	type renamed struct {
		Name string  `pulumi:"name"`
		Env  *string `pulumi:"env,optional"`
	}
	type b struct {
		List []renamed `pulumi:"serviceBindings,optional"`
	}
	type required struct {
		Name string `pulumi:"name"`
		Env  string `pulumi:"environment"`
	}
	type c struct {
		List []required `pulumi:"serviceBindings,optional"`
	}
	assert.NotEqual(t, flatten(t, reflect.TypeFor[a]()), flatten(t, reflect.TypeFor[b]()))
	assert.NotEqual(t, flatten(t, reflect.TypeFor[a]()), flatten(t, reflect.TypeFor[c]()))
}

// flatten maps every property path of a plain struct type (nested lists as "[]") to
// "<type>" or "<type>,optional".
func flatten(t *testing.T, typ reflect.Type) map[string]string {
	t.Helper()
	out := map[string]string{}
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for _, f := range reflect.VisibleFields(typ) {
			if f.Anonymous || !f.IsExported() {
				continue
			}
			tag, ok := f.Tag.Lookup("pulumi")
			if !ok {
				continue
			}
			name, flags, _ := strings.Cut(tag, ",")
			require.NotEmpty(t, name, "%s.%s has an empty pulumi tag", typ, f.Name)
			path := prefix + name
			kind, elem := typeName(f.Type)
			if slices.Contains(strings.Split(flags, ","), "optional") {
				kind += ",optional"
			}
			require.NotContains(t, out, path, "duplicate property %s", path)
			out[path] = kind
			if elem != nil {
				sub := path + "."
				if strings.HasPrefix(kind, "array") {
					sub = path + "[]."
				}
				walk(sub, elem)
			}
		}
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	walk("", typ)
	return out
}

// typeName describes a Go type in Pulumi terms and returns the struct type to descend
// into, if any.
func typeName(typ reflect.Type) (string, reflect.Type) {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.String:
		return "string", nil
	case reflect.Bool:
		return "boolean", nil
	case reflect.Int, reflect.Int32, reflect.Int64:
		return "integer", nil
	case reflect.Float32, reflect.Float64:
		return "number", nil
	case reflect.Slice:
		inner, elem := typeName(typ.Elem())
		return "array<" + inner + ">", elem
	case reflect.Struct:
		return "object", typ
	default:
		return typ.Kind().String(), nil
	}
}

// topLevelNames lists the pulumi property names of a struct (outputs of the SDK resource
// types are pulumi.XxxOutput fields, so only names can be compared).
func topLevelNames(typ reflect.Type) []string {
	var names []string
	for _, f := range reflect.VisibleFields(typ) {
		if f.Anonymous || !f.IsExported() {
			continue
		}
		if tag, ok := f.Tag.Lookup("pulumi"); ok {
			name, _, _ := strings.Cut(tag, ",")
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// TestTypeTokens checks that the provider serves exactly the tokens the SDK registers,
// and that the secret and replacement semantics are visible in the schema.
func TestTypeTokens(t *testing.T) {
	prov, err := New()
	require.NoError(t, err)
	spec, err := p.GetSchema(context.Background(), Name, Version, prov)
	require.NoError(t, err)

	assert.Equal(t, companion.PackageName, spec.Name)
	var tokens []string
	for tk := range spec.Resources {
		tokens = append(tokens, tk)
	}
	assert.ElementsMatch(t, []string{
		companion.WorkerScriptType, companion.QueueConsumerType,
		companion.VectorizeIndexType, companion.R2EventNotificationType,
	}, tokens)

	assert.True(t, spec.Provider.InputProperties["apiToken"].Secret, "apiToken is secret")
	secretText := spec.Types[companion.PackageName+":index:SecretTextBinding"]
	assert.True(t, secretText.Properties["text"].Secret, "secret text is secret")
	assert.Equal(t, DefaultMainModule,
		spec.Resources[companion.WorkerScriptType].InputProperties["mainModule"].Default)
	_, hasContent := spec.Resources[companion.WorkerScriptType].Properties["content"]
	assert.False(t, hasContent, "the module source is not duplicated into the outputs")
}
