package accesspolicytest

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

func TestPointerToPath(t *testing.T) {
	cases := map[string]string{
		"/policies/1":                                                                  "policies[1]",
		"/policies/1/include/0":                                                        "policies[1].include[0]",
		"/policies/0/include/2/azureAD/id":                                             "policies[0].include[2].azure_ad.id",
		"/policies/3/require/0/github-organization/team":                               "policies[3].require[0].github_organization.team",
		"/policies/0/approval_groups/1/email_addresses/0":                              "policies[0].approval_groups[1].email_addresses[0]",
		"/policies/0/mfa_config/allowed_authenticators/2":                              "policies[0].mfa_config.allowed_authenticators[2]",
		"/policies/0/connection_rules/rdp/allowed_clipboard_local_to_remote_formats/0": "policies[0].connection_rules.rdp.allowed_clipboard_local_to_remote_formats[0]",
		"/policies/0/exclude/0/user_risk_score/user_risk_score/1":                      "policies[0].exclude[0].user_risk_score.user_risk_score[1]",
	}
	for pointer, want := range cases {
		got, ok := pointerToPath(pointer)
		if !ok || got.String() != want {
			t.Errorf("%s → %s (%v), want %s", pointer, got, ok, want)
		}
	}
	for _, pointer := range []string{"", "/account_id", "/foo/0"} {
		if _, ok := pointerToPath(pointer); ok {
			t.Errorf("%q mapped to a path", pointer)
		}
	}
}

func TestParseImportID(t *testing.T) {
	account, id, err := parseImportID("0123456789abcdef0123456789abcdef/" + strings.Repeat("a", 64))
	if err != nil || account != "0123456789abcdef0123456789abcdef" || len(id) != 64 {
		t.Fatalf("valid id: %q %q %v", account, id, err)
	}
	if _, id, err := parseImportID("0123456789abcdef0123456789abcdef/f174e90a-fafe-4643-bbbc-4a0ed4fc8415"); err != nil || id == "" {
		t.Fatalf("uuid test id refused: %v", err)
	}
	for _, bad := range []string{"", "abc", "0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef/",
		"0123456789abcdef0123456789abcdef/" + strings.Repeat("a", 65), "0123456789ABCDEF0123456789ABCDEF/x",
		"0123456789abcdef0123456789abcdef/x/y", "0123456789abcdef0123456789abcdef/ x"} {
		if _, _, err := parseImportID(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestNextPollInterval(t *testing.T) {
	if got := nextPollInterval(0); got != minPollInterval {
		t.Errorf("first interval %s", got)
	}
	if got := nextPollInterval(8 * time.Second); got != 2*time.Second {
		t.Errorf("after 8s: %s, want a quarter", got)
	}
	if got := nextPollInterval(time.Hour); got != maxPollInterval {
		t.Errorf("after an hour: %s", got)
	}
}

func TestWarnAboutStatus(t *testing.T) {
	cases := map[client.PolicyTestStatus]string{
		client.StatusBlocked:      "Policy Test Blocked",
		client.StatusExceededTime: "Policy Test Exceeded Its Time",
		"paused":                  "Unknown Policy Test Status",
		client.StatusComplete:     "",
	}
	for status, want := range cases {
		var diags diag.Diagnostics
		warnAboutStatus(&diags, &client.PolicyTest{ID: "t", Status: status})
		if diags.HasError() {
			t.Errorf("%s: error %v", status, diags)
		}
		switch {
		case want == "" && len(diags) != 0:
			t.Errorf("%s: unexpected %v", status, diags)
		case want != "" && (len(diags) != 1 || diags[0].Summary() != want):
			t.Errorf("%s: got %v, want warning %q", status, diags, want)
		}
	}
}

// Every rule type appears once in the table, with a distinct wire name.
func TestRuleTypesTable(t *testing.T) {
	if len(ruleTypes) != 26 {
		t.Fatalf("%d rule types, want 26", len(ruleTypes))
	}
	seen := map[string]bool{}
	for _, rt := range ruleTypes {
		if seen[rt.wireName()] {
			t.Errorf("wire name %s twice", rt.wireName())
		}
		seen[rt.wireName()] = true
		if back, ok := ruleByWire(rt.wireName()); !ok || back.name != rt.name {
			t.Errorf("ruleByWire(%s) = %v", rt.wireName(), back.name)
		}
	}
}

func TestHandoffs_SameTestOnly(t *testing.T) {
	body := client.PolicyTestRequest{Policies: []client.PolicyEntry{{ID: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415"}}}
	other := client.PolicyTestRequest{Policies: []client.PolicyEntry{{ID: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}}}
	triggers := types.MapValueMust(types.StringType, map[string]attr.Value{"run": types.StringValue("1")})
	key := func(account string, b client.PolicyTestRequest, tr types.Map) string {
		k, err := handoffKey(account, b, tr)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	var h handoffs
	h.put(key("a", body, triggers), "t1")
	h.put(key("a", body, triggers), "t2")
	for _, miss := range []string{key("b", body, triggers), key("a", other, triggers), key("a", body, types.MapNull(types.StringType)),
		key("a", body, types.MapValueMust(types.StringType, map[string]attr.Value{"run": types.StringValue("2")}))} {
		if id, ok := h.take(miss); ok {
			t.Fatalf("a different configuration took %s", id)
		}
	}
	for _, want := range []string{"t1", "t2"} {
		if id, ok := h.take(key("a", body, triggers)); !ok || id != want {
			t.Fatalf("took %q %v, want %s", id, ok, want)
		}
	}
	if id, ok := h.take(key("a", body, triggers)); ok {
		t.Fatalf("a test was handed over twice: %s", id)
	}
}
