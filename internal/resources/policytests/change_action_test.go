package policytests_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// actionStopped is the change action's failure on the "mfa" candidate:
// "Error when invoking action" then "Unexpected Change of Access: …" up to
// Terraform 1.15, the provider's own summary and detail from 1.16.
var actionStopped = regexp.MustCompile(`(?s)Unexpected Change of Access.*` + wrapped(lockedOutFour).String())

// The change action stops the create, then lets a harmless candidate be
// created, then stops the update to the harmful one: state keeps what was
// applied last. Each invocation costs what the data source's read does.
func TestAccAccessPolicyChangeAction_StopsTheChangeFirst(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	vars := func(candidate string) config.Variables {
		return acctest.Variables(config.Variables{"candidate": config.StringVariable(candidate)})
	}
	stopped := actionStopped
	resource.ParallelTest(t, actionTestCase(
		resource.TestStep{
			Config:          env.Config(t, "action_change.tf", "action_change_trigger.tf"),
			ConfigVariables: vars("mfa"),
			ExpectError:     stopped,
		},
		resource.TestStep{
			Config:          env.Config(t, "action_change.tf", "action_change_trigger.tf"),
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
			Config:          env.Config(t, "action_change.tf", "action_change_trigger.tf"),
			ConfigVariables: vars("mfa"),
			ExpectError:     stopped,
		},
		resource.TestStep{
			Config:          env.Config(t, "action_change.tf", "action_change_trigger.tf"),
			ConfigVariables: vars("inline"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				// Not updated by the third step.
				plancheck.ExpectResourceAction(deployAddr, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{requestCount(env, 3*requestsPerGatePlan)},
		},
	))
}

// Terraform 1.16's on_failure: with `continue` the gate's failure is a
// warning and the deploying resource is created anyway, so such a trigger
// reports and does not gate; with the default (halt) a replacement, which
// destroys first, is stopped at before_destroy while the old resource is
// still there.
func TestAccAccessPolicyChangeAction_OnFailure(t *testing.T) {
	vars := func(candidate string) config.Variables {
		return acctest.Variables(config.Variables{"candidate": config.StringVariable(candidate)})
	}
	failureModes := func(steps ...resource.TestStep) resource.TestCase {
		tc := actionTestCase(steps...)
		tc.TerraformVersionChecks = []tfversion.TerraformVersionCheck{acctest.ActionFailureModes.Check()}
		return tc
	}
	t.Run("continue", func(t *testing.T) {
		t.Parallel()
		env := acctest.New(t, emulator.Options{})
		acctest.ActionFailureModes.Skip(t)
		cli := acctest.NewCLI(t, env.Config(t, "action_change.tf", "action_change_continue.tf"))
		out, err := cli.Run("apply", "-no-color", "-auto-approve", "-input=false", "-var", "account_id="+acctest.AccountID, "-var", "candidate=mfa")
		if err != nil {
			t.Fatalf("apply with on_failure = continue failed: %v\n%s", err, out)
		}
		plain := acctest.Plain(out)
		expectIn(t, plain, "Warning:", "Unexpected Change of Access", "terraform_data.deploy: Creation complete")
		expectInOrder(t, plain, lockedOutFour)
		if strings.Contains(plain, "Error:") {
			t.Errorf("on_failure = continue still failed the apply:\n%s", out)
		}
		requestsWere(t, env, 2, 2, 4)
	})
	t.Run("before_destroy stops a replacement", func(t *testing.T) {
		t.Parallel()
		env := acctest.New(t, emulator.Options{})
		resource.Test(t, failureModes(
			resource.TestStep{
				Config:            env.Config(t, "action_change.tf", "action_change_replace.tf"),
				ConfigVariables:   vars("inline"),
				ConfigStateChecks: []statecheck.StateCheck{requestCount(env, requestsPerGatePlan)},
			},
			resource.TestStep{
				Config:          env.Config(t, "action_change.tf", "action_change_replace.tf"),
				ConfigVariables: vars("mfa"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deployAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ExpectError: actionStopped,
			},
			resource.TestStep{
				// Still the resource the first step created: not destroyed.
				Config:          env.Config(t, "action_change.tf", "action_change_replace.tf"),
				ConfigVariables: vars("inline"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deployAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deployAddr, tfjsonpath.New("output"), knownvalue.StringExact("inline")),
					requestCount(env, 2*requestsPerGatePlan),
				},
			},
		))
	})
}
