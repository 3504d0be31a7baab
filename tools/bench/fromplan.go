package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/plangates"
)

// fromPlanRow: the derivation of cloudflarezt_access_plan_gates on the plan
// of 200 applications over 1,000 reusable policies (each application uses
// 5, one of them its own), 3 shared policies edited: CPU, allocation, the
// gates and the distinct lists their tests run (what the hand-written gates
// of the same change would test).
func (b *bench) fromPlanRow() error {
	fmt.Fprintln(os.Stderr, "the plan of 200 applications and 1,000 policies…")
	raw, apps := syntheticPlan(200, 1000, 3)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	const runs = 5
	var gates []plangates.Gate
	for range runs {
		plan, err := plangates.ParsePlan(raw)
		if err != nil {
			return err
		}
		gates = plangates.Derive(plan, account, apps)
	}
	elapsed := time.Since(start) / runs
	runtime.ReadMemStats(&after)
	lists := map[string]bool{}
	for _, g := range gates {
		for _, l := range [][]plangates.Entry{g.Current, g.Candidate} {
			key, _ := json.Marshal(l)
			lists[string(key)] = true
		}
	}
	b.add(row{metric: fmt.Sprintf("gate from a plan: %.1f MB of plan JSON, 200 applications, 1,000 policies, 3 shared policies edited: derivation (parse + derive), per run",
		float64(len(raw))/1e6),
		ours: fmt.Sprintf("%s CPU, %.0f MB allocated; %d gates, %d distinct lists to test (%d tests)", secs(elapsed),
			float64(after.TotalAlloc-before.TotalAlloc)/runs/1e6, len(gates), len(lists), len(lists)),
		target: "≤ 1 s", verdict: verdict(elapsed <= time.Second)})
	return nil
}

// syntheticPlan is the JSON of a plan that edits the first edited shared
// policies, and the account's applications: application i uses policies
// (i + 50k) mod 200 for k < 4 (each of those used by 4 applications; the
// other 800 by none), and one of its own.
func syntheticPlan(applications, policies, edited int) ([]byte, []client.Application) {
	policyJSON := func(i int) map[string]any {
		return map[string]any{"name": fmt.Sprintf("Policy %d", i), "decision": "allow",
			"include": []any{map[string]any{"email_domain": map[string]any{"domain": fmt.Sprintf("team%d.example.com", i)}}}}
	}
	id := func(kind string, i int) string { return fmt.Sprintf("%s%07d-0000-4000-8000-%012d", kind, i, i) }
	fields := func(v map[string]any, extra map[string]any) map[string]json.RawMessage {
		out := map[string]json.RawMessage{}
		for k, x := range v {
			out[k], _ = json.Marshal(x)
		}
		for k, x := range extra {
			out[k], _ = json.Marshal(x)
		}
		return out
	}
	var apps []client.Application
	var changes []any
	for i := range applications {
		app := client.Application{ID: id("a", i), Name: fmt.Sprintf("App %d", i), Domain: fmt.Sprintf("app%d.example.com", i)}
		var planned []any
		for k := range 4 {
			p := (i + k*50) % 200 // 200 policies shared by 4 applications each
			app.Policies = append(app.Policies, client.ApplicationPolicy{ID: id("b", p), Precedence: k + 1, Reusable: true,
				Fields: fields(policyJSON(p), map[string]any{"id": id("b", p), "precedence": k + 1, "reusable": true})})
			planned = append(planned, map[string]any{"id": id("b", p), "precedence": k + 1})
		}
		own := policyJSON(100_000 + i)
		app.Policies = append(app.Policies, client.ApplicationPolicy{ID: id("c", i), Precedence: 5, Fields: fields(own, map[string]any{"id": id("c", i), "precedence": 5, "reusable": false})})
		planned = append(planned, map[string]any{"id": id("c", i), "precedence": 5})
		apps = append(apps, app)
		values := map[string]any{"id": app.ID, "account_id": account, "name": app.Name, "domain": app.Domain, "policies": planned}
		changes = append(changes, map[string]any{"address": fmt.Sprintf(`module.apps["app%d"].cloudflare_zero_trust_access_application.app`, i),
			"module_address": fmt.Sprintf(`module.apps["app%d"]`, i), "mode": "managed", "type": "cloudflare_zero_trust_access_application", "name": "app",
			"change": map[string]any{"actions": []string{"no-op"}, "before": values, "after": values, "after_unknown": map[string]any{}}})
	}
	for p := range policies {
		before := policyJSON(p)
		before["id"], before["account_id"] = id("b", p), account
		after, actions := before, []string{"no-op"}
		if p < edited {
			after = map[string]any{}
			for k, v := range before {
				after[k] = v
			}
			after["require"] = []any{map[string]any{"auth_method": map[string]any{"auth_method": "mfa"}}}
			actions = []string{"update"}
		}
		changes = append(changes, map[string]any{"address": fmt.Sprintf(`cloudflare_zero_trust_access_policy.shared["p%d"]`, p), "mode": "managed",
			"type": "cloudflare_zero_trust_access_policy", "name": "shared",
			"change": map[string]any{"actions": actions, "before": before, "after": after, "after_unknown": map[string]any{}}})
	}
	raw, _ := json.Marshal(map[string]any{"format_version": "1.2", "terraform_version": "1.11.4", "planned_values": map[string]any{},
		"resource_changes": changes, "complete": true, "errored": false})
	return raw, apps
}
