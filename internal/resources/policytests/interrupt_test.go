package policytests_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// Stopping the provider mid-poll (what Terraform does on Ctrl-C) keeps the
// test id in state, untainted; the next run picks that same test up (a
// refresh, or a wait when it is still running: see
// TestAccAccessPolicyTest_WaitResumesWithoutNewTest).
func TestAccStateSafety_StoppedPollResumesWithoutSecondTest(t *testing.T) {
	env := acctest.New(t, emulator.Options{CompleteAfterPolls: 1 << 20})
	stoppable := &acctest.Stoppable{}
	stopWhenPolling := func() {
		go func() {
			deadline := time.Now().Add(time.Minute)
			for time.Now().Before(deadline) {
				if statusReads(env.Requests()) >= 2 {
					stoppable.Stop(context.Background())
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: stoppable.Factories(),
		Steps: []resource.TestStep{{
			PreConfig:          stopWhenPolling,
			Config:             env.Config(t, "contractors.tf"),
			ConfigVariables:    acctest.Variables(nil),
			ExpectNonEmptyPlan: true, // the next plan waits for the unfinished test
			Check: func(s *terraform.State) error {
				rs := s.RootModule().Resources[addr]
				ids := env.TestIDs()
				if rs == nil || len(ids) != 1 || rs.Primary.ID != ids[0] || rs.Primary.Tainted {
					return fmt.Errorf("after the stop: state %+v, started %v", rs, ids)
				}
				if rs.Primary.Attributes["status"] != "processing" {
					return fmt.Errorf("status %q", rs.Primary.Attributes["status"])
				}
				firstID = rs.Primary.ID
				return nil
			},
		}, {
			// The test finishes meanwhile: the refresh picks it up.
			PreConfig:       func() { env.SetCompleteAfterPolls(0) },
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(nil),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				env.CheckTestsStarted(1),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("complete")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_approved"), knownvalue.Int64Exact(6)),
			},
			Check: keepsID(&firstID),
		}},
	})
}
