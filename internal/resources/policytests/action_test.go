package policytests_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

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
	progress := regexp.MustCompile(`\(triggered by CLI\): Policy test (\w+)(: processing, \d+% of 18 users processed| started| complete)`)
	matches := progress.FindAllStringSubmatch(plain, -1)
	if len(matches) < 3 {
		t.Errorf("want progress while the test runs (started, processing, complete), got %d messages:\n%s", len(matches), out)
	}
	for _, want := range []string{"Actions: 1 invoked", "complete: 6 approved, 11 blocked, 1 errored of 18 users; within every limit."} {
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
			want: "Policy Test Limit Exceeded.*11 users would be blocked, more than max_users_blocked = 2",
		},
		"partial": {
			opts: emulator.Options{FinalStatus: "exceeded time"},
			want: `Policy Test Did Not Complete.*ended with status "exceeded time".*Run it again`,
		},
		"covered part of the directory": {
			opts: emulator.Options{UncoveredUsers: 4},
			want: "Policy Test Did Not Cover Every User.*says `complete` but reports 78% of its users processed and counts 14 users",
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
