package policytests_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
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
	if strings.Contains(out, "Status") || strings.Contains(out, "Partner portal") {
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

// A file that is no plan fails with its name and the reason.
func TestAccGateFromPlan_BadInput(t *testing.T) {
	out, _, env, err := fromPlan(t, "state.json", nil)
	if err == nil {
		t.Fatalf("the plan passed:\n%s", out)
	}
	expectInOrder(t, out, "Error: Unusable Plan File", "plan.json is the JSON of a state, not of a plan")
	requestsWereBeside(t, env, 0, 0, 0, 0)
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
