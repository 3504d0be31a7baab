# Gate a whole account: every application's policy list, as deployed and as
# this change deploys it, with every policy the change creates or edits
# tested as configured (an id would test its live version). The module
# examples/modules/access-policy-lists builds both lists per application in
# order of precedence; an application whose lists are the same starts no
# test, and applications with the same lists share their tests.
#
# The configuration manages its policies and applications with the
# official provider (v5), from two locals:
#
#   resource "cloudflare_zero_trust_access_policy" "p" {
#     for_each   = local.policies
#     account_id = var.account_id
#     name       = each.value.name
#     decision   = each.value.decision
#     include    = each.value.include
#     exclude    = try(each.value.exclude, null)
#     require    = try(each.value.require, null)
#   }
#
#   resource "cloudflare_zero_trust_access_application" "apps" {
#     for_each   = local.applications
#     account_id = var.account_id
#     name       = each.key
#     domain     = "${each.key}.example.com"
#     policies   = [for i, key in each.value : { id = cloudflare_zero_trust_access_policy.p[key].id, precedence = i + 1 }]
#   }
#
# and reads what is deployed with its data sources, in place of the two
# variables below:
#
#   data "cloudflare_zero_trust_access_policy" "live" {
#     for_each   = var.policy_ids
#     account_id = var.account_id
#     policy_id  = each.value
#   }
#
#   data "cloudflare_zero_trust_access_application" "live" {
#     for_each   = var.application_ids
#     account_id = var.account_id
#     app_id     = each.value
#   }
#
#   deployed_policies     = data.cloudflare_zero_trust_access_policy.live
#   deployed_applications = { for k, app in data.cloudflare_zero_trust_access_application.live : k => app.policies }

variable "account_id" {
  description = "The Cloudflare account whose users the policies are tested against (with TF_VAR_account_id in CI)."
  type        = string
}

# The ids of the deployed policies, by key (a policy this change creates
# has none yet).
variable "policy_ids" {
  description = "The ids of the deployed policies, by key."
  type        = map(string)
}

# The deployed policies, by key, as data.cloudflare_zero_trust_access_policy
# reads them.
variable "deployed_policies" {
  description = "The deployed policies, by key, as data.cloudflare_zero_trust_access_policy reads them."
  type        = any
}

# The deployed applications' policies, by key, as
# data.cloudflare_zero_trust_access_application reads them.
variable "deployed_applications" {
  description = "The deployed applications' policies, by key, as data.cloudflare_zero_trust_access_application reads them."
  type        = map(list(object({ id = string, precedence = number })))
}

locals {
  # What each cloudflare_zero_trust_access_policy is given.
  policies = {
    employees = {
      name     = "Employees"
      decision = "allow"
      include  = [{ email_domain = { domain = "example.com" } }]
      require  = [{ auth_method = { auth_method = "mfa" } }] # the change under review
    }
    embargo = {
      name     = "Block embargoed countries"
      decision = "deny"
      include  = [{ geo = { country_code = "KP" } }]
    }
    contractors = {
      name     = "Contractors"
      decision = "allow"
      include  = [{ email_domain = { domain = "contractors.example.com" } }]
    }
  }

  # Each application's policies, first to last.
  applications = {
    wiki     = ["employees", "embargo"]
    payroll  = ["embargo", "employees"]
    docs     = ["employees", "embargo"]
    partners = ["contractors"]
    status   = ["embargo"]
  }
}

module "lists" {
  source = "../../modules/access-policy-lists"

  policies = { for key, p in local.policies : key => {
    id         = lookup(var.policy_ids, key, null)
    configured = p
    deployed   = lookup(var.deployed_policies, key, null)
  } }
  applications = { for app, keys in local.applications : app => {
    deployed   = lookup(var.deployed_applications, app, [])
    configured = [for i, key in keys : { policy = key, precedence = i + 1 }]
  } }
}

data "cloudflarezt_access_policy_change" "app" {
  for_each = module.lists.lists

  account_id = var.account_id
  current    = each.value.current
  candidate  = each.value.candidate

  expected_newly_blocked  = []
  expected_newly_approved = []

  lifecycle {
    postcondition {
      condition     = self.unexpected_newly_blocked_count + self.unexpected_newly_approved_count == 0
      error_message = "Application ${each.key} (edited: ${jsonencode(module.lists.lists[each.key].edited_policies)}): ${self.summary}"
    }
  }
}
