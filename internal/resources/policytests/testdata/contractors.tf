variable "account_id" {
  type = string
}

variable "wait_for_completion" {
  type    = bool
  default = null
}

variable "create_timeout" {
  type    = string
  default = null
}

variable "read_timeout" {
  type    = string
  default = null
}

variable "require_mfa" {
  type    = bool
  default = false
}

variable "triggers" {
  type    = map(string)
  default = null
}

# The contractors policy most lifecycle tests run; a step changes only the
# variables.
resource "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id

  policies = [{
    name     = "Contractors"
    decision = "allow"
    include  = [{ email_domain = { domain = "contractors.example.com" } }]
    require  = var.require_mfa ? [{ auth_method = { auth_method = "mfa" } }] : null
  }]

  wait_for_completion = var.wait_for_completion
  triggers            = var.triggers
  timeouts = (var.create_timeout == null && var.read_timeout == null ? null :
  { create = var.create_timeout, read = var.read_timeout })
}
