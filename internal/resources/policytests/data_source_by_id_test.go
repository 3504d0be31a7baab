package policytests_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

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
