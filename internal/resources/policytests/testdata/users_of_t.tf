variable "users_status" {
  type    = string
  default = null
}

variable "max_users" {
  type    = number
  default = null
}

# The users of cloudflarezt_access_policy_test.t, from the fixture this one
# is appended to.
data "cloudflarezt_access_policy_test_users" "u" {
  account_id     = cloudflarezt_access_policy_test.t.account_id
  policy_test_id = cloudflarezt_access_policy_test.t.id
  status         = var.users_status
  max_users      = var.max_users
}
