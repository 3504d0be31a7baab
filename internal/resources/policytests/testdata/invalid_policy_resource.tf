variable "account_id" {
  type = string
}

# local.policies comes from one of invalid_policies/*.tf, appended to this
# configuration.
resource "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id
  policies   = local.policies
}
