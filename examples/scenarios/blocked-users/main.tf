variable "account_id" {
  description = "The Cloudflare account whose users the policies are tested against (with TF_VAR_account_id in CI)."
  type        = string
}

resource "cloudflarezt_access_policy_test" "low_risk_only" {
  account_id = var.account_id
  policies = [{
    name     = "Low-risk users"
    decision = "allow"
    include  = [{ everyone = {} }]
    require  = [{ user_risk_score = { user_risk_score = ["low", "unscored"] } }]
  }]
}

data "cloudflarezt_access_policy_test_users" "blocked" {
  account_id     = var.account_id
  policy_test_id = cloudflarezt_access_policy_test.low_risk_only.id
  status         = "blocked"
  max_users      = 500
}

output "would_be_blocked" {
  value = { for u in data.cloudflarezt_access_policy_test_users.blocked.users : u.email => u.name }
}
