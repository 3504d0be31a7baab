package policytests_test

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// The ephemeral gate, ephemeral.cloudflarezt_access_policy_change: the data
// source's comparison, kept in no plan file and no state, failing by itself.

const ephemeralExample = "scenarios/pull-request-gate-ephemeral/main.tf"

// ephemeralCase runs steps under a CLI that has ephemeral resources, and
// skips, saying why, under any other.
func ephemeralCase(steps ...resource.TestStep) resource.TestCase {
	return resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.Ephemeral.Check()},
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps:                    steps,
	}
}

// ephemeralCLI is NewCLI for a CLI that has ephemeral resources.
func ephemeralCLI(t *testing.T, config string) *acctest.CLI {
	t.Helper()
	acctest.Ephemeral.Skip(t)
	return acctest.NewCLI(t, config)
}

// The example, as shipped, fails its pull-request plan naming the people,
// with no postcondition, for exactly the requests the data source makes.
func TestAccAccessPolicyChangeEphemeral_ExampleAsShipped(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, ephemeralCase(resource.TestStep{
		Config:          env.ProviderBlock() + readExample(t, ephemeralExample),
		ConfigVariables: acctest.Variables(nil),
		PlanOnly:        true,
		ExpectError: regexp.MustCompile(`(?s)Error: Unexpected Change of Access.*ephemeral "cloudflarezt_access_policy_change" "gate".*` +
			wrapped(lockedOutFour).String()),
	}))
	expectRequests(t, env, 2, 4)
}

// directoryText is every email, name and user id of the sample directory.
func directoryText() []string {
	var out []string
	for _, u := range emulator.SampleDirectory().Users {
		out = append(out, u.ID, u.Email, u.Name)
	}
	return out
}

// holdsNobody fails t for each directory email, name or id in text.
func holdsNobody(t *testing.T, where, text string) {
	t.Helper()
	for _, s := range directoryText() {
		if s != "" && strings.Contains(strings.ToLower(text), strings.ToLower(s)) {
			t.Errorf("%s holds %q", where, s)
		}
	}
}

// planFileText is every file of a saved plan (a zip archive), unpacked.
func planFileText(t *testing.T, file string) string {
	t.Helper()
	r, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Close() }()
	var all strings.Builder
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	if all.Len() == 0 {
		t.Fatalf("%s is empty", file)
	}
	return all.String()
}

// A failing gate names the people in the CLI's output only; a passing one
// (a reviewed change of five contractors) writes none of them to the plan
// file, raw or shown, nor, after the merge apply, to the state. The plan
// costs the data source's 8 requests, and the apply opens the gate again.
func TestAccAccessPolicyChangeEphemeral_PersistsNobody(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	cli := ephemeralCLI(t, env.ProviderBlock()+acctest.Fixture(t, "change_candidates.tf")+
		acctest.Fixture(t, "change_ephemeral.tf")+acctest.Fixture(t, "change_ephemeral_deploy.tf"))
	vars := []string{"-var", "account_id=" + acctest.AccountID}
	plan := func(extra ...string) (string, error) {
		return cli.Run(append(append([]string{"plan", "-no-color", "-input=false", "-out=tfplan"}, vars...), extra...)...)
	}
	planFile := filepath.Join(cli.Dir(), "tfplan")

	out, err := plan("-var", "candidate=mfa")
	if err == nil || !strings.Contains(acctest.Plain(out), lockedOutFour) {
		t.Fatalf("the failing gate did not fail naming the people: %v\n%s", err, out)
	}
	if _, statErr := os.Stat(planFile); statErr == nil {
		holdsNobody(t, "the errored plan file", planFileText(t, planFile))
	}
	if n := len(env.Requests()); n != requestsPerGatePlan {
		t.Errorf("the failing plan made %d requests, want %d", n, requestsPerGatePlan)
	}

	out, err = plan("-var", "candidate=contractors", "-var", `expected_newly_approved=["*@contractors.example.com"]`)
	if err != nil {
		t.Fatalf("the reviewed change did not pass: %v\n%s", err, out)
	}
	holdsNobody(t, "the plan output", out)
	holdsNobody(t, "the plan file", planFileText(t, planFile))
	shown, err := cli.Run("show", "-json", "tfplan")
	if err != nil {
		t.Fatalf("show: %v\n%s", err, shown)
	}
	holdsNobody(t, "terraform show -json", shown)
	if n := len(env.Requests()); n != 2*requestsPerGatePlan {
		t.Errorf("two plans made %d requests, want %d", n, 2*requestsPerGatePlan)
	}

	out, err = cli.Run("apply", "-no-color", "-input=false", "tfplan")
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	state, err := os.ReadFile(filepath.Join(cli.Dir(), "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(state), "terraform_data") {
		t.Fatalf("the apply stored no deploying resource:\n%s", state)
	}
	holdsNobody(t, "the state", string(state))
	if n := len(env.Requests()); n != 3*requestsPerGatePlan {
		t.Errorf("two plans and an apply made %d requests, want %d (the apply opens the gate again)", n, 3*requestsPerGatePlan)
	}
}

// People are matched by id: of two people whose emails differ only in case,
// the one the candidate still lets in is not named, and a person without an
// email is named by id.
func TestAccAccessPolicyChangeEphemeral_ComparesByID(t *testing.T) {
	dir, err := emulator.LoadDirectory(filepath.Join("testdata", "change_by_id_directory.json"))
	if err != nil {
		t.Fatal(err)
	}
	env := acctest.New(t, emulator.Options{Directory: dir})
	resource.ParallelTest(t, ephemeralCase(resource.TestStep{
		Config:          env.Config(t, "change_by_id.tf", "change_by_id_ephemeral.tf"),
		ConfigVariables: acctest.Variables(nil),
		PlanOnly:        true,
		ExpectError: wrapped("This change would newly block 2 people who can get in today and are not expected: " +
			"- user b0000003-0000-4000-8000-000000000003 (No Email) - pat@example.com (Pat Lower)"),
	}))
}

// The example of a reviewed change passes, its check block too, and the
// results it returns are the data source's: handed to the echo provider
// here, which stores them only so that this test can read them.
func TestAccAccessPolicyChangeEphemeral_ReviewedChangeResults(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	tc := ephemeralCase(resource.TestStep{
		Config:          env.ProviderBlock() + readExample(t, "ephemeral-resources/cloudflarezt_access_policy_change/ephemeral-resource.tf") + acctest.Fixture(t, "echo_contractors.tf"),
		ConfigVariables: acctest.Variables(nil),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("echo.results", tfjsonpath.New("data").AtMapKey("newly_approved_count"), knownvalue.Int64Exact(6)),
			statecheck.ExpectKnownValue("echo.results", tfjsonpath.New("data").AtMapKey("unexpected_newly_approved_count"), knownvalue.Int64Exact(0)),
			statecheck.ExpectKnownValue("echo.results", tfjsonpath.New("data").AtMapKey("newly_blocked_count"), knownvalue.Int64Exact(0)),
			statecheck.ExpectKnownValue("echo.results", tfjsonpath.New("data").AtMapKey("summary"),
				knownvalue.StringExact("No unexpected change of access: 0 newly blocked and 6 newly approved, all expected.")),
			statecheck.ExpectKnownValue("echo.results", tfjsonpath.New("data").AtMapKey("candidate_status"), knownvalue.StringExact("complete")),
			statecheck.ExpectKnownValue("echo.results", tfjsonpath.New("data").AtMapKey("candidate_approved"), knownvalue.Int64Exact(17)),
			statecheck.ExpectKnownValue("echo.results", tfjsonpath.New("data").AtMapKey("first_newly_approved"),
				knownvalue.StringExact("mallory@contractors.example.com")),
		},
	})
	tc.ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
		"cloudflarezt": acctest.ProviderFactories["cloudflarezt"],
		"echo":         echoprovider.NewProviderServer(),
	}
	resource.ParallelTest(t, tc)
}

// A candidate known only during apply (the example with a group created in
// the same run, by an override file): the plan cannot open the gate and
// starts no test, its check block warns, and the saved plan's checks say
// "unknown" (the check block's and the precondition's), which a pipeline
// fails on. The merge apply opens the gate with
// every value known, and its failure stops the deploying resource, whose
// precondition refers to the gate, before it is created.
func TestAccAccessPolicyChangeEphemeral_UnknownCandidate(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	cli := ephemeralCLI(t, env.ProviderBlock()+readExample(t, ephemeralExample))
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
	if n := len(env.Requests()); n != 0 {
		t.Errorf("%d requests during a plan that could not test", n)
	}
	shown, err := cli.Run("show", "-json", "tfplan")
	if err != nil {
		t.Fatalf("show: %v\n%s", err, shown)
	}
	// The check block and the deploying resource's precondition.
	want := []string{"check.access_change_tested_in_plan", "terraform_data.deploy"}
	if unknown := uncheckedInPlan(t, shown); !slices.Equal(unknown, want) {
		t.Errorf("checks the saved plan leaves unknown = %v, want %v", unknown, want)
	}
	if passesSwitch(t, cli) {
		t.Error("the guide's switch passed a plan whose gate was deferred")
	}

	if list := applyStoppedByGate(t, cli); !strings.Contains(list, "terraform_data.new_group") {
		t.Errorf("the apply did not get as far as the new group:\n%s", list)
	}
	expectRequests(t, env, 2, 4)
}

// uncheckedInPlan is what the guide's CI check reads from a saved plan with
// an ephemeral gate: the checks whose result the plan leaves unknown.
func uncheckedInPlan(t *testing.T, planJSON string) []string {
	t.Helper()
	var plan struct {
		Checks []struct {
			Address struct {
				ToDisplay string `json:"to_display"`
			} `json:"address"`
			Status string `json:"status"`
		} `json:"checks"`
	}
	if err := json.Unmarshal([]byte(planJSON), &plan); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range plan.Checks {
		if c.Status == "unknown" {
			out = append(out, c.Address.ToDisplay)
		}
	}
	slices.Sort(out)
	return out
}
