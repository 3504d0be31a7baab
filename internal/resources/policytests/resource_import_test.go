package policytests_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

func TestAccAccessPolicyTest_ImportVerify(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(nil),
		}, {
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(nil),
			ResourceName:    addr,
			ImportState:     true,
			ImportStateIdFunc: func(s *terraform.State) (string, error) {
				return acctest.AccountID + "/" + s.RootModule().Resources[addr].Primary.ID, nil
			},
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"policies", "timeouts"},
		}, {
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(nil),
			ResourceName:    addr,
			ImportState:     true,
			ImportStateId:   "not-an-account/abc",
			ExpectError:     regexp.MustCompile(`(?s)Invalid Import ID.*32 lowercase hexadecimal`),
		}, {
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(nil),
			ResourceName:    addr,
			ImportState:     true,
			ImportStateId:   acctest.AccountID,
			ExpectError:     regexp.MustCompile("(?s)Invalid Import ID.*`<account_id>/<policy_test_id>`"),
		}},
	})
}

// A test started elsewhere (dashboard, API) is adopted by an import block
// without starting a new one; a later change replaces it.
func TestAccAccessPolicyTest_ImportBlockAdoptsThenReplaces(t *testing.T) {
	// The test started elsewhere gets the id import_block.tf names.
	env := acctest.New(t, emulator.Options{TestIDs: []string{exampleTestID}})
	startedID := startElsewhere(t, env)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "reusable_employees.tf") + acctest.Fixture(t, "import_block.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"ticket": config.StringVariable("SEC-1")}),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				env.CheckTestsStarted(1),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(startedID)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_approved"), knownvalue.Int64Exact(9)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("policies").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")),
			},
		}, {
			Config:          env.Config(t, "reusable_employees.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"ticket": config.StringVariable("SEC-2")}),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)},
			},
			ConfigStateChecks: []statecheck.StateCheck{env.CheckTestsStarted(2)},
		}},
	})
}
