# The test data source with standing rules: the one list it tests must let
# in always_approved and keep out never_approved.

variable "account_id" {
  type = string
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

data "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id

  policies = [
    { id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
    { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
  ]

  always_approved = var.always_approved
  never_approved  = var.never_approved

  exceptions             = var.exceptions
  exception_warning_days = var.exception_warning_days
}
