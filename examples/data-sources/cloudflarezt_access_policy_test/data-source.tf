variable "account_id" {
  type = string
}

variable "policy_test_id" {
  type        = string
  description = "The ID of a test started elsewhere: in the dashboard, through the API, or by another configuration."
}

data "cloudflarezt_access_policy_test" "started_elsewhere" {
  account_id = var.account_id
  id         = var.policy_test_id
}

output "started_elsewhere" {
  value = "${data.cloudflarezt_access_policy_test.started_elsewhere.status}: ${data.cloudflarezt_access_policy_test.started_elsewhere.users_approved} approved, ${data.cloudflarezt_access_policy_test.started_elsewhere.users_blocked} blocked"
}
