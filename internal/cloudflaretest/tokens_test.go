package cloudflaretest_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6/accounts"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/cloudflare/cloudflare-go/v6/user"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRollToken: after a roll the old value gets Cloudflare's 401 and the
// new one works, with the same token ID (same token, new secret).
func TestRollToken(t *testing.T) {
	s, old := start(t)
	ctx := context.Background()
	before, err := old.User.Tokens.Verify(ctx)
	require.NoError(t, err)
	oldToken := s.Token()

	newToken := s.RollToken()
	assert.NotEqual(t, oldToken, newToken)
	assert.Equal(t, newToken, s.Token())

	_, err = old.User.Tokens.Verify(ctx)
	requireAPIError(t, err, http.StatusUnauthorized, 10000)
	_, err = old.Accounts.List(ctx, accounts.AccountListParams{})
	requireAPIError(t, err, http.StatusUnauthorized, 10000)

	after, err := newClient(s, option.WithAPIToken(newToken)).User.Tokens.Verify(ctx)
	require.NoError(t, err)
	assert.Equal(t, before.ID, after.ID, "the same token, with a new secret")
	assert.Equal(t, user.TokenVerifyResponseStatusActive, after.Status)
}
