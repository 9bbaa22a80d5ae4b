package wrangler

import (
	"os"
	"testing"

	"github.com/dome/dome-infra/internal/config"
)

// TestMain: the stacks' accounts are what their files say, whatever the
// shell exports.
func TestMain(m *testing.M) {
	os.Unsetenv(config.EnvAccountID)
	os.Exit(m.Run())
}
