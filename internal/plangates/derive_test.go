package plangates

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

const (
	account     = "0123456789abcdef0123456789abcdef"
	employees   = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	embargo     = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e"
	contractors = "2c3d4e5f-6a7b-4c8d-8e9f-1a2b3c4d5e6f"
	wiki        = "a9000001-0000-4000-8000-000000000001"
	docs        = "a9000002-0000-4000-8000-000000000002"
	payroll     = "a9000003-0000-4000-8000-000000000003"
	status      = "a9000004-0000-4000-8000-000000000004"
	statusOwn   = "b9000004-0000-4000-8000-000000000001"
)

var wirePolicies = map[string]string{
	employees:   `{"name": "Employees", "decision": "allow", "include": [{"email_domain": {"domain": "example.com"}}]}`,
	embargo:     `{"name": "Block embargoed countries", "decision": "deny", "include": [{"geo": {"country_code": "KP"}}], "approval_required": false}`,
	contractors: `{"name": "Contractors", "decision": "allow", "include": [{"email_domain": {"domain": "contractors.example.com"}}]}`,
	statusOwn:   `{"name": "Engineering", "decision": "allow", "include": [{"azureAD": {"id": "eng", "identity_provider_id": "idp"}}]}`,
}

func livePolicy(id string, precedence int, reusable bool) client.ApplicationPolicy {
	fields := map[string]json.RawMessage{}
	if err := json.Unmarshal([]byte(wirePolicies[id]), &fields); err != nil {
		panic(err)
	}
	fields["id"], _ = json.Marshal(id)
	fields["precedence"], _ = json.Marshal(precedence)
	fields["reusable"], _ = json.Marshal(reusable)
	return client.ApplicationPolicy{ID: id, Precedence: precedence, Reusable: reusable, Fields: fields}
}

// liveApps are the account's applications: wiki and docs use employees
// then embargo, payroll the other way round, status a policy of its own.
func liveApps() []client.Application {
	return []client.Application{
		{ID: wiki, Name: "Wiki", Domain: "wiki.example.com", Policies: []client.ApplicationPolicy{livePolicy(embargo, 2, true), livePolicy(employees, 1, true)}},
		{ID: docs, Name: "Docs", Domain: "docs.example.com", Policies: []client.ApplicationPolicy{livePolicy(employees, 1, true), livePolicy(embargo, 2, true)}},
		{ID: payroll, Name: "Payroll", Domain: "payroll.example.com", Policies: []client.ApplicationPolicy{livePolicy(embargo, 1, true), livePolicy(employees, 2, true)}},
		{ID: status, Name: "Status", Domain: "status.example.com", Policies: []client.ApplicationPolicy{livePolicy(statusOwn, 1, false)}},
	}
}

// change is one resource_changes entry.
func change(address, typ string, actions []string, before, after, afterUnknown any) map[string]any {
	module, local := "", address
	if i := strings.LastIndex(address, "."+typ+"."); i >= 0 {
		module, local = address[:i], address[i+1:]
	}
	name := strings.TrimPrefix(local, typ+".")
	name, _, _ = strings.Cut(name, "[")
	rc := map[string]any{"address": address, "mode": "managed", "type": typ, "name": name,
		"change": map[string]any{"actions": actions, "before": before, "after": after, "after_unknown": afterUnknown}}
	if module != "" {
		rc["module_address"] = module
	}
	return rc
}

func planOf(t *testing.T, changes []map[string]any, configuration any) *Plan {
	t.Helper()
	raw, err := json.Marshal(map[string]any{"format_version": "1.2", "terraform_version": "1.11.4", "planned_values": map[string]any{},
		"resource_changes": changes, "configuration": configuration, "complete": true, "errored": false})
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePlan(raw)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func js(s string) any {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		panic(err)
	}
	return v
}

func appValues(id, name string, policies string) map[string]any {
	v := map[string]any{"account_id": account, "name": name, "domain": strings.ToLower(name) + ".example.com", "policies": js(policies)}
	if id != "" {
		v["id"] = id
	}
	return v
}

func policyValues(id, content string) map[string]any {
	v, _ := js(content).(map[string]any)
	v["account_id"] = account
	if id != "" {
		v["id"] = id
	}
	return v
}

func entries(t *testing.T, list []Entry) string {
	t.Helper()
	raw, err := json.Marshal(list)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestDerive(t *testing.T) {
	mfa := `{"name": "Employees", "decision": "allow", "include": [{"email_domain": {"domain": "example.com"}}], "require": [{"auth_method": {"auth_method": "mfa"}}]}`
	for _, c := range []struct {
		name    string
		changes []map[string]any
		config  any
		// want: key → status, current, candidate (JSON), or problem text.
		want map[string][3]string
	}{
		{
			// An edit of a shared policy gates every application that uses
			// it, in or out of the configuration, at its precedence.
			name: "a shared policy edited",
			changes: []map[string]any{change("cloudflare_zero_trust_access_policy.employees", policyType, []string{"update"},
				policyValues(employees, wirePolicies[employees]), policyValues(employees, mfa), map[string]any{})},
			want: map[string][3]string{
				docs:    {StatusSharedPolicy, `[{"id":"` + employees + `"},{"id":"` + embargo + `"}]`, `[` + mfa + `,{"id":"` + embargo + `"}]`},
				payroll: {StatusSharedPolicy, `[{"id":"` + embargo + `"},{"id":"` + employees + `"}]`, `[{"id":"` + embargo + `"},` + mfa + `]`},
				wiki:    {StatusSharedPolicy, `[{"id":"` + employees + `"},{"id":"` + embargo + `"}]`, `[` + mfa + `,{"id":"` + embargo + `"}]`},
			},
		},
		{
			// The official provider's noise: the policy's false boolean
			// planned as null, the rules in another order, another name.
			name: "an update that changes no access",
			changes: []map[string]any{
				change("cloudflare_zero_trust_access_policy.embargo", policyType, []string{"update"},
					policyValues(embargo, wirePolicies[embargo]), policyValues(embargo, `{"name": "Embargo", "decision": "deny", "include": [{"geo": {"country_code": "KP"}}], "approval_required": null}`), map[string]any{}),
				// status's own policy given inline, read back by id.
				change("cloudflare_zero_trust_access_application.status", applicationType, []string{"update"},
					appValues(status, "Status", `[{"id": "`+statusOwn+`", "precedence": 1}]`),
					appValues(status, "Status", `[{"name": "Engineering", "decision": "allow", "include": [{"azure_ad": {"id": "eng", "identity_provider_id": "idp"}}], "precedence": 1}]`),
					map[string]any{"policies": []any{map[string]any{"id": true}}}),
			},
			want: map[string][3]string{},
		},
		{
			name: "created, removed and reordered applications",
			changes: []map[string]any{
				change(`module.apps["crm"].cloudflare_zero_trust_access_application.app`, applicationType, []string{"create"}, nil,
					appValues("", "CRM", `[{"id": "`+embargo+`"}, {"name": "Sales", "decision": "allow", "include": [{"group": {"id": "sales"}}]}]`),
					map[string]any{"id": true, "policies": []any{map[string]any{"precedence": true}, map[string]any{"id": true, "precedence": true}}}),
				change("cloudflare_zero_trust_access_application.docs", applicationType, []string{"delete"}, appValues(docs, "Docs", `[]`), nil, nil),
				change("cloudflare_zero_trust_access_application.payroll", applicationType, []string{"update"},
					appValues(payroll, "Payroll", `[]`),
					appValues(payroll, "Payroll", `[{"id": "`+embargo+`", "precedence": 2}, {"id": "`+employees+`", "precedence": 1}]`), map[string]any{}),
			},
			want: map[string][3]string{
				`module.apps["crm"].cloudflare_zero_trust_access_application.app`: {StatusCreated, `[]`, `[{"id":"` + embargo + `"},{"decision":"allow","include":[{"group":{"id":"sales"}}],"name":"Sales"}]`},
				docs:    {StatusRemoved, `[{"id":"` + employees + `"},{"id":"` + embargo + `"}]`, `[]`},
				payroll: {StatusUpdated, `[{"id":"` + embargo + `"},{"id":"` + employees + `"}]`, `[{"id":"` + employees + `"},{"id":"` + embargo + `"}]`},
			},
		},
		{
			// A reusable policy created in the same plan and attached by
			// reference: its id is unknown, the configuration says which.
			name: "a new reusable policy attached by reference",
			changes: []map[string]any{
				change("cloudflare_zero_trust_access_policy.mfa", policyType, []string{"create"}, nil, policyValues("", mfa), map[string]any{"id": true}),
				change("cloudflare_zero_trust_access_application.wiki", applicationType, []string{"update"},
					appValues(wiki, "Wiki", `[]`), appValues(wiki, "Wiki", `[{"precedence": 1}, {"id": "`+embargo+`", "precedence": 2}]`),
					map[string]any{"policies": []any{map[string]any{"id": true}, map[string]any{}}}),
			},
			config: js(`{"root_module": {"resources": [{"address": "cloudflare_zero_trust_access_application.wiki", "expressions": {"policies": {"references": ["cloudflare_zero_trust_access_policy.mfa.id", "cloudflare_zero_trust_access_policy.mfa"]}}}]}}`),
			want: map[string][3]string{
				wiki: {StatusUpdated, `[{"id":"` + employees + `"},{"id":"` + embargo + `"}]`, `[` + mfa + `,{"id":"` + embargo + `"}]`},
			},
		},
		{
			name: "two new policies by reference: not a guess",
			changes: []map[string]any{
				change("cloudflare_zero_trust_access_policy.a", policyType, []string{"create"}, nil, policyValues("", mfa), map[string]any{"id": true}),
				change("cloudflare_zero_trust_access_policy.b", policyType, []string{"create"}, nil, policyValues("", mfa), map[string]any{"id": true}),
				change("cloudflare_zero_trust_access_application.wiki", applicationType, []string{"update"},
					appValues(wiki, "Wiki", `[]`), appValues(wiki, "Wiki", `[{"precedence": 1}, {"precedence": 2}]`),
					map[string]any{"policies": []any{map[string]any{"id": true}, map[string]any{"id": true}}}),
			},
			config: js(`{"root_module": {"resources": [{"address": "cloudflare_zero_trust_access_application.wiki", "expressions": {"policies": {"references": ["cloudflare_zero_trust_access_policy.a.id", "cloudflare_zero_trust_access_policy.b.id"]}}}]}}`),
			want: map[string][3]string{
				wiki: {"problem", "cloudflare_zero_trust_access_application.wiki.policies has 2 id(s) known only during apply"},
			},
		},
		{
			name: "a shared policy deleted, another edited with a value known only during apply",
			changes: []map[string]any{
				change("cloudflare_zero_trust_access_policy.embargo", policyType, []string{"delete"}, policyValues(embargo, wirePolicies[embargo]), nil, nil),
				change("cloudflare_zero_trust_access_policy.employees", policyType, []string{"update"},
					policyValues(employees, wirePolicies[employees]), policyValues(employees, `{"name": "Employees", "decision": "allow", "include": [{"group": {}}]}`),
					map[string]any{"include": []any{map[string]any{"group": map[string]any{"id": true}}}}),
			},
			want: map[string][3]string{
				docs:    {"problem", "it uses reusable policy " + employees + ", which the plan edits (cloudflare_zero_trust_access_policy.employees) with a value known only during apply: cloudflare_zero_trust_access_policy.employees.include[0].group.id"},
				payroll: {"problem", "which the plan edits"},
				wiki:    {"problem", "which the plan edits"},
			},
		},
		{
			name: "a zone-level application",
			changes: []map[string]any{change("cloudflare_zero_trust_access_application.z", applicationType, []string{"update"},
				map[string]any{"id": "z1", "zone_id": "zone1", "policies": js(`[]`)}, map[string]any{"id": "z1", "zone_id": "zone1", "policies": js(`[{"id": "` + embargo + `"}]`)}, map[string]any{})},
			want: map[string][3]string{"z1": {"problem", "zone-level application (zone zone1)"}},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			gates := Derive(planOf(t, c.changes, c.config), account, liveApps())
			got := map[string]bool{}
			for _, g := range gates {
				got[g.Key] = true
				want, ok := c.want[g.Key]
				switch {
				case !ok:
					t.Errorf("unexpected gate %s: %+v", g.Key, g)
				case want[0] == "problem":
					if !strings.Contains(g.Problem, want[1]) {
						t.Errorf("%s: problem %q, want it to say %q", g.Key, g.Problem, want[1])
					}
				case g.Problem != "":
					t.Errorf("%s: problem %q", g.Key, g.Problem)
				default:
					if g.Status != want[0] || entries(t, g.Current) != compact(want[1]) || entries(t, g.Candidate) != compact(want[2]) {
						t.Errorf("%s: %s\n current   %s\n candidate %s\nwant %s\n current   %s\n candidate %s", g.Key, g.Status, entries(t, g.Current), entries(t, g.Candidate), want[0], compact(want[1]), compact(want[2]))
					}
				}
			}
			for key := range c.want {
				if !got[key] {
					t.Errorf("no gate for %s", key)
				}
			}
		})
	}
}

// compact is JSON as json.Marshal writes it (keys sorted).
func compact(s string) string {
	raw, err := json.Marshal(js(s))
	if err != nil {
		panic(err)
	}
	return string(raw)
}

func TestParsePlan_BadInput(t *testing.T) {
	for _, c := range []struct {
		name, input string
		want        error
	}{
		{"not JSON", "Plan: 1 to add", ErrNotJSON},
		{"the log of plan -json", `{"@level":"info","type":"version"}` + "\n" + `{"type":"planned_change"}`, ErrTrailingValues},
		{"another JSON", `{"name": "x"}`, ErrNotPlan},
		{"a list", `[1, 2]`, ErrNotPlan},
		{"a state", `{"format_version": "1.0", "terraform_version": "1.11.4", "values": {}}`, ErrState},
		{"another format", `{"format_version": "2.0", "terraform_version": "2.0.0", "planned_values": {}}`, ErrFormat},
		{"-target", `{"format_version": "1.2", "terraform_version": "1.11.4", "planned_values": {}, "complete": false}`, ErrPartial},
		{"a failed plan", `{"format_version": "1.2", "terraform_version": "1.11.4", "planned_values": {}, "errored": true}`, ErrErrored},
	} {
		_, err := ParsePlan([]byte(c.input))
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if p, err := ParsePlan([]byte(`{"format_version": "1.2", "terraform_version": "1.5.7", "planned_values": {}}`)); err != nil || !reflect.DeepEqual(p.ResourceChanges, []ResourceChange(nil)) {
		t.Errorf("a plan without changes: %v %+v", err, p)
	}
}

// Anything: a plan, or an error; never a panic, never a gate with neither
// lists nor a problem.
func FuzzDerive(f *testing.F) {
	f.Add(`{"format_version": "1.2", "terraform_version": "1.11.4", "planned_values": {}, "resource_changes": [{"address": "cloudflare_zero_trust_access_application.a", "mode": "managed", "type": "cloudflare_zero_trust_access_application", "name": "a", "change": {"actions": ["update"], "before": {"id": "` + wiki + `"}, "after": {"id": "` + wiki + `", "policies": [{"precedence": 1}]}, "after_unknown": {"policies": [{"id": true}]}}}]}`)
	f.Add(`{"format_version": "1.2", "terraform_version": "1.11.4", "planned_values": {}, "resource_changes": [{"address": "cloudflare_zero_trust_access_policy.p", "mode": "managed", "type": "cloudflare_zero_trust_access_policy", "name": "p", "change": {"actions": ["update"], "before": {"id": "` + employees + `"}, "after": {"include": [{"everyone": {}}], "decision": "allow", "name": "x"}, "after_unknown": {}}}]}`)
	f.Fuzz(func(t *testing.T, input string) {
		p, err := ParsePlan([]byte(input))
		if err != nil {
			return
		}
		for _, g := range Derive(p, account, liveApps()) {
			if g.Problem == "" && g.Current == nil && g.Candidate == nil {
				t.Errorf("gate %s has neither lists nor a problem", g.Key)
			}
		}
	})
}
