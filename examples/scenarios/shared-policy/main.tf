# A shared reusable policy: one policy is attached to several applications,
# each with other policies of its own, in its own order. Testing the changed
# policy alone gives the wrong answer for an application that also has a
# deny policy; this gate tests, per application that uses it, today's list
# against the same list with the changed policy in its place, and fails
# naming the application and the people.

variable "account_id" {
  description = "The Cloudflare account whose users the policies are tested against (with TF_VAR_account_id in CI)."
  type        = string
}

# Every application's reusable policies, in order of precedence. With the
# official provider: { for k, app in cloudflare_zero_trust_access_application.apps : k => [for p in app.policies : p.id] }.
variable "applications" {
  description = "Every application's reusable policy ids, in order of precedence."
  type        = map(list(string))
  default = {
    wiki    = ["0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e"]
    payroll = ["1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"]
    status  = ["1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e"]
  }
}

variable "changed_policy_id" {
  description = "The reusable policy this change edits."
  type        = string
  default     = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" # Employees
}

locals {
  # The change under review: the shared policy as it would be. Share this
  # value with the cloudflare_zero_trust_access_policy that deploys it.
  changed_policy = {
    name     = "Employees with MFA"
    decision = "allow"
    include  = [{ email_domain = { domain = "example.com" } }]
    require  = [{ auth_method = { auth_method = "mfa" } }]
  }

  using_it = { for app, ids in var.applications : app => ids if contains(ids, var.changed_policy_id) }
}

data "cloudflarezt_access_policy_change" "gate" {
  for_each = local.using_it

  account_id = var.account_id
  current    = [for id in each.value : { id = id }]
  # The same list with the changed policy in its place (a tuple indexed by
  # the condition, since the two elements have different attributes).
  candidate = [for id in each.value : [local.changed_policy, { id = id }][id == var.changed_policy_id ? 0 : 1]]

  expected_newly_blocked  = []
  expected_newly_approved = []

  lifecycle {
    postcondition {
      condition     = self.unexpected_newly_blocked_count + self.unexpected_newly_approved_count == 0
      error_message = "Application ${each.key}: ${self.summary}"
    }
  }
}

check "shared_policy_tested_in_plan" {
  assert {
    condition     = alltrue([for gate in data.cloudflarezt_access_policy_change.gate : gate.candidate_test == null ? true : gate.candidate_test.status == "complete"])
    error_message = "The change of the shared policy was not tested."
  }
}
