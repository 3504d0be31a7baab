package policytests_test

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
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

const dsAddr = "data.cloudflarezt_access_policy_test.t"

func TestAccAccessPolicyTestDataSource_CountsEqualResource(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(dsAddr, tfjsonpath.New("status"), knownvalue.StringExact("complete")),
		statecheck.ExpectKnownValue(dsAddr, tfjsonpath.New("users_approved"), knownvalue.Int64Exact(6)),
	}
	for _, field := range []string{"id", "status", "total_users", "users_approved", "users_blocked", "users_errored",
		"percent_approved", "percent_blocked", "percent_errored", "percent_users_processed"} {
		checks = append(checks, statecheck.CompareValuePairs(addr, tfjsonpath.New(field), dsAddr, tfjsonpath.New(field), compare.ValuesSame()))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            env.Config(t, "data_source_by_id.tf"),
			ConfigVariables:   acctest.Variables(nil),
			ConfigStateChecks: checks,
		}},
	})
}

func TestAccAccessPolicyTestDataSource_Errors(t *testing.T) {
	env := acctest.New(t, emulator.Options{Tokens: map[string]string{acctest.Token: "write", "no-permission": "none"}})
	missing := strings.Repeat("ab", 32)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "data_source_arguments.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"id": config.StringVariable(missing)}),
			ExpectError:     regexp.MustCompile(`(?s)Unable to Read Policy Test.*HTTP 404.*\[12132\].*Policy test: ` + missing + `.*does not know this policy test`),
		}},
	})
}

// A test started elsewhere, read by id, passes no gate on partial numbers:
// the read waits for a running test and fails unless it ends complete, or
// returns what there is when allow_partial_results says so.

func startedElsewhereVars(id string, extra config.Variables) config.Variables {
	vars := acctest.Variables(config.Variables{"policy_test_id": config.StringVariable(id)})
	for k, v := range extra {
		vars[k] = v
	}
	return vars
}

// A running test is waited for: the read returns it complete.
func TestAccAccessPolicyTestDataSource_ByIDWaitsForRunningTest(t *testing.T) {
	env := acctest.New(t, emulator.Options{CompleteAfterPolls: 2})
	id := startElsewhere(t, env)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "data_source_started_elsewhere.tf"),
			ConfigVariables: startedElsewhereVars(id, nil),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dsAddr, tfjsonpath.New("status"), knownvalue.StringExact("complete")),
				statecheck.ExpectKnownValue(dsAddr, tfjsonpath.New("percent_users_processed"), knownvalue.Int64Exact(100)),
			},
		}},
	})
}

// Still processing when timeouts.read runs out: the read fails, unless
// partial results are allowed, when it reads once and warns.
func TestAccAccessPolicyTestDataSource_ByIDProcessing(t *testing.T) {
	env := acctest.New(t, emulator.Options{CompleteAfterPolls: 1_000_000})
	id := startElsewhere(t, env)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:          env.Config(t, "data_source_started_elsewhere.tf"),
				ConfigVariables: startedElsewhereVars(id, config.Variables{"read_timeout": config.StringVariable("2s")}),
				PlanOnly:        true,
				ExpectError:     regexp.MustCompile(`(?s)Timed Out Waiting for Policy Test.*last status\s+"processing"`),
			},
			{
				Config:          env.Config(t, "data_source_started_elsewhere.tf"),
				ConfigVariables: startedElsewhereVars(id, config.Variables{"allow_partial_results": config.BoolVariable(true)}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dsAddr, tfjsonpath.New("status"), knownvalue.StringExact("processing")),
					statecheck.ExpectKnownValue(dsAddr, tfjsonpath.New("percent_users_processed"), knownvalue.Int64Exact(50)),
				},
			},
		},
	})
}

// Ended `exceeded time`: the read fails naming the status and the way out,
// unless partial results are allowed.
func TestAccAccessPolicyTestDataSource_ByIDExceededTime(t *testing.T) {
	env := acctest.New(t, emulator.Options{FinalStatus: "exceeded time"})
	id := startElsewhere(t, env)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:          env.Config(t, "data_source_started_elsewhere.tf"),
				ConfigVariables: startedElsewhereVars(id, nil),
				PlanOnly:        true,
				ExpectError:     regexp.MustCompile(`(?s)Policy Test Did Not Complete.*ended with status\s+"exceeded\s+time".*allow_partial_results`),
			},
			{
				Config:          env.Config(t, "data_source_started_elsewhere.tf"),
				ConfigVariables: startedElsewhereVars(id, config.Variables{"allow_partial_results": config.BoolVariable(true)}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dsAddr, tfjsonpath.New("status"), knownvalue.StringExact("exceeded time")),
				},
			},
		},
	})
}

// The data source with `policies` tests during the plan itself.

// A plan-only run (empty state, no apply) starts the test, waits for it and
// shows its numbers in the plan. plugin-testing plans twice per plan-only
// step (without, then with refresh), and each plan starts one test.
func TestAccAccessPolicyTestDataSource_PoliciesTestedAtPlan(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:             env.Config(t, "data_source_policies.tf"),
			ConfigVariables:    acctest.Variables(nil),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true, // the outputs are new
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPreRefresh: []plancheck.PlanCheck{
					plancheck.ExpectKnownOutputValue("status", knownvalue.StringExact("complete")),
					plancheck.ExpectKnownOutputValue("users_blocked", knownvalue.Int64Exact(11)),
				},
			},
		}},
	})
	env.ExpectTestsStarted(t, 2)
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
			ConfigVariables: acctest.Variables(config.Variables{"max_blocked": config.IntegerVariable(2)}),
			PlanOnly:        true,
			ExpectError:     regexp.MustCompile(`This change would block 11 users\.`),
		}},
	})
	env.ExpectTestsStarted(t, 1)
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
		statecheck.ExpectKnownValue(dsAddr, tfjsonpath.New("users_approved"), knownvalue.Int64Exact(15)),
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
			ConfigVariables:   acctest.Variables(nil),
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
						ConfigVariables: acctest.Variables(nil),
						PlanOnly:        true,
						ExpectError:     regexp.MustCompile(`(?s)Policy Test Did Not Complete.*ended with status "` + final + `".*allow_partial_results`),
					},
					{
						Config:             env.Config(t, "data_source_policies.tf"),
						ConfigVariables:    acctest.Variables(config.Variables{"allow_partial_results": config.BoolVariable(true)}),
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

// A test that says complete but covered part of the directory fails the
// read too; with partial results allowed, its counters come with a warning.
func TestAccAccessPolicyTestDataSource_PartCoveredFailsSafe(t *testing.T) {
	env := acctest.New(t, emulator.Options{UncoveredUsers: 4})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:          env.Config(t, "data_source_policies.tf"),
				ConfigVariables: acctest.Variables(nil),
				PlanOnly:        true,
				ExpectError: regexp.MustCompile(`(?s)Policy Test Did Not Cover Every User.*says\s+` + "`complete`" +
					`\s+but\s+reports\s+78%\s+of\s+its\s+users\s+processed.*allow_partial_results`),
			},
			{
				Config:             env.Config(t, "data_source_policies.tf"),
				ConfigVariables:    acctest.Variables(config.Variables{"allow_partial_results": config.BoolVariable(true)}),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{
						plancheck.ExpectKnownOutputValue("status", knownvalue.StringExact("complete")),
					},
				},
			},
		},
	})
}

// A test still running when timeouts.read runs out fails the plan with the
// test's id and how far it got.
func TestAccAccessPolicyTestDataSource_ReadTimeoutFails(t *testing.T) {
	env := acctest.New(t, emulator.Options{CompleteAfterPolls: 1 << 20})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "data_source_policies.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"read_timeout": config.StringVariable("2s")}),
			PlanOnly:        true,
			ExpectError:     regexp.MustCompile(`(?s)Timed Out Waiting for Policy Test.*within 2s.*last status "processing", users processed: 50%.*timeouts\.read`),
		}},
	})
	env.ExpectTestsStarted(t, 1)
}

// Bad input is a plan-time error naming the attribute, and nothing reaches
// the API: exactly one of id and policies, and every validation of the
// resource's policies.
func TestAccAccessPolicyTestDataSource_InvalidConfigurations(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	noRequests(t, env)
	arguments, users := env.Config(t, "data_source_arguments.tf"), env.Config(t, "users_arguments.tf")
	contractors := config.BoolVariable(true)
	cases := map[string]invalidCase{
		"id and policies":   {arguments, config.Variables{"id": config.StringVariable(exampleTestID), "test_contractors": contractors}, `(?s)Invalid Attribute Combination.*line \d+.*id = .*Exactly one of these attributes must be configured: \[id,policies\]`},
		"neither":           {arguments, nil, `(?s)Missing Attribute Configuration.*Exactly one of these attributes must be configured: \[id,policies\]`},
		"read timeout":      {arguments, config.Variables{"test_contractors": contractors, "read_timeout": config.StringVariable("soon")}, `Time Duration.*"soon" must be a string containing a sequence of decimal numbers`},
		"zero read timeout": {arguments, config.Variables{"test_contractors": contractors, "read_timeout": config.StringVariable("0s")}, `Invalid Timeout.*timeouts\.read must be a positive duration such as "20m", got "0s"`},
		"dot-segment id":    {arguments, config.Variables{"id": config.StringVariable("..")}, `Invalid Attribute Value Match.*id must be a policy test id: up to 64\s+hexadecimal characters and hyphens, got: \.\.`},
		"escaped id":        {arguments, config.Variables{"id": config.StringVariable("a%20b")}, `id must be a policy test id`},
		"users: zero read timeout": {users, config.Variables{"policy_test_id": config.StringVariable(exampleTestID), "read_timeout": config.StringVariable("0s")},
			`Invalid Timeout.*timeouts\.read must be a positive duration`},
		"users: dot-segment id": {users, config.Variables{"policy_test_id": config.StringVariable("..")}, `policy_test_id must be a policy test id`},
	}
	for _, c := range policyCases {
		cases[c.name] = invalidCase{env.Config(t, "invalid_policy_data_source.tf") + acctest.Fixture(t, "invalid_policies/"+c.name+".tf"), nil, c.want}
	}
	expectInvalid(t, cases)
}
