variable "account_id" {
  type = string
}

# A resource that makes the provider talk to the API.
resource "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id
  policies   = [{ name = "all", decision = "allow", include = [{ everyone = {} }] }]
}
