variable "account_id" {
  type = string
}

# Today: the reusable policies the application uses. Candidate: the change
# under review, which also lets contractors in on purpose. The plan fails by
# itself, naming them, when anyone else's access would change; Terraform
# writes the result to no plan file and no state.
ephemeral "cloudflarezt_access_policy_change" "contractors" {
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

  # The reviewed intent: contractors get in.
  expected_newly_approved = ["*@contractors.example.com"]
}

# The counts are there for check blocks; people's names stay ephemeral.
check "contractors_only" {
  assert {
    condition     = ephemeral.cloudflarezt_access_policy_change.contractors.newly_blocked_count == 0
    error_message = "The change should lock nobody out."
  }
}
