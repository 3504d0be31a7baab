variable "account_id" {
  type = string
}

# Today: the reusable policies the application uses. Candidate: the change
# under review, which also lets contractors in on purpose.
data "cloudflarezt_access_policy_change" "contractors" {
  account_id = var.account_id
  current = [
    { id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
    { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
  ]
  candidate = [
    {
      name     = "Employees and contractors"
      decision = "allow"
      include = [
        { email_domain = { domain = "example.com" } },
        { email_domain = { domain = "contractors.example.com" } },
      ]
    },
    { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
  ]

  # The reviewed intent: contractors get in. Anyone else whose access
  # changes fails the plan.
  expected_newly_approved = ["*@contractors.example.com"]

  lifecycle {
    postcondition {
      condition     = self.unexpected_newly_blocked_count + self.unexpected_newly_approved_count == 0
      error_message = self.summary
    }
  }
}

output "newly_approved" {
  value = data.cloudflarezt_access_policy_change.contractors.newly_approved[*].email
}
