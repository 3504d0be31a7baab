package policytests_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

const addr = "cloudflarezt_access_policy_test.t"

// startBodies returns the decoded bodies of every start call so far.
func startBodies(env *acctest.Env) []any {
	var bodies []any
	for _, r := range env.Starts() {
		bodies = append(bodies, r.Body)
	}
	return bodies
}

// lastStartIs asserts the newest start call carried exactly want (JSON).
func lastStartIs(env *acctest.Env, want string) acctest.RequestCheck {
	return env.CheckRequests(func([]emulator.Request) error {
		bodies := startBodies(env)
		if len(bodies) == 0 {
			return fmt.Errorf("no start call reached the emulator")
		}
		var expected any
		if err := json.Unmarshal([]byte(want), &expected); err != nil {
			return fmt.Errorf("bad expectation: %w", err)
		}
		got := bodies[len(bodies)-1]
		if !reflect.DeepEqual(got, expected) {
			g, _ := json.Marshal(got)
			e, _ := json.Marshal(expected)
			return fmt.Errorf("start body\n got: %s\nwant: %s", g, e)
		}
		return nil
	})
}

// statusReads counts GETs of a test's status (not its users).
func statusReads(reqs []emulator.Request) int {
	n := 0
	for _, r := range reqs {
		if r.Method == http.MethodGet && !strings.HasSuffix(r.Path, "/users") {
			n++
		}
	}
	return n
}

// keepsID checks that the test in state is still *want, the id an earlier
// step recorded.
func keepsID(want *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if id := s.RootModule().Resources[addr].Primary.ID; id != *want {
			return fmt.Errorf("the test in state is %s, want %s", id, *want)
		}
		return nil
	}
}

// Actions (Terraform 1.15 and later) run at apply, right before the
// resource that triggers them changes; terraform_data stands in for the
// cloudflare_zero_trust_access_policy that deploys a candidate.

const deployAddr = "terraform_data.deploy"

// actionTestCase runs steps under a CLI that has actions, and skips, saying
// why, under any other.
func actionTestCase(steps ...resource.TestStep) resource.TestCase {
	return resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.Actions.Check()},
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps:                    steps,
	}
}

// actionCLI is NewCLI for an action test: it skips below Terraform 1.15.
func actionCLI(t *testing.T, env *acctest.Env, fixture string) *acctest.CLI {
	t.Helper()
	acctest.Actions.Skip(t)
	return acctest.NewCLI(t, env.ProviderBlock()+acctest.Fixture(t, fixture))
}

// requestCount checks the emulator's request log after a step.
func requestCount(env *acctest.Env, want int) acctest.RequestCheck {
	return env.CheckRequests(func(reqs []emulator.Request) error {
		if len(reqs) != want {
			return fmt.Errorf("%d API requests so far, want %d", len(reqs), want)
		}
		return nil
	})
}
