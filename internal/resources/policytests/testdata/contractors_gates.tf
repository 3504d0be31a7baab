variable "account_id" {
  type = string
}

# Gates on the contractors test: a postcondition (fails the run) when
# max_blocked is set, a check block (warns) when warn_percent_blocked is.
variable "max_blocked" {
  type    = number
  default = null
}

variable "warn_percent_blocked" {
  type    = number
  default = null
}

resource "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id

  policies = [{
    name     = "Contractors"
    decision = "allow"
    include  = [{ email_domain = { domain = "contractors.example.com" } }]
  }]

  lifecycle {
    postcondition {
      condition     = var.max_blocked == null || self.users_blocked <= coalesce(var.max_blocked, 0)
      error_message = "This change would block ${self.users_blocked} users."
    }
  }
}

check "nobody_locked_out" {
  assert {
    condition     = var.warn_percent_blocked == null || cloudflarezt_access_policy_test.t.percent_blocked < coalesce(var.warn_percent_blocked, 0)
    error_message = "Too many blocked."
  }
}
