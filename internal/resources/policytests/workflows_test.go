package policytests_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// The workflow examples' shell steps, run as written against the emulator
// (the checkout and setup steps skipped): the sticky comment says what the
// job decided, whatever failed, and only the gates decide.

// unrelatedCheck is a check block of the user's own, failing: it is none
// of the gate's business.
const unrelatedCheck = `
check "certificates_renewed" {
  assert {
    condition     = var.account_id == "renewed"
    error_message = "Not the access gate's concern."
  }
}
`

// brokenConfig dies before any plan file is written.
const brokenConfig = `
output "oops" {
  value = var.not_declared
}
`

// workflowRepo lays out a repository as the workflows expect it: the
// configuration in dir (relative to the checkout, with the emulator's
// provider block and account id), the comment recipe in ci/.
func workflowRepo(t *testing.T, env *acctest.Env, dir, config string) (root string, cli *acctest.CLI) {
	t.Helper()
	root = t.TempDir()
	recipe, err := os.ReadFile(commentRecipe)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "ci"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "ci", "gate-comment.jq"), recipe, 0o644); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(config, `provider "cloudflarezt"`) {
		// A shipped example configures the provider from the environment,
		// which the provider serving in this process does not share.
		cli = acctest.NewCLIAt(t, filepath.Join(root, dir), config)
		cli.WriteFile("provider_override.tf", env.ProviderBlock())
		return root, cli
	}
	cli = acctest.NewCLIAt(t, filepath.Join(root, dir), env.ProviderBlock()+config)
	cli.WriteFile("terraform.tfvars.json", `{"account_id": "`+acctest.AccountID+`"}`)
	return root, cli
}

func pullRequestWorkflow(file, root string, existing string) acctest.Workflow {
	return acctest.Workflow{
		File: filepath.Join(examplesDir, "ci", "github", file), Job: "gate", Root: root, ExistingComment: existing,
		Expressions: map[string]string{
			"secrets.CLOUDFLARE_API_TOKEN": acctest.Token, "github.token": "gh-token", "github.event.pull_request.number": "7",
		},
	}
}

func TestAccWorkflow_PullRequestGate(t *testing.T) {
	reviewed := readExample(t, "data-sources/cloudflarezt_access_policy_change/data-source.tf")
	ephemeralReviewed := readExample(t, "ephemeral-resources/cloudflarezt_access_policy_change/ephemeral-resource.tf")
	for _, c := range []struct {
		name, file, config string
		ephemeral          bool
		existing           string
		fails              bool
		verdict            string
	}{
		// A reviewed change passes beside a failing check block of the
		// configuration's own, and updates the sticky comment.
		{name: "reviewed, unrelated check", file: "access-gate.yml", config: reviewed + unrelatedCheck, existing: "42", verdict: "### ✅ Access gate: no unexpected change of access"},
		{name: "unexpected change", file: "access-gate.yml", config: readExample(t, "scenarios/pull-request-gate/main.tf"), fails: true, verdict: "### ❌ Access gate: unexpected change of access"},
		// The plan dies before writing tfplan: the comment says so, and
		// replaces the last run's.
		{name: "plan dies", file: "access-gate.yml", config: reviewed + brokenConfig, existing: "42", fails: true, verdict: "### ❌ Access gate: could not run"},
		{name: "ephemeral, reviewed, unrelated check", file: "access-gate-ephemeral.yml", config: ephemeralReviewed + unrelatedCheck, ephemeral: true, verdict: "### ✅ Access gate: no unexpected change of access"},
		{name: "ephemeral, plan dies", file: "access-gate-ephemeral.yml", config: ephemeralReviewed + brokenConfig, ephemeral: true, existing: "42", fails: true, verdict: "### ❌ Access gate: could not run"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if c.ephemeral {
				acctest.Ephemeral.Skip(t)
			}
			env := acctest.New(t, emulator.Options{})
			root, cli := workflowRepo(t, env, "access", c.config)
			got := pullRequestWorkflow(c.file, root, c.existing).Run(t, cli)
			if got.Failed() != c.fails {
				t.Errorf("the job failed: %v, want %v: %+v", got.Failed(), c.fails, got.Steps)
			}
			if got.Posted == nil {
				t.Fatalf("nothing was posted: %+v", got.Steps)
			}
			if lines := strings.SplitN(got.Posted.Body, "\n", 3); len(lines) < 2 || lines[0] != "<!-- cloudflarezt-access-gate -->" || lines[1] != c.verdict {
				t.Errorf("posted:\n%s\nwant the marker and %q", got.Posted.Body, c.verdict)
			}
			if got.Posted.Updated != (c.existing != "") {
				t.Errorf("updated the sticky comment: %v, want %v", got.Posted.Updated, c.existing != "")
			}
		})
	}
}

// The nightly check: a passing night writes a passing summary and
// succeeds; a broken rule fails the job and names it.
func TestAccWorkflow_Nightly(t *testing.T) {
	for name, override := range map[string]string{
		"passing": "",
		"failing": `locals {
  standing_rules = {
    always_approved = ["break-glass@example.com"]
    never_approved  = ["uma@example.com"]
  }
}
`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t, emulator.Options{})
			root, cli := workflowRepo(t, env, "access/nightly", readExample(t, "scenarios/standing-rules-nightly/main.tf"))
			if err := os.MkdirAll(filepath.Join(root, "ci"), 0o755); err != nil {
				t.Fatal(err)
			}
			if override != "" {
				cli.WriteFile("main_override.tf", override)
			}
			got := acctest.Workflow{
				File: filepath.Join(examplesDir, "ci", "github", "access-rules-nightly.yml"), Job: "rules", Root: root,
				Expressions: map[string]string{"secrets.CLOUDFLARE_API_TOKEN": acctest.Token},
			}.Run(t, cli)
			if got.Failed() != (override != "") {
				t.Errorf("the job failed: %v, want %v: %+v", got.Failed(), override != "", got.Steps)
			}
			want := "### ✅ Access gate: no unexpected change of access"
			if override != "" {
				want = "`never_approved[0]` uma@&#8203;example\\.com: **let in** (1)"
			}
			if !strings.Contains(got.Summary, want) {
				t.Errorf("the summary does not say %q:\n%s", want, got.Summary)
			}
		})
	}
}

// The two-step workflow: plan the configuration, then the gate on its
// plan. The configuration here changes no Access application (CI has no
// official provider to plan one; the gates themselves are tested on the
// official provider's plans in plan_gates_test.go), or fails to plan.
func TestAccWorkflow_GateFromPlan(t *testing.T) {
	for _, c := range []struct {
		name, config string
		fails        bool
		verdict      string
	}{
		{name: "nothing to gate", config: `resource "terraform_data" "unrelated" { input = "v2" }` + "\n", verdict: "### ✅ Access gate: no unexpected change of access"},
		{name: "the configuration does not plan", config: `resource "terraform_data" "broken" { input = var.undeclared }` + "\n", fails: true, verdict: "### ❌ Access gate: could not run"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t, emulator.Options{})
			root, cli := workflowRepo(t, env, "access/gate", readExample(t, "scenarios/gate-from-plan/main.tf"))
			if err := os.WriteFile(filepath.Join(root, "access", "main.tf"), []byte(c.config), 0o644); err != nil {
				t.Fatal(err)
			}
			w := pullRequestWorkflow("access-gate-from-plan.yml", root, "")
			w.Expressions["vars.CLOUDFLARE_ACCOUNT_ID"] = acctest.AccountID
			got := w.Run(t, cli)
			if got.Failed() != c.fails {
				t.Errorf("the job failed: %v, want %v: %+v", got.Failed(), c.fails, got.Steps)
			}
			if got.Posted == nil {
				t.Fatalf("nothing was posted: %+v", got.Steps)
			}
			if lines := strings.SplitN(got.Posted.Body, "\n", 3); len(lines) < 2 || lines[1] != c.verdict {
				t.Errorf("posted:\n%s\nwant %q", got.Posted.Body, c.verdict)
			}
			if !c.fails && !strings.Contains(got.Posted.Body, "Read the plan of the configuration: 0 applications whose access it may change; nothing to test.") {
				t.Errorf("posted:\n%s\nwant the plan's gates counted", got.Posted.Body)
			}
		})
	}
}
