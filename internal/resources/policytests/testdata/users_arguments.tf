variable "account_id" {
  type = string
}

variable "policy_test_id" {
  type = string
}

variable "status" {
  type    = string
  default = null
}

variable "max_users" {
  type    = number
  default = null
}

variable "read_timeout" {
  type    = string
  default = null
}

# Each argument of the users data source, set or left out by a variable.
data "cloudflarezt_access_policy_test_users" "u" {
  account_id     = var.account_id
  policy_test_id = var.policy_test_id
  status         = var.status
  max_users      = var.max_users
  timeouts       = var.read_timeout == null ? null : { read = var.read_timeout }
}
