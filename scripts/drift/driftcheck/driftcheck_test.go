package driftcheck

import (
	"bytes"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	siloURN   = "urn:pulumi:prod::dome-infra::dome-cloudflare:index:WorkerScript::silo"
	bucketURN = "urn:pulumi:prod::dome-infra::cloudflare:index/r2Bucket:R2Bucket::dome-raw"
	queueURN  = "urn:pulumi:prod::dome-infra::cloudflare:index/queue:Queue::dome-events"
)

func outputs(m apitype.StepEventMetadata) events.EngineEvent {
	return events.EngineEvent{EngineEvent: apitype.EngineEvent{ResOutputsEvent: &apitype.ResOutputsEvent{Metadata: m}}}
}

func pre(m apitype.StepEventMetadata) events.EngineEvent {
	return events.EngineEvent{EngineEvent: apitype.EngineEvent{ResourcePreEvent: &apitype.ResourcePreEvent{Metadata: m}}}
}

func state(outs map[string]any) *apitype.StepEventStateMetadata {
	return &apitype.StepEventStateMetadata{Outputs: outs}
}

func TestCollectorNamesResourcesAndProperties(t *testing.T) {
	c := collector{byURN: map[string]*Resource{}}
	// The refresh step itself and unchanged resources are not drift.
	c.add(pre(apitype.StepEventMetadata{Op: apitype.OpRefresh, URN: siloURN, Type: "dome-cloudflare:index:WorkerScript"}))
	c.add(outputs(apitype.StepEventMetadata{Op: apitype.OpSame, URN: queueURN, Type: "cloudflare:index/queue:Queue"}))
	c.add(outputs(apitype.StepEventMetadata{
		Op: apitype.OpUpdate, URN: siloURN, Type: "dome-cloudflare:index:WorkerScript",
		Old: state(map[string]any{
			"r2BucketBindings": []any{
				map[string]any{"name": "BUCKET", "bucketName": "silo-content"},
				map[string]any{"name": "RAW_BUCKET", "bucketName": "dome-raw"},
			},
			"secretTextBindings": "[secret]",
		}),
		New: state(map[string]any{
			"r2BucketBindings":   []any{map[string]any{"name": "BUCKET", "bucketName": "silo-content"}},
			"secretTextBindings": "[secret]",
		}),
		DetailedDiff: map[string]apitype.PropertyDiff{
			"r2BucketBindings":      {Kind: apitype.DiffUpdate},
			"observability.enabled": {Kind: apitype.DiffUpdate},
			"secretTextBindings":    {Kind: apitype.DiffUpdate},
			"__meta":                {Kind: apitype.DiffUpdate},
		},
	}))
	c.add(outputs(apitype.StepEventMetadata{Op: apitype.OpDelete, URN: bucketURN, Type: "cloudflare:index/r2Bucket:R2Bucket"}))

	rep := &Report{Stack: "prod", Summary: map[string]int{"same": 23, "update": 1, "delete": 1}, Drifted: c.list()}
	require.False(t, rep.Clean())
	require.Len(t, rep.Drifted, 2)
	assert.Equal(t, "cloudflare:index/r2Bucket:R2Bucket", rep.Drifted[0].Type, "sorted by type")
	assert.True(t, rep.Drifted[0].Gone())

	silo, ok := rep.Find("dome-cloudflare:index:WorkerScript", "silo")
	require.True(t, ok)
	assert.Equal(t, []string{"observability.enabled", "r2BucketBindings", "secretTextBindings"}, silo.Paths())
	assert.Equal(t, "RAW_BUCKET removed", silo.Properties[1].Detail)
	assert.Empty(t, silo.Properties[2].Detail, "a secret gives no detail")

	var out bytes.Buffer
	require.NoError(t, rep.Write(&out))
	assert.Equal(t, `drift: stack prod: 2 of 25 resources differ from the last deployment
  - cloudflare:index/r2Bucket:R2Bucket "dome-raw": deleted outside Pulumi
  ~ dome-cloudflare:index:WorkerScript "silo": observability.enabled (changed), r2BucketBindings (RAW_BUCKET removed), secretTextBindings (changed)
To accept Cloudflare's values: pulumi refresh --stack prod, then change the code to match.
To restore the code's values: pulumi refresh --stack prod, then make up STACK=prod.
`, out.String())
	assert.NotContains(t, out.String(), "silo-content", "values are never printed")
}

func TestCleanReport(t *testing.T) {
	rep := &Report{Stack: "dev", Summary: map[string]int{"same": 25}, Drifted: []Resource{}}
	assert.True(t, rep.Clean())
	var out bytes.Buffer
	require.NoError(t, rep.Write(&out))
	assert.Equal(t, "drift: stack dev: no drift (25 resources match the last deployment)\n", out.String())
}

func TestSummaryAloneIsDrift(t *testing.T) {
	rep := &Report{Stack: "dev", Summary: map[string]int{"same": 24, "update": 1}}
	assert.False(t, rep.Clean(), "a non-same count is drift even without events")
	var out bytes.Buffer
	require.NoError(t, rep.Write(&out))
	assert.Contains(t, out.String(), "named no resource")
}

func TestNamedDetail(t *testing.T) {
	m := &apitype.StepEventMetadata{
		Old: state(map[string]any{"serviceBindings": []any{
			map[string]any{"name": "SILO", "service": "silo"},
			map[string]any{"name": "CONSTELLATION", "service": "constellation"},
		}}),
		New: state(map[string]any{"serviceBindings": []any{
			map[string]any{"name": "SILO", "service": "silo-old"},
			map[string]any{"name": "EXTRA", "service": "x"},
		}}),
	}
	assert.Equal(t, "CONSTELLATION removed, SILO changed, EXTRA added", namedDetail(m, "serviceBindings"))
	assert.Empty(t, namedDetail(m, "serviceBindings[0]"), "nested paths get no detail")
	assert.Empty(t, namedDetail(m, "compatibilityDate"))
}

// TestCollectorNamesResourcesItsProviderCannotRead: the real v5 plugin fails
// to read a D1 database or R2 bucket deleted outside Pulumi instead of
// reporting it gone; the check names it as deleted, with the error, and says
// how to recover. An error that is not "not found" is no drift.
func TestCollectorNamesResourcesItsProviderCannotRead(t *testing.T) {
	diag := func(urn, sev, msg string) events.EngineEvent {
		return events.EngineEvent{EngineEvent: apitype.EngineEvent{DiagnosticEvent: &apitype.DiagnosticEvent{URN: urn, Severity: sev, Message: msg}}}
	}
	c := collector{byURN: map[string]*Resource{}}
	c.add(diag(bucketURN, "error", "cloudflare: failed reading R2 bucket \"dome-raw\": cloudflare: GET /accounts/x/r2/buckets/dome-raw: "+
		"404 Not Found: [10006] The specified bucket does not exist.\n"))
	c.add(diag(bucketURN, "warning", "ignored"))
	c.add(diag("urn:pulumi:prod::dome-infra::pulumi:pulumi:Stack::dome-infra-prod", "error", "preview failed"))
	assert.False(t, c.otherErrors)
	require.Len(t, c.unreadable(), 1)
	rep := &Report{Stack: "prod", Summary: map[string]int{"delete": 1}, Drifted: c.list()}
	d, ok := rep.Find("cloudflare:index/r2Bucket:R2Bucket", "dome-raw")
	require.True(t, ok)
	assert.True(t, d.Gone())
	var out bytes.Buffer
	require.NoError(t, rep.Write(&out))
	assert.Contains(t, out.String(), `- cloudflare:index/r2Bucket:R2Bucket "dome-raw": deleted outside Pulumi (its provider cannot read it: `+
		`cloudflare: failed reading R2 bucket "dome-raw"`)
	assert.Contains(t, out.String(), "pulumi state unprotect '"+bucketURN+"' --stack prod --yes, then "+
		"make up STACK=prod REPLACE='"+bucketURN+"' ALLOW_DESTROY='"+bucketURN+"'")

	c.add(diag(queueURN, "error", "cloudflare: GET /accounts/x/queues/q: 403 Forbidden: [10000] Authentication error"))
	assert.True(t, c.otherErrors, "a 403 is not drift: the check fails")
}
