variable "account_id" {
  type = string
}

variable "policy_test_id" {
  type = string
}

variable "allow_partial_results" {
  type    = bool
  default = null
}

variable "read_timeout" {
  type    = string
  default = "20s"
}

data "cloudflarezt_access_policy_test" "t" {
  account_id            = var.account_id
  id                    = var.policy_test_id
  allow_partial_results = var.allow_partial_results
  timeouts              = { read = var.read_timeout }
}
