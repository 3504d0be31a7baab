variable "account_id" {
  type = string
}

# Everyone allowed: a live test that changes no policy and blocks nobody.
resource "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id
  policies   = [{ name = "cloudflarezt live test", decision = "allow", include = [{ everyone = {} }] }]
  timeouts   = { create = "30m" }
}

data "cloudflarezt_access_policy_test_users" "u" {
  account_id     = var.account_id
  policy_test_id = cloudflarezt_access_policy_test.t.id
  max_users      = 100
}
