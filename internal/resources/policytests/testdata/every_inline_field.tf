variable "account_id" {
  type = string
}

# Every inline policy field, reusable policies by id between inline ones,
# and empty lists and objects; every_inline_field_wire.json is the start
# call's body.
resource "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id

  policies = [
    { id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
    {
      name              = "Contractors via Okta, MFA, low risk"
      decision          = "allow"
      include           = [{ email_domain = { domain = "contractors.example.com" } }, { email = { email = "auditor@partner.example" } }]
      exclude           = [{ geo = { country_code = "KP" } }]
      require           = [{ auth_method = { auth_method = "mfa" } }, { user_risk_score = { user_risk_score = ["low", "unscored"] } }]
      approval_required = true
      approval_groups = [
        { approvals_needed = 1, email_addresses = ["security-lead@example.com"] },
        { approvals_needed = 2.5, email_list_uuid = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" },
      ]
      isolation_required             = false
      purpose_justification_required = true
      purpose_justification_prompt   = "Which ticket are you working on?"
      session_duration               = "8h"
      connection_rules = { rdp = {
        allowed_clipboard_local_to_remote_formats = ["text"]
        allowed_clipboard_remote_to_local_formats = []
      } }
      mfa_config = { allowed_authenticators = ["totp", "security_key"], mfa_disabled = false, session_duration = "12h" }
    },
    { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
    { name = "bare", decision = "deny", include = [{ everyone = {} }], exclude = [], connection_rules = {}, mfa_config = {} },
  ]
}
