package policytests_test

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
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
			wrapped("This change would newly block 3 people who can get in today and are not expected: erin@example.com, frank@example.com, heidi@example.com.").String()),
	}))
	expectRequests(t, env, 2, 2, 4)
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
	defer r.Close()
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
	if err == nil || !strings.Contains(acctest.Plain(out), "This change would newly block 3 people who can get in today and are not expected: erin@example.com, frank@example.com, heidi@example.com.") {
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
