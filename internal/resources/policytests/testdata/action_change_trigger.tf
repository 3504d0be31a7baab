# The change action runs right before the deploying resource is created or
# updated; a failure halts the apply (on_failure's default).

resource "terraform_data" "deploy" {
  input = var.candidate

  lifecycle {
    action_trigger {
      events  = [before_create, before_update]
      actions = [action.cloudflarezt_access_policy_change.gate]
    }
  }
}
