package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// Shape of the account rows: a platform team's account on the official
// provider, gated as examples/scenarios/whole-account does.
const (
	accountApps     = 200
	accountLists    = 30
	accountUsers    = 5000
	accountPolicies = 10
)

// accountConfig takes the account's policies and applications as
// variables and gates every application through the lists module.
const accountConfig = gateProviders + `
variable "policies" { type = any }
variable "deployed" { type = any }
variable "ids" { type = map(string) }
variable "applications" { type = map(list(string)) }

module "lists" {
  source = "./modules/access-policy-lists"

  policies = { for key, p in var.policies : key => { id = var.ids[key], configured = p, deployed = var.deployed[key] } }
  applications = { for app, keys in var.applications : app => {
    deployed   = [for i, key in keys : { id = var.ids[key], precedence = i + 1 }]
    configured = [for i, key in keys : { policy = key, precedence = i + 1 }]
  } }
}

data "cloudflarezt_access_policy_change" "app" {
  for_each = module.lists.lists

  account_id = "` + account + `"
  current    = each.value.current
  candidate  = each.value.candidate
}

output "changed" {
  value = length([for g in data.cloudflarezt_access_policy_change.app : g if g.current_test != null])
}
`

// accountDirectory: accountUsers people in accountPolicies-1 groups, a
// third of them without MFA, a few in an embargoed country; one reusable
// policy per group and an embargo.
func accountDirectory() (*emulator.Directory, map[string]map[string]any, map[string]string) {
	d := &emulator.Directory{ReusablePolicies: map[string]json.RawMessage{}}
	group := func(g int) string { return fmt.Sprintf("%08x-0000-4000-8000-%012x", 0xa000+g, g) }
	for i := range accountUsers {
		u := emulator.User{
			ID: fmt.Sprintf("%08x-0000-4000-8000-%012x", 0xb0000000+i, i), Email: fmt.Sprintf("user%05d@example.com", i), Name: fmt.Sprintf("User %d", i),
			IdentityProvider: "b2f4e6a8-1c3d-4e5f-8a9b-0c1d2e3f4a5b", Groups: []string{group(i % (accountPolicies - 1))}, Country: "US", AuthMethods: []string{"pwd", "mfa"},
		}
		if i%3 == 0 {
			u.AuthMethods = []string{"pwd"}
		}
		if i%50 == 0 {
			u.Country = "KP"
		}
		d.Users = append(d.Users, u)
	}
	policies, ids := map[string]map[string]any{}, map[string]string{}
	for p := range accountPolicies {
		key := fmt.Sprintf("p%d", p)
		ids[key] = fmt.Sprintf("%08x-1111-4000-8000-%012x", 0xc000+p, p)
		policy := map[string]any{"name": "Group " + key, "decision": "allow", "include": []any{map[string]any{"group": map[string]any{"id": group(p)}}}}
		if p == accountPolicies-1 {
			policy = map[string]any{"name": "Embargo", "decision": "deny", "include": []any{map[string]any{"geo": map[string]any{"country_code": "KP"}}}}
		}
		raw, _ := json.Marshal(policy)
		d.ReusablePolicies[ids[key]] = raw
		policies[key] = policy
	}
	return d, policies, ids
}

// accountRows: the plan of 200 applications in 30 distinct lists on 5,000
// people, at the default requests_per_second: nothing changed, then two
// shared policies edited (they now require MFA).
func (b *bench) accountRows() error {
	fmt.Fprintf(os.Stderr, "whole account: %d applications, %d lists, %d people…\n", accountApps, accountLists, accountUsers)
	directory, policies, ids := accountDirectory()
	raw, err := json.Marshal(directory)
	if err != nil {
		return err
	}
	if directory, err = emulator.ParseDirectory(raw); err != nil {
		return err
	}
	emu := emulator.New(emulator.Options{Directory: directory})
	served, stop, err := b.serve(emu)
	if err != nil {
		return err
	}
	defer stop()

	// 30 distinct lists of two or three policies, the embargo first or
	// last; application i uses list i mod 30.
	lists := make([][]string, 0, accountLists)
	for i := 0; len(lists) < accountLists; i++ {
		a, c := fmt.Sprintf("p%d", i%(accountPolicies-1)), fmt.Sprintf("p%d", (i/(accountPolicies-1)+i+1)%(accountPolicies-1))
		switch i / (accountPolicies - 1) {
		case 0:
			lists = append(lists, []string{a, "p9"})
		case 1:
			lists = append(lists, []string{"p9", a})
		case 2:
			lists = append(lists, []string{a, c})
		default:
			lists = append(lists, []string{a, c, "p9"})
		}
	}
	apps := map[string][]string{}
	for i := range accountApps {
		apps[fmt.Sprintf("app-%03d", i)] = lists[i%accountLists]
	}
	deployed := map[string]any{}
	for key, p := range policies {
		deployed[key] = p
	}
	edited := map[string]any{}
	for key, p := range policies {
		edited[key] = p
	}
	for _, key := range []string{"p1", "p2"} {
		p := map[string]any{}
		for k, v := range policies[key] {
			p[k] = v
		}
		p["require"] = []any{map[string]any{"auth_method": map[string]any{"auth_method": "mfa"}}}
		edited[key] = p
	}
	usingEdited := 0
	for _, l := range lists {
		for _, key := range l {
			if key == "p1" || key == "p2" {
				usingEdited++
				break
			}
		}
	}

	dir := filepath.Join(b.work, "account")
	if err := os.MkdirAll(filepath.Join(dir, "modules", "access-policy-lists"), 0o755); err != nil {
		return err
	}
	files, _ := filepath.Glob(filepath.Join("examples", "modules", "access-policy-lists", "*.tf"))
	for _, f := range files {
		content, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "modules", "access-policy-lists", filepath.Base(f)), content, 0o600); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(accountConfig), 0o600); err != nil {
		return err
	}
	if _, err := b.tf(dir, served, "get", "-no-color"); err != nil { // the module; dev_overrides serve the provider
		return err
	}
	for _, c := range []struct {
		name     string
		policies map[string]any
	}{{"nothing changed", deployed}, {"two shared policies edited", edited}} {
		vars, err := json.Marshal(map[string]any{"policies": c.policies, "deployed": deployed, "ids": ids, "applications": apps})
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "terraform.tfvars.json"), vars, 0o600); err != nil {
			return err
		}
		emu.ResetLog()
		elapsed, err := b.tf(dir, served, "plan", "-no-color", "-input=false")
		if err != nil {
			return err
		}
		reqs := emu.Requests()
		var span time.Duration
		if len(reqs) > 0 {
			span = reqs[len(reqs)-1].Time.Sub(reqs[0].Time)
		}
		ideal := time.Duration(float64(len(reqs)) / 4 * float64(time.Second))
		metric := fmt.Sprintf("whole-account plan, %d applications in %d distinct lists, %d people, 4 req/s: %s", accountApps, accountLists, accountUsers, c.name)
		if c.name == "nothing changed" {
			b.add(row{metric: metric, ours: fmt.Sprintf("%s, %d requests (%d tests)", secs(elapsed), len(reqs), len(emu.Starts())),
				target: "no request", verdict: verdict(len(reqs) == 0)})
			continue
		}
		b.add(row{metric: fmt.Sprintf("%s (%d of the %d lists use them)", metric, usingEdited, accountLists),
			ours:   fmt.Sprintf("%s, %d requests (%d tests) over %s", secs(elapsed), len(reqs), len(emu.Starts()), secs(span)),
			ratio:  fmt.Sprintf("%.2f× requests ÷ rate (%s)", elapsed.Seconds()/ideal.Seconds(), secs(ideal)),
			target: "≤ 1.2× requests ÷ rate", verdict: verdict(elapsed <= ideal*12/10)})
	}
	return nil
}
