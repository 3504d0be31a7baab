package policytests

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

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
		addAPIError(&diags, apiCall{summary: "Unable to Start Policy Test", accountID: "acc", permission: writePermission, scheme: scheme}, denied)
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
