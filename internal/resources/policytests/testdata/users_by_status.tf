variable "account_id" {
  type = string
}

variable "status" {
  type = string
}

resource "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id

  policies = [{
    name     = "Contractors"
    decision = "allow"
    include  = [{ email_domain = { domain = "contractors.example.com" } }]
  }]
}

data "cloudflarezt_access_policy_test_users" "u" {
  account_id     = cloudflarezt_access_policy_test.t.account_id
  policy_test_id = cloudflarezt_access_policy_test.t.id
  status         = var.status
}
