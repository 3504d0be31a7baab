# A pull-request gate that runs at plan time: `terraform plan` tests today's
# policies and the candidate, compares who gets in, and fails naming the
# people the change would newly lock out or newly let in. No apply needed.

variable "account_id" {
  type = string
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

  # How many people an error message names before it says "and N more".
  max_named = 10
}

data "cloudflarezt_access_policy_test" "today" {
  account_id = var.account_id
  policies   = [for id in local.live_policy_ids : { id = id }]
}

data "cloudflarezt_access_policy_test" "candidate" {
  account_id = var.account_id
  policies   = local.candidate
}

data "cloudflarezt_access_policy_test_users" "approved_today" {
  account_id     = var.account_id
  policy_test_id = data.cloudflarezt_access_policy_test.today.id
  status         = "approved"
}

data "cloudflarezt_access_policy_test_users" "approved_candidate" {
  account_id     = var.account_id
  policy_test_id = data.cloudflarezt_access_policy_test.candidate.id
  status         = "approved"
}

locals {
  approved_today     = data.cloudflarezt_access_policy_test_users.approved_today.users[*].email
  approved_candidate = data.cloudflarezt_access_policy_test_users.approved_candidate.users[*].email

  newly_blocked  = sort(setsubtract(local.approved_today, local.approved_candidate))
  newly_approved = sort(setsubtract(local.approved_candidate, local.approved_today))
}

# The plan shows the change and fails when anybody's access changes.
output "access_change" {
  value = {
    approved_today     = length(local.approved_today)
    approved_candidate = length(local.approved_candidate)
    newly_blocked      = local.newly_blocked
    newly_approved     = local.newly_approved
  }

  precondition {
    condition = length(local.newly_blocked) == 0
    error_message = format("This change would newly block %d people who can get in today: %s%s.",
      length(local.newly_blocked),
      join(", ", slice(local.newly_blocked, 0, min(local.max_named, length(local.newly_blocked)))),
    length(local.newly_blocked) > local.max_named ? format(" and %d more", length(local.newly_blocked) - local.max_named) : "")
  }

  precondition {
    condition = length(local.newly_approved) == 0
    error_message = format("This change would newly let in %d people who cannot get in today: %s%s.",
      length(local.newly_approved),
      join(", ", slice(local.newly_approved, 0, min(local.max_named, length(local.newly_approved)))),
    length(local.newly_approved) > local.max_named ? format(" and %d more", length(local.newly_approved) - local.max_named) : "")
  }
}
