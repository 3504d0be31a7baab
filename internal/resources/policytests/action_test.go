package policytests_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// Actions (Terraform 1.14 and later) run at apply, right before the
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

// actionCLI is NewCLI for an action test: it skips below Terraform 1.14.
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

// The change action stops the create, then lets a harmless candidate be
// created, then stops the update to the harmful one: state keeps what was
// applied last. Each invocation costs what the data source's read does.
func TestAccAccessPolicyChangeAction_StopsTheChangeFirst(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	vars := func(candidate string) config.Variables {
		return acctest.Variables(config.Variables{"candidate": config.StringVariable(candidate)})
	}
	stopped := wrapped("Unexpected Change of Access: " + lockedOutThree)
	resource.ParallelTest(t, actionTestCase(
		resource.TestStep{
			Config:          env.Config(t, "action_change_trigger.tf"),
			ConfigVariables: vars("mfa"),
			ExpectError:     stopped,
		},
		resource.TestStep{
			Config:          env.Config(t, "action_change_trigger.tf"),
			ConfigVariables: vars("inline"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				// Not created by the first step.
				plancheck.ExpectResourceAction(deployAddr, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(deployAddr, tfjsonpath.New("output"), knownvalue.StringExact("inline")),
				requestCount(env, 2*requestsPerGatePlan),
			},
		},
		resource.TestStep{
			Config:          env.Config(t, "action_change_trigger.tf"),
			ConfigVariables: vars("mfa"),
			ExpectError:     stopped,
		},
		resource.TestStep{
			Config:          env.Config(t, "action_change_trigger.tf"),
			ConfigVariables: vars("inline"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				// Not updated by the third step.
				plancheck.ExpectResourceAction(deployAddr, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{requestCount(env, 3*requestsPerGatePlan)},
		},
	))
}

// -invoke runs the test action alone, with progress in the apply output
// while the test runs, and exactly one start and the polls its pace needs.
func TestAccAccessPolicyTestAction_InvokeShowsProgress(t *testing.T) {
	env := acctest.New(t, emulator.Options{CompleteAfter: 3 * time.Second})
	cli := actionCLI(t, env, "action_test.tf")
	out, err := cli.Run("apply", "-no-color", "-auto-approve", "-input=false",
		"-invoke=action.cloudflarezt_access_policy_test.contractors", "-var", "account_id="+acctest.AccountID)
	if err != nil {
		t.Fatalf("apply -invoke: %v\n%s", err, out)
	}
	plain := acctest.Plain(out)
	progress := regexp.MustCompile(`\(triggered by CLI\): Policy test (\w+)(: processing, \d+% of 16 users processed| started| complete)`)
	matches := progress.FindAllStringSubmatch(plain, -1)
	if len(matches) < 3 {
		t.Errorf("want progress while the test runs (started, processing, complete), got %d messages:\n%s", len(matches), out)
	}
	for _, want := range []string{"Actions: 1 invoked", "complete: 6 approved, 9 blocked, 1 errored of 16 users; within every limit."} {
		if !strings.Contains(plain, want) {
			t.Errorf("the apply output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(plain, "terraform_data.deploy: Creat") {
		t.Errorf("-invoke created the resource:\n%s", out)
	}
	if n := len(env.Starts()); n != 1 {
		t.Errorf("%d tests started, want 1", n)
	}
	reads := statusReads(env.Requests())
	// Completion after 3 s is seen within a quarter of the time waited, the
	// progress it reports bringing the last poll closer.
	if reads < 3 || reads > 12 {
		t.Errorf("%d status reads for a 3 s test", reads)
	}
	if len(env.RequestsMatching(http.MethodGet, "/users")) != 0 {
		t.Error("the test action listed users")
	}
	if len(env.Requests()) != 1+reads {
		t.Errorf("%d requests, want the start and %d status reads", len(env.Requests()), reads)
	}
}

// Every failure path fails the apply before the resource is created, with
// a message that says what to do.
func TestAccAccessPolicyTestAction_FailurePaths(t *testing.T) {
	cases := map[string]struct {
		opts  emulator.Options
		vars  config.Variables
		token string
		fault *emulator.Fault
		want  string
	}{
		"limit exceeded": {
			vars: config.Variables{"max_users_blocked": config.IntegerVariable(2)},
			want: "Policy Test Limit Exceeded.*9 users would be blocked, more than max_users_blocked = 2",
		},
		"partial": {
			opts: emulator.Options{FinalStatus: "exceeded time"},
			want: `Policy Test Did Not Complete.*ended with status "exceeded time".*Run it again`,
		},
		"covered part of the directory": {
			opts: emulator.Options{UncoveredUsers: 4},
			want: "Policy Test Did Not Cover Every User.*says `complete` but reports 75% of its users processed and counts 12 users",
		},
		"timeout": {
			opts: emulator.Options{CompleteAfterPolls: 1_000_000},
			vars: config.Variables{"invoke_timeout": config.StringVariable("2s")},
			want: "Timed Out Waiting for Policy Test.*Raise `timeouts.invoke`",
		},
		"rate limited": {
			fault: &emulator.Fault{Kind: emulator.FaultStatus, Status: http.StatusTooManyRequests, RetryAfter: "300", Count: 100},
			vars:  config.Variables{"invoke_timeout": config.StringVariable("3s")},
			want:  "Unable to Start Policy Test.*Wait for the rate limit to reset",
		},
		"bad credentials": {
			token: "not-the-token",
			want:  "Unable to Start Policy Test.*HTTP 401.*Authentication error.*api_token",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			env := acctest.New(t, tc.opts)
			if tc.fault != nil {
				env.InjectFault(*tc.fault)
			}
			cfg := env.Config(t, "action_test.tf")
			if tc.token != "" {
				cfg = env.ProviderBlockWith(`api_token = "`+tc.token+`"`) + acctest.Fixture(t, "action_test.tf")
			}
			vars := acctest.Variables(tc.vars)
			resource.ParallelTest(t, actionTestCase(
				resource.TestStep{Config: cfg, ConfigVariables: vars,
					ExpectError: regexp.MustCompile("(?s)" + strings.ReplaceAll(tc.want, " ", `\s+`))},
			))
		})
	}
}

// Both action examples apply (the actions pass) and each invocation costs
// exactly what it should.
func TestAccActionExamples(t *testing.T) {
	for rel, requests := range map[string]int{
		"actions/cloudflarezt_access_policy_change/action.tf": requestsPerGatePlan,
		"actions/cloudflarezt_access_policy_test/action.tf":   2, // the start and one status read
	} {
		t.Run(rel, func(t *testing.T) {
			env := acctest.New(t, emulator.Options{})
			resource.ParallelTest(t, actionTestCase(resource.TestStep{
				Config:            env.ProviderBlock() + readExample(t, rel),
				ConfigVariables:   acctest.Variables(nil),
				ConfigStateChecks: []statecheck.StateCheck{requestCount(env, requests)},
			}))
		})
	}
}

// Actions validate their configuration at plan, with the resource's
// validators and element paths, before anything is sent.
func TestAccAccessPolicyTestAction_ValidatedAtPlan(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, actionTestCase(resource.TestStep{
		Config:          env.Config(t, "action_invalid.tf"),
		ConfigVariables: acctest.Variables(nil),
		PlanOnly:        true,
		ExpectError:     regexp.MustCompile(`(?s)(policies\[0\]\.include\[0\].*sets\s+no\s+rule\s+type.*max_percent_blocked.*between\s+0\s+and\s+100|max_percent_blocked.*between\s+0\s+and\s+100.*policies\[0\]\.include\[0\].*sets\s+no\s+rule\s+type)`),
	}))
	if n := len(env.Requests()); n != 0 {
		t.Errorf("%d requests sent for an invalid configuration", n)
	}
}
