# Gate a configuration as it stands, from its plan. Step 1 plans the
# configuration you already have (the official provider's applications and
# policies, modules, for_each, reusable policies by id) and saves its JSON;
# step 2 plans this directory on that file:
#
#   terraform plan -out=tfplan && terraform show -json tfplan > plan.json   # your configuration
#   terraform plan -var plan_file=plan.json -var account_id=…               # here
#
# Every application the plan creates, updates, replaces or deletes, and every
# account-level application (managed here or not) that uses a reusable policy
# the plan edits or deletes, gets a gate. The plan fails on an unexpected
# change of access, a broken standing rule, a removed application not
# accepted, or anything the plan does not let the reader decide.

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    cloudflarezt = {
      source  = "cloudflarezt/cloudflarezt"
      version = "~> 0.1"
    }
  }
}

# CLOUDFLARE_API_TOKEN (Access: Policy Test Write, Access: Apps and Policies
# Read) and, for the emulator, CLOUDFLARE_BASE_URL.
provider "cloudflarezt" {}

variable "plan_file" {
  type        = string
  description = "The path of the plan's JSON (terraform show -json tfplan > plan.json)."
}

variable "account_id" {
  type        = string
  description = "The Cloudflare account the plan deploys to."
}

variable "always_approved" {
  type        = list(string)
  default     = []
  description = "Standing rule: people every gated application must let in (break-glass accounts)."
}

variable "never_approved" {
  type        = list(string)
  default     = []
  description = "Standing rule: people no gated application may let in."
}

variable "expected" {
  type = map(object({
    newly_blocked  = optional(list(string), [])
    newly_approved = optional(list(string), [])
  }))
  default     = {}
  description = <<-EOT
    The reviewed change, per application, keyed by application id, name or domain: whom it is meant to lock out and
    let in (emails or *@domain). Anyone else whose access changes fails the plan. For an application the plan creates,
    newly_approved is whom it may let in; without an entry, a new application is reported, not gated.
  EOT
}

variable "accept_removed" {
  type        = list(string)
  default     = []
  description = "Applications the plan may delete (by id, name or domain): their hostnames will no longer be behind Access."
}

data "cloudflarezt_access_plan_gates" "plan" {
  account_id     = var.account_id
  plan_file      = abspath(var.plan_file) # the provider may not run in Terraform's working directory
  accept_removed = var.accept_removed
}

locals {
  gates = data.cloudflarezt_access_plan_gates.plan.gates
  # Each gate's expectation: by id, then name, then domain.
  expected = { for key, g in local.gates : key => try(var.expected[key], var.expected[g.name], var.expected[g.domain], null) }
  # A removed application is gated by accept_removed alone; a new one without
  # an expectation is reported by the test below.
  compared = { for key, g in local.gates : key => g if g.status != "removed" && (g.status != "created" || local.expected[key] != null) }
  reported = { for key, g in local.gates : key => g if g.status == "created" && local.expected[key] == null }
}

data "cloudflarezt_access_policy_change" "gate" {
  for_each = local.compared

  account_id              = var.account_id
  current                 = jsondecode(each.value.current)
  candidate               = jsondecode(each.value.candidate)
  expected_newly_blocked  = try(local.expected[each.key].newly_blocked, [])
  expected_newly_approved = try(local.expected[each.key].newly_approved, [])
  always_approved         = var.always_approved
  never_approved          = var.never_approved

  lifecycle {
    postcondition {
      condition     = self.unexpected_newly_blocked_count + self.unexpected_newly_approved_count == 0
      error_message = "Application ${each.value.name} (${each.value.domain}, ${each.value.status}): ${self.summary}"
    }
  }
}

data "cloudflarezt_access_policy_test" "new_application" {
  for_each = local.reported

  account_id      = var.account_id
  policies        = jsondecode(each.value.candidate)
  always_approved = var.always_approved
  never_approved  = var.never_approved
}

output "gates" {
  description = "Every application whose access the plan changes: its status and both policy lists as tested."
  value = { for key, g in local.gates : key => {
    status    = g.status
    current   = jsondecode(g.current)
    candidate = jsondecode(g.candidate)
  } }
}

output "new_applications" {
  description = "Whom each new application without an expectation lets in."
  value       = { for key, t in data.cloudflarezt_access_policy_test.new_application : key => { approved = t.users_approved, blocked = t.users_blocked } }
}
