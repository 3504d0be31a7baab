package acctest

import (
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
)

// Fixture returns testdata/<name> in the test's package: a configuration,
// or the request body a test expects. Configurations are plain Terraform:
// what differs between steps comes in through variables (ConfigVariables),
// never through string formatting.
func Fixture(t *testing.T, name string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	return string(raw)
}

// Config is the provider block for this emulator followed by the fixtures
// testdata/<name>, in order.
func (e *Env) Config(t *testing.T, names ...string) string {
	t.Helper()
	config := e.ProviderBlock()
	for _, name := range names {
		config += Fixture(t, name)
	}
	return config
}

// Variables are the variables every fixture declares (account_id, the
// emulator's account) and extra.
func Variables(extra config.Variables) config.Variables {
	vars := config.Variables{"account_id": config.StringVariable(AccountID)}
	maps.Copy(vars, extra)
	return vars
}
