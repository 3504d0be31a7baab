package policytests_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// Every section of the comment stays within GitHub's 65,536 characters:
// one bad edit to a shared policy under standing rules on 200 gates (5
// entries each, 12 people each), and 150 gates deferred to the apply. The
// review found 206,317 and 68,271 characters.
func TestGateComment_WithinGitHubsLimit(t *testing.T) {
	var log []string
	line := func(v any) {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		log = append(log, string(raw))
	}
	line(map[string]any{"type": "version", "terraform": "1.11.4"})
	for g := range 200 {
		for r := range 5 {
			var detail strings.Builder
			fmt.Fprintf(&detail, `always_approved[%d] = "*@team-%d.example.com" is a standing rule: it holds whatever the change, and no `+"`expected_newly_*`"+` entry excuses it. The candidate does not let in 12 people it matches:`+"\n", r, r)
			for p := range 10 {
				fmt.Fprintf(&detail, "- person-%03d-%d@team-%d.example.com (Person %d of team %d), id a%07d-0000-4000-8000-%012d\n", p, g, r, p, r, g, p)
			}
			detail.WriteString("- and 2 more\nTested <test id> (candidate: 6 approved, 12 blocked, 0 errored of 18 users). Fix the candidate; if the rule itself is wrong, change it where it is kept, under its owners' review.")
			line(map[string]any{"type": "diagnostic", "diagnostic": map[string]any{
				"severity": "error", "summary": "Standing Rule Violated", "detail": detail.String(),
				"address": fmt.Sprintf(`data.cloudflarezt_access_policy_change.gate["application-%03d"]`, g),
			}})
		}
	}
	var deferred []map[string]any
	for g := range 150 {
		deferred = append(deferred, map[string]any{
			"address": fmt.Sprintf(`data.cloudflarezt_access_policy_change.deferred["application-with-a-long-name-%03d"]`, g),
			"mode":    "data", "type": "cloudflarezt_access_policy_change", "change": map[string]any{"actions": []string{"read"}},
		})
	}
	plan, err := json.Marshal(map[string]any{"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": deferred, "errored": true})
	if err != nil {
		t.Fatal(err)
	}
	for name, input := range map[string]string{
		"the ephemeral gate's log":                strings.Join(log, "\n"),
		"the data-source gate's plan and its log": string(plan) + "\n" + strings.Join(log, "\n"),
	} {
		t.Run(name, func(t *testing.T) {
			got := comment(t, input)
			inert(t, got)
			if n := len([]rune(got)); n > 65_536 {
				t.Errorf("the comment has %d characters, more than GitHub's 65,536", n)
			}
			rules := strings.Count(got, "\n- `data.cloudflarezt_access_policy_change.gate")
			if rules == 0 || rules >= 1000 {
				t.Errorf("%d broken rules listed, want some and not all 1,000", rules)
			}
			expectInOrder(t, got, "### ❌ Access gate: a standing rule is broken",
				fmt.Sprintf("- … and %d more broken rules: the plan's log names every one", 1000-rules))
			if strings.HasPrefix(name, "the data-source") {
				expectInOrder(t, got, "Known only during apply, so not tested in this plan: `data.cloudflarezt_access_policy_change.deferred", "and 130 more.")
			}
		})
	}
}

// The nightly check of the standing rules reads data-source gates during
// the plan and writes no plan file: its summary says which it read, or the
// rule it broke (the review found "no gate in this plan" for a pass).
func TestAccGateComment_Nightly(t *testing.T) {
	for name, override := range map[string]string{
		"nightly_passing": "",
		// carol (sales) is kept out of the status page, which lets in
		// engineering and the break-glass account only: one application
		// breaks the rule, whichever CLI (Terraform 1.15 and later report
		// identical errors of several instances once).
		"nightly_failing": `locals {
  standing_rules = {
    always_approved = ["break-glass@example.com", "carol@example.com"]
    never_approved  = ["*@contractors.example.com"]
  }
}
`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t, emulator.Options{})
			cli := acctest.NewCLI(t, env.ProviderBlock()+readExample(t, "scenarios/standing-rules-nightly/main.tf"))
			if override != "" {
				cli.WriteFile("main_override.tf", override)
			}
			out, err := cli.Run("plan", "-json", "-input=false", "-var", "account_id="+acctest.AccountID)
			if (err != nil) != (override != "") {
				t.Fatalf("plan: %v\n%s", err, out)
			}
			expectComment(t, name, out)
		})
	}
}
