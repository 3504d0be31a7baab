# A candidate that refers to a group created in the same run: its id is
# known only during apply, so the gate is read then. The deploying resource
# (terraform_data standing in for cloudflare_zero_trust_access_policy)
# refers to the gate and is therefore never created when the gate fails.

variable "account_id" {
  type = string
}

resource "terraform_data" "new_group" {
  input = "contractors"
}

locals {
  candidate = [
    {
      name     = "Employees with MFA, and the new group"
      decision = "allow"
      include = [
        { email_domain = { domain = "example.com" } },
        { group = { id = terraform_data.new_group.output } },
      ]
      require = [{ auth_method = { auth_method = "mfa" } }]
    },
  ]
}

data "cloudflarezt_access_policy_change" "gate" {
  account_id = var.account_id
  current    = [{ id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }]
  candidate  = local.candidate

  lifecycle {
    postcondition {
      condition     = self.unexpected_newly_blocked_count + self.unexpected_newly_approved_count == 0
      error_message = self.summary
    }
  }
}

resource "terraform_data" "deploy" {
  input = local.candidate

  lifecycle {
    precondition {
      condition     = data.cloudflarezt_access_policy_change.gate.unexpected_newly_blocked_count + data.cloudflarezt_access_policy_change.gate.unexpected_newly_approved_count == 0
      error_message = data.cloudflarezt_access_policy_change.gate.summary
    }
  }
}

check "access_change_tested_in_plan" {
  assert {
    condition     = data.cloudflarezt_access_policy_change.gate.candidate_test.status == "complete"
    error_message = "The policy change was not tested."
  }
}
