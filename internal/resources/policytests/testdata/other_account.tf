variable "account_id" {
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
