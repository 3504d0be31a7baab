variable "account_id" {
  type = string
}

resource "cloudflarezt_access_policy_test" "mfa_everywhere" {
  account_id = var.account_id
  policies = [{
    name     = "Employees with MFA"
    decision = "allow"
    include  = [{ email_domain = { domain = "example.com" } }]
    require  = [{ auth_method = { auth_method = "mfa" } }]
  }]
}

# The people this change would lock out.
data "cloudflarezt_access_policy_test_users" "locked_out" {
  account_id     = var.account_id
  policy_test_id = cloudflarezt_access_policy_test.mfa_everywhere.id
  status         = "blocked"
}

output "locked_out" {
  value = [for u in data.cloudflarezt_access_policy_test_users.locked_out.users : u.email]
}
