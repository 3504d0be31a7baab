# A whole account gated per application: 20 applications on the official
# provider, 6 reusable policies shared between them. var.edit edits Sales
# and Finance, which 5 applications use (in 4 distinct lists); nothing else
# changes. The deployed side is what the official provider's data sources
# read back (null for what is not set).

variable "account_id" {
  type = string
}

variable "edit" {
  type    = bool
  default = false
}

locals {
  ids = {
    employees   = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    embargo     = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e"
    contractors = "2c3d4e5f-6a7b-4c8d-8e9f-1a2b3c4d5e6f"
    sales       = "3d4e5f6a-7b8c-4d9e-9f0a-2b3c4d5e6f7a"
    finance     = "4e5f6a7b-8c9d-4e0f-8a1b-3c4d5e6f7a8b"
    engineering = "5f6a7b8c-9d0e-4f1a-9b2c-4d5e6f7a8b9c"
  }

  # As the official provider's data sources read them back: employees'
  # exclude is a typed empty list, which the literal [] does not equal.
  deployed = {
    employees   = { name = "Employees", decision = "allow", include = [{ email_domain = { domain = "example.com" }, group = null }], exclude = tolist([]), require = null, session_duration = null, approval_required = false }
    embargo     = { name = "Block embargoed countries", decision = "deny", include = [{ geo = { country_code = "KP" }, group = null }], exclude = [], require = null, session_duration = null, approval_required = false }
    contractors = { name = "Contractors", decision = "allow", include = [{ email_domain = { domain = "contractors.example.com" }, group = null }], exclude = [], require = null, session_duration = null, approval_required = false }
    sales       = { name = "Sales", decision = "allow", include = [{ email_domain = null, group = { id = "6c1f3e2d-4b5a-4f7c-8d9e-8a2b3c4d5e6f" } }], exclude = [], require = null, session_duration = null, approval_required = false }
    finance     = { name = "Finance", decision = "allow", include = [{ email_domain = null, group = { id = "7d2a4f3e-5c6b-4a8d-9e0f-9b3c4d5e6f7a" } }], exclude = [], require = null, session_duration = null, approval_required = false }
    engineering = { name = "Engineering with MFA", decision = "allow", include = [{ email_domain = null, group = { id = "5b0e2d1c-3a4f-4e6b-9c8d-7f1a2b3c4d5e" } }], exclude = [], require = [{ auth_method = { auth_method = "mfa" } }], session_duration = null, approval_required = false }
  }

  # What each cloudflare_zero_trust_access_policy is given.
  policies = {
    employees   = { name = "Employees", decision = "allow", include = [{ email_domain = { domain = "example.com" } }] }
    embargo     = { name = "Block embargoed countries", decision = "deny", include = [{ geo = { country_code = "KP" } }] }
    contractors = { name = "Contractors", decision = "allow", include = [{ email_domain = { domain = "contractors.example.com" } }] }
    sales = merge(
      { name = "Sales", decision = "allow", include = [{ group = { id = "6c1f3e2d-4b5a-4f7c-8d9e-8a2b3c4d5e6f" } }] },
      [{}, { require = [{ auth_method = { auth_method = "mfa" } }] }][var.edit ? 1 : 0],
    )
    finance = merge(
      { name = "Finance", decision = "allow", include = [{ group = { id = "7d2a4f3e-5c6b-4a8d-9e0f-9b3c4d5e6f7a" } }] },
      [{}, { exclude = [{ geo = { country_code = "GB" } }] }][var.edit ? 1 : 0],
    )
    engineering = { name = "Engineering with MFA", decision = "allow", include = [{ group = { id = "5b0e2d1c-3a4f-4e6b-9c8d-7f1a2b3c4d5e" } }], require = [{ auth_method = { auth_method = "mfa" } }] }
  }

  # Each application's policies, first to last; the configuration gives
  # the official provider each with precedence = its position + 1.
  applications = {
    crm      = ["sales", "embargo"]
    quotes   = ["sales", "embargo"]
    ledger   = ["finance", "embargo"]
    payroll  = ["embargo", "finance"]
    reports  = ["sales", "finance"]
    wiki     = ["employees", "embargo"]
    docs     = ["employees", "embargo"]
    chat     = ["employees", "embargo"]
    status   = ["embargo", "employees"]
    git      = ["engineering", "embargo"]
    ci       = ["engineering", "embargo"]
    grafana  = ["engineering"]
    vault    = ["engineering", "embargo"]
    partners = ["contractors"]
    tickets  = ["contractors", "employees"]
    hr       = ["employees"]
    intranet = ["employees", "contractors"]
    lunch    = ["employees"]
    vpn      = ["employees", "contractors", "embargo"]
    kb       = ["embargo", "employees", "contractors"]
  }
}

module "lists" {
  source = "./modules/access-policy-lists"

  policies = { for key, p in local.policies : key => { id = local.ids[key], configured = p, deployed = local.deployed[key] } }
  # Given in reverse, as a configuration may list them: the module orders
  # both sides by precedence.
  applications = { for app, keys in local.applications : app => {
    deployed   = reverse([for i, key in keys : { id = local.ids[key], precedence = i + 1 }])
    configured = reverse([for i, key in keys : { policy = key, precedence = i + 1 }])
  } }
}

data "cloudflarezt_access_policy_change" "app" {
  for_each = module.lists.lists

  account_id = var.account_id
  current    = each.value.current
  candidate  = each.value.candidate
}

output "summaries" {
  value = { for app, gate in data.cloudflarezt_access_policy_change.app : app => gate.summary }
}

output "edited" {
  value = { for app, l in module.lists.lists : app => l.edited_policies if length(l.edited_policies) > 0 }
}
