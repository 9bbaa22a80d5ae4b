package discovery_test

import (
	"os"
	"testing"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/config"
)

// TestMain gives the stacks the emulator's account, as the team's setup
// does for the real one: the stack files carry none.
func TestMain(m *testing.M) {
	os.Setenv(config.EnvAccountID, cloudflaretest.AccountID)
	os.Exit(m.Run())
}
