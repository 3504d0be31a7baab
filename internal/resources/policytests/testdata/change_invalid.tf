# Invalid on purpose: the second candidate policy's decision, and an
# expectation that is neither an email nor *@domain.

variable "account_id" {
  type = string
}

data "cloudflarezt_access_policy_change" "gate" {
  account_id = var.account_id
  current    = [{ id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }]
  candidate = [
    { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
    { name = "Maybe", decision = "perhaps", include = [{ everyone = {} }] },
  ]
  expected_newly_blocked = ["contractors.example.com"]
}
