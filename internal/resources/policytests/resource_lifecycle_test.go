package policytests_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
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

func TestAccAccessPolicyTest_PostconditionStopsApply(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "contractors_gates.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"max_blocked": config.IntegerVariable(0)}),
			ExpectError:     regexp.MustCompile(`This change would block 9 users\.`),
		}},
	})
}

func TestAccAccessPolicyTest_CheckBlockWarns(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "contractors_gates.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"warn_percent_blocked": config.IntegerVariable(10)}),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("percent_blocked"), knownvalue.Int64Exact(56)),
			},
		}},
	})
}

func TestAccAccessPolicyTest_ReplaceOnEveryArgumentButWaitAndTimeouts(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	const otherAccount = "fedcba9876543210fedcba9876543210"
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:          env.Config(t, "contractors.tf"),
				ConfigVariables: acctest.Variables(nil),
				Check: func(s *terraform.State) error {
					firstID = s.RootModule().Resources[addr].Primary.ID
					return nil
				},
				ConfigStateChecks: []statecheck.StateCheck{env.CheckTestsStarted(1)},
			},
			{
				Config:          env.Config(t, "contractors.tf"),
				ConfigVariables: acctest.Variables(config.Variables{"wait_for_completion": config.BoolVariable(false)}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					env.CheckTestsStarted(1),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("wait_for_completion"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("complete")),
				},
			},
			{
				Config:          env.Config(t, "contractors.tf"),
				ConfigVariables: acctest.Variables(config.Variables{"create_timeout": config.StringVariable("5m")}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.CheckTestsStarted(1)},
				Check:             keepsID(&firstID),
			},
			{
				Config:          env.Config(t, "contractors.tf"),
				ConfigVariables: acctest.Variables(config.Variables{"create_timeout": config.StringVariable("5m"), "triggers": config.MapVariable(map[string]config.Variable{"policy": config.StringVariable("v1")})}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.CheckTestsStarted(2)},
			},
			{
				Config:          env.Config(t, "contractors.tf"),
				ConfigVariables: acctest.Variables(config.Variables{"create_timeout": config.StringVariable("5m"), "triggers": config.MapVariable(map[string]config.Variable{"policy": config.StringVariable("v2")})}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.CheckTestsStarted(3)},
			},
			{
				// A change deep inside a policy.
				Config: env.Config(t, "contractors.tf"),
				ConfigVariables: acctest.Variables(config.Variables{
					"create_timeout": config.StringVariable("5m"), "require_mfa": config.BoolVariable(true),
					"triggers": config.MapVariable(map[string]config.Variable{"policy": config.StringVariable("v2")}),
				}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					env.CheckTestsStarted(4),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_approved"), knownvalue.Int64Exact(4)),
				},
			},
			{
				Config:          env.Config(t, "contractors.tf"),
				ConfigVariables: acctest.Variables(config.Variables{"account_id": config.StringVariable(otherAccount)}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					env.CheckTestsStarted(5),
					env.CheckRequests(func(reqs []emulator.Request) error {
						if want := "/accounts/" + otherAccount + "/access/policy-tests"; env.Starts()[4].Path != want {
							return fmt.Errorf("started at %s, want %s", env.Starts()[4].Path, want)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccAccessPolicyTest_NoWaitStoresAcknowledgement(t *testing.T) {
	env := acctest.New(t, emulator.Options{CompleteAfterPolls: 3})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"wait_for_completion": config.BoolVariable(false)}),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("success")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_blocked"), knownvalue.Null()),
				env.CheckRequests(func(reqs []emulator.Request) error {
					if len(reqs) != 1 || reqs[0].Method != http.MethodPost {
						return fmt.Errorf("%d requests after apply, want exactly the start call", len(reqs))
					}
					return nil
				}),
			},
		}, {
			// Later refreshes fill the counters in without planning a change.
			RefreshState: true,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(addr, "status", "processing"),
				resource.TestCheckResourceAttr(addr, "percent_users_processed", "50"),
			),
		}},
	})
}

func TestAccAccessPolicyTest_FinalStatusesStoreNumbers(t *testing.T) {
	for _, final := range []string{"blocked", "exceeded time"} {
		t.Run(final, func(t *testing.T) {
			env := acctest.New(t, emulator.Options{FinalStatus: final})
			processed := int64(100)
			if final == "exceeded time" {
				processed = 75
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:          env.Config(t, "contractors.tf"),
					ConfigVariables: acctest.Variables(nil),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact(final)),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("percent_users_processed"), knownvalue.Int64Exact(processed)),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("total_users"), knownvalue.Int64Exact(16)),
						env.CheckTestsStarted(1),
					},
				}},
			})
		})
	}
}

func TestAccAccessPolicyTest_CreateTimeoutKeepsID(t *testing.T) {
	env := acctest.New(t, emulator.Options{CompleteAfterPolls: 1 << 20})
	var timedOut string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"create_timeout": config.StringVariable("3s")}),
			ExpectError:     regexp.MustCompile(`(?s)Timed Out Waiting for Policy Test.*within 3s.*"processing".*50%.*kept\s+in\s+state`),
		}, {
			// Terraform core taints an object whose create failed; the id
			// survives.
			RefreshState:       true,
			ExpectNonEmptyPlan: true,
			Check: func(s *terraform.State) error {
				rs, ok := s.RootModule().Resources[addr]
				if !ok {
					return fmt.Errorf("the timed-out test is not in state")
				}
				ids := env.TestIDs()
				if len(ids) != 1 || rs.Primary.ID != ids[0] {
					return fmt.Errorf("state id %q, started tests %v", rs.Primary.ID, ids)
				}
				if rs.Primary.Attributes["status"] != "processing" || !rs.Primary.Tainted {
					return fmt.Errorf("status %q, tainted %v", rs.Primary.Attributes["status"], rs.Primary.Tainted)
				}
				timedOut = rs.Primary.ID
				return nil
			},
		}, {
			// Applying again while the test runs replaces the tainted object,
			// and the replacement continues that same test: no second test.
			PreConfig:       func() { env.SetCompleteAfterPolls(statusReads(env.Requests()) + 4) },
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"create_timeout": config.StringVariable("30s")}),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				env.CheckTestsStarted(1),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("complete")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_approved"), knownvalue.Int64Exact(6)),
			},
			Check: keepsID(&timedOut),
		}, {
			// A finished test is never handed on: replacing it starts a new one.
			PreConfig:       func() { env.SetCompleteAfterPolls(0) },
			Taint:           []string{addr},
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"create_timeout": config.StringVariable("30s")}),
			ConfigStateChecks: []statecheck.StateCheck{
				env.CheckTestsStarted(2),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("complete")),
			},
		}},
	})
}

func TestAccAccessPolicyTest_NotFoundOnRefreshRemovesFromState(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            env.Config(t, "contractors.tf"),
			ConfigVariables:   acctest.Variables(nil),
			ConfigStateChecks: []statecheck.StateCheck{env.CheckTestsStarted(1)},
		}, {
			PreConfig: func() {
				for _, id := range env.TestIDs() {
					env.Forget(id)
				}
			},
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(nil),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{env.CheckTestsStarted(2)},
		}},
	})
}

// Any other answer that says the test is gone (the API's description lists
// only 200 and 400) fails the refresh and says how to recover, and the test
// stays in state: nothing is dropped on a guess.
func TestAccAccessPolicyTest_NotFoundLikeAnswerKeepsStateAndSaysHowToRecover(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            env.Config(t, "contractors.tf"),
			ConfigVariables:   acctest.Variables(nil),
			ConfigStateChecks: []statecheck.StateCheck{env.CheckTestsStarted(1), sameID.AddStateValue(addr, tfjsonpath.New("id"))},
		}, {
			PreConfig: func() {
				env.InjectFault(emulator.Fault{Kind: emulator.FaultStatus, Method: http.MethodGet, Count: 100,
					Status: http.StatusBadRequest, Code: 12132, Message: "policy test not found"})
			},
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(nil),
			ExpectError:     regexp.MustCompile(`(?s)Policy Test May No Longer Exist.*HTTP 400.*\[12132\] policy test not found.*terraform state rm.*-replace=`),
		}, {
			PreConfig:       func() { env.ClearFaults() },
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(nil),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop)},
			},
			ConfigStateChecks: []statecheck.StateCheck{env.CheckTestsStarted(1), sameID.AddStateValue(addr, tfjsonpath.New("id"))},
		}},
	})
}

// Turning waiting on for a test that has not finished waits for that same
// test instead of starting a new one.
func TestAccAccessPolicyTest_WaitResumesWithoutNewTest(t *testing.T) {
	env := acctest.New(t, emulator.Options{CompleteAfterPolls: 3})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            env.Config(t, "contractors.tf"),
			ConfigVariables:   acctest.Variables(config.Variables{"wait_for_completion": config.BoolVariable(false)}),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("success"))},
		}, {
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(nil),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("status")),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				env.CheckTestsStarted(1),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("complete")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_approved"), knownvalue.Int64Exact(6)),
			},
		}},
	})
}
