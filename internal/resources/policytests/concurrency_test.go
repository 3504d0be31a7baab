package policytests_test

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// busiestSecond is the most requests the log holds in any one-second window.
func busiestSecond(reqs []emulator.Request) int {
	times := make([]time.Time, len(reqs))
	for i, r := range reqs {
		times[i] = r.Time
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	busiest, start := 0, 0
	for end := range times {
		for times[end].Sub(times[start]) >= time.Second {
			start++
		}
		busiest = max(busiest, end-start+1)
	}
	return busiest
}

// 60 tests applied 20 at a time against an API that answers 429 beyond 10
// requests/s: the shared pacing keeps every request under the limit.
func TestAccConcurrency_60TestsPacedUnderTheRateLimit(t *testing.T) {
	env := acctest.New(t, emulator.Options{RateLimit: 10})
	t.Setenv("TF_CLI_ARGS_apply", "-parallelism=20")
	t.Setenv("TF_CLI_ARGS_plan", "-parallelism=20")
	t.Setenv("TF_CLI_ARGS_refresh", "-parallelism=20")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.ProviderBlockWith("requests_per_second = 10") + acctest.Fixture(t, "candidates.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"candidates": config.IntegerVariable(60)}),
			Check: func(s *terraform.State) error {
				complete := 0
				for _, rs := range s.RootModule().Resources {
					if rs.Type == "cloudflarezt_access_policy_test" && rs.Primary.Attributes["status"] == "complete" && rs.Primary.Attributes["users_approved"] == "11" {
						complete++
					}
				}
				if complete != 60 {
					return fmt.Errorf("%d of 60 tests complete with the expected counts", complete)
				}
				return nil
			},
		}},
	})
	if n := len(env.TestIDs()); n != 60 {
		t.Fatalf("%d tests started, want 60", n)
	}
	if n := env.Throttled(); n != 0 {
		t.Fatalf("the emulator answered %d requests with 429", n)
	}
	// The client sends one request per 100 ms; arrival times at the server
	// jitter (more so on a loaded CI machine), so a one-second window may
	// catch a few more than ten. The server's own bucket (above) is the
	// contract, and it never throttled.
	reqs := env.Requests()
	if busiest := busiestSecond(reqs); busiest > 13 {
		t.Fatalf("%d requests in one second, above the 10/s limit", busiest)
	}
	applyPhase := reqs[:len(env.Starts())*2] // every start and its one status read
	if span := applyPhase[len(applyPhase)-1].Time.Sub(applyPhase[0].Time).Seconds(); float64(len(applyPhase)-1)/span > 10.2 {
		t.Fatalf("%d requests in %.1fs: faster than 10/s", len(applyPhase), span)
	}
	t.Logf("%d requests, at most %d in any second", len(env.Requests()), busiestSecond(env.Requests()))
}
