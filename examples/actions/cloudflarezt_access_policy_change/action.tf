variable "account_id" {
  type = string
}

locals {
  # The change under review, shared with the resource that deploys it.
  candidate = [
    {
      name     = "Employees and contractors"
      decision = "allow"
      include = [
        { email_domain = { domain = "example.com" } },
        { email_domain = { domain = "contractors.example.com" } },
      ]
    },
    { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
  ]
}

# Compares today's policies with the candidate right before the deploying
# resource changes, and fails the apply first if anyone's access would
# change without being expected to.
action "cloudflarezt_access_policy_change" "gate" {
  config {
    account_id = var.account_id
    current = [
      { id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
      { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
    ]
    candidate               = local.candidate
    expected_newly_approved = ["*@contractors.example.com"]
  }
}

# In a real configuration this is the cloudflare_zero_trust_access_policy
# that deploys local.candidate; terraform_data stands in for it here.
resource "terraform_data" "policy" {
  input = local.candidate

  lifecycle {
    # on_failure is left unset: its default, halt, is what makes the action a
    # gate (continue would apply the change with a warning). With Terraform
    # 1.16, add before_destroy to the events when a change can replace the
    # policy, so that the replacement stops before the old policy is gone.
    action_trigger {
      events  = [before_create, before_update]
      actions = [action.cloudflarezt_access_policy_change.gate]
    }
  }
}
