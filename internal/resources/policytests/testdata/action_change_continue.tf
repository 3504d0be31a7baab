# Terraform 1.16: on_failure = continue turns the action's error into a
# warning and the apply goes on: such a trigger reports, it does not gate.

resource "terraform_data" "deploy" {
  input = var.candidate

  lifecycle {
    action_trigger {
      events     = [before_create, before_update]
      actions    = [action.cloudflarezt_access_policy_change.gate]
      on_failure = continue
    }
  }
}
