# Terraform 1.16: a change that replaces the deploying resource destroys it
# first, so the gate runs before_destroy too, and stops the replacement
# before the old policy is gone.

resource "terraform_data" "deploy" {
  input            = var.candidate
  triggers_replace = var.candidate

  lifecycle {
    action_trigger {
      events  = [before_create, before_update, before_destroy]
      actions = [action.cloudflarezt_access_policy_change.gate]
    }
  }
}
