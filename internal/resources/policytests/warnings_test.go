package policytests_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// Warnings do not fail a run, so the CLI hides them from the test harness;
// terraform-plugin-go logs every diagnostic it returns, so the TRACE log
// shows which ones the provider gave.
func TestAccWarnings_AreGiven(t *testing.T) {
	env := acctest.New(t, emulator.Options{FinalStatus: "blocked"})
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logFile)

	blocked := env.Config(t, "contractors.tf") + acctest.Fixture(t, "users_of_t.tf")
	running := blocked + acctest.Fixture(t, "running_test_users.tf")
	vars := acctest.Variables(config.Variables{"users_status": config.StringVariable("blocked"), "max_users": config.IntegerVariable(1)})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: blocked, ConfigVariables: vars},
			{
				PreConfig:       func() { env.SetCompleteAfterPolls(1000) },
				Config:          running,
				ConfigVariables: vars,
			},
			{
				PreConfig: func() {
					env.SetCompleteAfterPolls(0)
					for _, id := range env.TestIDs() {
						env.Forget(id)
					}
				},
				Config:          running,
				ConfigVariables: vars,
			},
		},
	})
	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, summary := range []string{
		"Policy Test Blocked",                     // final status blocked
		"User List Cut Short",                     // max_users
		"Policy Test Still Running",               // users of a processing test
		"Policy Test Not Found",                   // the tests expired
		"Destroying Only Forgets the Policy Test", // destroy at the end
	} {
		if !strings.Contains(string(raw), summary) {
			t.Errorf("no %q warning in the log", summary)
		}
	}
}
