package policytests_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// What holds for both pull-request gates, the data source and the
// ephemeral resource, and for a pipeline that runs them.

// gates are the two pull-request gates of the candidates in
// change_candidates.tf: the data source and the ephemeral resource.
var gates = []gate{
	{name: "data source", fixture: "change.tf"},
	{name: "ephemeral", fixture: "change_ephemeral.tf", ephemeral: true},
}

type gate struct {
	name, fixture string
	ephemeral     bool
}

// testCase runs steps, skipping an ephemeral gate under a CLI without
// ephemeral resources.
func (g gate) testCase(steps ...resource.TestStep) resource.TestCase {
	if g.ephemeral {
		return ephemeralCase(steps...)
	}
	return resource.TestCase{ProtoV6ProviderFactories: acctest.ProviderFactories, Steps: steps}
}

// An expected entry that matches nobody whose access changes that way is
// named by path in a warning, and the gate passes; with
// fail_on_unmatched_expectations it fails the gate. Both gates alike.
func TestAccAccessPolicyChange_UnmatchedExpectations(t *testing.T) {
	reviewed := `expected_newly_blocked=["erin@example.com","frank@example.com","heidi@example.com","uma@example.com","*@old.example.com"]`
	for _, g := range gates {
		t.Run(g.name, func(t *testing.T) {
			if g.ephemeral {
				acctest.Ephemeral.Skip(t)
			}
			env := acctest.New(t, emulator.Options{})
			cli := acctest.NewCLI(t, env.Config(t, "change_candidates.tf", g.fixture))
			vars := []string{"-var", "account_id=" + acctest.AccountID, "-var", "candidate=mfa", "-var", reviewed}
			out, err := cli.Run(append([]string{"plan", "-no-color", "-input=false"}, vars...)...)
			if err != nil {
				t.Fatalf("the reviewed change did not pass: %v\n%s", err, out)
			}
			plain := acctest.Plain(out)
			for _, want := range []string{"Warning: Expected Change Matches Nobody",
				`expected_newly_blocked[4] = "*@old.example.com" matches nobody whose access this change changes that way`} {
				if !strings.Contains(plain, want) {
					t.Errorf("the plan does not say %q:\n%s", want, out)
				}
			}
			if n := strings.Count(plain, "Warning: Expected Change Matches Nobody"); n != 1 {
				t.Errorf("%d warnings about unmatched entries, want 1 (erin, frank, heidi and uma are matched):\n%s", n, out)
			}
			out, err = cli.Run(append([]string{"plan", "-no-color", "-input=false", "-var", "fail_on_unmatched_expectations=true"}, vars...)...)
			if err == nil || !strings.Contains(acctest.Plain(out), `Error: Expected Change Matches Nobody`) ||
				!strings.Contains(acctest.Plain(out), `expected_newly_blocked[4] = "*@old.example.com"`) {
				t.Errorf("fail_on_unmatched_expectations did not fail the gate: %v\n%s", err, out)
			}
		})
	}
}

// What a pull-request pipeline sees of a gate that was not run as it
// should be: -target on an unrelated resource, -refresh-only, and the
// switch the guide gives to catch both.

// gateSwitch is the guide's jq program: it fails a saved plan in which any
// check did not pass (the gate's check block, postcondition or the
// deploying resource's precondition unknown or failed).
const gateSwitch = `[.checks[]? | select(.status != "pass")] | length == 0`

// gateExamples are the shipped examples of both gates.
var gateExamples = []struct {
	gate
	example string
}{
	{gates[0], "scenarios/pull-request-gate/main.tf"},
	{gates[1], ephemeralExample},
}

// passesSwitch runs the guide's switch on the saved plan in dir.
func passesSwitch(t *testing.T, cli *acctest.CLI) bool {
	t.Helper()
	jq, err := exec.LookPath("jq")
	if err != nil {
		t.Skip("jq is not installed; the guide's switch needs it")
	}
	shown, err := cli.Run("show", "-json", "tfplan")
	if err != nil {
		t.Fatalf("show: %v\n%s", err, shown)
	}
	cmd := exec.Command(jq, "-e", gateSwitch)
	cmd.Stdin = strings.NewReader(shown)
	out, err := cmd.CombinedOutput()
	if err != nil && strings.TrimSpace(string(out)) != "false" {
		t.Fatalf("jq: %v\n%s", err, out)
	}
	return err == nil
}

// A change that passes the gate passes the switch. `-target` on an unrelated resource
// plans no gate (no request, exit code 2 for the targeted change) and
// `-refresh-only` turns the data source's failing postcondition into a
// warning (the plan succeeds): the switch fails both. The ephemeral gate fails a
// refresh-only plan by itself.
func TestAccAccessPolicyChange_SkippedGateCaught(t *testing.T) {
	for _, g := range gateExamples {
		t.Run(g.name, func(t *testing.T) {
			if g.ephemeral {
				acctest.Ephemeral.Skip(t)
			}
			env := acctest.New(t, emulator.Options{})
			cli := acctest.NewCLI(t, env.ProviderBlock()+readExample(t, g.example)+acctest.Fixture(t, "unrelated.tf"))
			plan := func(args ...string) (string, int) {
				t.Helper()
				out, err := cli.Run(append([]string{"plan", "-no-color", "-input=false", "-out=tfplan", "-detailed-exitcode", "-var", "account_id=" + acctest.AccountID}, args...)...)
				code := 0
				var exit *exec.ExitError
				if errors.As(err, &exit) {
					code = exit.ExitCode()
				} else if err != nil {
					t.Fatal(err)
				}
				return out, code
			}

			out, code := plan("-target=terraform_data.unrelated")
			if code != 2 || len(env.Requests()) != 0 {
				t.Errorf("-target: exit code %d with %d requests, want 2 with none (the gate is skipped)\n%s", code, len(env.Requests()), out)
			}
			if passesSwitch(t, cli) {
				t.Error("the switch passed a plan that skipped the gate")
			}

			out, code = plan("-refresh-only")
			switch {
			case g.ephemeral && (code != 1 || !strings.Contains(acctest.Plain(out), "Error: Unexpected Change of Access")):
				t.Errorf("-refresh-only: exit code %d, want the ephemeral gate's error\n%s", code, out)
			case !g.ephemeral && (code == 1 || !strings.Contains(acctest.Plain(out), "Warning: Resource postcondition failed")):
				// Exit code 0, or 2 from Terraform 1.15 on: not a failure.
				t.Errorf("-refresh-only: exit code %d, want success with the postcondition as a warning\n%s", code, out)
			}
			if _, err := os.Stat(filepath.Join(cli.Dir(), "tfplan")); err == nil && passesSwitch(t, cli) {
				t.Error("the switch passed a refresh-only plan whose gate failed")
			}
			if n := len(env.Starts()); n != 2 {
				t.Errorf("the refresh-only plan started %d tests, want 2", n)
			}

			cli.WriteFile("unchanged_candidate_override.tf", acctest.Fixture(t, "unchanged_candidate_override.tf"))
			if out, code := plan(); code != 2 {
				t.Fatalf("a harmless change: exit code %d, want 2 (it plans the deploying resource)\n%s", code, out)
			}
			if !passesSwitch(t, cli) {
				t.Error("the switch failed a plan whose gate passed")
			}
		})
	}
}

// The guide gives the switch the test runs.
func TestGuide_GivesTheGateSwitch(t *testing.T) {
	guide, err := os.ReadFile(filepath.Join("..", "..", "..", "templates", "guides", "gate-pull-requests.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(guide), "jq -e '"+gateSwitch+"'") {
		t.Errorf("the guide does not give the switch jq -e '%s'", gateSwitch)
	}
}
