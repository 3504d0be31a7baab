# The ephemeral gate of the candidates in change_candidates.tf: it fails by
# itself and needs no postcondition.

ephemeral "cloudflarezt_access_policy_change" "gate" {
  account_id = var.account_id
  current = [
    { id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
    { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
  ]
  candidate               = local.candidates[var.candidate]
  expected_newly_blocked  = var.expected_newly_blocked
  expected_newly_approved = var.expected_newly_approved

  fail_on_unmatched_expectations = var.fail_on_unmatched_expectations

  always_approved = var.always_approved
  never_approved  = var.never_approved

  exceptions             = var.exceptions
  exception_warning_days = var.exception_warning_days
}
