variable "account_id" {
  type = string
}

locals {
  policies = [
    {
      name     = "Contractors with MFA"
      decision = "allow"
      include  = [{ email_domain = { domain = "contractors.example.com" } }]
      require  = [{ auth_method = { auth_method = "mfa" } }]
      exclude  = [{ geo = { country_code = "KP" } }]
    },
    { id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
  ]
}

resource "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id
  policies   = local.policies
}

data "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id
  policies   = local.policies
}
