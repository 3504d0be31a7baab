variable "account_id" {
  type = string
}

variable "policy_test_id" {
  type        = string
  description = "The ID of a test started elsewhere: in the dashboard, through the API, or by another configuration."
}

# A test started elsewhere, read by its id.
data "cloudflarezt_access_policy_test" "started_elsewhere" {
  account_id = var.account_id
  id         = var.policy_test_id
}

# A candidate tested during `terraform plan`: the plan shows the numbers and
# fails when the postcondition does. A test that does not complete fails the
# read itself, so the gate never passes on partial numbers.
data "cloudflarezt_access_policy_test" "candidate" {
  account_id = var.account_id

  policies = [{
    name     = "Employees"
    decision = "allow"
    include  = [{ email_domain = { domain = "example.com" } }]
  }]

  timeouts = { read = "10m" }

  lifecycle {
    postcondition {
      condition     = self.percent_blocked <= 50
      error_message = "This change would block ${self.users_blocked} of ${self.total_users} users (${self.percent_blocked}%)."
    }
  }
}

output "started_elsewhere" {
  value = "${data.cloudflarezt_access_policy_test.started_elsewhere.status}: ${data.cloudflarezt_access_policy_test.started_elsewhere.users_approved} approved, ${data.cloudflarezt_access_policy_test.started_elsewhere.users_blocked} blocked"
}

output "candidate_blocked" {
  value = data.cloudflarezt_access_policy_test.candidate.users_blocked
}
