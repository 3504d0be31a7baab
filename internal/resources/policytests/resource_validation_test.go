package policytests_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// inline wraps policy arguments into one inline policy with a valid include
// unless the arguments bring their own.
func inline(args string) string {
	if !strings.Contains(args, "include") {
		args += "\n      include = [{ everyone = {} }]"
	}
	return "  policies = [{\n      name = \"p\"\n      decision = \"allow\"\n      " + args + "\n  }]"
}

// policyCases are invalid policies: each fails at plan time naming the
// attribute, in the resource and in the data source alike. policies is the
// owner's `policies = ...` argument.
var policyCases = []struct{ name, policies, want string }{
	{"no policies", "  policies = []", `policies list must contain at least 1 elements`},
	{"id and inline", `  policies = [{ id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", name = "p", decision = "allow", include = [{ everyone = {} }] }]`, `"policies\[0\]\.(name|decision|include)" cannot be specified when "policies\[0\]\.id" is specified`},
	{"neither id nor name", `  policies = [{ session_duration = "8h" }]`, `policies\[0\] is neither a reusable policy nor an inline policy`},
	{"id not a uuid", `  policies = [{ name = "p", decision = "allow", include = [{ everyone = {} }] }, { id = "employees" }]`, `policies\[1\]\.id.*UUID of a reusable Access policy`},
	{"no decision", `  policies = [{ name = "p", include = [{ everyone = {} }] }]`, `"policies\[0\]\.decision" must be specified when "policies\[0\]\.name"`},
	{"no include", `  policies = [{ name = "p", decision = "allow" }]`, `"policies\[0\]\.include" must be specified when "policies\[0\]\.name"`},
	{"decision without name", `  policies = [{ decision = "allow", include = [{ everyone = {} }] }]`, `(?s)"policies\[0\]\.name" must be specified when "policies\[0\]\.decision".*neither a reusable policy nor an inline policy|(?s)neither a reusable policy nor an inline policy.*"policies\[0\]\.name" must be specified when "policies\[0\]\.decision"`},
	{"empty include", inline(`include = []`), `policies\[0\]\.include list must contain at least 1 elements`},
	{"decision enum", `  policies = [{ name = "p", decision = "permit", include = [{ everyone = {} }] }]`, `policies\[0\]\.decision value must be one of`},
	{"two rule types", inline(`include = [{ everyone = {}, certificate = {} }]`), `policies\[0\]\.include\[0\] sets 2 rule types \(certificate, everyone\)`},
	{"no rule type", inline(`include = [{ everyone = {} }, {}]`), `policies\[0\]\.include\[1\] sets no rule type`},
	{"email", inline(`include = [{ email = { email = "alice" } }]`), `policies\[0\]\.include\[0\]\.email\.email must be an email address`},
	{"ip", inline(`require = [{ ip = { ip = "10.0.0.0/33" } }]`), `policies\[0\]\.require\[0\]\.ip\.ip must be an IPv4 or IPv6`},
	{"session duration", inline(`session_duration = "1 day"`), `policies\[0\]\.session_duration must be a duration`},
	{"negative session duration", inline(`session_duration = "-8h"`), `policies\[0\]\.session_duration must be a duration of zero or more, got "-8h"`},
	{"negative mfa duration", inline(`mfa_config = { session_duration = "-5m" }`), `policies\[0\]\.mfa_config\.session_duration must be whole minutes or hours such as 30m or 12h, got "-5m"`},
	{"mfa duration range", inline(`mfa_config = { session_duration = "721h" }`), `policies\[0\]\.mfa_config\.session_duration must be whole minutes or hours between 0m and 720h`},
	{"mfa duration unit", inline(`mfa_config = { session_duration = "90s" }`), `policies\[0\]\.mfa_config\.session_duration must be whole minutes or hours`},
	{"authenticator", inline(`mfa_config = { allowed_authenticators = ["totp", "sms"] }`), `policies\[0\]\.mfa_config\.allowed_authenticators\[1\] value must be one of`},
	{"clipboard", inline(`connection_rules = { rdp = { allowed_clipboard_local_to_remote_formats = ["image"] } }`), `policies\[0\]\.connection_rules\.rdp\.allowed_clipboard_local_to_remote_formats\[0\] value must be one of`},
	{"risk level", inline(`require = [{ user_risk_score = { user_risk_score = ["extreme"] } }]`), `policies\[0\]\.require\[0\]\.user_risk_score\.user_risk_score\[0\] value must be one of`},
	{"risk empty", inline(`require = [{ user_risk_score = { user_risk_score = [] } }]`), `policies\[0\]\.require\[0\]\.user_risk_score\.user_risk_score list must contain at least 1`},
	{"approvals needed", inline(`approval_groups = [{ approvals_needed = -1 }]`), `policies\[0\]\.approval_groups\[0\]\.approvals_needed value must be at least 0`},
	{"approver email", inline(`approval_groups = [{ approvals_needed = 1, email_addresses = ["lead"] }]`), `policies\[0\]\.approval_groups\[0\]\.email_addresses\[0\] must be an email address`},
	{"missing inner field", inline(`include = [{ okta = { name = "Engineering" } }]`), `attribute "identity_provider_id" is required`},
	{"account member id", inline(`include = [{ cloudflare_account_member = { account_id = "0123456789abcdef0123456789abcdef0" } }]`), `policies\[0\]\.include\[0\]\.cloudflare_account_member\.account_id string length must be at most 32`},
	{"device posture account id", inline(`include = [{ device_posture = { integration_uid = "p", account_id = "0123456789abcdef0123456789abcdef0" } }]`), `policies\[0\]\.include\[0\]\.device_posture\.account_id string length must be at most 32`},
}

// expectInvalid plans each configuration and expects its error.
func expectInvalid(t *testing.T, cases map[string][2]string) {
	t.Helper()
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      c[0],
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(`(?s)` + strings.ReplaceAll(c[1], " ", `\s+`)),
				}},
			})
		})
	}
}

// noRequests fails t when anything reached the API.
func noRequests(t *testing.T, env *acctest.Env) {
	t.Cleanup(func() {
		if n := len(env.Requests()); n != 0 {
			t.Errorf("invalid configurations sent %d requests to the API", n)
		}
	})
}

// Every invalid configuration fails at plan time, naming the attribute, and
// not one request reaches the API.
func TestAccAccessPolicyTest_InvalidConfigurations(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	noRequests(t, env)
	cases := map[string][2]string{
		"account id":            {strings.Replace(testConfig(env, contractors), acctest.AccountID, "0123456789ABCDEF0123456789ABCDEF", 1), `account_id.*32 lowercase hexadecimal`},
		"timeout":               {testConfig(env, contractors+"\n  timeouts = { create = \"soon\" }"), `Time Duration.*"soon" must be a string containing a sequence of decimal numbers`},
		"zero timeout":          {testConfig(env, contractors+"\n  timeouts = { create = \"0s\" }"), `Invalid Timeout.*timeouts\.create must be a positive duration such as "20m", got "0s"`},
		"negative read timeout": {testConfig(env, contractors+"\n  timeouts = { read = \"-5m\" }"), `Invalid Timeout.*timeouts\.read must be a positive duration such as "20m", got "-5m"`},
	}
	for _, c := range policyCases {
		cases[c.name] = [2]string{testConfig(env, c.policies), c.want}
	}
	expectInvalid(t, cases)
}

// API errors quote Cloudflare's code and message, on the attribute the
// source pointer names.
func TestAccAccessPolicyTest_APIErrorNamesAttribute(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: testConfig(env, `
  policies = [
    { name = "p", decision = "allow", include = [{ everyone = {} }] },
    { id = "00000000-0000-4000-8000-000000000000" },
  ]`),
			ExpectError: regexp.MustCompile(`(?s)Unable to Start Policy Test.*Cloudflare rejected policies\[1\].*HTTP 400.*\[12131\] reusable policy.*was not found.*\(at\s+/policies/1\).*Account: ` + acctest.AccountID),
		}},
	})
}

func TestAccAccessPolicyTest_UnauthorizedNamesCredentialsAndPermission(t *testing.T) {
	env := acctest.New(t, emulator.Options{Tokens: map[string]string{"read-only-token": "read"}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.ProviderBlockWith(`api_token = "read-only-token"`) + fmt.Sprintf(`
resource "cloudflarezt_access_policy_test" "t" {
  account_id = %q
%s
}`, acctest.AccountID, contractors),
			ExpectError: regexp.MustCompile(`(?s)Unable to Start Policy Test.*HTTP 403.*\[10000\].*authenticated\s+with\s+an\s+API\s+token.*CLOUDFLARE_API_TOKEN.*Access:\s+Policy\s+Test\s+Write`),
		}},
	})
}

// An account the credentials cannot reach fails at apply with Cloudflare's
// answer, the account and the permission the token needs there.
func TestAccAccessPolicyTest_WrongAccountNamesAccountAndPermission(t *testing.T) {
	const otherAccount = "fedcba9876543210fedcba9876543210"
	env := acctest.New(t, emulator.Options{Account: acctest.AccountID})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "other_account.tf"),
			ConfigVariables: config.Variables{"account_id": config.StringVariable(otherAccount)},
			ExpectError: regexp.MustCompile(`(?s)Unable to Start Policy Test.*HTTP 403.*\[9109\] Unauthorized to access requested resource.*Account: ` + otherAccount +
				`.*authenticated\s+with\s+an\s+API\s+token.*Access:\s+Policy\s+Test\s+Write.*on\s+account\s+` + otherAccount),
		}},
	})
	if len(env.TestIDs()) != 0 {
		t.Errorf("a test was started in another account: %v", env.TestIDs())
	}
}

// An error deep inside a policy points at that policy's lines: Terraform
// shows source only for a top-level attribute or one element of it, and
// the resource's first line for anything deeper.
func TestAccAccessPolicyTest_ErrorsPointAtThePolicy(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	noRequests(t, env)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "policy_element_errors.tf"),
			ConfigVariables: config.Variables{"account_id": config.StringVariable(acctest.AccountID), "approver": config.StringVariable("lead")},
			PlanOnly:        true,
			ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Value.*in resource "cloudflarezt_access_policy_test" "t":\s+\d+:\s+\{\s+\d+:\s+name\s+=\s+"Second"` +
				`.*policies\[1\]\.approval_groups\[0\]\.email_addresses\[0\] must be an\s+email\s+address`),
		}},
	})
}
