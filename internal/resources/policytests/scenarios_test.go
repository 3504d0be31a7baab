package policytests_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

const (
	employeesPolicy = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	embargoPolicy   = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e"
)

// scenarioPlan plans an example under examples/scenarios with an empty
// state, its variables from vars (as terraform.tfvars.json), and returns
// the plan's output, the emulator's log, and whether the plan failed.
func scenarioPlan(t *testing.T, example string, vars map[string]any) (string, *acctest.Env, error) {
	t.Helper()
	env := acctest.New(t, emulator.Options{})
	cli := acctest.NewCLI(t, env.ProviderBlock()+readExample(t, "scenarios/"+example+"/main.tf"))
	vars["account_id"] = acctest.AccountID
	raw, err := json.Marshal(vars)
	if err != nil {
		t.Fatal(err)
	}
	cli.WriteFile("terraform.tfvars.json", string(raw))
	out, err := cli.Run("plan", "-no-color", "-input=false")
	return acctest.Plain(out), env, err
}

// requestsWere checks the emulator's log: starts, status reads and user
// pages, and nothing else.
func requestsWere(t *testing.T, env *acctest.Env, starts, reads, pages int) {
	t.Helper()
	reqs := env.Requests()
	gotPages := len(env.RequestsMatching(http.MethodGet, "/users"))
	if got := len(env.Starts()); got != starts {
		t.Errorf("%d tests started, want %d", got, starts)
	}
	if got := statusReads(reqs); got != reads {
		t.Errorf("%d status reads, want %d", got, reads)
	}
	if gotPages != pages {
		t.Errorf("%d user pages, want %d", gotPages, pages)
	}
	if len(reqs) != starts+reads+pages {
		t.Errorf("%d requests in all, want %d", len(reqs), starts+reads+pages)
	}
}

func expectIn(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("the plan did not say %q:\n%s", w, out)
		}
	}
}

// The migration guard (cloudflare/tf-migrate#310): an application whose
// planned policy list is emptied or shortened fails naming the application
// and everybody who would lose access; an unchanged list passes without a
// test. Every side that tests the very same list in one plan shares one
// test.
func TestAccScenario_MigrationGuard(t *testing.T) {
	deployed := []string{employeesPolicy, embargoPolicy}
	app := func(planned ...string) map[string]any {
		return map[string]any{"deployed": deployed, "planned": append([]string{}, planned...)}
	}
	approvedToday := "alice@example.com, bob@example.com, break-glass@example.com, carol@example.com, dave@example.com, erin@example.com, frank@example.com, grace@example.com, heidi@example.com, judy@example.com and 1 more."
	for _, tc := range []struct {
		name                 string
		apps                 map[string]any
		fails                []string
		starts, reads, pages int
	}{
		{
			name:  "emptied",
			apps:  map[string]any{"wiki": app(), "docs": app(deployed...)},
			fails: []string{"Application wiki: This change would newly block 11 people who can get in today and are not expected: " + approvedToday},
			// One test of the deployed list serves wiki's current; docs,
			// the same on both sides, and wiki's empty candidate need none.
			starts: 1, reads: 1, pages: 2,
		},
		{
			name:   "shortened",
			apps:   map[string]any{"wiki": app(embargoPolicy)},
			fails:  []string{"Application wiki: This change would newly block 11 people who can get in today and are not expected: " + approvedToday},
			starts: 2, reads: 2, pages: 3,
		},
		{
			// The same list on both sides: nobody's access can change, and
			// no test is run.
			name: "unchanged",
			apps: map[string]any{"wiki": app(deployed...)},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, env, err := scenarioPlan(t, "migration-guard", map[string]any{"applications": tc.apps})
			if (err != nil) != (len(tc.fails) > 0) {
				t.Fatalf("plan: %v\n%s", err, out)
			}
			expectIn(t, out, tc.fails...)
			if strings.Contains(out, "Application docs:") {
				t.Errorf("the unchanged application failed:\n%s", out)
			}
			requestsWere(t, env, tc.starts, tc.reads, tc.pages)
		})
	}
}

// A shared reusable policy: each application that uses it is tested with
// its own ordered list, the changed policy in its place, and the failure
// names each application and its people. An application that does not use
// the policy is not tested; one with the same list as another shares both
// of its tests. The order of each list decides for uma, an employee in an
// embargoed country without MFA: where Employees comes first she gets in
// today and the change locks her out; where the embargo comes first she is
// blocked either way.
func TestAccScenario_SharedPolicy(t *testing.T) {
	apps := map[string]any{
		"wiki":    []string{employeesPolicy, embargoPolicy},
		"docs":    []string{employeesPolicy, embargoPolicy},
		"payroll": []string{embargoPolicy, employeesPolicy},
		"status":  []string{embargoPolicy},
	}
	out, env, err := scenarioPlan(t, "shared-policy", map[string]any{"applications": apps})
	if err == nil {
		t.Fatalf("the plan passed:\n%s", out)
	}
	employeesFirst := " This change would newly block 4 people who can get in today and are not expected: erin@example.com, frank@example.com, heidi@example.com, uma@example.com."
	embargoFirst := " This change would newly block 3 people who can get in today and are not expected: erin@example.com, frank@example.com, heidi@example.com."
	expectIn(t, out, "Application wiki:"+employeesFirst, "Application docs:"+employeesFirst, "Application payroll:"+embargoFirst)
	if strings.Contains(out, `gate["status"]`) {
		t.Errorf("an application without the policy was tested:\n%s", out)
	}
	// wiki and docs share their two tests; payroll has its own two: each
	// test one status read and its approved users (11, 10 or 7, one page
	// each, then the empty page).
	requestsWere(t, env, 4, 4, 8)
}

// Standing rules kept in the security team's file: a reorganisation whose
// reviewers accept every employee losing access still fails on the
// break-glass account, and only on it (the contractors rule is kept). The
// rules add the candidate's blocked and errored users to the gate's
// listings: 12 requests, 8 without them.
func TestAccScenario_StandingRules(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	cli := acctest.NewCLI(t, env.ProviderBlock()+readExample(t, "scenarios/standing-rules/main.tf"))
	cli.WriteFile("rules.tf", readExample(t, "scenarios/standing-rules/rules.tf"))
	out, err := cli.Run("plan", "-no-color", "-input=false", "-var", "account_id="+acctest.AccountID)
	if err == nil {
		t.Fatalf("the plan passed:\n%s", out)
	}
	plain := acctest.Plain(out)
	expectIn(t, plain, `always_approved[0] = "break-glass@example.com" is a standing rule`, breakGlassLine)
	if n := strings.Count(plain, "Error: "); n != 1 {
		t.Errorf("%d errors, want the one standing rule:\n%s", n, out)
	}
	requestsWere(t, env, 2, 2, 8)
}

// The nightly check: no change, one test per distinct list serves both
// sides, the rules hold on the live policies of every application the
// account has (read from it: two pages). Wiki and docs share their list;
// payroll, status and the sales CRM have their own. Each test costs one
// start, one status read, its approved users (the comparison's, which also
// show the break-glass account let in) and its errored users (someone
// errored could be a contractor): the blocked users are not needed.
func TestAccScenario_StandingRulesNightly(t *testing.T) {
	out, env, err := scenarioPlan(t, "standing-rules-nightly", map[string]any{})
	if err != nil {
		t.Fatalf("the nightly check failed: %v\n%s", err, out)
	}
	requestsWereBeside(t, env, 2, 4, 4, 4*(2+2))
}
