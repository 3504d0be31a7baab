package policytests_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
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
			ExpectError:     regexp.MustCompile(`This change would block 11 users\.`),
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
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("percent_blocked"), knownvalue.Int64Exact(61)),
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
				processed = 72 // three quarters of 18 users: 13
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:          env.Config(t, "contractors.tf"),
					ConfigVariables: acctest.Variables(nil),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact(final)),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("percent_users_processed"), knownvalue.Int64Exact(processed)),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("total_users"), knownvalue.Int64Exact(18)),
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

func TestAccAccessPolicyTest_AllRuleTypesWireJSON(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "all_rule_types.tf"),
			ConfigVariables: acctest.Variables(nil),
			ConfigStateChecks: []statecheck.StateCheck{
				lastStartIs(env, acctest.Fixture(t, "all_rule_types_wire.json")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("complete")),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

// device_posture.account_id (Cloudflare's API schema of October 2026) goes
// out as the contract spells it, and the emulator evaluates the rule with it.
func TestAccAccessPolicyTest_DevicePostureAccountID(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "device_posture_account.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"posture_account_id": config.StringVariable("0123456789abcdef0123456789abcdef")}),
			ConfigStateChecks: []statecheck.StateCheck{
				lastStartIs(env, acctest.Fixture(t, "device_posture_account_wire.json")),
				// alice, bob, erin, grace and niaj pass the disk encryption check.
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_approved"), knownvalue.Int64Exact(5)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("policies").AtSliceIndex(0).AtMapKey("include").AtSliceIndex(0).AtMapKey("device_posture").AtMapKey("account_id"),
					knownvalue.StringExact("0123456789abcdef0123456789abcdef")),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

func TestAccAccessPolicyTest_EveryInlineFieldAndReusableIDs(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "every_inline_field.tf"),
			ConfigVariables: acctest.Variables(nil),
			ConfigStateChecks: []statecheck.StateCheck{
				lastStartIs(env, acctest.Fixture(t, "every_inline_field_wire.json")),
				// The first policy that matches decides: Employees lets in the
				// 11 employees (uma too: the embargo comes after it), the
				// contractors' policy niaj, olivia, rupert and sybil; the last
				// policy, denying everyone, blocks only mallory and peggy,
				// whom no policy above let in.
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_approved"), knownvalue.Int64Exact(15)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_blocked"), knownvalue.Int64Exact(2)),
			},
		}},
	})
}

func TestAccAccessPolicyTest_CountsFromEvaluation(t *testing.T) {
	env := acctest.New(t, emulator.Options{CompleteAfterPolls: 2})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			// The sample directory has 18 users: 12 on example.com (one of
			// them not evaluable) and 6 on contractors.example.com.
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(nil),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{64}$`))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("complete")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("total_users"), knownvalue.Int64Exact(18)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_approved"), knownvalue.Int64Exact(6)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_blocked"), knownvalue.Int64Exact(11)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_errored"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("percent_approved"), knownvalue.Int64Exact(33)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("percent_blocked"), knownvalue.Int64Exact(61)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("percent_errored"), knownvalue.Int64Exact(6)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("percent_users_processed"), knownvalue.Int64Exact(100)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("wait_for_completion"), knownvalue.Bool(true)),
				// One start, then two reads that say processing and a third that says complete.
				env.CheckRequests(func(reqs []emulator.Request) error {
					if len(env.Starts()) != 1 || statusReads(reqs) != 3 {
						return fmt.Errorf("%d starts and %d status reads, want 1 and 3", len(env.Starts()), statusReads(reqs))
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccAccessPolicyTest_V5ShapedIncludeHasEmptyPlan(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	config := env.Config(t, "v5_include.tf")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          config,
			ConfigVariables: acctest.Variables(nil),
			ConfigStateChecks: []statecheck.StateCheck{
				// Sets are ordered by value: email_domain's object sorts before geo's.
				lastStartIs(env, `{"policies":[{"name":"from v5","decision":"allow","include":[{"email_domain":{"domain":"example.com"}},{"geo":{"country_code":"JP"}}]}]}`),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_approved"), knownvalue.Int64Exact(12)),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPreRefresh:  []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}, {
			Config:          config,
			ConfigVariables: acctest.Variables(nil),
			PlanOnly:        true,
		}},
	})
}

// Values the contract allows plan and apply, and reach the API as written:
// Kosovo's XK (not in ISO 3166-1), a zero duration, an optional-only rule.
func TestAccAccessPolicyTest_ContractValuesAccepted(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "contract_values.tf"),
			ConfigVariables: acctest.Variables(nil),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("complete")),
				lastStartIs(env, `{"policies":[{
					"name":"Contract values","decision":"allow",
					"include":[{"geo":{"country_code":"XK"}},{"email":{"email":"first.last+tag@sub.example.co.uk"}}],
					"require":[{"ip":{"ip":"2001:db8::/32"}}],
					"exclude":[{"cloudflare_account_member":{}}],
					"session_duration":"0s",
					"mfa_config":{"session_duration":"720h"}}]}`),
			},
		}},
	})
}

// policyCases are invalid policies, testdata/invalid_policies/<name>.tf:
// each fails at plan time naming the attribute, in the resource and in the
// data source alike.
var policyCases = []struct{ name, want string }{
	{"no_policies", `policies list must contain at least 1 elements`},
	{"id_and_inline", `"policies\[0\]\.(name|decision|include)" cannot be specified when "policies\[0\]\.id" is specified`},
	{"neither_id_nor_name", `policies\[0\] is neither a reusable policy nor an inline policy`},
	{"id_empty", `policies\[1\]\.id string length must be between 1 and 64, got: 0`},
	{"id_white_space", `policies\[1\]\.id must not contain white space`},
	{"id_too_long", `policies\[0\]\.id string length must be between 1 and 64, got: 65`},
	{"no_decision", `"policies\[0\]\.decision" must be specified when "policies\[0\]\.name"`},
	{"no_include", `"policies\[0\]\.include" must be specified when "policies\[0\]\.name"`},
	{"decision_without_name", `(?s)"policies\[0\]\.name" must be specified when "policies\[0\]\.decision".*neither a reusable policy nor an inline policy|(?s)neither a reusable policy nor an inline policy.*"policies\[0\]\.name" must be specified when "policies\[0\]\.decision"`},
	{"empty_include", `policies\[0\]\.include list must contain at least 1 elements`},
	{"decision_enum", `policies\[0\]\.decision value must be one of`},
	{"two_rule_types", `policies\[0\]\.include\[0\] sets 2 rule types \(certificate, everyone\)`},
	{"no_rule_type", `policies\[0\]\.include\[1\] sets no rule type`},
	{"email", `policies\[0\]\.include\[0\]\.email\.email must be an email address`},
	{"ip", `policies\[0\]\.require\[0\]\.ip\.ip must be an IPv4 or IPv6`},
	{"session_duration", `policies\[0\]\.session_duration must be a duration`},
	{"negative_session_duration", `policies\[0\]\.session_duration must be a duration of zero or more, got "-8h"`},
	{"negative_mfa_duration", `policies\[0\]\.mfa_config\.session_duration must be whole minutes or hours such as 30m or 12h, got "-5m"`},
	{"mfa_duration_range", `policies\[0\]\.mfa_config\.session_duration must be whole minutes or hours between 0m and 720h`},
	{"mfa_duration_unit", `policies\[0\]\.mfa_config\.session_duration must be whole minutes or hours`},
	{"authenticator", `policies\[0\]\.mfa_config\.allowed_authenticators\[1\] value must be one of`},
	{"clipboard", `policies\[0\]\.connection_rules\.rdp\.allowed_clipboard_local_to_remote_formats\[0\] value must be one of`},
	{"risk_level", `policies\[0\]\.require\[0\]\.user_risk_score\.user_risk_score\[0\] value must be one of`},
	{"risk_empty", `policies\[0\]\.require\[0\]\.user_risk_score\.user_risk_score list must contain at least 1`},
	{"approvals_needed", `policies\[0\]\.approval_groups\[0\]\.approvals_needed value must be at least 0`},
	{"approver_email", `policies\[0\]\.approval_groups\[0\]\.email_addresses\[0\] must be an email address`},
	{"missing_inner_field", `attribute "identity_provider_id" is required`},
	{"account_member_id", `policies\[0\]\.include\[0\]\.cloudflare_account_member\.account_id string length must be at most 32`},
	{"device_posture_account_id", `policies\[0\]\.include\[0\]\.device_posture\.account_id string length must be at most 32`},
}

// invalidCase is a configuration (a fixture, or fixtures joined) with its
// variables, and the error it must fail with.
type invalidCase struct {
	config string
	vars   config.Variables
	want   string
}

// expectInvalid plans each configuration and expects its error.
func expectInvalid(t *testing.T, cases map[string]invalidCase) {
	t.Helper()
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:          c.config,
					ConfigVariables: acctest.Variables(c.vars),
					PlanOnly:        true,
					ExpectError:     regexp.MustCompile(`(?s)` + strings.ReplaceAll(c.want, " ", `\s+`)),
				}},
			})
		})
	}
}

// noRequests fails t when anything reached the API.
func noRequests(t *testing.T, env *acctest.Env) {
	t.Cleanup(func() {
		if n := len(env.Requests()); n != 0 {
			t.Errorf("invalid configurations sent %d requests to the API", n)
		}
	})
}

// Every invalid configuration fails at plan time, naming the attribute, and
// not one request reaches the API.
func TestAccAccessPolicyTest_InvalidConfigurations(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	noRequests(t, env)
	contractors := env.Config(t, "contractors.tf")
	str := func(name, value string) config.Variables { return config.Variables{name: config.StringVariable(value)} }
	cases := map[string]invalidCase{
		"account id":            {contractors, str("account_id", "0123456789ABCDEF0123456789ABCDEF"), `account_id.*32 lowercase hexadecimal`},
		"timeout":               {contractors, str("create_timeout", "soon"), `Time Duration.*"soon" must be a string containing a sequence of decimal numbers`},
		"zero timeout":          {contractors, str("create_timeout", "0s"), `Invalid Timeout.*timeouts\.create must be a positive duration such as "20m", got "0s"`},
		"negative read timeout": {contractors, str("read_timeout", "-5m"), `Invalid Timeout.*timeouts\.read must be a positive duration such as "20m", got "-5m"`},
	}
	for _, c := range policyCases {
		cases[c.name] = invalidCase{env.Config(t, "invalid_policy_resource.tf") + acctest.Fixture(t, "invalid_policies/"+c.name+".tf"), nil, c.want}
	}
	expectInvalid(t, cases)
}

// API errors quote Cloudflare's code and message, on the attribute the
// source pointer names.
func TestAccAccessPolicyTest_APIErrorNamesAttribute(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "unknown_reusable_policy.tf"),
			ConfigVariables: acctest.Variables(nil),
			ExpectError:     regexp.MustCompile(`(?s)Unable to Start Policy Test.*Cloudflare rejected policies\[1\].*HTTP 400.*\[12131\] reusable policy.*was not found.*\(at\s+/policies/1\).*Account: ` + acctest.AccountID),
		}},
	})
}

func TestAccAccessPolicyTest_UnauthorizedNamesCredentialsAndPermission(t *testing.T) {
	env := acctest.New(t, emulator.Options{Tokens: map[string]string{"read-only-token": "read"}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.ProviderBlockWith(`api_token = "read-only-token"`) + acctest.Fixture(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(nil),
			ExpectError:     regexp.MustCompile(`(?s)Unable to Start Policy Test.*HTTP 403.*\[10000\].*authenticated\s+with\s+an\s+API\s+token.*CLOUDFLARE_API_TOKEN.*Access:\s+Policy\s+Test\s+Write`),
		}},
	})
}

// An account the credentials cannot reach fails at apply with Cloudflare's
// answer, the account and the permission the token needs there.
func TestAccAccessPolicyTest_WrongAccountNamesAccountAndPermission(t *testing.T) {
	const otherAccount = "fedcba9876543210fedcba9876543210"
	env := acctest.New(t, emulator.Options{Account: acctest.AccountID})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "other_account.tf"),
			ConfigVariables: config.Variables{"account_id": config.StringVariable(otherAccount)},
			ExpectError: regexp.MustCompile(`(?s)Unable to Start Policy Test.*HTTP 403.*\[9109\] Unauthorized to access requested resource.*Account: ` + otherAccount +
				`.*authenticated\s+with\s+an\s+API\s+token.*Access:\s+Policy\s+Test\s+Write.*on\s+account\s+` + otherAccount),
		}},
	})
	if len(env.TestIDs()) != 0 {
		t.Errorf("a test was started in another account: %v", env.TestIDs())
	}
}

// An error deep inside a policy points at that policy's lines: Terraform
// shows source only for a top-level attribute or one element of it, and
// the resource's first line for anything deeper.
func TestAccAccessPolicyTest_ErrorsPointAtThePolicy(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	noRequests(t, env)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "policy_element_errors.tf"),
			ConfigVariables: config.Variables{"account_id": config.StringVariable(acctest.AccountID), "approver": config.StringVariable("lead")},
			PlanOnly:        true,
			ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Value.*in resource "cloudflarezt_access_policy_test" "t":\s+\d+:\s+\{\s+\d+:\s+name\s+=\s+"Second"` +
				`.*policies\[1\]\.approval_groups\[0\]\.email_addresses\[0\] must be an\s+email\s+address`),
		}},
	})
}

// A reusable policy id that is not a UUID gets a warning naming the
// attribute and reaches the wire unchanged, as a bare string; the API's
// answer that it knows no such policy is mapped to the policy element.
func TestAccAccessPolicyTest_NonUUIDReusablePolicyIDWarnsAndIsSent(t *testing.T) {
	const id = "6c1f0a528d3e4b7a9f213e5d7c9a1b206c1f0a528d3e4b7a9f213e5d7c9a1b20"
	env := acctest.New(t, emulator.Options{})
	cli := acctest.NewCLI(t, env.Config(t, "hex_reusable_policy.tf"))
	out, err := cli.Run("plan", "-no-color", "-input=false", "-var", "account_id="+acctest.AccountID)
	plain := acctest.Plain(out)
	if err == nil {
		t.Fatalf("the plan passed with a policy the account does not have:\n%s", out)
	}
	for _, want := range []string{
		"Warning: Unusual Attribute Value",
		`Attribute policies[1].id is "` + id + `", which is not the UUID of a reusable Access policy. It is sent as it is`,
		"Error: Unable to Start Policy Test",
		`Cloudflare rejected policies[1]: HTTP 400: [12131] reusable policy "` + id + `" was not found in this account (at /policies/1)`,
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("the plan does not say %q:\n%s", want, out)
		}
	}
	starts := env.Starts()
	if len(starts) != 1 {
		t.Fatalf("%d start calls, want 1", len(starts))
	}
	body, _ := starts[0].Body.(map[string]any)
	policies, _ := body["policies"].([]any)
	if len(policies) != 2 || policies[1] != id {
		t.Errorf("policies on the wire = %v, want the id as a bare string second", policies)
	}
}

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
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_approved"), knownvalue.Int64Exact(11)),
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
