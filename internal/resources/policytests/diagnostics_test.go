package policytests

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
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
		got, ok := pointerToPath(pointer, "")
		if !ok || got.String() != want {
			t.Errorf("%s → %s (%v), want %s", pointer, got, ok, want)
		}
	}
	for _, pointer := range []string{"", "/account_id", "/foo/0"} {
		if _, ok := pointerToPath(pointer, ""); ok {
			t.Errorf("%q mapped to a path", pointer)
		}
	}
}

// Every attribute of the policy schema, at any depth, is found from the
// pointer the API would send for it, lists and wire names included.
func TestPointerToPath_EveryAttributeOfTheSchema(t *testing.T) {
	wire := map[string]string{}
	for _, rt := range ruleTypes {
		wire[rt.name] = rt.wireName()
	}
	checked := 0
	var walk func(attrs map[string]schema.Attribute, pointer string, at path.Path)
	walk = func(attrs map[string]schema.Attribute, pointer string, at path.Path) {
		_, isRule := attrs["everyone"]
		for name, a := range attrs {
			key := name
			if isRule {
				key = wire[name]
			}
			p, want := pointer+"/"+key, at.AtName(name)
			if got, ok := pointerToPath(p, "candidate"); !ok || !got.Equal(want) {
				t.Errorf("%s → %s, want %s", p, got, want)
			}
			checked++
			switch a := a.(type) {
			case fwshim.CachedListNested:
				walk(a.NestedObject.Attributes, p+"/2", want.AtListIndex(2))
			case schema.ListNestedAttribute:
				walk(a.NestedObject.Attributes, p+"/2", want.AtListIndex(2))
			case schema.SingleNestedAttribute:
				walk(a.Attributes, p, want)
			case schema.ListAttribute:
				if got, _ := pointerToPath(p+"/1", "candidate"); !got.Equal(want.AtListIndex(1)) {
					t.Errorf("%s/1 → %s, want %s", p, got, want.AtListIndex(1))
				}
			}
		}
	}
	walk(policyAttributes(), "/policies/0", path.Root("candidate").AtListIndex(0))
	// 14 policy fields, 26 rule types with their parameters in each of three
	// rule lists, and the nested fields of the others.
	if checked < 3*26+14 {
		t.Errorf("only %d attributes checked", checked)
	}
}

// An id excludes exactly the inline policy's fields, whatever they become.
func TestPolicyID_ConflictsWithEveryInlineField(t *testing.T) {
	ctx := context.Background()
	attrs := policyAttributes()
	id, ok := attrs["id"].(schema.StringAttribute)
	if !ok {
		t.Fatal("id is not a string attribute")
	}
	var described string
	for _, v := range id.Validators {
		described += v.Description(ctx)
	}
	for name := range inlinePolicyAttributes() {
		if !strings.Contains(described, "<."+name+",") && !strings.Contains(described, "<."+name+"]") {
			t.Errorf("id does not exclude %s: %s", name, described)
		}
	}
	if len(attrs) != len(inlinePolicyAttributes())+1 {
		t.Errorf("%d policy attributes, want the inline fields and id", len(attrs))
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

// An authentication failure names the scheme in use, its settings and its
// environment variables, and nothing of the other scheme.
func TestAPIError_NamesOnlyTheSchemeInUse(t *testing.T) {
	denied := &client.APIError{StatusCode: 403, Errors: []client.ResponseInfo{{Code: 10000, Message: "Authentication error"}}}
	cases := map[string]struct{ want, not []string }{
		client.SchemeAPIToken: {[]string{"API token", "`api_token`", "CLOUDFLARE_API_TOKEN"}, []string{"api_key", "CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL", "`email`"}},
		client.SchemeAPIKey:   {[]string{"API key and email", "`api_key`", "`email`", "CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL"}, []string{"api_token", "CLOUDFLARE_API_TOKEN"}},
	}
	for scheme, c := range cases {
		var diags diag.Diagnostics
		addAPIError(&diags, failedCall{summary: "Unable to Start Policy Test", accountID: "acc", permission: writePermission, scheme: scheme}, denied)
		if len(diags) != 1 {
			t.Fatalf("%s: %d diagnostics", scheme, len(diags))
		}
		detail := diags[0].Detail()
		for _, s := range c.want {
			if !strings.Contains(detail, s) {
				t.Errorf("%s: detail lacks %q:\n%s", scheme, s, detail)
			}
		}
		for _, s := range c.not {
			if strings.Contains(detail, s) {
				t.Errorf("%s: detail names the other scheme's %q:\n%s", scheme, s, detail)
			}
		}
	}
}
