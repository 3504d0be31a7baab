# The migration guard: for every Access application a change touches, test
# its policy list as deployed against the list the change plans. A
# migration that drops an application's policy attachments (an empty or
# shortened list) fails the plan naming the application and everyone who
# would lose access; an unchanged list passes.

variable "account_id" {
  description = "The Cloudflare account whose users the policies are tested against (with TF_VAR_account_id in CI)."
  type        = string
}

# Per application, its reusable policies in order of precedence: as
# deployed, and as the change plans them. With the official provider,
# `deployed` is [for p in data.cloudflare_zero_trust_access_application.<app>.policies : p.id]
# and `planned` the ids the configuration gives that application's
# cloudflare_zero_trust_access_application `policies` (see the guide).
variable "applications" {
  description = "Each application's reusable policy ids as deployed and as the change plans them (see the comment above)."
  type = map(object({
    deployed = list(string)
    planned  = list(string)
  }))
  default = {
    wiki = {
      deployed = ["0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e"]
      planned  = ["0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e"]
    }
  }
}

data "cloudflarezt_access_policy_change" "attachments" {
  for_each = var.applications

  account_id = var.account_id
  current    = [for id in each.value.deployed : { id = id }]
  # An empty list is an application without policies: nobody gets in.
  candidate = [for id in each.value.planned : { id = id }]

  lifecycle {
    postcondition {
      condition     = self.unexpected_newly_blocked_count + self.unexpected_newly_approved_count == 0
      error_message = "Application ${each.key}: ${self.summary}"
    }
  }
}

# Warns ("known after apply") when a planned list is known only during
# apply, so that a plan that tested nothing never passes in silence.
check "attachments_tested_in_plan" {
  assert {
    condition     = alltrue([for gate in data.cloudflarezt_access_policy_change.attachments : gate.newly_blocked_count >= 0])
    error_message = "An application's policy list was not tested."
  }
}
