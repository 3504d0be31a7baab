# The candidates a gate compares with today's reusable policies, chosen by
# var.candidate; change.tf (the data source) and change_ephemeral.tf (the
# ephemeral resource) gate them as the guide shows.

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

variable "fail_on_unmatched_expectations" {
  type    = bool
  default = null
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
