variable "account_id" {
  type = string
}

# Each of the 26 rule types once, under the official provider's attribute
# names; all_rule_types_wire.json is the same as the API contract spells it.
locals {
  rules = [
    { group = { id = "g" } },
    { any_valid_service_token = {} },
    { auth_context = { id = "ctx", ac_id = "c1", identity_provider_id = "idp" } },
    { auth_method = { auth_method = "mfa" } },
    { azure_ad = { id = "a", identity_provider_id = "idp" } },
    { certificate = {} },
    { common_name = { common_name = "device-123.corp.example" } },
    { geo = { country_code = "US" } },
    { device_posture = { integration_uid = "p" } },
    { email_domain = { domain = "example.com" } },
    { email_list = { id = "l" } },
    { email = { email = "alice@example.com" } },
    { everyone = {} },
    { external_evaluation = { evaluate_url = "https://eval.example.com/", keys_url = "https://eval.example.com/keys" } },
    { github_organization = { identity_provider_id = "idp", name = "example-org", team = "platform" } },
    { gsuite = { email = "devs@example.com", identity_provider_id = "idp" } },
    { login_method = { id = "idp" } },
    { ip_list = { id = "l" } },
    { ip = { ip = "203.0.113.0/24" } },
    { okta = { identity_provider_id = "idp", name = "Engineering" } },
    { saml = { attribute_name = "department", attribute_value = "eng", identity_provider_id = "idp" } },
    { oidc = { claim_name = "groups", claim_value = "admins", identity_provider_id = "idp" } },
    { service_token = { token_id = "t" } },
    { linked_app_token = { app_uid = "app" } },
    { user_risk_score = { user_risk_score = ["low", "unscored"] } },
    { cloudflare_account_member = { account_id = "023e105f4ecef8ad9ca31a8372d0c353" } },
  ]
}

resource "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id

  policies = [{
    name     = "every rule type"
    decision = "bypass"
    include  = local.rules
    exclude  = local.rules
    require  = local.rules
  }]
}
