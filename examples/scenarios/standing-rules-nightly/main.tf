# The nightly check of the standing rules against the live policies, with no
# change at all: current and candidate are the very same list, so one test
# serves both sides and the rules are checked on what applies today. It
# catches what no pull request shows, such as a contractor added to a group
# that a policy includes. examples/ci/github/access-rules-nightly.yml runs it.

variable "account_id" {
  description = "The Cloudflare account whose users the policies are tested against (with TF_VAR_account_id in CI)."
  type        = string
}

# The security team's rules: the same locals file every gate uses
# (../standing-rules/rules.tf in this example).
locals {
  standing_rules = {
    always_approved = ["break-glass@example.com"]
    never_approved  = ["*@contractors.example.com"]
  }
}

# Every account-level application as Access applies it today, read from the
# account: no list of applications to keep by hand.
data "cloudflarezt_access_applications" "account" {
  account_id = var.account_id
}

data "cloudflarezt_access_policy_change" "live" {
  for_each = { for id, app in data.cloudflarezt_access_applications.account.applications : id => app if app.policies != "[]" }

  account_id = var.account_id
  current    = jsondecode(each.value.policies)
  candidate  = jsondecode(each.value.policies)

  always_approved = local.standing_rules.always_approved
  never_approved  = local.standing_rules.never_approved
}
