ephemeral "cloudflarezt_access_policy_change" "gate" {
  account_id             = var.account_id
  current                = local.current
  candidate              = local.candidate
  expected_newly_blocked = ["*@example.com"]
}
