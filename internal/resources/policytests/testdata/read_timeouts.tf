variable "account_id" {
  type = string
}

variable "with_users" {
  type    = bool
  default = false
}

resource "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id

  policies = [{
    name     = "Contractors"
    decision = "allow"
    include  = [{ email_domain = { domain = "contractors.example.com" } }]
  }]

  timeouts = { read = "1s" }
}

data "cloudflarezt_access_policy_test_users" "u" {
  count          = var.with_users ? 1 : 0
  account_id     = var.account_id
  policy_test_id = cloudflarezt_access_policy_test.t.id
  timeouts       = { read = "1s" }
}
