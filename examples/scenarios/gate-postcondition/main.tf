variable "account_id" {
  description = "The Cloudflare account whose users the policies are tested against (with TF_VAR_account_id in CI)."
  type        = string
}

variable "max_blocked_percent" {
  description = "The share of tested users, in percent, that the candidate may block before the apply fails."
  type        = number
  default     = 50
}

# The apply fails, and the pipeline stops, when the candidate would block
# more than the allowed share of users.
resource "cloudflarezt_access_policy_test" "gate" {
  account_id = var.account_id

  policies = [{
    name     = "Everyone but embargoed countries"
    decision = "allow"
    include  = [{ everyone = {} }]
    exclude  = [{ geo = { country_code = "KP" } }]
  }]

  lifecycle {
    postcondition {
      condition     = self.status == "complete"
      error_message = "The policy test did not complete (status: ${self.status}); its numbers cannot be trusted."
    }
    postcondition {
      condition     = self.percent_blocked <= var.max_blocked_percent
      error_message = "This change would block ${self.users_blocked} users (${self.percent_blocked}%), more than the ${var.max_blocked_percent}% allowed."
    }
  }
}
