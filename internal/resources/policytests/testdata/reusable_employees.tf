variable "account_id" {
  type = string
}

variable "ticket" {
  type = string
}

# The saved Employees policy, tested as it is; the ticket is the trigger.
resource "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id
  policies   = [{ id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }]
  triggers   = { ticket = var.ticket }
}
