data "cloudflarezt_access_policy_change" "gate" {
  count = var.gates

  account_id             = var.account_id
  current                = local.current
  candidate              = local.candidate
  expected_newly_blocked = ["erin@example.com"]

  lifecycle {
    postcondition {
      condition     = self.unexpected_newly_blocked_count + self.unexpected_newly_approved_count == 0
      error_message = self.summary
    }
  }
}
