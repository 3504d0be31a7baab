package policytests

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

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

// An answer with thousands of pointed errors gives a bounded number of
// diagnostics, each with its own message only, and none of them shows the
// token the server echoes back.
func TestAPIError_DiagnosticsBoundedAndRedacted(t *testing.T) {
	const token = "tok-3cho3d-back-9f8e7d6c"
	for _, entries := range []int{1, 5, 2000, 4000} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var errs []string
			for i := range entries {
				errs = append(errs, fmt.Sprintf(`{"code":%d,"message":"field %d is wrong (you sent %s) %s","source":{"pointer":"/policies/%d/name"}}`,
					12000+i, i, r.Header.Get("Authorization"), strings.Repeat("x", 200), i))
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = fmt.Fprintf(w, `{"success":false,"errors":[%s],"messages":[]}`, strings.Join(errs, ","))
		}))
		c, err := client.New(client.Config{BaseURL: srv.URL, APIToken: token, RequestsPerSecond: 1000})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.StartPolicyTest(context.Background(), "0123456789abcdef0123456789abcdef", client.PolicyTestRequest{})
		srv.Close()
		var diags diag.Diagnostics
		addAPIError(&diags, failedCall{summary: "Unable to Start Policy Test", accountID: "acc", permission: writePermission, scheme: client.SchemeAPIToken}, err)

		wantDiags := min(entries, maxAttributeDiagnostics)
		if entries > maxAttributeDiagnostics {
			wantDiags++ // "… more attributes than shown"
		}
		if len(diags) != wantDiags {
			t.Errorf("%d entries: %d diagnostics, want %d", entries, len(diags), wantDiags)
		}
		if more := entries - maxAttributeDiagnostics; more > 0 && !strings.Contains(diags[len(diags)-1].Detail(), fmt.Sprintf("reported %d more errors", more)) {
			t.Errorf("%d entries: last diagnostic %q does not count the %d others", entries, diags[len(diags)-1].Detail(), more)
		}
		size := 0
		for i, d := range diags {
			size += len(d.Detail())
			if strings.Contains(d.Detail(), token) {
				t.Fatalf("%d entries: diagnostic %d shows the token", entries, i)
			}
			if i < maxAttributeDiagnostics && i < entries && strings.Count(d.Detail(), "is wrong") != 1 {
				t.Errorf("%d entries: diagnostic %d carries %d messages, want its own only", entries, i, strings.Count(d.Detail(), "is wrong"))
			}
		}
		if size > 16<<10 {
			t.Errorf("%d entries: %d bytes of diagnostics", entries, size)
		}
	}
}
