package policytests_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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

	blocked := testConfig(env, contractors) + `
data "cloudflarezt_access_policy_test_users" "u" {
  account_id     = cloudflarezt_access_policy_test.t.account_id
  policy_test_id = cloudflarezt_access_policy_test.t.id
  status         = "blocked"
  max_users      = 1
}`
	running := blocked + `
resource "cloudflarezt_access_policy_test" "running" {
  account_id          = "` + acctest.AccountID + `"
  policies            = [{ id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }]
  wait_for_completion = false
}

data "cloudflarezt_access_policy_test_users" "running" {
  account_id     = cloudflarezt_access_policy_test.running.account_id
  policy_test_id = cloudflarezt_access_policy_test.running.id
}`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: blocked},
			{
				PreConfig: func() { env.SetCompleteAfterPolls(1000) },
				Config:    running,
			},
			{
				PreConfig: func() {
					env.SetCompleteAfterPolls(0)
					for _, id := range env.TestIDs() {
						env.Forget(id)
					}
				},
				Config: running,
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
