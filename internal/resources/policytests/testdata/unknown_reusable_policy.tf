variable "account_id" {
  type = string
}

# The second policy is a reusable policy the account does not have.
resource "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id

  policies = [
    { name = "p", decision = "allow", include = [{ everyone = {} }] },
    { id = "00000000-0000-4000-8000-000000000000" },
  ]
}
