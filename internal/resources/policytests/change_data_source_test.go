package policytests_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
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

// The pull-request gate, cloudflarezt_access_policy_change, planned with no
// apply and no state, as a pull-request pipeline runs it.

const changeAddr = "data.cloudflarezt_access_policy_change.gate"

// planChange plans the fixtures (testdata/<name>, separated by spaces) once,
// with candidate and expectations in vars, and returns the emulator it ran
// against.
func planChange(t *testing.T, opts emulator.Options, fixtures string, vars config.Variables, step resource.TestStep) *acctest.Env {
	t.Helper()
	env := acctest.New(t, opts)
	step.Config = env.Config(t, strings.Fields(fixtures)...)
	step.ConfigVariables = acctest.Variables(vars)
	step.PlanOnly = true
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps:                    []resource.TestStep{step},
	})
	return env
}

// lockedOutFour is how the ephemeral gate and the action name the people
// the "mfa" candidate locks out, one a line (Plain's spaces): the employees
// without MFA, uma among them (let in today by the Employees policy, which
// comes before the embargo she is under).
const lockedOutFour = "This change would newly block 4 people who can get in today and are not expected: - erin@example.com (Erin Eriksen) - frank@example.com (Frank Fischer) - heidi@example.com (Heidi Hansen) - uma@example.com (Uma Usman)"

// wrapped matches text however the CLI wraps its lines.
func wrapped(text string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(regexp.QuoteMeta(text), " ", `\s+`))
}

func candidate(name string, extra config.Variables) config.Variables {
	vars := config.Variables{"candidate": config.StringVariable(name)}
	for k, v := range extra {
		vars[k] = v
	}
	return vars
}

func stringsVar(values ...string) config.Variable {
	vs := make([]config.Variable, len(values))
	for i, v := range values {
		vs[i] = config.StringVariable(v)
	}
	return config.ListVariable(vs...)
}

// The guide's request count for one gate plan of the sample directory:
// two starts, one status read each (the emulator completes at once), and
// the approved users of each test: one page, then the empty page.
const requestsPerGatePlan = 2 + 2 + 2*2

// The guide's count with the standalone emulator of `make demo`, whose
// tests report processing once before they complete: one status read more
// per test.
const requestsPerDemoGatePlan = 2 + 2*2 + 2*2

// expectRequests checks the emulator's log of one gate run: its two start
// calls, then status reads and user pages, exactly.
func expectRequests(t *testing.T, env *acctest.Env, reads, userPages int) {
	t.Helper()
	requestsWere(t, env, 2, reads, userPages)
}

// As the example ships: the candidate requires MFA, and the plan fails
// naming, sorted, the three employees who sign in without it. The plan
// costs exactly what the guide says, and both tests' approved users are
// what it lists.
func TestAccAccessPolicyChange_NamesNewlyBlocked(t *testing.T) {
	env := planChange(t, emulator.Options{}, "change_candidates.tf change.tf", candidate("mfa", nil), resource.TestStep{
		ExpectError: wrapped("This change would newly block 4 people who can get in today and are not expected: erin@example.com, frank@example.com, heidi@example.com, uma@example.com."),
	})
	expectRequests(t, env, 2, 4)
	if requestsPerGatePlan != len(env.Requests()) {
		t.Errorf("the guide's count, %d, differs from the %d requests made", requestsPerGatePlan, len(env.Requests()))
	}
	for _, r := range env.RequestsMatching(http.MethodGet, "/users") {
		if got := r.Query.Get("status"); got != "success" {
			t.Errorf("listed users with status=%q, want only the approved ones (success)", got)
		}
	}
}

// With the standalone emulator's default (each test reports processing
// once), a gate plan costs one status read more per test, as the guide says.
func TestAccAccessPolicyChange_DemoRequestCount(t *testing.T) {
	env := planChange(t, emulator.Options{CompleteAfterPolls: 1}, "change_candidates.tf change.tf", candidate("mfa", nil), resource.TestStep{
		ExpectError: wrapped("This change would newly block 4 people"),
	})
	expectRequests(t, env, 4, 4)
	if requestsPerDemoGatePlan != len(env.Requests()) {
		t.Errorf("the guide's count for make demo, %d, differs from the %d requests made", requestsPerDemoGatePlan, len(env.Requests()))
	}
}

// The guide's example, as shipped, fails its pull-request plan the same way,
// before its stand-in for the deploying resource is planned.
func TestAccAccessPolicyChange_ExampleAsShipped(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.ProviderBlock() + readExample(t, "scenarios/pull-request-gate/main.tf"),
			ConfigVariables: acctest.Variables(nil),
			PlanOnly:        true,
			ExpectError:     wrapped("This change would newly block 4 people who can get in today and are not expected: erin@example.com, frank@example.com, heidi@example.com, uma@example.com."),
		}},
	})
	expectRequests(t, env, 2, 4)
}

// A reviewed change lands by naming whom it lets in; one person more than
// named still fails it, by name.
func TestAccAccessPolicyChange_ExpectedChangeLands(t *testing.T) {
	people := func(list string) knownvalue.Check {
		var checks []knownvalue.Check
		for _, email := range strings.Fields(list) {
			checks = append(checks, knownvalue.ObjectPartial(map[string]knownvalue.Check{"email": knownvalue.StringExact(email)}))
		}
		if checks == nil {
			return knownvalue.ListSizeExact(0)
		}
		return knownvalue.ListExact(checks)
	}
	// mallory too, from an embargoed country: the candidate's allow comes
	// before the embargo, and the first policy that matches decides.
	contractors := "mallory@contractors.example.com niaj@contractors.example.com olivia@contractors.example.com peggy@contractors.example.com rupert@contractors.example.com sybil@contractors.example.com"
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.Config(t, "change_candidates.tf", "change.tf"),
				ConfigVariables: acctest.Variables(candidate("contractors", config.Variables{
					"expected_newly_approved": stringsVar("*@Contractors.Example.com"),
				})),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(changeAddr, tfjsonpath.New("newly_approved"), people(contractors)),
					statecheck.ExpectKnownValue(changeAddr, tfjsonpath.New("newly_approved_count"), knownvalue.Int64Exact(6)),
					statecheck.ExpectKnownValue(changeAddr, tfjsonpath.New("unexpected_newly_approved"), people("")),
					statecheck.ExpectKnownValue(changeAddr, tfjsonpath.New("unexpected_newly_approved_count"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(changeAddr, tfjsonpath.New("newly_blocked"), people("")),
					statecheck.ExpectKnownValue(changeAddr, tfjsonpath.New("summary"),
						knownvalue.StringExact("No unexpected change of access: 0 newly blocked and 6 newly approved, all expected.")),
					statecheck.ExpectKnownValue(changeAddr, tfjsonpath.New("current_test").AtMapKey("status"), knownvalue.StringExact("complete")),
					statecheck.ExpectKnownValue(changeAddr, tfjsonpath.New("current_test").AtMapKey("users_approved"), knownvalue.Int64Exact(11)),
					statecheck.ExpectKnownValue(changeAddr, tfjsonpath.New("candidate_test").AtMapKey("users_approved"), knownvalue.Int64Exact(17)),
				},
			},
			{
				Config: env.Config(t, "change_candidates.tf", "change.tf"),
				ConfigVariables: acctest.Variables(candidate("contractors", config.Variables{
					"expected_newly_approved": stringsVar("niaj@contractors.example.com", "olivia@contractors.example.com",
						"peggy@contractors.example.com", "sybil@contractors.example.com"),
				})),
				ExpectError: wrapped("newly let in 6 people who cannot get in today, 2 of them not expected: mallory@contractors.example.com, rupert@contractors.example.com."),
			},
			{
				// *@domain is that domain alone: it covers no subdomain.
				Config: env.Config(t, "change_candidates.tf", "change.tf"),
				ConfigVariables: acctest.Variables(candidate("contractors", config.Variables{
					"expected_newly_approved": stringsVar("*@example.com"),
				})),
				ExpectError: wrapped("newly let in 6 people who cannot get in today and are not expected: mallory@contractors.example.com, niaj@contractors.example.com,"),
			},
		},
	})
}

// People are matched by id: two people whose emails differ only in case
// stay two people, and a person without an email is still counted (and,
// matching no expectation, always unexpected).
func TestAccAccessPolicyChange_ComparesByID(t *testing.T) {
	dir, err := emulator.LoadDirectory(filepath.Join("testdata", "change_by_id_directory.json"))
	if err != nil {
		t.Fatal(err)
	}
	env := acctest.New(t, emulator.Options{Directory: dir})
	person := func(id, email, name string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.StringExact(id), "email": knownvalue.StringExact(email), "name": knownvalue.StringExact(name),
		})
	}
	noEmail := person("b0000003-0000-4000-8000-000000000003", "", "No Email")
	lowerPat := person("b0000001-0000-4000-8000-000000000001", "pat@example.com", "Pat Lower")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "change_by_id.tf", "change_by_id_gate.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"expected_newly_blocked": stringsVar("PAT@example.com")}),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(changeAddr, tfjsonpath.New("newly_blocked"), knownvalue.ListExact([]knownvalue.Check{noEmail, lowerPat})),
				statecheck.ExpectKnownValue(changeAddr, tfjsonpath.New("unexpected_newly_blocked"), knownvalue.ListExact([]knownvalue.Check{noEmail})),
				statecheck.ExpectKnownValue(changeAddr, tfjsonpath.New("summary"), knownvalue.StringRegexp(regexp.MustCompile(
					`newly block 2 people who can get in today, 1 of them not expected: user b0000003-0000-4000-8000-000000000003\.$`))),
			},
		}},
	})
}

// Every partial or inconsistent answer fails the read of the data source
// and the opening of the ephemeral gate, naming what was wrong, whatever the
// numbers would have said.
func TestAccAccessPolicyChange_FailsSafe(t *testing.T) {
	cases := map[string]struct {
		opts  emulator.Options
		fault emulator.Fault
		want  string
	}{
		"exceeded time": {
			opts: emulator.Options{FinalStatus: "exceeded time"},
			want: "The policy test of `current` \\(\\w+\\) ended with status \"exceeded time\"",
		},
		"rows contradict the filter": {
			fault: emulator.Fault{Kind: emulator.FaultMislabelledRows, Method: http.MethodGet, PathSuffix: "/users"},
			want:  `Policy Test Users Do Not Add Up.*listing of users with status "approved" \(filter success\) has a row with status "blocked"`,
		},
		"a repeated id": {
			fault: emulator.Fault{Kind: emulator.FaultRepeatedRow, Method: http.MethodGet, PathSuffix: "/users"},
			want:  `Policy Test Users Do Not Add Up.*lists user "a0000001-0000-4000-8000-000000000001" twice`,
		},
		"a complete test that covered part of the directory": {
			opts: emulator.Options{UncoveredUsers: 4},
			want: "Policy Test Did Not Cover Every User.*The policy test of `current` \\(\\w+\\) says `complete` but reports 78% of its users processed " +
				"and counts 14 users \\(\\d+ approved, \\d+ blocked, \\d+ errored\\) of total_users 18",
		},
		"read-only credentials": {
			opts: emulator.Options{Tokens: map[string]string{acctest.Token: "read"}},
			want: `Unable to Start Policy Test \(current\).*HTTP 403.*\[10000\].*Access: Policy Test Write`,
		},
		"a short listing": {
			fault: emulator.Fault{Kind: emulator.FaultMissingRow, Method: http.MethodGet, PathSuffix: "/users"},
			want:  `Policy Test Users Do Not Add Up.*has \d+ rows, but policy test \w+ counts \d+`,
		},
	}
	for name, tc := range cases {
		for _, gate := range gates {
			t.Run(name+"/"+gate.name, func(t *testing.T) {
				env := acctest.New(t, tc.opts)
				if tc.fault.PathSuffix != "" {
					env.InjectFault(tc.fault)
				}
				resource.ParallelTest(t, gate.testCase(resource.TestStep{
					Config:          env.Config(t, "change_candidates.tf", gate.fixture),
					ConfigVariables: acctest.Variables(candidate("inline", nil)),
					PlanOnly:        true,
					ExpectError:     regexp.MustCompile("(?s)" + strings.ReplaceAll(tc.want, " ", `\s+`)),
				}))
			})
		}
	}
}

// The saved plan (errored, as a failing gate leaves it) holds the changed
// people and nobody else from the directory.
func TestAccAccessPolicyChange_PlanFileHoldsOnlyChangedPeople(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	cli := acctest.NewCLI(t, env.ProviderBlock()+acctest.Fixture(t, "change_candidates.tf")+acctest.Fixture(t, "change.tf"))
	out, err := cli.Run("plan", "-no-color", "-input=false", "-out=tfplan", "-var", "account_id="+acctest.AccountID, "-var", "candidate=mfa")
	if err == nil {
		t.Fatalf("the gate passed:\n%s", out)
	}
	if _, statErr := os.Stat(filepath.Join(cli.Dir(), "tfplan")); statErr != nil {
		t.Skip("this CLI saves no plan file when planning fails")
	}
	shown, err := cli.Run("show", "-json", "tfplan")
	if err != nil {
		t.Fatalf("terraform show: %v\n%s", err, shown)
	}
	var plan struct {
		PriorState struct {
			Values struct {
				RootModule struct {
					Resources []struct {
						Address string         `json:"address"`
						Values  map[string]any `json:"values"`
					} `json:"resources"`
				} `json:"root_module"`
			} `json:"values"`
		} `json:"prior_state"`
	}
	if err := json.Unmarshal([]byte(shown), &plan); err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, r := range plan.PriorState.Values.RootModule.Resources {
		if r.Address != changeAddr {
			continue
		}
		found = true
		if got := fmt.Sprint(r.Values["unexpected_newly_blocked_count"]); got != "4" {
			t.Errorf("unexpected_newly_blocked_count in the plan file = %s, want 4", got)
		}
	}
	if !found {
		t.Fatalf("the plan file has no %s", changeAddr)
	}
	for _, u := range emulator.SampleDirectory().Users {
		changed := strings.HasPrefix(u.Email, "erin@") || strings.HasPrefix(u.Email, "frank@") || strings.HasPrefix(u.Email, "heidi@") || strings.HasPrefix(u.Email, "uma@")
		if in := strings.Contains(shown, u.Email); in != changed {
			t.Errorf("%s in the plan file: %v, want %v", u.Email, in, changed)
		}
	}
}

// The shipped example with a candidate known only during apply (the
// override refers to a group created in the same run): the plan says the
// change was not tested (the check block warns), the saved plan shows the
// deferred read that a pipeline fails on, and the merge apply runs the gate
// first and stops before the deploying resource is created.
func TestAccAccessPolicyChange_UnknownCandidate(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	cli := acctest.NewCLI(t, env.ProviderBlock()+readExample(t, "scenarios/pull-request-gate/main.tf"))
	cli.WriteFile("new_group.tf", acctest.Fixture(t, "new_group.tf"))
	cli.WriteFile("unknown_candidate_override.tf", acctest.Fixture(t, "unknown_candidate_override.tf"))
	vars := []string{"-var", "account_id=" + acctest.AccountID}
	out, err := cli.Run(append([]string{"plan", "-no-color", "-input=false", "-out=tfplan"}, vars...)...)
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, out)
	}
	if !strings.Contains(acctest.Plain(out), "Warning: Check block assertion known after apply") {
		t.Errorf("the plan does not warn that the change was not tested:\n%s", out)
	}
	if n := len(env.Starts()); n != 0 {
		t.Errorf("%d tests started during a plan that could not test", n)
	}
	shown, err := cli.Run("show", "-json", "tfplan")
	if err != nil {
		t.Fatalf("show: %v\n%s", err, shown)
	}
	if deferred := deferredGateReads(t, shown); len(deferred) != 1 || deferred[0] != changeAddr {
		t.Errorf("deferred reads in the plan = %v, want [%s]", deferred, changeAddr)
	}
	if passesSwitch(t, cli) {
		t.Error("the guide's switch passed a plan whose gate was deferred")
	}

	applyStoppedByGate(t, cli)
	if n := len(env.Starts()); n != 2 {
		t.Errorf("%d tests started by the apply, want 2", n)
	}
}

// applyStoppedByGate applies the saved plan, expects the gate to fail it
// naming the people, and terraform_data.deploy not to be created; it
// returns the state's addresses.
func applyStoppedByGate(t *testing.T, cli *acctest.CLI) string {
	t.Helper()
	out, err := cli.Run("apply", "-no-color", "-input=false", "tfplan")
	if err == nil || !strings.Contains(acctest.Plain(out), "This change would newly block 4 people") {
		t.Fatalf("the merge apply did not fail on the gate: %v\n%s", err, out)
	}
	list, err := cli.Run("state", "list")
	if err != nil {
		t.Fatalf("state list: %v\n%s", err, list)
	}
	if strings.Contains(list, "terraform_data.deploy") {
		t.Errorf("the deploying resource was created although the gate failed:\n%s", list)
	}
	return list
}

// deferredGateReads is what the guide's CI check reads from a saved plan:
// the data reads of this provider left for the apply.
func deferredGateReads(t *testing.T, planJSON string) []string {
	t.Helper()
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Mode    string `json:"mode"`
			Type    string `json:"type"`
			Change  struct {
				Actions []string `json:"actions"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(planJSON), &plan); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, rc := range plan.ResourceChanges {
		if rc.Mode == "data" && strings.HasPrefix(rc.Type, "cloudflarezt_") && strings.Contains(strings.Join(rc.Change.Actions, ","), "read") {
			out = append(out, rc.Address)
		}
	}
	return out
}

// The inputs are validated at plan with the resource's validators, the
// errors pointing into `candidate`, before anything is sent.
func TestAccAccessPolicyChange_ValidatedAtPlan(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "change_invalid.tf"),
			ConfigVariables: acctest.Variables(nil),
			PlanOnly:        true,
			ExpectError:     regexp.MustCompile(`(?s)(candidate\[1\]\.decision.*"perhaps".*expected_newly_blocked\[0\].*email\s+address\s+or\s+\*@domain|expected_newly_blocked\[0\].*email\s+address\s+or\s+\*@domain.*candidate\[1\]\.decision.*"perhaps")`),
		}},
	})
	if n := len(env.Requests()); n != 0 {
		t.Errorf("%d requests sent for an invalid configuration", n)
	}
}

// A test the API refuses at its start fails the read at once, the error on
// the element it points at, without waiting for the other test.
func TestAccAccessPolicyChange_RefusedStartFailsAtOnce(t *testing.T) {
	env := planChange(t, emulator.Options{CompleteAfterPolls: 1_000_000}, "change_refused.tf", nil, resource.TestStep{
		ExpectError: regexp.MustCompile(`(?s)Unable to Start Policy Test \(current\).*current\[0\].*\[12131\]\s+reusable\s+policy\s+"deadbeef-0000-4000-8000-000000000000"\s+was\s+not\s+found`),
	})
	expectRequests(t, env, 0, 0)
}

// The offline tests shipped beside the pull-request-gate example run under
// `terraform test` (gate.tftest.hcl) or `tofu test` (gate.tofutest.hcl,
// which OpenTofu reads instead) with a mock provider: both runs pass (the
// gate fails on the unexpected person, as the first run expects) and no
// request reaches the API.
func TestAccAccessPolicyChange_OfflineGateTests(t *testing.T) {
	acctest.OfflineTests.Skip(t)
	env := acctest.New(t, emulator.Options{})
	// The provider block points at the emulator: the mock must stand in for it.
	cli := acctest.NewCLI(t, env.ProviderBlock()+readExample(t, "scenarios/pull-request-gate/main.tf"))
	cli.WriteFile("gate.tftest.hcl", readExample(t, "scenarios/pull-request-gate/gate.tftest.hcl"))
	cli.WriteFile("gate.tofutest.hcl", readExample(t, "scenarios/pull-request-gate/gate.tofutest.hcl"))
	out, err := cli.Run("test", "-no-color")
	if err != nil {
		t.Fatalf("terraform test: %v\n%s", err, out)
	}
	for _, want := range []string{"run \"an_unexpected_person_fails_the_gate\"... pass", "run \"a_reviewed_change_passes\"... pass", "2 passed, 0 failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("terraform test did not say %q:\n%s", want, out)
		}
	}
	if n := len(env.Requests()); n != 0 {
		t.Errorf("%d requests reached the API from mocked tests", n)
	}
}
