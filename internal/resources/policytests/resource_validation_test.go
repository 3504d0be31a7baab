package policytests_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// policyCases are invalid policies, testdata/invalid_policies/<name>.tf:
// each fails at plan time naming the attribute, in the resource and in the
// data source alike.
var policyCases = []struct{ name, want string }{
	{"no_policies", `policies list must contain at least 1 elements`},
	{"id_and_inline", `"policies\[0\]\.(name|decision|include)" cannot be specified when "policies\[0\]\.id" is specified`},
	{"neither_id_nor_name", `policies\[0\] is neither a reusable policy nor an inline policy`},
	{"id_empty", `policies\[1\]\.id string length must be between 1 and 64, got: 0`},
	{"id_white_space", `policies\[1\]\.id must not contain white space`},
	{"id_too_long", `policies\[0\]\.id string length must be between 1 and 64, got: 65`},
	{"no_decision", `"policies\[0\]\.decision" must be specified when "policies\[0\]\.name"`},
	{"no_include", `"policies\[0\]\.include" must be specified when "policies\[0\]\.name"`},
	{"decision_without_name", `(?s)"policies\[0\]\.name" must be specified when "policies\[0\]\.decision".*neither a reusable policy nor an inline policy|(?s)neither a reusable policy nor an inline policy.*"policies\[0\]\.name" must be specified when "policies\[0\]\.decision"`},
	{"empty_include", `policies\[0\]\.include list must contain at least 1 elements`},
	{"decision_enum", `policies\[0\]\.decision value must be one of`},
	{"two_rule_types", `policies\[0\]\.include\[0\] sets 2 rule types \(certificate, everyone\)`},
	{"no_rule_type", `policies\[0\]\.include\[1\] sets no rule type`},
	{"email", `policies\[0\]\.include\[0\]\.email\.email must be an email address`},
	{"ip", `policies\[0\]\.require\[0\]\.ip\.ip must be an IPv4 or IPv6`},
	{"session_duration", `policies\[0\]\.session_duration must be a duration`},
	{"negative_session_duration", `policies\[0\]\.session_duration must be a duration of zero or more, got "-8h"`},
	{"negative_mfa_duration", `policies\[0\]\.mfa_config\.session_duration must be whole minutes or hours such as 30m or 12h, got "-5m"`},
	{"mfa_duration_range", `policies\[0\]\.mfa_config\.session_duration must be whole minutes or hours between 0m and 720h`},
	{"mfa_duration_unit", `policies\[0\]\.mfa_config\.session_duration must be whole minutes or hours`},
	{"authenticator", `policies\[0\]\.mfa_config\.allowed_authenticators\[1\] value must be one of`},
	{"clipboard", `policies\[0\]\.connection_rules\.rdp\.allowed_clipboard_local_to_remote_formats\[0\] value must be one of`},
	{"risk_level", `policies\[0\]\.require\[0\]\.user_risk_score\.user_risk_score\[0\] value must be one of`},
	{"risk_empty", `policies\[0\]\.require\[0\]\.user_risk_score\.user_risk_score list must contain at least 1`},
	{"approvals_needed", `policies\[0\]\.approval_groups\[0\]\.approvals_needed value must be at least 0`},
	{"approver_email", `policies\[0\]\.approval_groups\[0\]\.email_addresses\[0\] must be an email address`},
	{"missing_inner_field", `attribute "identity_provider_id" is required`},
	{"account_member_id", `policies\[0\]\.include\[0\]\.cloudflare_account_member\.account_id string length must be at most 32`},
	{"device_posture_account_id", `policies\[0\]\.include\[0\]\.device_posture\.account_id string length must be at most 32`},
}

// invalidCase is a configuration (a fixture, or fixtures joined) with its
// variables, and the error it must fail with.
type invalidCase struct {
	config string
	vars   config.Variables
	want   string
}

// expectInvalid plans each configuration and expects its error.
func expectInvalid(t *testing.T, cases map[string]invalidCase) {
	t.Helper()
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:          c.config,
					ConfigVariables: acctest.Variables(c.vars),
					PlanOnly:        true,
					ExpectError:     regexp.MustCompile(`(?s)` + strings.ReplaceAll(c.want, " ", `\s+`)),
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
	contractors := env.Config(t, "contractors.tf")
	str := func(name, value string) config.Variables { return config.Variables{name: config.StringVariable(value)} }
	cases := map[string]invalidCase{
		"account id":            {contractors, str("account_id", "0123456789ABCDEF0123456789ABCDEF"), `account_id.*32 lowercase hexadecimal`},
		"timeout":               {contractors, str("create_timeout", "soon"), `Time Duration.*"soon" must be a string containing a sequence of decimal numbers`},
		"zero timeout":          {contractors, str("create_timeout", "0s"), `Invalid Timeout.*timeouts\.create must be a positive duration such as "20m", got "0s"`},
		"negative read timeout": {contractors, str("read_timeout", "-5m"), `Invalid Timeout.*timeouts\.read must be a positive duration such as "20m", got "-5m"`},
	}
	for _, c := range policyCases {
		cases[c.name] = invalidCase{env.Config(t, "invalid_policy_resource.tf") + acctest.Fixture(t, "invalid_policies/"+c.name+".tf"), nil, c.want}
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
			Config:          env.Config(t, "unknown_reusable_policy.tf"),
			ConfigVariables: acctest.Variables(nil),
			ExpectError:     regexp.MustCompile(`(?s)Unable to Start Policy Test.*Cloudflare rejected policies\[1\].*HTTP 400.*\[12131\] reusable policy.*was not found.*\(at\s+/policies/1\).*Account: ` + acctest.AccountID),
		}},
	})
}

func TestAccAccessPolicyTest_UnauthorizedNamesCredentialsAndPermission(t *testing.T) {
	env := acctest.New(t, emulator.Options{Tokens: map[string]string{"read-only-token": "read"}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.ProviderBlockWith(`api_token = "read-only-token"`) + acctest.Fixture(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(nil),
			ExpectError:     regexp.MustCompile(`(?s)Unable to Start Policy Test.*HTTP 403.*\[10000\].*authenticated\s+with\s+an\s+API\s+token.*CLOUDFLARE_API_TOKEN.*Access:\s+Policy\s+Test\s+Write`),
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

// A reusable policy id that is not a UUID gets a warning naming the
// attribute and reaches the wire unchanged, as a bare string; the API's
// answer that it knows no such policy is mapped to the policy element.
func TestAccAccessPolicyTest_NonUUIDReusablePolicyIDWarnsAndIsSent(t *testing.T) {
	const id = "6c1f0a528d3e4b7a9f213e5d7c9a1b206c1f0a528d3e4b7a9f213e5d7c9a1b20"
	env := acctest.New(t, emulator.Options{})
	cli := acctest.NewCLI(t, env.Config(t, "hex_reusable_policy.tf"))
	out, err := cli.Run("plan", "-no-color", "-input=false", "-var", "account_id="+acctest.AccountID)
	plain := acctest.Plain(out)
	if err == nil {
		t.Fatalf("the plan passed with a policy the account does not have:\n%s", out)
	}
	for _, want := range []string{
		"Warning: Unusual Attribute Value",
		`Attribute policies[1].id is "` + id + `", which is not the UUID of a reusable Access policy. It is sent as it is`,
		"Error: Unable to Start Policy Test",
		`Cloudflare rejected policies[1]: HTTP 400: [12131] reusable policy "` + id + `" was not found in this account (at /policies/1)`,
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("the plan does not say %q:\n%s", want, out)
		}
	}
	starts := env.Starts()
	if len(starts) != 1 {
		t.Fatalf("%d start calls, want 1", len(starts))
	}
	body, _ := starts[0].Body.(map[string]any)
	policies, _ := body["policies"].([]any)
	if len(policies) != 2 || policies[1] != id {
		t.Errorf("policies on the wire = %v, want the id as a bare string second", policies)
	}
}
