# A test id the account does not have.
data "cloudflarezt_access_policy_test" "missing" {
  account_id = var.account_id
  id         = "0000000000000000000000000000000000000000000000000000000000000000"
}
