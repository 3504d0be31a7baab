# The nightly check of the standing rules against the live policies, with no
# change at all: current and candidate are the very same list, so one test
# serves both sides and the rules are checked on what applies today. It
# catches what no pull request shows, such as a contractor added to a group
# that a policy includes. examples/ci/github/access-rules-nightly.yml runs it.

variable "account_id" {
  type = string
}

variable "applications" {
  description = "Each application's reusable policy ids, in order of precedence, as deployed."
  type        = map(list(string))
  default = {
    wiki    = ["0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e"]
    payroll = ["1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"]
  }
}

# The security team's rules: the same locals file every gate uses
# (../standing-rules/rules.tf in this example).
locals {
  standing_rules = {
    always_approved = ["break-glass@example.com"]
    never_approved  = ["*@contractors.example.com"]
  }
}

data "cloudflarezt_access_policy_change" "live" {
  for_each = var.applications

  account_id = var.account_id
  current    = [for id in each.value : { id = id }]
  candidate  = [for id in each.value : { id = id }]

  always_approved = local.standing_rules.always_approved
  never_approved  = local.standing_rules.never_approved
}
