# The demo `make demo` applies against the local emulator and its sample
# directory of 18 users (12 employees on example.com, a break-glass account
# among them, and 6 contractors).

terraform {
  required_providers {
    cloudflarezt = {
      source = "cloudflarezt/cloudflarezt"
    }
  }
}

variable "account_id" {
  type    = string
  default = "0123456789abcdef0123456789abcdef"
}

variable "enforce_gate" {
  type        = bool
  default     = true
  description = "Whether the postcondition stops candidates that block too many users."
}

locals {
  max_blocked = 2

  candidates = {
    # Everyone may come in, except from an embargoed country.
    balanced = {
      name     = "Everyone outside embargoed countries"
      decision = "allow"
      include  = [{ everyone = {} }]
      exclude  = [{ geo = { country_code = "KP" } }]
    }
    # Only low-risk users with MFA and an encrypted disk: too strict.
    strict = {
      name     = "Low-risk, MFA, encrypted disk"
      decision = "allow"
      include  = [{ everyone = {} }]
      require = [
        { auth_method = { auth_method = "mfa" } },
        { device_posture = { integration_uid = "posture-disk-encryption" } },
        { user_risk_score = { user_risk_score = ["low"] } },
      ]
    }
  }
}

resource "cloudflarezt_access_policy_test" "candidate" {
  for_each   = local.candidates
  account_id = var.account_id
  policies   = [each.value]

  lifecycle {
    postcondition {
      condition     = !var.enforce_gate || self.users_blocked <= local.max_blocked
      error_message = "Candidate \"${each.key}\" would block ${self.users_blocked} of ${self.total_users} users (${self.percent_blocked}%); at most ${local.max_blocked} are allowed."
    }
  }
}

data "cloudflarezt_access_policy_test_users" "blocked" {
  for_each       = cloudflarezt_access_policy_test.candidate
  account_id     = var.account_id
  policy_test_id = each.value.id
  status         = "blocked"
}

output "summary" {
  value = join("\n", [for name, t in cloudflarezt_access_policy_test.candidate : format(
    "%-9s %-9s approved %2d (%3d%%)   blocked %2d (%3d%%)   errored %d (%d%%)\n          blocked: %s",
    name, t.status, t.users_approved, t.percent_approved, t.users_blocked, t.percent_blocked, t.users_errored, t.percent_errored,
    join(", ", [for u in data.cloudflarezt_access_policy_test_users.blocked[name].users : u.email]),
  )])
}
