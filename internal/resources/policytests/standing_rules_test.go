package policytests_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// Standing rules: always_approved and never_approved hold whatever the
// change, checked on the candidate's own results, and no expected_newly_*
// entry excuses them. Every case counts what it cost, with and without the
// rules.

const (
	breakGlassLine = "- break-glass@example.com (Emergency Admin), id a0000012-0000-4000-8000-000000000018"
	umaLine        = "- uma@example.com (Uma Usman), id a0000011-0000-4000-8000-000000000017"
	ivanLine       = "- ivan@example.com (Ivan Ivanov), id a0000009-0000-4000-8000-000000000009"
)

// ruleCase is one gate plan of change_candidates.tf with standing rules.
type ruleCase struct {
	name      string
	candidate string
	vars      config.Variables
	// fails is what the plan's error says, in order; empty: it passes.
	fails []string
	// starts, reads and pages with the rules; pagesWithout, the pages the
	// same plan lists without them.
	starts, reads, pages, pagesWithout int
}

var ruleCases = []ruleCase{
	{
		// The reviewers accept every employee losing access; the
		// break-glass account is still refused, alice (kept) is not named.
		name:      "expectation cannot excuse",
		candidate: "engineering",
		vars: config.Variables{
			"expected_newly_blocked": stringsVar("*@example.com"),
			"always_approved":        stringsVar("break-glass@example.com", "alice@example.com"),
		},
		fails: []string{"Error: Standing Rule Violated",
			`always_approved[0] = "break-glass@example.com" is a standing rule: it holds whatever the change, and no ` + "`expected_newly_*`" + ` entry excuses it. ` +
				"The candidate does not let in 1 person it matches: " + breakGlassLine},
		// The comparison lists both tests' approved users; the rule adds the
		// candidate's blocked and errored users.
		starts: 2, reads: 2, pages: 8, pagesWithout: 4,
	},
	{
		// No change at all (the nightly check): one test serves both sides,
		// and its approved users already decide the rule.
		name:      "never approved, no change",
		candidate: "today",
		vars:      config.Variables{"never_approved": stringsVar("*@contractors.example.com", "uma@example.com")},
		fails: []string{"Error: Standing Rule Violated",
			`never_approved[1] = "uma@example.com" is a standing rule`, "The candidate lets in 1 person it matches: " + umaLine},
		// The approved users decide uma; the domain, which no approved
		// person matches, needs the errored users too (ivan is one).
		starts: 1, reads: 1, pages: 4, pagesWithout: 2,
	},
	{
		// ivan's evaluation ends in error: his access is unknown, so a
		// never entry that matches him cannot be kept.
		name:      "never approved, an errored person",
		candidate: "today",
		vars:      config.Variables{"never_approved": stringsVar("ivan@example.com")},
		fails: []string{"Error: Standing Rule Not Assessed",
			`never_approved[0] = "ivan@example.com" is a standing rule`,
			"The test of the candidate could not evaluate 1 person it matches (status `error`)", ivanLine},
		starts: 1, reads: 1, pages: 4, pagesWithout: 2,
	},
	{
		// An address that matches nobody tested is not assessed, under
		// never_approved as under always_approved.
		name:      "never approved, an address nobody tested",
		candidate: "today",
		vars:      config.Variables{"never_approved": stringsVar("new-hire@example.com")},
		fails: []string{"Error: Standing Rule Not Assessed",
			`never_approved[0] = "new-hire@example.com" is a standing rule`,
			"It matches nobody the test of the candidate evaluated"},
		starts: 1, reads: 1, pages: 6, pagesWithout: 2,
	},
	{
		name:      "matches nobody",
		candidate: "today",
		vars:      config.Variables{"always_approved": stringsVar("new-hire@example.com")},
		fails: []string{"Error: Standing Rule Not Assessed",
			`always_approved[0] = "new-hire@example.com" is a standing rule`,
			"It matches nobody the test of the candidate evaluated",
			"have them log in once (any application), or remove the entry"},
		starts: 1, reads: 1, pages: 6, pagesWithout: 2,
	},
	{
		name:      "kept",
		candidate: "inline",
		vars: config.Variables{
			"always_approved": stringsVar("break-glass@example.com", "ALICE@example.com"),
			"never_approved":  stringsVar("*@contractors.example.com"),
		},
		// The comparison's approved users decide both addresses; the
		// domain, which none of them matches, adds the errored users.
		starts: 2, reads: 2, pages: 6, pagesWithout: 4,
	},
}

func TestAccStandingRules_Gates(t *testing.T) {
	for _, g := range gates {
		for _, rc := range ruleCases {
			for _, withRules := range []bool{true, false} {
				name := g.name + "/" + rc.name
				if !withRules {
					name += "/without rules"
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					if g.ephemeral {
						acctest.Ephemeral.Skip(t)
					}
					env := acctest.New(t, emulator.Options{})
					cli := acctest.NewCLI(t, env.Config(t, "change_candidates.tf", g.fixture))
					vars := candidate(rc.candidate, nil)
					for k, v := range rc.vars {
						if withRules || !strings.HasSuffix(k, "_approved") || strings.HasPrefix(k, "expected_") {
							vars[k] = v
						}
					}
					vars["account_id"] = config.StringVariable(acctest.AccountID)
					if err := vars.Write(cli.Dir()); err != nil {
						t.Fatal(err)
					}
					out, err := cli.Run("plan", "-no-color", "-input=false")
					plain := acctest.Plain(out)
					fails := withRules && len(rc.fails) > 0
					if (err != nil) != fails {
						t.Fatalf("plan failed: %v, want %v:\n%s", err, fails, out)
					}
					if fails {
						expectInOrder(t, plain, rc.fails...)
						if strings.Contains(plain, "Unexpected Change of Access") || strings.Contains(plain, "Postcondition failed") {
							t.Errorf("the expectations did not excuse the change itself:\n%s", out)
						}
					}
					starts, reads, pages := rc.starts, rc.reads, rc.pagesWithout
					if withRules {
						pages = rc.pages
					} else if rc.candidate == "today" {
						// The same list on both sides and no rule that needs the
						// candidate's results: nothing to test.
						starts, reads, pages = 0, 0, 0
					}
					requestsWere(t, env, starts, reads, pages)
				})
			}
		}
	}
}

// expectInOrder checks that out says each of want, in that order, however
// the CLI wrapped it.
func expectInOrder(t *testing.T, out string, want ...string) {
	t.Helper()
	rest := out
	for _, w := range want {
		loc := wrapped(w).FindStringIndex(rest)
		if loc == nil {
			t.Errorf("the plan did not say %q (in this order):\n%s", w, out)
			return
		}
		rest = rest[loc[1]:]
	}
}

// Kept rules are in the data source's result, every entry in its list's
// order, always_approved first, nobody named.
func TestAccStandingRules_DataSourceResult(t *testing.T) {
	entry := func(rule, value string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"rule": knownvalue.StringExact(rule), "entry": knownvalue.StringExact(value),
			"status": knownvalue.StringExact("kept"), "violated_by": knownvalue.ListSizeExact(0), "excepted": knownvalue.ListSizeExact(0),
		})
	}
	env := acctest.New(t, emulator.Options{})
	rc := ruleCases[len(ruleCases)-1] // kept
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "change_candidates.tf", "change.tf"),
			ConfigVariables: acctest.Variables(candidate(rc.candidate, rc.vars)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(changeAddr, tfjsonpath.New("standing_rules"), knownvalue.ListExact([]knownvalue.Check{
					entry("always_approved", "break-glass@example.com"),
					entry("always_approved", "ALICE@example.com"),
					entry("never_approved", "*@contractors.example.com"),
				})),
				statecheck.ExpectKnownValue(changeAddr, tfjsonpath.New("newly_blocked_count"), knownvalue.Int64Exact(0)),
			},
		}},
	})
	// Every read of the step (the plan's, the apply's, the refresh's) costs
	// what one gate plan with these rules costs.
	reads := max(len(env.Starts())/rc.starts, 1)
	requestsWere(t, env, reads*rc.starts, reads*rc.reads, reads*rc.pages)
}

// The test data source checks the rules against the one list it tests:
// its blocked and errored users for always_approved, its approved users
// for never_approved (uma, an employee in an embargoed country, is let in:
// the Employees policy comes first).
func TestAccStandingRules_TestDataSource(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.Config(t, "standing_rules_test_ds.tf"),
				ConfigVariables: acctest.Variables(config.Variables{
					"always_approved": stringsVar("break-glass@example.com"), "never_approved": stringsVar("*@contractors.example.com"),
				}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.cloudflarezt_access_policy_test.t", tfjsonpath.New("standing_rules").AtSliceIndex(0).AtMapKey("status"), knownvalue.StringExact("kept")),
					statecheck.ExpectKnownValue("data.cloudflarezt_access_policy_test.t", tfjsonpath.New("standing_rules").AtSliceIndex(1).AtMapKey("status"), knownvalue.StringExact("kept")),
					// One start, one status read, then the blocked, errored and
					// approved users: one page and the empty page each.
					requestCount(env, 1+1+6),
				},
			},
			{
				Config:          env.Config(t, "standing_rules_test_ds.tf"),
				ConfigVariables: acctest.Variables(config.Variables{"never_approved": stringsVar("uma@example.com")}),
				ExpectError:     regexp.MustCompile(`(?s)Standing Rule Violated.*` + wrapped("The tested policies let in 1 person it matches: "+umaLine).String()),
			},
		},
	})
}

// Both actions take the standing rules and fail the apply before the
// deploying resource is created: the test action on the one list it tests
// (contractors get in), the change action on the candidate whatever its
// expectations (the break-glass account is locked out).
func TestAccStandingRules_Actions(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, actionTestCase(
		resource.TestStep{
			// The test action: 1 start, 1 status read, its approved users.
			Config:          env.Config(t, "standing_rules_action.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"never_approved": stringsVar("*@contractors.example.com")}),
			ExpectError: regexp.MustCompile(`(?s)Standing Rule Violated.*` +
				wrapped(`never_approved[0] = "*@contractors.example.com" is a standing rule`).String() + `.*` + wrapped("The tested policies let in 5 people it matches:").String()),
		},
		resource.TestStep{
			// The test action without rules (2 requests), then the change
			// action: 8 requests and the candidate's blocked and errored users.
			Config:          env.Config(t, "standing_rules_action.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"always_approved": stringsVar("break-glass@example.com")}),
			ExpectError:     regexp.MustCompile(`(?s)Standing Rule Violated.*` + wrapped("The candidate does not let in 1 person it matches: "+breakGlassLine).String()),
		},
		resource.TestStep{
			Config:          env.Config(t, "standing_rules_action.tf"),
			ConfigVariables: acctest.Variables(nil),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(deployAddr, tfjsonpath.New("output"), knownvalue.StringExact("rules")),
				requestCount(env, (1+1+2)+(2+(2+2+4+4))+(2+8)),
			},
		},
	))
}

// A null entry in any list of people a gate takes (a variable with a null
// default, a lookup that found nothing) is an error at that list at plan,
// before any request: dropped, it left the gates on identical lists
// passing with no test, the reviewed change below (everyone newly blocked
// is expected) among them.
func TestAccStandingRules_NullEntry(t *testing.T) {
	lists := map[string]string{
		"always_approved":         `[null]`,
		"never_approved":          `["*@contractors.example.com", null]`,
		"expected_newly_blocked":  `["*@example.com", null]`,
		"expected_newly_approved": `[null]`,
	}
	for _, g := range gates {
		for attr, value := range lists {
			t.Run(g.name+"/"+attr, func(t *testing.T) {
				t.Parallel()
				if g.ephemeral {
					acctest.Ephemeral.Skip(t)
				}
				env := acctest.New(t, emulator.Options{})
				cli := acctest.NewCLI(t, env.Config(t, "change_candidates.tf", g.fixture))
				cli.WriteFile("terraform.tfvars.json", fmt.Sprintf(`{"account_id": %q, "candidate": "today", %q: %s}`, acctest.AccountID, attr, value))
				out, err := cli.Run("plan", "-no-color", "-input=false")
				if err == nil {
					t.Fatalf("the plan passed with a null entry in %s:\n%s", attr, out)
				}
				at := attr + "[1]"
				if strings.HasPrefix(value, "[null") {
					at = attr + "[0]"
				}
				expectInOrder(t, acctest.Plain(out), "Error: Null Entry", at+" is null. Every entry of "+attr+" is checked")
				requestsWere(t, env, 0, 0, 0)
			})
		}
	}
	t.Run("test data source", func(t *testing.T) {
		t.Parallel()
		env := acctest.New(t, emulator.Options{})
		cli := acctest.NewCLI(t, env.Config(t, "standing_rules_test_ds.tf"))
		cli.WriteFile("terraform.tfvars.json", fmt.Sprintf(`{"account_id": %q, "never_approved": [null]}`, acctest.AccountID))
		out, err := cli.Run("plan", "-no-color", "-input=false")
		if err == nil {
			t.Fatalf("the plan passed with a null entry in never_approved:\n%s", out)
		}
		expectInOrder(t, acctest.Plain(out), "Error: Null Entry", "never_approved = var.never_approved", "never_approved[0] is null.")
		requestsWere(t, env, 0, 0, 0)
	})
}
