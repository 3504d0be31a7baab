package policytests_test

import (
	"fmt"
	"reflect"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// The data source with `policies` tests during the plan itself.

func accountVars(extra config.Variables) config.Variables {
	vars := config.Variables{"account_id": config.StringVariable(acctest.AccountID)}
	for name, value := range extra {
		vars[name] = value
	}
	return vars
}

// expectStarts fails t unless exactly want tests were started in all.
func expectStarts(t *testing.T, env *acctest.Env, want int) {
	t.Helper()
	if got := len(env.Starts()); got != want {
		t.Errorf("%d tests started, want %d", got, want)
	}
}

// A plan-only run (empty state, no apply) starts the test, waits for it and
// shows its numbers in the plan. plugin-testing plans twice per plan-only
// step (without, then with refresh), and each plan starts one test.
func TestAccAccessPolicyTestDataSource_PoliciesTestedAtPlan(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:             env.Config(t, "data_source_policies.tf"),
			ConfigVariables:    accountVars(nil),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true, // the outputs are new
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPreRefresh: []plancheck.PlanCheck{
					plancheck.ExpectKnownOutputValue("status", knownvalue.StringExact("complete")),
					plancheck.ExpectKnownOutputValue("users_blocked", knownvalue.Int64Exact(9)),
				},
			},
		}},
	})
	expectStarts(t, env, 2)
	want := map[string]any{"policies": []any{map[string]any{
		"name": "Contractors", "decision": "allow",
		"include": []any{map[string]any{"email_domain": map[string]any{"domain": "contractors.example.com"}}},
	}}}
	for _, body := range startBodies(env) {
		if !reflect.DeepEqual(body, want) {
			t.Errorf("start body %v, want %v", body, want)
		}
	}
}

// The postcondition fails the plan, before anything is applied.
func TestAccAccessPolicyTestDataSource_PostconditionFailsPlan(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "data_source_policies.tf"),
			ConfigVariables: accountVars(config.Variables{"max_blocked": config.IntegerVariable(2)}),
			PlanOnly:        true,
			ExpectError:     regexp.MustCompile(`This change would block 9 users\.`),
		}},
	})
	expectStarts(t, env, 1)
}

// The same policies give the same request and the same numbers, whether
// the resource or the data source runs them.
func TestAccAccessPolicyTestDataSource_SameAsResource(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	var checks []statecheck.StateCheck
	for _, field := range []string{"status", "total_users", "users_approved", "users_blocked", "users_errored",
		"percent_approved", "percent_blocked", "percent_errored", "percent_users_processed"} {
		checks = append(checks, statecheck.CompareValuePairs(addr, tfjsonpath.New(field), dsAddr, tfjsonpath.New(field), compare.ValuesSame()))
	}
	checks = append(checks,
		statecheck.ExpectKnownValue(dsAddr, tfjsonpath.New("users_approved"), knownvalue.Int64Exact(13)),
		statecheck.CompareValuePairs(addr, tfjsonpath.New("id"), dsAddr, tfjsonpath.New("id"), compare.ValuesDiffer()),
		env.CheckRequests(func([]emulator.Request) error {
			bodies := startBodies(env)
			if len(bodies) < 2 {
				return fmt.Errorf("%d start calls, want the resource's and the data source's", len(bodies))
			}
			for _, body := range bodies[1:] {
				if !reflect.DeepEqual(body, bodies[0]) {
					return fmt.Errorf("start bodies differ:\n%v\n%v", bodies[0], body)
				}
			}
			return nil
		}),
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            env.Config(t, "data_source_and_resource.tf"),
			ConfigVariables:   accountVars(nil),
			ConfigStateChecks: checks,
		}},
	})
}

// A test that ends in anything but complete fails the read, so that a gate
// never passes on partial numbers, unless partial results are allowed.
func TestAccAccessPolicyTestDataSource_PartialResultsFailSafe(t *testing.T) {
	for _, final := range []string{"exceeded time", "blocked"} {
		t.Run(final, func(t *testing.T) {
			env := acctest.New(t, emulator.Options{FinalStatus: final})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config:          env.Config(t, "data_source_policies.tf"),
						ConfigVariables: accountVars(nil),
						PlanOnly:        true,
						ExpectError:     regexp.MustCompile(`(?s)Policy Test Did Not Complete.*ended with status "` + final + `".*allow_partial_results`),
					},
					{
						Config:             env.Config(t, "data_source_policies.tf"),
						ConfigVariables:    accountVars(config.Variables{"allow_partial_results": config.BoolVariable(true)}),
						PlanOnly:           true,
						ExpectNonEmptyPlan: true,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPreRefresh: []plancheck.PlanCheck{
								plancheck.ExpectKnownOutputValue("status", knownvalue.StringExact(final)),
							},
						},
					},
				},
			})
		})
	}
}

// A test still running when timeouts.read runs out fails the plan with the
// test's id and how far it got.
func TestAccAccessPolicyTestDataSource_ReadTimeoutFails(t *testing.T) {
	env := acctest.New(t, emulator.Options{CompleteAfterPolls: 1 << 20})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "data_source_policies.tf"),
			ConfigVariables: accountVars(config.Variables{"read_timeout": config.StringVariable("2s")}),
			PlanOnly:        true,
			ExpectError:     regexp.MustCompile(`(?s)Timed Out Waiting for Policy Test.*within 2s.*last status "processing", users processed: 50%.*timeouts\.read`),
		}},
	})
	expectStarts(t, env, 1)
}

// Bad input is a plan-time error naming the attribute, and nothing reaches
// the API: exactly one of id and policies, and every validation of the
// resource's policies.
func TestAccAccessPolicyTestDataSource_InvalidConfigurations(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	noRequests(t, env)
	dataSource := func(args string) string {
		return env.ProviderBlock() + fmt.Sprintf("data \"cloudflarezt_access_policy_test\" \"t\" {\n  account_id = %q\n%s\n}\n", acctest.AccountID, args)
	}
	cases := map[string][2]string{
		"id and policies":   {dataSource(`  id = "` + exampleTestID + `"` + "\n" + contractors), `(?s)Invalid Attribute Combination.*line \d+.*id = .*Exactly one of these attributes must be configured: \[id,policies\]`},
		"neither":           {dataSource(""), `(?s)Missing Attribute Configuration.*Exactly one of these attributes must be configured: \[id,policies\]`},
		"read timeout":      {dataSource(contractors + "\n  timeouts = { read = \"soon\" }"), `Time Duration.*"soon" must be a string containing a sequence of decimal numbers`},
		"zero read timeout": {dataSource(contractors + "\n  timeouts = { read = \"0s\" }"), `Invalid Timeout.*timeouts\.read must be a positive duration such as "20m", got "0s"`},
		"dot-segment id":    {dataSource(`  id = ".."`), `Invalid Attribute Value Match.*id must be a policy test id: up to 64\s+hexadecimal characters and hyphens, got: \.\.`},
		"escaped id":        {dataSource(`  id = "a%20b"`), `id must be a policy test id`},
		"users: zero read timeout": {env.ProviderBlock() + fmt.Sprintf("data \"cloudflarezt_access_policy_test_users\" \"u\" {\n  account_id = %q\n  policy_test_id = %q\n  timeouts = { read = \"0s\" }\n}\n", acctest.AccountID, exampleTestID),
			`Invalid Timeout.*timeouts\.read must be a positive duration`},
		"users: dot-segment id": {env.ProviderBlock() + fmt.Sprintf("data \"cloudflarezt_access_policy_test_users\" \"u\" {\n  account_id = %q\n  policy_test_id = \"..\"\n}\n", acctest.AccountID),
			`policy_test_id must be a policy test id`},
	}
	for _, c := range policyCases {
		cases[c.name] = [2]string{dataSource(c.policies), c.want}
	}
	expectInvalid(t, cases)
}
