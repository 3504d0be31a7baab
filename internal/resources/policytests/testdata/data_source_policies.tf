variable "account_id" {
  type = string
}

variable "max_blocked" {
  type    = number
  default = 100
}

variable "allow_partial_results" {
  type    = bool
  default = null
}

variable "read_timeout" {
  type    = string
  default = null
}

data "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id

  policies = [{
    name     = "Contractors"
    decision = "allow"
    include  = [{ email_domain = { domain = "contractors.example.com" } }]
  }]

  allow_partial_results = var.allow_partial_results
  timeouts              = { read = var.read_timeout }

  lifecycle {
    postcondition {
      condition     = self.users_blocked <= var.max_blocked
      error_message = "This change would block ${self.users_blocked} users."
    }
  }
}

output "status" {
  value = data.cloudflarezt_access_policy_test.t.status
}

output "users_blocked" {
  value = data.cloudflarezt_access_policy_test.t.users_blocked
}
