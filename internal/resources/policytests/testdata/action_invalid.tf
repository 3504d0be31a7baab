# Invalid on purpose: the candidate's include rule sets no rule type, and a
# limit is out of range.

variable "account_id" {
  type = string
}

action "cloudflarezt_access_policy_test" "check" {
  config {
    account_id          = var.account_id
    policies            = [{ name = "Nobody", decision = "allow", include = [{}] }]
    max_percent_blocked = 120
  }
}

resource "terraform_data" "deploy" {
  input = "x"

  lifecycle {
    action_trigger {
      events  = [before_create]
      actions = [action.cloudflarezt_access_policy_test.check]
    }
  }
}
