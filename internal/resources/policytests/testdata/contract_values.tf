variable "account_id" {
  type = string
}

# Values the API contract allows that stricter checks once refused.
resource "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id

  policies = [{
    name             = "Contract values"
    decision         = "allow"
    include          = [{ geo = { country_code = "XK" } }, { email = { email = "first.last+tag@sub.example.co.uk" } }]
    require          = [{ ip = { ip = "2001:db8::/32" } }]
    exclude          = [{ cloudflare_account_member = {} }]
    session_duration = "0s"
    mfa_config       = { session_duration = "720h" }
  }]
}
