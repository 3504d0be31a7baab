variable "account_id" {
  type = string
}

variable "id" {
  type    = string
  default = null
}

variable "test_contractors" {
  type    = bool
  default = false
}

variable "read_timeout" {
  type    = string
  default = null
}

# Each argument of the data source, set or left out by a variable.
data "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id
  id         = var.id

  policies = var.test_contractors ? [{
    name     = "Contractors"
    decision = "allow"
    include  = [{ email_domain = { domain = "contractors.example.com" } }]
  }] : null

  timeouts = var.read_timeout == null ? null : { read = var.read_timeout }
}
