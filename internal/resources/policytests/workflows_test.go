package policytests_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
// configuration in dir (relative to the checkout) with the scenarios'
// required_providers, the comment recipe and the install script in ci/.
// The provider is not served by the test: the workflow's install step puts
// the snapshot release into a mirror, `terraform init` installs it from
// there, and it runs as its own process, configured from the job's
// environment (CLOUDFLARE_BASE_URL names the emulator).
func workflowRepo(t *testing.T, env *acctest.Env, dir, config string) (root string, cli *acctest.CLI, w acctest.Workflow) {
	t.Helper()
	r := acctest.SnapshotRelease(t)
	root = t.TempDir()
	for name, mode := range map[string]os.FileMode{"gate-comment.jq": 0o644, "gate-verdict.jq": 0o644, "gate-annotations.jq": 0o644,
		"gate-sarif.jq": 0o644, "install-provider.sh": 0o755} {
		raw, err := os.ReadFile(filepath.Join(examplesDir, "ci", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(root, "ci"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "ci", name), raw, mode); err != nil {
			t.Fatal(err)
		}
	}
	work := filepath.Join(root, dir)
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"main.tf": config}
	if !strings.Contains(config, "required_providers") {
		files["versions.tf"] = readExample(t, "scenarios/gate-check/versions.tf")
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(work, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cli = acctest.NewInstalledCLI(t, work, "")
	w = acctest.Workflow{
		Root: root,
		Expressions: map[string]string{
			"secrets.CLOUDFLARE_API_TOKEN": acctest.Token, "vars.CLOUDFLARE_ACCOUNT_ID": acctest.AccountID,
			"github.token": "gh-token", "github.event.pull_request.number": "7",
			"github.server_url": "https://github.com", "github.repository": "example/access", "github.run_id": "99",
		},
		Env: []string{"CLOUDFLARE_BASE_URL=" + env.BaseURL, "CLOUDFLAREZT_RELEASES=" + r.URL},
		// Code scanning's upload: the file must be there and be SARIF
		// 2.1.0; it is kept as uploaded/<category>.sarif.
		Uses: map[string]string{"github/codeql-action/upload-sarif": `set -eu
test -s "$INPUT_SARIF_FILE"
jq -e '.version == "2.1.0" and (.runs | length) == 1' "$INPUT_SARIF_FILE" > /dev/null
mkdir -p uploaded
cp "$INPUT_SARIF_FILE" "uploaded/$INPUT_CATEGORY.sarif"`},
	}
	return root, cli, w
}

// uploaded is the SARIF the job uploaded under category, decoded: its
// results' rule ids.
func uploaded(t *testing.T, root, category string) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, "uploaded", category+".sarif"))
	if err != nil {
		t.Fatalf("no SARIF uploaded under %s: %v", category, err)
	}
	var report struct {
		Runs []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(raw, &report); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range report.Runs[0].Results {
		ids = append(ids, r.RuleID)
	}
	return ids
}

func pullRequestWorkflow(w acctest.Workflow, file, existing string) acctest.Workflow {
	w.File, w.Job, w.ExistingComment = filepath.Join(examplesDir, "ci", "github", file), "gate", existing
	return w
}

// installed checks that the job installed the provider from the release
// and that init took it from the mirror.
func installed(t *testing.T, got acctest.WorkflowResult) {
	t.Helper()
	for _, s := range got.Steps {
		if s.Name == "Install the cloudflarezt provider" {
			if !s.Ran || s.Failed || !strings.Contains(s.Output, "installed terraform-provider-cloudflarezt 0.1.0") {
				t.Errorf("the install step: %+v", s)
			}
			return
		}
	}
	t.Errorf("no install step: %+v", got.Steps)
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
		// noRelease: the release cannot be downloaded.
		noRelease bool
		// exit is the job's last step's exit code; rule, a rule the
		// uploaded SARIF has a result of ("" for none).
		exit int
		rule string
	}{
		// A reviewed change passes beside a failing check block of the
		// configuration's own, and updates the sticky comment.
		{name: "reviewed, unrelated check", file: "access-gate.yml", config: reviewed + unrelatedCheck, existing: "42", verdict: "### ✅ Access gate: no unexpected change of access"},
		{name: "unexpected change", file: "access-gate.yml", config: readExample(t, "scenarios/pull-request-gate/main.tf"), fails: true, verdict: "### ❌ Access gate: unexpected change of access", exit: 1, rule: "newly-blocked-unexpected"},
		// The plan dies before writing tfplan: the comment says so, and
		// replaces the last run's.
		{name: "plan dies", file: "access-gate.yml", config: reviewed + brokenConfig, existing: "42", fails: true, verdict: "### ❌ Access gate: could not run", exit: 2, rule: "could-not-run"},
		// The provider cannot be installed: the job fails and says so.
		{name: "no release to install", file: "access-gate.yml", config: reviewed, existing: "42", noRelease: true, fails: true, verdict: "### ❌ Access gate: could not run", exit: 2},
		{name: "ephemeral, reviewed, unrelated check", file: "access-gate-ephemeral.yml", config: ephemeralReviewed + unrelatedCheck, ephemeral: true, verdict: "### ✅ Access gate: no unexpected change of access"},
		{name: "ephemeral, plan dies", file: "access-gate-ephemeral.yml", config: ephemeralReviewed + brokenConfig, ephemeral: true, existing: "42", fails: true, verdict: "### ❌ Access gate: could not run", exit: 2, rule: "could-not-run"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if c.ephemeral {
				acctest.Ephemeral.Skip(t)
			}
			env := acctest.New(t, emulator.Options{})
			root, cli, w := workflowRepo(t, env, "access", c.config)
			if c.noRelease {
				w.Env = append(w.Env, "CLOUDFLAREZT_RELEASES=file://"+t.TempDir())
			}
			got := pullRequestWorkflow(w, c.file, c.existing).Run(t, cli)
			if !c.noRelease {
				installed(t, got)
			}
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
			// The machine verdict ends the job, and its SARIF is uploaded
			// under the workflow's category.
			// (A job whose install failed stops before it.)
			if last := got.Steps[len(got.Steps)-1]; last.Ran && last.Exit != c.exit {
				t.Errorf("the job ended %d, want %d: %+v", last.Exit, c.exit, last)
			} else if !last.Ran && (!got.Failed() || c.exit == 0) {
				t.Errorf("the last step did not run, and the job failed: %v: %+v", got.Failed(), got.Steps)
			}
			rules := uploaded(t, root, strings.TrimSuffix(c.file, ".yml"))
			if (c.rule == "") != (len(rules) == 0) || (c.rule != "" && !slices.Contains(rules, c.rule)) {
				t.Errorf("the SARIF's results are %v, want %q", rules, c.rule)
			}
		})
	}
}

// The nightly check: a passing night writes a passing summary, succeeds
// and closes the open issue; a broken rule ends 1 and a rule the check
// could not decide ends 2, each opening the issue (or updating the open
// one) with the summary and saying which.
func TestAccWorkflow_Nightly(t *testing.T) {
	rules := func(always, never string) string {
		return fmt.Sprintf("locals {\n  standing_rules = {\n    always_approved = [%q]\n    never_approved  = [%q]\n  }\n}\n", always, never)
	}
	for _, c := range []struct {
		name, override, issue string
		exit                  int
		summary, issueSays    string
	}{
		{name: "passing, closes the issue", issue: "12", summary: "### ✅ Access gate: no unexpected change of access"},
		{name: "passing, no issue", summary: "### ✅ Access gate: no unexpected change of access"},
		{name: "broken rule, opens the issue", override: rules("break-glass@example.com", "uma@example.com"), exit: 1,
			summary: "`never_approved[0]` uma@&#8203;example\\.com: **let in** (1)", issueSays: "found a standing rule broken"},
		{name: "not assessed, updates the issue", override: rules("nobody@example.com", "mallory@example.com"), issue: "12", exit: 2,
			summary: "**not assessed**", issueSays: "could not assess the standing rules"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t, emulator.Options{})
			root, cli, w := workflowRepo(t, env, "access/nightly", readExample(t, "scenarios/standing-rules-nightly/main.tf"))
			if c.override != "" {
				cli.WriteFile("main_override.tf", c.override)
			}
			w.File, w.Job, w.ExistingIssue = filepath.Join(examplesDir, "ci", "github", "access-rules-nightly.yml"), "rules", c.issue
			got := w.Run(t, cli)
			installed(t, got)
			last := got.Steps[len(got.Steps)-1]
			if last.Exit != c.exit || got.Failed() != (c.exit != 0) {
				t.Errorf("the job ended %d (failed: %v), want %d: %+v", last.Exit, got.Failed(), c.exit, got.Steps)
			}
			if !strings.Contains(got.Summary, c.summary) {
				t.Errorf("the summary does not say %q:\n%s", c.summary, got.Summary)
			}
			if rules := uploaded(t, root, "access-rules-nightly"); (c.exit == 0) != (len(rules) == 0) {
				t.Errorf("the SARIF's results are %v after a night ending %d", rules, c.exit)
			}
			var want string
			switch {
			case c.exit == 0 && c.issue != "":
				want = "issue close 12 --comment"
			case c.exit == 0:
			case c.issue != "":
				want = "issue edit 12 --body-file issue.md"
			default:
				want = "issue create --title Access standing rules: the nightly check fails --body-file issue.md"
			}
			if want == "" {
				if len(got.Issues) != 0 {
					t.Errorf("issue commands %+v, want none", got.Issues)
				}
				return
			}
			if len(got.Issues) != 1 || !strings.HasPrefix(got.Issues[0].Args, want) {
				t.Fatalf("issue commands %+v, want one %q", got.Issues, want)
			}
			if c.exit != 0 && (!strings.Contains(got.Issues[0].Body, c.issueSays) || !strings.Contains(got.Issues[0].Body, c.summary)) {
				t.Errorf("the issue says:\n%s\nwant %q and the summary", got.Issues[0].Body, c.issueSays)
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
			root, cli, w := workflowRepo(t, env, "access/gate", readExample(t, "scenarios/gate-from-plan/main.tf"))
			if err := os.WriteFile(filepath.Join(root, "access", "main.tf"), []byte(c.config), 0o644); err != nil {
				t.Fatal(err)
			}
			got := pullRequestWorkflow(w, "access-gate-from-plan.yml", "").Run(t, cli)
			installed(t, got)
			// (A configuration that does not plan stops the job before it.)
			if last := got.Steps[len(got.Steps)-1]; last.Ran && last.Exit != 0 || !last.Ran && !c.fails {
				t.Errorf("the last step: %+v, want it to pass, or not to run after a failure", last)
			}
			uploaded(t, root, "access-gate-from-plan")
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
