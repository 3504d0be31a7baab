variable "account_id" {
  type = string
}

# Would contractors still get in if we required MFA and kept out one country?
resource "cloudflarezt_access_policy_test" "contractors" {
  account_id = var.account_id

  policies = [{
    name             = "Contractors"
    decision         = "allow"
    include          = [{ email_domain = { domain = "contractors.example.com" } }]
    require          = [{ auth_method = { auth_method = "mfa" } }]
    exclude          = [{ geo = { country_code = "KP" } }]
    session_duration = "8h"
  }]

  lifecycle {
    # First: partial numbers (`blocked`, `exceeded time`) never pass a gate.
    postcondition {
      condition     = self.status == "complete"
      error_message = "The policy test did not complete (status: ${self.status}); its numbers cover only part of the users."
    }
    postcondition {
      condition     = self.users_approved > 0
      error_message = "With this change no contractor would get in: ${self.users_blocked} of ${self.total_users} users blocked."
    }
  }
}

output "contractors_blocked" {
  value = "${cloudflarezt_access_policy_test.contractors.users_blocked} of ${cloudflarezt_access_policy_test.contractors.total_users} users blocked (${cloudflarezt_access_policy_test.contractors.percent_blocked}%)"
}
