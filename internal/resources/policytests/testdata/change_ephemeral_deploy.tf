# Stands in for the cloudflare_zero_trust_access_policy that deploys the
# candidate; its precondition refers to the ephemeral gate.

resource "terraform_data" "deploy" {
  input = local.candidates[var.candidate]

  lifecycle {
    precondition {
      condition     = ephemeral.cloudflarezt_access_policy_change.gate.unexpected_newly_blocked_count + ephemeral.cloudflarezt_access_policy_change.gate.unexpected_newly_approved_count == 0
      error_message = "The access change gate did not pass."
    }
  }
}
