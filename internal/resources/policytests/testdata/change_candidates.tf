# The candidates a gate compares with today's reusable policies, chosen by
# var.candidate; change.tf (the data source) and change_ephemeral.tf (the
# ephemeral resource) gate them as the guide shows.

variable "account_id" {
  type = string
}

variable "candidate" {
  type        = string
  description = "mfa (newly blocks erin, frank, heidi, uma), contractors (newly approves five contractors), engineering (newly blocks every employee outside the Engineering group, the break-glass account among them), inline (changes nobody) or today (the very same list as current)."
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

variable "always_approved" {
  type    = list(string)
  default = null
}

variable "never_approved" {
  type    = list(string)
  default = null
}

variable "exceptions" {
  type = list(object({
    who     = string
    rule    = string
    reason  = string
    owner   = string
    expires = string
    ticket  = optional(string)
  }))
  default = null
}

variable "exception_warning_days" {
  type    = number
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
    engineering = [
      {
        name     = "Engineering"
        decision = "allow"
        include  = [{ group = { id = "5b0e2d1c-3a4f-4e6b-9c8d-7f1a2b3c4d5e" } }]
      },
      { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
    ]
    today = [
      { id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
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
