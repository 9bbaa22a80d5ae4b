package provider

import (
	"context"
	"encoding/json"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/companion"
)

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

	// The list of secrets is not secret, its texts are: the preview shows which
	// secret a change adds or removes (the guard names it), never a value.
	ws := spec.Resources[companion.WorkerScriptType]
	assert.False(t, ws.InputProperties["secretTextBindings"].Secret, "the secrets' names show in a preview")
}

// TestGoLanguage checks the schema's Go settings, which decide where and how the SDK is
// generated: the import path of a package of this module, and no plugin version in the
// registrations (see GoLanguage).
func TestGoLanguage(t *testing.T) {
	prov, err := New()
	require.NoError(t, err)
	spec, err := p.GetSchema(context.Background(), Name, Version, prov)
	require.NoError(t, err)

	var goInfo map[string]any
	require.NoError(t, json.Unmarshal(spec.Language["go"], &goInfo))
	assert.Equal(t, map[string]any{"importBasePath": "github.com/dome/dome-infra/sdk/go/domecloudflare"}, goInfo)
}
