variable "account_id" {
  type = string
}

# Everyone on example.com.
resource "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id
  policies   = [{ name = "Employees", decision = "allow", include = [{ email_domain = { domain = "example.com" } }] }]
}
