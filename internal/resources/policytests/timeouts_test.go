package policytests_test

import (
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// A server that stops answering holds neither a refresh nor the users data
// source past timeouts.read: each fails with the deadline, and the test
// stays in state. The stalled answers would take a minute each.
func TestAccTimeouts_ReadDeadlineBoundsStalledServer(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	stall := func(suffix string) func() {
		return func() {
			env.InjectFault(emulator.Fault{Kind: emulator.FaultDelay, Method: http.MethodGet, PathSuffix: suffix, Count: 100, Delay: time.Minute})
		}
	}
	vars := func(withUsers bool) config.Variables {
		return config.Variables{"account_id": config.StringVariable(acctest.AccountID), "with_users": config.BoolVariable(withUsers)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            env.Config(t, "read_timeouts.tf"),
			ConfigVariables:   vars(false),
			ConfigStateChecks: []statecheck.StateCheck{env.CheckTestsStarted(1)},
		}, {
			// Refresh: every status read stalls.
			PreConfig:       stall(""),
			Config:          env.Config(t, "read_timeouts.tf"),
			ConfigVariables: vars(false),
			ExpectError:     regexp.MustCompile(`(?s)Unable to Read Policy Test.*gave up after 1 attempt\(s\): context deadline exceeded`),
		}, {
			// The users listing stalls; the status read before it does not.
			PreConfig: func() {
				env.ClearFaults()
				stall("/users")()
			},
			Config:          env.Config(t, "read_timeouts.tf"),
			ConfigVariables: vars(true),
			ExpectError:     regexp.MustCompile(`(?s)Unable to Read Policy Test Users.*reading page 1 of the users.*context deadline exceeded`),
		}, {
			PreConfig:         env.ClearFaults,
			Config:            env.Config(t, "read_timeouts.tf"),
			ConfigVariables:   vars(false),
			ConfigStateChecks: []statecheck.StateCheck{env.CheckTestsStarted(1)},
		}},
	})
}
