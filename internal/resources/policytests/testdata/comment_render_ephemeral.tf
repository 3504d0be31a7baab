ephemeral "cloudflarezt_access_policy_change" "gate" {
  count = var.gates

  account_id             = var.account_id
  current                = local.current
  candidate              = local.candidate
  expected_newly_blocked = ["erin@example.com"]
}
