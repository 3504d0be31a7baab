package policytests_test

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// listsCLI is a CLI for a configuration that finds
// examples/modules/access-policy-lists at ./modules/access-policy-lists.
func listsCLI(t *testing.T, config string) *acctest.CLI {
	t.Helper()
	return acctest.NewCLIWithModule(t, config, filepath.Join(examplesDir, "modules", "access-policy-lists"), filepath.Join("modules", "access-policy-lists"))
}

// startedExactly checks the bodies of the tests started, in any order,
// as compact JSON.
func startedExactly(t *testing.T, env *acctest.Env, want []string) {
	t.Helper()
	var bodies []string
	for _, r := range env.Starts() {
		b, _ := json.Marshal(r.Body)
		bodies = append(bodies, string(b))
	}
	slices.Sort(bodies)
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(bodies, want) {
		t.Errorf("tests started:\n%s\nwant exactly:\n%s", strings.Join(bodies, "\n"), strings.Join(want, "\n"))
	}
}

// applyOutputs applies cli's configuration and returns its outputs.
func applyOutputs(t *testing.T, cli *acctest.CLI, args ...string) map[string]json.RawMessage {
	t.Helper()
	if out, err := cli.Run(append([]string{"apply", "-auto-approve", "-no-color", "-input=false"}, args...)...); err != nil {
		t.Fatalf("apply failed: %v\n%s", err, out)
	}
	raw, err := cli.Run("output", "-json")
	if err != nil {
		t.Fatalf("output failed: %v\n%s", err, raw)
	}
	var outputs map[string]struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal([]byte(raw), &outputs); err != nil {
		t.Fatalf("outputs: %v\n%s", err, raw)
	}
	values := map[string]json.RawMessage{}
	for k, v := range outputs {
		values[k] = v.Value
	}
	return values
}

// A whole account: 20 applications over 6 shared reusable policies, the
// lists built by the access-policy-lists module as the official provider's
// resources and data sources give them. Nothing edited: every list is the
// same on both sides, and the plan sends no request at all. Sales and
// Finance edited: only the 5 applications that use them are tested, their
// 4 distinct lists once each, with the edits inline in the candidate (not
// the live versions behind the ids), in order of precedence.
func TestAccAccountLists_TestsOnlyWhatChanged(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	cli := listsCLI(t, env.Config(t, "account_lists.tf"))
	vars := []string{"-var", "account_id=" + acctest.AccountID}

	env.ResetLog()
	outputs := applyOutputs(t, cli, vars...)
	if n := len(env.Requests()); n != 0 {
		t.Errorf("nothing edited: %d requests, want none", n)
	}
	var summaries map[string]string
	if err := json.Unmarshal(outputs["summaries"], &summaries); err != nil || len(summaries) != 20 {
		t.Fatalf("summaries %s: %v", outputs["summaries"], err)
	}
	for app, s := range summaries {
		if !strings.HasPrefix(s, "No change of access: current and candidate are the same policies in the same order, so no test was run.") {
			t.Errorf("nothing edited, application %s: %q", app, s)
		}
	}

	env.ResetLog()
	outputs = applyOutputs(t, cli, append(vars, "-var", "edit=true")...)
	var edited map[string][]string
	if err := json.Unmarshal(outputs["edited"], &edited); err != nil {
		t.Fatal(err)
	}
	wantEdited := map[string][]string{"crm": {"sales"}, "quotes": {"sales"}, "ledger": {"finance"}, "payroll": {"finance"}, "reports": {"sales", "finance"}}
	if !reflect.DeepEqual(edited, wantEdited) {
		t.Errorf("edited policies per application = %v, want %v", edited, wantEdited)
	}

	sales := `{"decision":"allow","include":[{"group":{"id":"6c1f3e2d-4b5a-4f7c-8d9e-8a2b3c4d5e6f"}}],"name":"Sales","require":[{"auth_method":{"auth_method":"mfa"}}]}`
	finance := `{"decision":"allow","exclude":[{"geo":{"country_code":"GB"}}],"include":[{"group":{"id":"7d2a4f3e-5c6b-4a8d-9e0f-9b3c4d5e6f7a"}}],"name":"Finance"}`
	id := func(key string) string { return `"` + key + `"` } // a reusable policy goes by its bare id
	const salesID, financeID = "3d4e5f6a-7b8c-4d9e-9f0a-2b3c4d5e6f7a", "4e5f6a7b-8c9d-4e0f-8a1b-3c4d5e6f7a8b"
	list := func(policies ...string) string { return `{"policies":[` + strings.Join(policies, ",") + `]}` }
	want := []string{
		// crm and quotes share theirs; current by id, candidate with the edit.
		list(id(salesID), id(embargoPolicy)), list(sales, id(embargoPolicy)),
		list(id(financeID), id(embargoPolicy)), list(finance, id(embargoPolicy)),
		list(id(embargoPolicy), id(financeID)), list(id(embargoPolicy), finance),
		list(id(salesID), id(financeID)), list(sales, finance),
	}
	startedExactly(t, env, want)

	if err := json.Unmarshal(outputs["summaries"], &summaries); err != nil {
		t.Fatal(err)
	}
	for app, s := range summaries {
		var wantPrefix string
		switch app {
		case "crm", "quotes":
			wantPrefix = "This change would newly block 1 person who can get in today and is not expected: frank@example.com."
		case "ledger", "payroll":
			wantPrefix = "This change would newly block 1 person who can get in today and is not expected: heidi@example.com."
		case "reports":
			wantPrefix = "This change would newly block 2 people who can get in today and are not expected: frank@example.com, heidi@example.com."
		default:
			wantPrefix = "No change of access: current and candidate are the same policies in the same order"
		}
		if !strings.HasPrefix(s, wantPrefix) {
			t.Errorf("application %s: %q, want %q", app, s, wantPrefix)
		}
	}
}

// The whole-account scenario as the guide shows it: the edited Employees
// policy (MFA required) is tested inline on the two distinct lists that use
// it (wiki and docs share theirs), each failure names the application, the
// edited policy and the people, and the applications without it start no
// test.
func TestAccScenario_WholeAccount(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	config := strings.Replace(readExample(t, "scenarios/whole-account/main.tf"), `"../../modules/access-policy-lists"`, `"./modules/access-policy-lists"`, 1)
	cli := listsCLI(t, env.ProviderBlock()+config)
	const contractorsPolicy = "2c3d4e5f-6a7b-4c8d-8e9f-1a2b3c4d5e6f"
	ruleOf := func(rule string) []any { var v []any; _ = json.Unmarshal([]byte(rule), &v); return v }
	vars := map[string]any{
		"account_id": acctest.AccountID,
		"policy_ids": map[string]string{"employees": employeesPolicy, "embargo": embargoPolicy, "contractors": contractorsPolicy},
		// As the official provider's data source reads them: every
		// attribute, null where unset.
		"deployed_policies": map[string]any{
			"employees":   map[string]any{"id": employeesPolicy, "name": "Employees", "decision": "allow", "include": ruleOf(`[{"email_domain":{"domain":"example.com"},"geo":null}]`), "exclude": []any{}, "require": nil, "approval_required": false, "session_duration": nil},
			"embargo":     map[string]any{"id": embargoPolicy, "name": "Block embargoed countries", "decision": "deny", "include": ruleOf(`[{"email_domain":null,"geo":{"country_code":"KP"}}]`), "exclude": []any{}, "require": nil, "approval_required": false, "session_duration": nil},
			"contractors": map[string]any{"id": contractorsPolicy, "name": "Contractors", "decision": "allow", "include": ruleOf(`[{"email_domain":{"domain":"contractors.example.com"},"geo":null}]`), "exclude": []any{}, "require": nil, "approval_required": false, "session_duration": nil},
		},
		"deployed_applications": map[string]any{
			"wiki":     []map[string]any{{"id": employeesPolicy, "precedence": 1}, {"id": embargoPolicy, "precedence": 2}},
			"docs":     []map[string]any{{"id": embargoPolicy, "precedence": 2}, {"id": employeesPolicy, "precedence": 1}},
			"payroll":  []map[string]any{{"id": embargoPolicy, "precedence": 1}, {"id": employeesPolicy, "precedence": 2}},
			"partners": []map[string]any{{"id": contractorsPolicy, "precedence": 1}},
			"status":   []map[string]any{{"id": embargoPolicy, "precedence": 1}},
		},
	}
	raw, err := json.Marshal(vars)
	if err != nil {
		t.Fatal(err)
	}
	cli.WriteFile("terraform.tfvars.json", string(raw))
	env.ResetLog()
	out, err := cli.Run("plan", "-no-color", "-input=false")
	out = acctest.Plain(out)
	if err == nil {
		t.Fatalf("the plan passed:\n%s", out)
	}
	expectIn(t, out,
		`Application wiki (edited: ["employees"]): This change would newly block 4 people who can get in today and are not expected: erin@example.com, frank@example.com, heidi@example.com, uma@example.com.`,
		`Application docs (edited: ["employees"]): This change would newly block 4 people`,
		`Application payroll (edited: ["employees"]): This change would newly block 3 people who can get in today and are not expected: erin@example.com, frank@example.com, heidi@example.com.`)
	for _, app := range []string{"partners", "status"} {
		if strings.Contains(out, "Application "+app) {
			t.Errorf("application %s, unchanged, failed:\n%s", app, out)
		}
	}
	// Two distinct lists use the edited policy: 4 tests, the candidates with
	// the edit inline, in order of precedence.
	employees := `{"decision":"allow","include":[{"email_domain":{"domain":"example.com"}}],"name":"Employees","require":[{"auth_method":{"auth_method":"mfa"}}]}`
	want := []string{
		`{"policies":["` + employeesPolicy + `","` + embargoPolicy + `"]}`,
		`{"policies":["` + embargoPolicy + `","` + employeesPolicy + `"]}`,
		`{"policies":["` + embargoPolicy + `",` + employees + `]}`,
		`{"policies":[` + employees + `,"` + embargoPolicy + `"]}`,
	}
	startedExactly(t, env, want)
}
