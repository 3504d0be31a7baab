package policytests_test

import (
	"fmt"
	"regexp"
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
				// The last policy denies everyone.
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_approved"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_blocked"), knownvalue.Int64Exact(15)),
			},
		}},
	})
}

func TestAccAccessPolicyTest_CountsFromEvaluation(t *testing.T) {
	env := acctest.New(t, emulator.Options{CompleteAfterPolls: 2})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			// The sample directory has 16 users: 10 on example.com (one of
			// them not evaluable) and 6 on contractors.example.com.
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(nil),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{64}$`))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("complete")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("total_users"), knownvalue.Int64Exact(16)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_approved"), knownvalue.Int64Exact(6)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_blocked"), knownvalue.Int64Exact(9)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_errored"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("percent_approved"), knownvalue.Int64Exact(38)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("percent_blocked"), knownvalue.Int64Exact(56)),
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
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_approved"), knownvalue.Int64Exact(10)),
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
