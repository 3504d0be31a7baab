# A configuration written for the official provider (v5.22.0), as a team
# keeps it: reusable policies from a map, applications through a module with
# for_each, policies attached by id, one application with a policy of its
# own. var.edit picks the change a plan fixture shows.

terraform {
  required_providers {
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "5.22.0"
    }
  }
}

provider "cloudflare" {
  base_url = var.base_url
}

variable "base_url" {
  type = string
}

variable "account_id" {
  type = string
}

variable "edit" {
  type        = string
  default     = "none"
  description = "none, shared (Employees requires MFA), lifecycle (CRM created, Docs removed, Payroll reordered) or new_policy (a new reusable policy attached to Wiki by reference)."
}

locals {
  employees = { name = "Employees", decision = "allow", include = [{ email_domain = { domain = "example.com" } }] }
  policies = {
    employees   = merge(local.employees, [{}, { require = [{ auth_method = { auth_method = "mfa" } }] }][var.edit == "shared" ? 1 : 0])
    embargo     = { name = "Block embargoed countries", decision = "deny", include = [{ geo = { country_code = "KP" } }] }
    contractors = { name = "Contractors", decision = "allow", include = [{ email_domain = { domain = "contractors.example.com" } }] }
  }

  applications = merge(
    {
      wiki    = { name = "Wiki", policies = var.edit == "new_policy" ? [] : ["employees", "embargo"], new_policy = var.edit == "new_policy" }
      payroll = { name = "Payroll", policies = var.edit == "lifecycle" ? ["employees", "embargo"] : ["embargo", "employees"] }
      status = { name = "Status", policies = [], own = [{
        name = "Engineering", decision = "allow", include = [{ group = { id = "5b0e2d1c-3a4f-4e6b-9c8d-7f1a2b3c4d5e" } }]
      }] }
    },
    [{ docs = { name = "Docs", policies = ["employees", "embargo"] } }, {}][var.edit == "lifecycle" ? 1 : 0],
    [{}, { crm = { name = "CRM", policies = ["embargo"], own = [{
      name = "Sales", decision = "allow", include = [{ group = { id = "6c1f3e2d-4b5a-4f7c-8d9e-8a2b3c4d5e6f" } }]
    }] } }][var.edit == "lifecycle" ? 1 : 0],
  )
}

resource "cloudflare_zero_trust_access_policy" "shared" {
  for_each   = local.policies
  account_id = var.account_id
  name       = each.value.name
  decision   = each.value.decision
  include    = each.value.include
  require    = try(each.value.require, null)
}

# A policy created in the same plan as the application that uses it.
resource "cloudflare_zero_trust_access_policy" "engineering_only" {
  count      = var.edit == "new_policy" ? 1 : 0
  account_id = var.account_id
  name       = "Engineering only"
  decision   = "allow"
  include    = [{ group = { id = "5b0e2d1c-3a4f-4e6b-9c8d-7f1a2b3c4d5e" } }]
}

module "apps" {
  source   = "./application"
  for_each = local.applications

  account_id = var.account_id
  name       = each.value.name
  domain     = "${lower(each.value.name)}.example.com"
  policy_ids = concat(
    try(each.value.new_policy, false) ? [cloudflare_zero_trust_access_policy.engineering_only[0].id, cloudflare_zero_trust_access_policy.shared["embargo"].id] : [],
    [for key in each.value.policies : cloudflare_zero_trust_access_policy.shared[key].id],
  )
  own_policies = try(each.value.own, [])
}
