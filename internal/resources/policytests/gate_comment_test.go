package policytests_test

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata/comment")

// commentRecipe is the shipped jq program, run as the workflow example
// runs it.
var commentRecipe = filepath.Join(examplesDir, "ci", "gate-comment.jq")

// crafted is a directory user whose email and name try Markdown, HTML, a
// link and mentions; the "mfa" candidate locks them out.
var crafted = emulator.User{
	ID:               "c0000001-0000-4000-8000-000000000001",
	Email:            "*x*_[y](https://evil.example)@example.com",
	Name:             "@security-team <img src=x> | **bold** [click](https://evil.example) `code` #1\n# heading &amp;",
	IdentityProvider: "b2f4e6a8-1c3d-4e5f-8a9b-0c1d2e3f4a5b",
	Country:          "FR",
	AuthMethods:      []string{"pwd"},
}

func craftedDirectory() *emulator.Directory {
	d := emulator.SampleDirectory()
	d.Users = append(d.Users, crafted)
	return d
}

// comment runs the recipe on input (with jq's args), with test ids masked
// so that the golden files are stable.
func comment(t *testing.T, input string, args ...string) string {
	t.Helper()
	jq, err := exec.LookPath("jq")
	if err != nil {
		t.Fatal("jq is not installed: the comment recipe needs it (Debian: apt-get install jq; .ci/run installs it)")
	}
	cmd := exec.Command(jq, append([]string{"-rs", "-f", commentRecipe}, args...)...)
	cmd.Stdin = strings.NewReader(input)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("jq: %v\n%s", err, out)
	}
	return regexp.MustCompile(`\b[0-9a-f]{64}\b`).ReplaceAllString(string(out), "<test id>")
}

// expectComment runs the recipe on input and checks the comment: inert
// values, and the golden file of name.
func expectComment(t *testing.T, name, input string) {
	t.Helper()
	got := comment(t, input)
	inert(t, got)
	golden(t, name, got)
	// The machine verdict of the same plan ends as the comment does.
	v := expectVerdict(t, name, input)
	want, known := verdictExit[name]
	if !known {
		t.Fatalf("no exit code known for %s", name)
	}
	if v.ExitCode != want {
		t.Errorf("verdict.json ends %d, want %d (the comment says %q)", v.ExitCode, want, strings.SplitN(got, "\n", 3)[1])
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenAt(t, filepath.Join("testdata", "comment", name+".md"), got)
}

// goldenAt compares got with the file (go test -update writes it).
func goldenAt(t *testing.T, file, got string) {
	t.Helper()
	if *updateGolden {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (go test -run %s -update writes it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("the comment differs from %s (go test -update rewrites it):\n%s", file, got)
	}
}

// inert checks what makes a value harmless on GitHub: every "@" is
// followed by a zero-width space (no mention, no email link), and no "<",
// "[", "*", "_" or "`" of a value is left unescaped. The recipe's own
// Markdown (headings, tables, code spans of addresses and ids) is known.
func inert(t *testing.T, md string) {
	t.Helper()
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "<!-- ") || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "|---") {
			continue
		}
		if i := strings.Index(strings.ReplaceAll(line, "@&#8203;", ""), "@"); i >= 0 {
			t.Errorf("an @ that could mention someone: %s", line)
		}
		value := regexp.MustCompile("`[^`]*`|\\\\.|&#8203;").ReplaceAllString(line, "")
		value = strings.NewReplacer("**Newly blocked**", "", "**Newly approved**", "", "**", "").Replace(value)
		if strings.ContainsAny(value, "<[*_`") {
			t.Errorf("unescaped Markdown in: %s", line)
		}
	}
}

type commentCase struct {
	name      string
	directory *emulator.Directory
	config    func(t *testing.T) string
	files     map[string]string // beside main.tf
}

func example(rel string) func(t *testing.T) string {
	return func(t *testing.T) string { return readExample(t, rel) }
}

func fixtures(names ...string) func(t *testing.T) string {
	return func(t *testing.T) string {
		var b strings.Builder
		for _, n := range names {
			b.WriteString(acctest.Fixture(t, n))
		}
		return b.String()
	}
}

func (c commentCase) cli(t *testing.T) *acctest.CLI {
	env := acctest.New(t, emulator.Options{Directory: c.directory})
	cli := acctest.NewCLI(t, env.ProviderBlock()+c.config(t))
	for name, content := range c.files {
		cli.WriteFile(name, content)
	}
	return cli
}

// rulesBroken is examples/scenarios/standing-rules with more rules: the
// whole employee domain (a crafted person among those it covers) and a
// person who never logged in. A reviewed change still breaks them.
func rulesBroken(t *testing.T) map[string]string {
	return map[string]string{
		// (Its exception's date moved past any run of this test: the comment
		// says unused, not expiring.)
		"rules.tf": strings.NewReplacer(
			`always_approved = ["break-glass@example.com"]`, `always_approved = ["break-glass@example.com", "*@example.com", "new-hire@example.com"]`,
			`expires = "2027-06-30"`, `expires = "2099-12-31"`,
		).Replace(readExample(t, "scenarios/standing-rules/rules.tf")),
	}
}

// exceptionRules is the standing-rules scenario's rules file with the whole
// employee domain always approved, and two exceptions: one in force for
// that domain (a reason with markup, excepting the crafted person among
// others), one void (no owner, expired).
const exceptionRules = `
locals {
  standing_rules = {
    always_approved = ["break-glass@example.com", "*@example.com"]
    never_approved  = ["*@contractors.example.com"]
  }
  rule_exceptions = [
    { who = "*@example.com", rule = "always_approved", reason = "<b>Reorg</b> @security-team [see](https://evil.example) #12", owner = "it-ops", expires = "2099-12-31", ticket = "SEC-1" },
    { who = "nobody@example.com", rule = "always_approved", reason = "Left over", owner = "", expires = "2020-01-01" },
  ]
}
`

// The data-source gate's comment, from the saved plan and the plan's
// diagnostics as the workflow example makes them (terraform plan -json
// -out, then show -json), for a failing gate (with a crafted name), a
// reviewed change, a gate deferred to the apply, 2,000 changed people, a
// gate whose test the API refused, and broken standing rules.
func TestAccGateComment_DataSource(t *testing.T) {
	for _, c := range []commentCase{
		{name: "data_source_failing", directory: craftedDirectory(), config: example("scenarios/pull-request-gate/main.tf")},
		{name: "data_source_reviewed", config: example("data-sources/cloudflarezt_access_policy_change/data-source.tf")},
		{name: "data_source_deferred", config: example("scenarios/pull-request-gate/main.tf"), files: map[string]string{
			"new_group.tf": acctest.Fixture(t, "new_group.tf"), "main_override.tf": acctest.Fixture(t, "unknown_candidate_override.tf")}},
		// A start the API refuses: the plan fails and keeps no result.
		{name: "data_source_refused", config: fixtures("change_refused.tf")},
		{name: "data_source_2000", directory: emulator.Generated(20_000), config: fixtures("comment_2000.tf", "comment_2000_data_source.tf")},
		{name: "data_source_rules", directory: craftedDirectory(), config: example("scenarios/standing-rules/main.tf"), files: rulesBroken(t)},
		{name: "data_source_exceptions", directory: craftedDirectory(), config: example("scenarios/standing-rules/main.tf"), files: map[string]string{"rules.tf": exceptionRules}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			cli := c.cli(t)
			// A failing gate fails the plan and still writes the plan file.
			planOut, planErr := cli.Run("plan", "-json", "-input=false", "-out=tfplan", "-var", "account_id="+acctest.AccountID)
			shown, err := cli.Run("show", "-json", "tfplan")
			if err != nil {
				t.Fatalf("show: %v\n%s\nplan: %v\n%s", err, shown, planErr, planOut)
			}
			expectComment(t, c.name, shown+"\n"+planOut)
		})
	}
}

// The ephemeral gate's comment, from `terraform plan -json`: the same four
// plans.
func TestAccGateComment_Ephemeral(t *testing.T) {
	acctest.Ephemeral.Skip(t)
	for _, c := range []commentCase{
		{name: "ephemeral_failing", directory: craftedDirectory(), config: example("scenarios/pull-request-gate-ephemeral/main.tf")},
		{name: "ephemeral_reviewed", config: example("ephemeral-resources/cloudflarezt_access_policy_change/ephemeral-resource.tf")},
		{name: "ephemeral_deferred", config: example("scenarios/pull-request-gate-ephemeral/main.tf"), files: map[string]string{
			"new_group.tf": acctest.Fixture(t, "new_group.tf"), "main_override.tf": acctest.Fixture(t, "unknown_candidate_override.tf")}},
		{name: "ephemeral_2000", directory: emulator.Generated(20_000), config: fixtures("comment_2000.tf", "comment_2000_ephemeral.tf")},
		{name: "ephemeral_rules", directory: craftedDirectory(), config: fixtures("change_candidates.tf", "change_ephemeral.tf"), files: map[string]string{
			"terraform.tfvars.json": `{"candidate": "engineering", "expected_newly_blocked": ["*@example.com"], "never_approved": ["*@contractors.example.com", "uma@example.com"],` +
				` "always_approved": ["*@example.com", "new-hire@example.com"]}`}},
		{name: "ephemeral_exceptions", directory: craftedDirectory(), config: fixtures("change_candidates.tf", "change_ephemeral.tf"), files: map[string]string{
			"terraform.tfvars.json": `{"candidate": "engineering", "expected_newly_blocked": ["*@example.com"], "always_approved": ["*@example.com"],` +
				` "exceptions": [{"who": "*@example.com", "rule": "always_approved", "reason": "<b>Reorg</b> @security-team [see](https://evil.example) #12", "owner": "it-ops", "expires": "2099-12-31"},` +
				` {"who": "nobody@example.com", "rule": "never_approved", "reason": "Left over", "owner": "it-ops", "expires": "2020-01-01"}]}`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			cli := c.cli(t)
			out, _ := cli.Run("plan", "-json", "-input=false", "-out=tfplan", "-var", "account_id="+acctest.AccountID)
			expectComment(t, c.name, out)
		})
	}
}
