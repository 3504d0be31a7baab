package policy

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
)

func TestPathOf(t *testing.T) {
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
		got, ok := PathOf(pointer, "")
		if !ok || got.String() != want {
			t.Errorf("%s → %s (%v), want %s", pointer, got, ok, want)
		}
	}
	for _, pointer := range []string{"", "/account_id", "/foo/0"} {
		if _, ok := PathOf(pointer, ""); ok {
			t.Errorf("%q mapped to a path", pointer)
		}
	}
}

// Every attribute of the policy schema, at any depth, is found from the
// pointer the API would send for it, lists and wire names included.
func TestPathOf_EveryAttributeOfTheSchema(t *testing.T) {
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
			if got, ok := PathOf(p, "candidate"); !ok || !got.Equal(want) {
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
				if got, _ := PathOf(p+"/1", "candidate"); !got.Equal(want.AtListIndex(1)) {
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
