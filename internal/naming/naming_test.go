package naming

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNamerKeepsProdNamesAndSuffixesOthers(t *testing.T) {
	prod, err := New("")
	require.NoError(t, err)
	dev, err := New("-dev")
	require.NoError(t, err)

	assert.Equal(t, "dome-meta", prod.Database("dome-meta"))
	assert.Equal(t, "silo-content", prod.Bucket("silo-content"))
	assert.Equal(t, "dome-meta-dev", dev.Database("dome-meta"))
	assert.Equal(t, "silo-dev", dev.Worker("silo"))
	assert.Equal(t, "new-content-ai-dev", dev.Queue("new-content-ai"))
	assert.Equal(t, "dome-notes-dev", dev.Index("dome-notes"))
}

func TestNewRejectsBadSuffix(t *testing.T) {
	for _, s := range []string{"dev", "-Dev", "--dev", "-dev-", "_dev", "-dév"} {
		_, err := New(s)
		if assert.Error(t, err, s) {
			assert.Contains(t, err.Error(), s)
		}
	}
	for _, s := range []string{"", "-dev", "-pr-42"} {
		_, err := New(s)
		assert.NoError(t, err, s)
	}
}

func TestCheck(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		kind    Kind
		name    string
		wantErr string
	}{
		{Worker, "dome-api", ""},
		{Worker, long(63), ""},
		{Worker, long(64), "64 characters"},
		{Worker, "Dome", "invalid"},
		{Worker, "-dome", "invalid"},
		{Bucket, "ab", "2 characters; Cloudflare allows 3 to 63"},
		{Bucket, "silo-content", ""},
		{Bucket, "silo_content", "invalid"},
		{Bucket, "silo-", "invalid"},
		{Queue, long(63), ""},
		{Queue, long(64), "64 characters"},
		{Database, long(64), ""},
		{Database, long(65), "65 characters"},
		{Index, "dome-notes", ""},
		{Index, long(32), ""},
		{Index, long(33), "33 characters"},
		{Index, "1notes", "starting with a letter"},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind)+"/"+tt.name, func(t *testing.T) {
			err := Check(tt.kind, tt.name)
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
			assert.Contains(t, err.Error(), string(tt.kind), "the error names the kind")
		})
	}
}
