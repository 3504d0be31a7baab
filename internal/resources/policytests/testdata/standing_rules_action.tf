# The test action and the change action with standing rules, each triggered
# right before terraform_data (standing in for the deploying
# cloudflare_zero_trust_access_policy) is created.

variable "account_id" {
  type = string
}

variable "never_approved" {
  type    = list(string)
  default = null
}

variable "always_approved" {
  type    = list(string)
  default = null
}

variable "exceptions" {
  type = list(object({
    who     = string
    rule    = string
    reason  = string
    owner   = string
    expires = string
  }))
  default = null
}

action "cloudflarezt_access_policy_test" "rules" {
  config {
    account_id = var.account_id
    policies = [{
      name     = "Everyone outside embargoed countries"
      decision = "allow"
      include  = [{ everyone = {} }]
      exclude  = [{ geo = { country_code = "KP" } }]
    }]
    never_approved = var.never_approved
  }
}

action "cloudflarezt_access_policy_change" "rules" {
  config {
    account_id = var.account_id
    current = [
      { id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
      { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
    ]
    candidate = [
      {
        name     = "Engineering"
        decision = "allow"
        include  = [{ group = { id = "5b0e2d1c-3a4f-4e6b-9c8d-7f1a2b3c4d5e" } }]
      },
      { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
    ]
    expected_newly_blocked = ["*@example.com"]
    always_approved        = var.always_approved
    exceptions             = var.exceptions
  }
}

resource "terraform_data" "deploy" {
  input = "rules"

  lifecycle {
    action_trigger {
      events  = [before_create]
      actions = [action.cloudflarezt_access_policy_test.rules, action.cloudflarezt_access_policy_change.rules]
    }
  }
}
