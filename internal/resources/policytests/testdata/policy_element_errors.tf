variable "account_id" {
  type = string
}

variable "approver" {
  type = string
}

resource "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id

  policies = [
    { id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
    {
      name            = "Second"
      decision        = "allow"
      include         = [{ everyone = {} }]
      approval_groups = [{ approvals_needed = 1, email_addresses = [var.approver] }]
    },
  ]
}
