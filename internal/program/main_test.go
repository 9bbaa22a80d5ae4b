package program

import (
	"os"
	"testing"

	"github.com/dome/dome-infra/internal/config"
)

// TestMain runs the plans without CLOUDFLARE_ACCOUNT_ID, so they use the
// stack files' accounts or the offline one, whatever the shell exports.
func TestMain(m *testing.M) {
	os.Unsetenv(config.EnvAccountID)
	os.Exit(m.Run())
}
