package policytests_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// examples/scenarios/gate-from-plan on plans of configurations written for
// the official provider (testdata/plans), against the emulator's sample
// account: its applications (wiki, docs, payroll, status, partner portal)
// and reusable policies.

// fromPlan plans the scenario on the plan JSON fixture with vars, and
// returns the plan's output, its gates output (nil when the plan failed)
// and the emulator.
func fromPlan(t *testing.T, fixture string, vars map[string]any) (string, map[string]any, *acctest.Env, error) {
	t.Helper()
	env := acctest.New(t, emulator.Options{})
	cli := acctest.NewCLI(t, readExample(t, "scenarios/gate-from-plan/main.tf"))
	// The provider serves from this process, which has no credentials in
	// its environment: an override file gives this emulator's.
	cli.WriteFile("provider_override.tf", env.ProviderBlock())
	raw, err := os.ReadFile(filepath.Join("testdata", "plans", fixture))
	if err != nil {
		t.Fatal(err)
	}
	cli.WriteFile("plan.json", string(raw))
	if vars == nil {
		vars = map[string]any{}
	}
	vars["plan_file"], vars["account_id"] = "plan.json", acctest.AccountID
	tfvars, err := json.Marshal(vars)
	if err != nil {
		t.Fatal(err)
	}
	cli.WriteFile("terraform.tfvars.json", string(tfvars))
	out, err := cli.Run("plan", "-no-color", "-input=false", "-out=tfplan")
	if err != nil {
		return acctest.Plain(out), nil, env, err
	}
	shown, showErr := cli.Run("show", "-json", "tfplan")
	if showErr != nil {
		t.Fatalf("show: %v\n%s", showErr, shown)
	}
	var plan struct {
		PlannedValues struct {
			Outputs map[string]struct {
				Value map[string]any `json:"value"`
			} `json:"outputs"`
		} `json:"planned_values"`
	}
	if err := json.Unmarshal([]byte(shown), &plan); err != nil {
		t.Fatal(err)
	}
	return acctest.Plain(out), plan.PlannedValues.Outputs["gates"].Value, env, nil
}

// appRequests counts the reads of the account's applications.
func appRequests(env *acctest.Env) int {
	return len(env.RequestsMatching(http.MethodGet, "/access/apps"))
}

const (
	wikiID    = "a9000001-0000-4000-8000-000000000001"
	docsID    = "a9000002-0000-4000-8000-000000000002"
	payrollID = "a9000003-0000-4000-8000-000000000003"
)

func statuses(gates map[string]any) map[string]string {
	out := map[string]string{}
	for k, g := range gates {
		out[k], _ = g.(map[string]any)["status"].(string)
	}
	return out
}

func TestAccGateFromPlan_SharedPolicyEdited(t *testing.T) {
	// Employees gains an MFA requirement: every application that uses it
	// is gated, none of them in the plan but as the policy's users.
	out, _, env, err := fromPlan(t, "handmade_shared_policy.json", nil)
	if err == nil {
		t.Fatalf("the plan passed:\n%s", out)
	}
	expectInOrder(t, out, "Application Docs (docs.example.com, shared-policy): This change would newly block 4 people who can get in today and are not expected: erin@example.com, frank@example.com, heidi@example.com, uma@example.com.")
	expectInOrder(t, out, "Application Payroll (payroll.example.com, shared-policy): This change would newly block 3 people")
	expectInOrder(t, out, "Application Wiki (wiki.example.com, shared-policy)")
	if strings.Contains(out, "Status") || strings.Contains(out, "Sales CRM") {
		t.Errorf("an application without the policy was gated:\n%s", out)
	}
	// The applications (a page and the empty page), then four tests: wiki
	// and docs share theirs, payroll has its own two; each a start, a status
	// read and its approved users (a page and the empty page).
	requestsWereBeside(t, env, 2, 4, 4, 8)

	// The reviewed change passes, and the output shows each list as tested.
	reviewed := map[string]any{"expected": map[string]any{
		"Wiki": map[string]any{"newly_blocked": []string{"*@example.com"}}, "docs.example.com": map[string]any{"newly_blocked": []string{"*@example.com"}},
		payrollID: map[string]any{"newly_blocked": []string{"*@example.com"}},
	}}
	out, gates, _, err := fromPlan(t, "handmade_shared_policy.json", reviewed)
	if err != nil {
		t.Fatalf("the reviewed change failed: %v\n%s", err, out)
	}
	if got := statuses(gates); len(got) != 3 || got[wikiID] != "shared-policy" || got[docsID] != "shared-policy" || got[payrollID] != "shared-policy" {
		t.Errorf("gates %v, want wiki, docs and payroll as shared-policy", got)
	}
	payroll, _ := json.Marshal(gates[payrollID])
	want := `{"candidate":[{"id":"` + embargoPolicy + `"},{"decision":"allow","include":[{"email_domain":{"domain":"example.com"}}],"name":"Employees","require":[{"auth_method":{"auth_method":"mfa"}}]}],` +
		`"current":[{"id":"` + embargoPolicy + `"},{"id":"` + employeesPolicy + `"}],"status":"shared-policy"}`
	if string(payroll) != want {
		t.Errorf("payroll's gate:\n%s\nwant\n%s", payroll, want)
	}
}

// requestsWereBeside is requestsWere beside the reads of the applications.
func requestsWereBeside(t *testing.T, env *acctest.Env, apps, starts, reads, pages int) {
	t.Helper()
	if n := appRequests(env); n != apps {
		t.Errorf("%d reads of the applications, want %d", n, apps)
	}
	if got := len(env.Starts()); got != starts {
		t.Errorf("%d tests started, want %d", got, starts)
	}
	// (statusReads counts every other GET, the applications' among them.)
	if got := statusReads(env.Requests()) - appRequests(env); got != reads {
		t.Errorf("%d status reads, want %d", got, reads)
	}
	if got := len(env.RequestsMatching(http.MethodGet, "/users")); got != pages {
		t.Errorf("%d user pages, want %d", got, pages)
	}
	if n := len(env.Requests()); n != apps+starts+reads+pages {
		t.Errorf("%d requests in all, want %d", n, apps+starts+reads+pages)
	}
}

// A plan that creates, deletes, reorders and (only in the official
// provider's noise) updates applications.
func TestAccGateFromPlan_Lifecycle(t *testing.T) {
	const crm = `module.apps["crm"].cloudflare_zero_trust_access_application.app`
	// docs is deleted: its hostname leaves Access, and nobody said so.
	out, _, env, err := fromPlan(t, "handmade_lifecycle.json", nil)
	if err == nil {
		t.Fatalf("the plan passed:\n%s", out)
	}
	expectInOrder(t, out, "Error: Applications Not Gated", `application "Docs" (cloudflare_zero_trust_access_application.docs): the plan deletes it (or it left the configuration), so docs.example.com would no longer be behind Access.`)
	requestsWereBeside(t, env, 2, 0, 0, 0)

	// The removal accepted: payroll's reordering lets uma in (the
	// employees policy now comes before the embargo), unexpected.
	out, _, env, err = fromPlan(t, "handmade_lifecycle.json", map[string]any{"accept_removed": []string{"docs.example.com"}})
	if err == nil {
		t.Fatalf("the plan passed:\n%s", out)
	}
	expectInOrder(t, out, "Application Payroll (payroll.example.com, updated): This change would newly let in 1 person who cannot get in today and is not expected: uma@example.com.")
	// The applications; CRM's one test (counters only); payroll's two and
	// their approved users. Status's update changes no access: no test.
	requestsWereBeside(t, env, 2, 3, 3, 4)

	// Reviewed: CRM is reported (the sales team, 2 people, gets in), docs'
	// removal and uma accepted.
	out, gates, _, err := fromPlan(t, "handmade_lifecycle.json", map[string]any{"accept_removed": []string{"Docs"},
		"expected": map[string]any{"Payroll": map[string]any{"newly_approved": []string{"uma@example.com"}}}})
	if err != nil {
		t.Fatalf("the reviewed change failed: %v\n%s", err, out)
	}
	if got := statuses(gates); len(got) != 3 || got[crm] != "created" || got[docsID] != "removed" || got[payrollID] != "updated" {
		t.Errorf("gates %v, want CRM created, docs removed, payroll updated (status unchanged: absent)", got)
	}
	expectInOrder(t, out, `new_applications = { + "module.apps[\"crm\"].cloudflare_zero_trust_access_application.app" = { + approved = 2 + blocked = 15 } }`)

	// CRM expected to let in the sales team only: everyone else it lets
	// in fails the plan.
	out, _, _, err = fromPlan(t, "handmade_lifecycle.json", map[string]any{"accept_removed": []string{"Docs"},
		"expected": map[string]any{"Payroll": map[string]any{"newly_approved": []string{"uma@example.com"}}, "CRM": map[string]any{"newly_approved": []string{"*@sales.example.com"}}}})
	if err == nil {
		t.Fatalf("the plan passed:\n%s", out)
	}
	expectInOrder(t, out, "Application CRM (crm.example.com, created): This change would newly let in")
}

// A file that is no plan fails with its name and the reason, before any
// request.
func TestAccGateFromPlan_BadInput(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, []byte(`{"format_version": "1.2", "padding": "`+strings.Repeat("x", 64<<20)+`"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct{ file, content, says string }{
		"a state":            {content: `{"format_version": "1.0", "terraform_version": "1.11.4", "values": {"root_module": {}}}`, says: "plan.json is the JSON of a state, not of a plan"},
		"not JSON":           {content: "Plan: 1 to add, 0 to change, 0 to destroy.", says: "plan.json is not JSON"},
		"the log of a plan":  {content: `{"@level":"info","type":"version"}` + "\n" + `{"@level":"info","type":"change_summary"}`, says: "plan.json holds more than one JSON value"},
		"another format":     {content: `{"format_version": "2.0", "terraform_version": "2.0.0", "planned_values": {}}`, says: `plan.json has a format this reader does not know: format_version "2.0"`},
		"a targeted plan":    {content: `{"format_version": "1.2", "terraform_version": "1.11.4", "planned_values": {}, "complete": false}`, says: "plan.json is a partial plan (complete: false)"},
		"a plan over 64 MiB": {file: big, says: "is larger than 64 MiB, the most this reads"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t, emulator.Options{})
			cli := acctest.NewCLI(t, readExample(t, "scenarios/gate-from-plan/main.tf"))
			cli.WriteFile("provider_override.tf", env.ProviderBlock())
			planFile := c.file
			if planFile == "" {
				cli.WriteFile("plan.json", c.content)
				planFile = "plan.json"
			}
			out, err := cli.Run("plan", "-no-color", "-input=false", "-var", "account_id="+acctest.AccountID, "-var", "plan_file="+planFile)
			if err == nil {
				t.Fatalf("the plan passed:\n%s", out)
			}
			expectInOrder(t, acctest.Plain(out), "Error: Unusable Plan File", c.says)
			requestsWereBeside(t, env, 0, 0, 0, 0)
		})
	}
}

// The data source's example, on a plan that edits a shared policy: each
// application that uses it fails its gate, by name.
func TestAccGateFromPlan_DataSourceExample(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	cli := acctest.NewCLI(t, env.ProviderBlock()+readExample(t, "data-sources/cloudflarezt_access_plan_gates/data-source.tf"))
	raw, err := os.ReadFile(filepath.Join("testdata", "plans", "handmade_shared_policy.json"))
	if err != nil {
		t.Fatal(err)
	}
	cli.WriteFile("plan.json", string(raw))
	out, err := cli.Run("plan", "-no-color", "-input=false", "-var", "account_id="+acctest.AccountID)
	if err == nil {
		t.Fatalf("the plan passed:\n%s", out)
	}
	plain := acctest.Plain(out)
	for _, app := range []string{"Wiki", "Docs", "Payroll"} {
		expectInOrder(t, plain, app+": This change would newly block")
	}
	requestsWereBeside(t, env, 2, 4, 4, 8)
}

// The official provider's own plans (make plan-fixtures: v5.22.0 on
// tools/planfixtures/config, a module per application with for_each).
func TestAccGateFromPlan_OfficialProvider(t *testing.T) {
	const crm = `module.apps["crm"].cloudflare_zero_trust_access_application.app`
	for _, c := range []struct {
		name    string
		vars    map[string]any
		fails   []string // what the failing plan says, in order
		gates   map[string]string
		apps    int
		starts  int
		reads   int
		pages   int
		fixture string
	}{
		{name: "nothing changes", fixture: "official_none.json", gates: map[string]string{}, apps: 2},
		{name: "a shared policy edited", fixture: "official_shared.json",
			fails: []string{"Application Docs (docs.example.com, shared-policy): This change would newly block 4 people",
				"Application Payroll (payroll.example.com, shared-policy): This change would newly block 3 people",
				"Application Wiki (wiki.example.com, shared-policy): This change would newly block 4 people"},
			apps: 2, starts: 4, reads: 4, pages: 8},
		{name: "the same, reviewed", fixture: "official_shared.json",
			vars:  map[string]any{"expected": map[string]any{"Wiki": map[string]any{"newly_blocked": []string{"*@example.com"}}, "Docs": map[string]any{"newly_blocked": []string{"*@example.com"}}, "Payroll": map[string]any{"newly_blocked": []string{"*@example.com"}}}},
			gates: map[string]string{wikiID: "shared-policy", docsID: "shared-policy", payrollID: "shared-policy"}, apps: 2, starts: 4, reads: 4, pages: 8},
		{name: "created, deleted, reordered", fixture: "official_lifecycle.json",
			fails: []string{`application "Docs" (module.apps["docs"].cloudflare_zero_trust_access_application.app): the plan deletes it`}, apps: 2},
		{name: "the same, reviewed", fixture: "official_lifecycle.json",
			vars:  map[string]any{"accept_removed": []string{"docs.example.com"}, "expected": map[string]any{"Payroll": map[string]any{"newly_approved": []string{"uma@example.com"}}}},
			gates: map[string]string{crm: "created", docsID: "removed", payrollID: "updated"}, apps: 2, starts: 3, reads: 3, pages: 4},
		// A policy created in the same plan, attached through the module's
		// variable: found through the configuration's references.
		{name: "a new policy by reference", fixture: "official_new_policy.json",
			fails: []string{"Application Wiki (wiki.example.com, updated): This change would newly block 5 people who can get in today and are not expected: break-glass@example.com, carol@example.com, dave@example.com, frank@example.com, heidi@example.com."},
			apps:  2, starts: 2, reads: 2, pages: 4},
		// The same plans by other CLIs: format 1.2 each, without `complete`
		// (Terraform 1.5, OpenTofu 1.8) and `errored` (Terraform 1.5).
		{name: "a new policy by reference", fixture: "official_new_policy_terraform_1.16.json",
			fails: []string{"Application Wiki (wiki.example.com, updated): This change would newly block 5 people"},
			apps:  2, starts: 2, reads: 2, pages: 4},
		{name: "a new policy by reference", fixture: "official_new_policy_terraform_1.5.json",
			fails: []string{"Application Wiki (wiki.example.com, updated): This change would newly block 5 people"},
			apps:  2, starts: 2, reads: 2, pages: 4},
		{name: "a new policy by reference", fixture: "official_new_policy_opentofu_1.8.json",
			fails: []string{"Application Wiki (wiki.example.com, updated): This change would newly block 5 people"},
			apps:  2, starts: 2, reads: 2, pages: 4},
		{name: "a shared policy edited", fixture: "official_shared_terraform_1.5.json",
			fails: []string{"Application Docs (docs.example.com, shared-policy): This change would newly block 4 people"},
			apps:  2, starts: 4, reads: 4, pages: 8},
		{name: "a shared policy edited", fixture: "official_shared_opentofu_1.8.json",
			fails: []string{"Application Docs (docs.example.com, shared-policy): This change would newly block 4 people"},
			apps:  2, starts: 4, reads: 4, pages: 8},
	} {
		t.Run(c.name+" ("+c.fixture+")", func(t *testing.T) {
			t.Parallel()
			out, gates, env, err := fromPlan(t, c.fixture, c.vars)
			if (err != nil) != (len(c.fails) > 0) {
				t.Fatalf("plan failed: %v, want %v:\n%s", err, len(c.fails) > 0, out)
			}
			for _, f := range c.fails {
				expectInOrder(t, out, f)
			}
			if c.gates != nil {
				if got := statuses(gates); !reflect.DeepEqual(got, c.gates) {
					t.Errorf("gates %v, want %v", got, c.gates)
				}
			}
			requestsWereBeside(t, env, c.apps, c.starts, c.reads, c.pages)
		})
	}
}
