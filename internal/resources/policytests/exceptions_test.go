package policytests_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// Exceptions to the standing rules: in force they except the people they
// name, reported with owner and reason; close to their date they warn;
// past it, or malformed, they are void and the rule fails naming them; one
// that excepts nobody warns. None costs a request.

// day is a date days from today, as exceptions take it.
func day(days int) string { return time.Now().UTC().AddDate(0, 0, days).Format(time.DateOnly) }

func exceptionVar(who, rule, reason, owner, expires string) config.Variable {
	return config.ObjectVariable(map[string]config.Variable{
		"who": config.StringVariable(who), "rule": config.StringVariable(rule), "reason": config.StringVariable(reason),
		"owner": config.StringVariable(owner), "expires": config.StringVariable(expires), "ticket": config.StringVariable("SEC-412"),
	})
}

func TestAccExceptions_Gates(t *testing.T) {
	breakGlass := func(expires string) config.Variable {
		return exceptionVar("break-glass@example.com", "always_approved", "Audit until the end of January", "security-team", expires)
	}
	// The engineering candidate locks out every employee outside
	// Engineering, which the reviewers expect, the break-glass account among
	// them, which the rule refuses.
	engineering := config.Variables{
		"expected_newly_blocked": stringsVar("*@example.com"),
		"always_approved":        stringsVar("break-glass@example.com"),
	}
	for _, c := range []struct {
		name       string
		candidate  string
		rules      config.Variables
		exceptions []config.Variable
		warnDays   int
		fails      []string
		says       []string
	}{
		{name: "in force", candidate: "engineering", rules: engineering, exceptions: []config.Variable{breakGlass(day(200))},
			says: []string{"Warning: Standing Rule Excepted", `always_approved[0] = "break-glass@example.com": 1 person the rule would otherwise count against it`,
				"- break-glass@example.com (Emergency Admin), id a0000012-0000-4000-8000-000000000018: exceptions[0], owner security-team, until " + day(200) + ": Audit until the end of January, ticket SEC-412"}},
		{name: "expiring", candidate: "engineering", rules: engineering, exceptions: []config.Variable{breakGlass(day(5))},
			says: []string{"Warning: Exception Expiring", "The exception for break-glass@example.com under always_approved, owned by security-team (Audit until the end of January, ticket SEC-412), expires on " + day(5) + ", in 5 days"}},
		{name: "expiring, warned a week before", candidate: "engineering", rules: engineering, exceptions: []config.Variable{breakGlass(day(10))}, warnDays: 7,
			says: []string{"Warning: Standing Rule Excepted"}},
		{name: "expired", candidate: "engineering", rules: engineering, exceptions: []config.Variable{breakGlass(day(-2))},
			fails: []string{"Error: Standing Rule Violated", "The candidate does not let in 1 person it matches: " + breakGlassLine,
				"exceptions[0] for break-glass@example.com (owner security-team) would have excepted them, but it does not apply: it expired on " + day(-2)},
			says: []string{"Warning: Exception Void"}},
		{name: "malformed date", candidate: "engineering", rules: engineering, exceptions: []config.Variable{breakGlass("31/01/2027")},
			fails: []string{"Error: Standing Rule Violated", "but it does not apply: `expires` = \"31/01/2027\" is not an RFC 3339 date"}},
		{name: "no owner", candidate: "engineering", rules: engineering,
			exceptions: []config.Variable{exceptionVar("break-glass@example.com", "always_approved", "Audit", " ", day(30))},
			fails:      []string{"Error: Standing Rule Violated", "exceptions[0] for break-glass@example.com (owner none) would have excepted them, but it does not apply: it names no `owner`"}},
		{name: "overlapping, the later applies", candidate: "engineering", rules: engineering, exceptions: []config.Variable{breakGlass(day(-1)), breakGlass(day(90))},
			says: []string{"Warning: Exceptions Overlap", "exceptions[1], the latest in force, applies", "exceptions[1], owner security-team, until " + day(90)}},
		{name: "unused", candidate: "inline", rules: config.Variables{"always_approved": stringsVar("break-glass@example.com")}, exceptions: []config.Variable{breakGlass(day(90))},
			says: []string{"Warning: Exception Unused", "excepted nobody in this test"}},
		{name: "for nobody in the rule", candidate: "inline", rules: config.Variables{"always_approved": stringsVar("break-glass@example.com")},
			exceptions: []config.Variable{exceptionVar("pat@example.com", "always_approved", "Audit", "security-team", day(90))},
			says:       []string{"Warning: Exception Unused", "excepts nobody: no entry of always_approved names them"}},
		{name: "never approved", candidate: "today", rules: config.Variables{"never_approved": stringsVar("uma@example.com")},
			exceptions: []config.Variable{exceptionVar("uma@example.com", "never_approved", "<b>Vendor</b> support @security-team", "it-ops", day(30))},
			says:       []string{"Warning: Standing Rule Excepted", "owner it-ops, until " + day(30) + ": <b>Vendor</b> support @security-team"}},
	} {
		for _, g := range gates {
			t.Run(g.name+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				if g.ephemeral {
					acctest.Ephemeral.Skip(t)
				}
				env := acctest.New(t, emulator.Options{})
				cli := acctest.NewCLI(t, env.Config(t, "change_candidates.tf", g.fixture))
				vars := candidate(c.candidate, c.rules)
				vars["exceptions"] = config.ListVariable(c.exceptions...)
				if c.warnDays > 0 {
					vars["exception_warning_days"] = config.IntegerVariable(c.warnDays)
				}
				vars["account_id"] = config.StringVariable(acctest.AccountID)
				if err := vars.Write(cli.Dir()); err != nil {
					t.Fatal(err)
				}
				out, err := cli.Run("plan", "-no-color", "-input=false")
				plain := acctest.Plain(out)
				if (err != nil) != (len(c.fails) > 0) {
					t.Fatalf("plan failed: %v, want %v:\n%s", err, len(c.fails) > 0, out)
				}
				expectInOrder(t, plain, c.fails...)
				for _, s := range c.says {
					expectInOrder(t, plain, s)
				}
				if c.warnDays > 0 && strings.Contains(plain, "Exception Expiring") {
					t.Errorf("an exception 10 days from its date warned with exception_warning_days = 7:\n%s", out)
				}
				// The exceptions cost nothing: what the same rules cost alone.
				switch c.candidate {
				case "engineering":
					requestsWere(t, env, 2, 2, 8)
				case "today":
					requestsWere(t, env, 1, 1, 2)
				}
			})
		}
	}
}

// The data source keeps the excepted people with their exception, and the
// entry's status says excepted; the test data source takes exceptions too.
func TestAccExceptions_DataSourceResults(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	vars := candidate("engineering", config.Variables{
		"expected_newly_blocked": stringsVar("*@example.com"),
		"always_approved":        stringsVar("break-glass@example.com"),
		"exceptions":             config.ListVariable(exceptionVar("break-glass@example.com", "always_approved", "Audit", "security-team", day(60))),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:          env.Config(t, "change_candidates.tf", "change.tf"),
				ConfigVariables: acctest.Variables(vars),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(changeAddr, tfjsonpath.New("standing_rules"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"rule": knownvalue.StringExact("always_approved"), "entry": knownvalue.StringExact("break-glass@example.com"),
							"status": knownvalue.StringExact("excepted"), "violated_by": knownvalue.ListSizeExact(0),
							"excepted": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
								"id": knownvalue.StringExact("a0000012-0000-4000-8000-000000000018"), "email": knownvalue.StringExact("break-glass@example.com"),
								"name": knownvalue.StringExact("Emergency Admin"), "exception": knownvalue.Int64Exact(0),
								"owner": knownvalue.StringExact("security-team"), "expires": knownvalue.StringExact(day(60)),
							})}),
						}),
					})),
				},
			},
			{
				Config: env.Config(t, "standing_rules_test_ds.tf"),
				ConfigVariables: acctest.Variables(config.Variables{
					"never_approved": stringsVar("uma@example.com"),
					"exceptions":     config.ListVariable(exceptionVar("uma@example.com", "never_approved", "Vendor support", "it-ops", day(60))),
				}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.cloudflarezt_access_policy_test.t", tfjsonpath.New("standing_rules").AtSliceIndex(0).AtMapKey("status"), knownvalue.StringExact("excepted")),
					statecheck.ExpectKnownValue("data.cloudflarezt_access_policy_test.t", tfjsonpath.New("standing_rules").AtSliceIndex(0).AtMapKey("excepted").AtSliceIndex(0).AtMapKey("email"), knownvalue.StringExact("uma@example.com")),
				},
			},
		},
	})
}

// The change action takes exceptions too: the break-glass account it would
// otherwise refuse is excepted, and the deploying resource is created.
func TestAccExceptions_Action(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, actionTestCase(
		resource.TestStep{
			Config: env.Config(t, "standing_rules_action.tf"),
			ConfigVariables: acctest.Variables(config.Variables{
				"always_approved": stringsVar("break-glass@example.com"),
				"exceptions": config.ListVariable(config.ObjectVariable(map[string]config.Variable{
					"who": config.StringVariable("break-glass@example.com"), "rule": config.StringVariable("always_approved"),
					"reason": config.StringVariable("Audit"), "owner": config.StringVariable("security-team"), "expires": config.StringVariable(day(60)),
				})),
			}),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(deployAddr, tfjsonpath.New("output"), knownvalue.StringExact("rules")),
			},
		},
	))
}
