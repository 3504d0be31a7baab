# The comparison of today's reusable policies with one of the candidates
# below, chosen by var.candidate, gated as the guide shows.

variable "account_id" {
  type = string
}

variable "candidate" {
  type        = string
  description = "mfa (newly blocks erin, frank, heidi), contractors (newly approves five contractors) or inline (changes nobody)."
}

variable "expected_newly_blocked" {
  type    = list(string)
  default = []
}

variable "expected_newly_approved" {
  type    = list(string)
  default = []
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
    contractors = [
      {
        name     = "Employees and contractors"
        decision = "allow"
        include = [
          { email_domain = { domain = "example.com" } },
          { email_domain = { domain = "contractors.example.com" } },
        ]
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

data "cloudflarezt_access_policy_change" "gate" {
  account_id = var.account_id
  current = [
    { id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
    { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
  ]
  candidate               = local.candidates[var.candidate]
  expected_newly_blocked  = var.expected_newly_blocked
  expected_newly_approved = var.expected_newly_approved

  lifecycle {
    postcondition {
      condition     = self.unexpected_newly_blocked_count + self.unexpected_newly_approved_count == 0
      error_message = self.summary
    }
  }
}
