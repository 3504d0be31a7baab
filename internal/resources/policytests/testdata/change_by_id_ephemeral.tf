
ephemeral "cloudflarezt_access_policy_change" "gate" {
  account_id             = var.account_id
  current                = local.everyone
  candidate              = local.staff_only
  expected_newly_blocked = var.expected_newly_blocked
}
