# The reviewed change of the data-source example, ephemeral: contractors
# get in on purpose, and the gate passes.
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
  expected_newly_approved = ["*@contractors.example.com"]
}

variable "account_id" {
  type = string
}
