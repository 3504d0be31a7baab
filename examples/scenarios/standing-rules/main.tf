# Standing rules on every application's gate. A reviewed reorganisation
# accepts every employee losing access (expected_newly_blocked covers
# *@example.com), yet the plan still fails: the candidate locks out the
# break-glass account that rules.tf says must always get in.

variable "account_id" {
  description = "The Cloudflare account whose users the policies are tested against (with TF_VAR_account_id in CI)."
  type        = string
}

locals {
  # Each application's policies today (reusable policy ids) and as the
  # change would leave them. With the official provider, build this from
  # cloudflare_zero_trust_access_application and
  # cloudflare_zero_trust_access_policy as the guide shows.
  applications = {
    payroll = {
      current = [
        "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", # Employees
        "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e", # Block embargoed countries
      ]
      # The reorganisation: only the Engineering group from now on.
      candidate = [
        {
          name     = "Engineering"
          decision = "allow"
          include  = [{ group = { id = "5b0e2d1c-3a4f-4e6b-9c8d-7f1a2b3c4d5e" } }]
        },
        { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
      ]
    }
  }
}

data "cloudflarezt_access_policy_change" "gate" {
  for_each = local.applications

  account_id = var.account_id
  current    = [for id in each.value.current : { id = id }]
  candidate  = each.value.candidate

  # The reviewers accept the reorganisation...
  expected_newly_blocked = ["*@example.com"]
  # ...but not what the security team's rules forbid.
  always_approved = local.standing_rules.always_approved
  never_approved  = local.standing_rules.never_approved
  exceptions      = local.rule_exceptions

  lifecycle {
    postcondition {
      condition     = self.unexpected_newly_blocked_count + self.unexpected_newly_approved_count == 0
      error_message = "Application ${each.key}: ${self.summary}"
    }
  }
}
