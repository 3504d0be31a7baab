package accesspolicytest

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// apiCall says which call failed and on what, for the diagnostic detail.
type apiCall struct {
	summary    string // Title Case, e.g. "Unable to Start Policy Test"
	accountID  string
	testID     string
	permission string // the token permission this call needs
	scheme     string // the credential scheme in use
}

// addAPIError turns a client error into diagnostics: one per source
// pointer, on the attribute it names, or one general error.
func addAPIError(diags *diag.Diagnostics, call apiCall, err error) {
	detail := call.detail(err)
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		mapped := false
		for _, pointer := range apiErr.Pointers() {
			if at, ok := pointerToPath(pointer); ok {
				// The CLI shows the configuration line, not the path: say it.
				diags.AddAttributeError(at, call.summary, fmt.Sprintf("Cloudflare rejected %s: %s", at, detail))
				mapped = true
			}
		}
		if mapped {
			return
		}
	}
	diags.AddError(call.summary, detail)
}

func (c apiCall) detail(err error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v\n\nAccount: %s", err, c.accountID)
	if c.testID != "" {
		fmt.Fprintf(&b, "\nPolicy test: %s", c.testID)
	}
	var rateErr *client.RateLimitedError
	switch status := client.StatusCode(err); {
	case errors.As(err, &rateErr):
		b.WriteString("\n\nWait for the rate limit to reset (Cloudflare blocks a user for up to five minutes after 1,200 requests in five minutes), lower `requests_per_second`, or raise `timeouts.create`.")
	case status == http.StatusUnauthorized || status == http.StatusForbidden || (status == http.StatusBadRequest && hasAuthCode(err)):
		fmt.Fprintf(&b, "\n\nThe provider authenticated with an %s (the `api_token` / CLOUDFLARE_API_TOKEN or `api_key` + `email` / CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL settings). "+
			"Check that it is valid and has the `%s` permission on account %s.", c.scheme, c.permission, c.accountID)
	case status == http.StatusNotFound:
		b.WriteString("\n\nCloudflare does not know this policy test in this account: the id or account is wrong, or the test expired.")
	}
	return b.String()
}

func hasAuthCode(err error) bool {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	for _, code := range apiErr.Codes() {
		if code == 6003 || code == 10000 || (code >= 6100 && code < 6200) {
			return true
		}
	}
	return false
}

// pointerToPath maps a JSON pointer such as /policies/1/include/0/azureAD/id
// to the attribute path policies[1].include[0].azure_ad.id.
func pointerToPath(pointer string) (path.Path, bool) {
	segments := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	if len(segments) == 0 || segments[0] != "policies" {
		return path.Empty(), false
	}
	at := path.Root("policies")
	expectIndex := true
	prev := ""
	for _, seg := range segments[1:] {
		seg = strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
		if expectIndex {
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 {
				return at, true
			}
			at = at.AtListIndex(i)
			expectIndex = false
			continue
		}
		if rt, ok := ruleByWire(seg); ok && (prev == "include" || prev == "exclude" || prev == "require") {
			seg = rt.name
		}
		at = at.AtName(seg)
		switch seg {
		case "include", "exclude", "require", "approval_groups", "email_addresses",
			"allowed_authenticators", "allowed_clipboard_local_to_remote_formats", "allowed_clipboard_remote_to_local_formats":
			expectIndex = true
		case "user_risk_score":
			// The rule type and its one parameter share this name; only the
			// parameter is a list.
			expectIndex = prev == "user_risk_score"
		}
		prev = seg
	}
	return at, true
}
