# The test action, run alone with `terraform apply -invoke` or triggered
# before terraform_data is created.

variable "account_id" {
  type = string
}

variable "max_users_blocked" {
  type    = number
  default = null
}

variable "invoke_timeout" {
  type    = string
  default = "1m"
}

action "cloudflarezt_access_policy_test" "contractors" {
  config {
    account_id = var.account_id
    policies = [{
      name     = "Contractors"
      decision = "allow"
      include  = [{ email_domain = { domain = "contractors.example.com" } }]
    }]
    max_users_blocked = var.max_users_blocked
    timeouts          = { invoke = var.invoke_timeout }
  }
}

resource "terraform_data" "deploy" {
  input = "contractors"

  lifecycle {
    action_trigger {
      events  = [before_create, before_update]
      actions = [action.cloudflarezt_access_policy_test.contractors]
    }
  }
}
