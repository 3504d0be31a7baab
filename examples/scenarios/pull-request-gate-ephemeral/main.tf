# The pull-request gate that writes nobody's name down (Terraform 1.10 and
# OpenTofu 1.11 and later): `terraform plan` opens the ephemeral gate, which
# tests today's policies and the candidate and fails by itself, naming
# anyone whose access would change without being expected to. Terraform keeps
# its result in no plan file and no state. A reviewed change lands by naming
# the people or domains it means to change in `expected_newly_*`.

variable "account_id" {
  description = "The Cloudflare account whose users the policies are tested against (with TF_VAR_account_id in CI)."
  type        = string
}

locals {
  # What the application uses today: reusable policies, which at plan time
  # still hold their live version.
  live_policy_ids = [
    "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", # Employees
    "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e", # Block embargoed countries
  ]

  # The change under review. Share this value with the
  # cloudflare_zero_trust_access_policy that deploys it.
  candidate = [
    {
      name     = "Employees with MFA"
      decision = "allow"
      include  = [{ email_domain = { domain = "example.com" } }]
      require  = [{ auth_method = { auth_method = "mfa" } }]
    },
    { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
  ]
}

ephemeral "cloudflarezt_access_policy_change" "gate" {
  account_id = var.account_id
  current    = [for id in local.live_policy_ids : { id = id }]
  candidate  = local.candidate

  # Whom this change means to lock out or let in, once reviewed:
  # emails, or whole domains as "*@contractors.example.com".
  expected_newly_blocked  = []
  expected_newly_approved = []
}

# Stands in for the cloudflare_zero_trust_access_policy that deploys the
# candidate. Its precondition refers to the gate, so the apply opens the gate
# first, with every value known, and the policy does not change when it fails.
resource "terraform_data" "deploy" {
  input = local.candidate

  lifecycle {
    precondition {
      condition     = ephemeral.cloudflarezt_access_policy_change.gate.unexpected_newly_blocked_count + ephemeral.cloudflarezt_access_policy_change.gate.unexpected_newly_approved_count == 0
      error_message = "The access change gate did not pass."
    }
  }
}

# When the candidate is known only during apply, Terraform cannot open the
# gate during the plan and this assertion warns ("known after apply"), so a
# plan that did not test the change never passes in silence.
check "access_change_tested_in_plan" {
  assert {
    # (No candidate test: the lists are the same, or the candidate has no
    # policies; either way there was nothing to test.)
    condition     = ephemeral.cloudflarezt_access_policy_change.gate.candidate_test == null ? true : ephemeral.cloudflarezt_access_policy_change.gate.candidate_test.status == "complete"
    error_message = "The policy change was not tested."
  }
}
