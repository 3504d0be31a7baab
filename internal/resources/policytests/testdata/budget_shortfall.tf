# Three gates of one plan, each with a candidate of its own: planned one
# at a time (-parallelism=1), each needs 8 requests on the sample
# directory, of a budget that holds two gates at most per window.

variable "account_id" {
  type = string
}

locals {
  candidates = {
    mfa = [{
      name     = "Employees with MFA"
      decision = "allow"
      include  = [{ email_domain = { domain = "example.com" } }]
      require  = [{ auth_method = { auth_method = "mfa" } }]
    }]
    us = [{
      name     = "Employees in the US"
      decision = "allow"
      include  = [{ email_domain = { domain = "example.com" } }]
      require  = [{ geo = { country_code = "US" } }]
    }]
    engineering = [{
      name     = "Engineering"
      decision = "allow"
      include  = [{ group = { id = "5b0e2d1c-3a4f-4e6b-9c8d-7f1a2b3c4d5e" } }]
    }]
  }
}

data "cloudflarezt_access_policy_change" "gate" {
  for_each = local.candidates

  account_id = var.account_id
  current    = [{ id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }]
  candidate  = each.value
}

output "newly_blocked" {
  value = { for k, g in data.cloudflarezt_access_policy_change.gate : k => g.newly_blocked_count }
}
