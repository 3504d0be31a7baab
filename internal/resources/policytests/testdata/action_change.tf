# The change action of the candidates below; action_change_*.tf trigger it
# from terraform_data, standing in for the cloudflare_zero_trust_access_policy
# that deploys the candidate.

variable "account_id" {
  type = string
}

variable "candidate" {
  type        = string
  description = "mfa (newly blocks erin, frank, heidi, uma) or inline (changes nobody)."
}

locals {
  candidates = {
    mfa = [
      {
        name     = "Employees with MFA"
        decision = "allow"
        include  = [{ email_domain = { domain = "example.com" } }]
        require  = [{ auth_method = { auth_method = "mfa" } }]
      },
      { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
    ]
    inline = [
      {
        name     = "Employees, written inline"
        decision = "allow"
        include  = [{ email_domain = { domain = "example.com" } }]
      },
      { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
    ]
  }
}

action "cloudflarezt_access_policy_change" "gate" {
  config {
    account_id = var.account_id
    current = [
      { id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
      { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
    ]
    candidate = local.candidates[var.candidate]
  }
}
