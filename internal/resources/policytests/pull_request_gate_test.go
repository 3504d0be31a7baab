package policytests_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// The pull-request gate of the guide (examples/scenarios/pull-request-gate),
// planned with no apply and no state, as a pull-request pipeline runs it.

const gateExample = "scenarios/pull-request-gate/main.tf"

// gateWith returns the example with its candidate replaced (when candidate
// is not empty) and its other edits applied.
func gateWith(t *testing.T, candidate string, edits ...string) string {
	t.Helper()
	body := readExample(t, gateExample)
	if candidate != "" {
		start := strings.Index(body, "  candidate = [")
		end := strings.Index(body[start:], "\n  ]\n")
		if start < 0 || end < 0 {
			t.Fatal("the example no longer has a `candidate = [ … ]` local")
		}
		body = body[:start] + "  candidate = " + candidate + body[start+end+len("\n  ]"):]
	}
	return strings.NewReplacer(edits...).Replace(body)
}

func planGate(t *testing.T, body string, step resource.TestStep) *acctest.Env {
	t.Helper()
	env := acctest.New(t, emulator.Options{})
	step.Config = env.ProviderBlock() + body
	step.ConfigVariables = accountVars(nil)
	step.PlanOnly = true
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps:                    []resource.TestStep{step},
	})
	return env
}

// As shipped, the candidate requires MFA: the plan fails naming, sorted,
// the three employees who sign in without it. Each plan tests today's
// policies and the candidate once.
func TestAccPullRequestGate_NamesNewlyBlocked(t *testing.T) {
	env := planGate(t, gateWith(t, ""), resource.TestStep{
		ExpectError: regexp.MustCompile(`This change would newly block 3 people who can get in today:\s+erin@example.com,\s+frank@example.com,\s+heidi@example.com\.`),
	})
	expectStarts(t, env, 2)
}

// A candidate that also lets contractors in (outside embargoed countries)
// fails naming the five people it newly lets in.
func TestAccPullRequestGate_NamesNewlyApproved(t *testing.T) {
	env := planGate(t, gateWith(t, `[
    {
      name     = "Employees and contractors"
      decision = "allow"
      include = [
        { email_domain = { domain = "example.com" } },
        { email_domain = { domain = "contractors.example.com" } },
      ]
    },
    { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
  ]`), resource.TestStep{
		ExpectError: regexp.MustCompile(`This change would newly let in 5 people who cannot get in today:\s+niaj@contractors.example.com,\s+olivia@contractors.example.com,\s+peggy@contractors.example.com,\s+rupert@contractors.example.com,\s+sybil@contractors.example.com\.`),
	})
	expectStarts(t, env, 2)
}

// Long lists are cut in the message: the first max_named names, then how
// many more.
func TestAccPullRequestGate_CapsNames(t *testing.T) {
	planGate(t, gateWith(t, "", "max_named = 10", "max_named = 2"), resource.TestStep{
		ExpectError: regexp.MustCompile(`newly block 3 people who can get in today:\s+erin@example.com,\s+frank@example.com\s+and\s+1\s+more\.`),
	})
}

// A candidate that changes nobody's access plans cleanly and shows the
// comparison in the plan. plugin-testing plans twice per plan-only step,
// each plan starting both tests.
func TestAccPullRequestGate_HarmlessChangePlansCleanly(t *testing.T) {
	env := planGate(t, gateWith(t, `[
    {
      name     = "Employees, written inline"
      decision = "allow"
      include  = [{ email_domain = { domain = "example.com" } }]
    },
    { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
  ]`), resource.TestStep{
		ExpectNonEmptyPlan: true, // the output is new
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PostApplyPreRefresh: []plancheck.PlanCheck{
				plancheck.ExpectKnownOutputValue("access_change", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"approved_today":     knownvalue.Int64Exact(9),
					"approved_candidate": knownvalue.Int64Exact(9),
					"newly_blocked":      knownvalue.ListSizeExact(0),
					"newly_approved":     knownvalue.ListSizeExact(0),
				})),
			},
		},
	})
	expectStarts(t, env, 4)
}
