package policytests_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// The change action stops the create, then lets a harmless candidate be
// created, then stops the update to the harmful one: state keeps what was
// applied last. Each invocation costs what the data source's read does.
func TestAccAccessPolicyChangeAction_StopsTheChangeFirst(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	vars := func(candidate string) config.Variables {
		return acctest.Variables(config.Variables{"candidate": config.StringVariable(candidate)})
	}
	stopped := wrapped("Unexpected Change of Access: " + lockedOutThree)
	resource.ParallelTest(t, actionTestCase(
		resource.TestStep{
			Config:          env.Config(t, "action_change_trigger.tf"),
			ConfigVariables: vars("mfa"),
			ExpectError:     stopped,
		},
		resource.TestStep{
			Config:          env.Config(t, "action_change_trigger.tf"),
			ConfigVariables: vars("inline"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				// Not created by the first step.
				plancheck.ExpectResourceAction(deployAddr, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(deployAddr, tfjsonpath.New("output"), knownvalue.StringExact("inline")),
				requestCount(env, 2*requestsPerGatePlan),
			},
		},
		resource.TestStep{
			Config:          env.Config(t, "action_change_trigger.tf"),
			ConfigVariables: vars("mfa"),
			ExpectError:     stopped,
		},
		resource.TestStep{
			Config:          env.Config(t, "action_change_trigger.tf"),
			ConfigVariables: vars("inline"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				// Not updated by the third step.
				plancheck.ExpectResourceAction(deployAddr, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{requestCount(env, 3*requestsPerGatePlan)},
		},
	))
}
