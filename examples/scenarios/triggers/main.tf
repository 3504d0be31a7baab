variable "account_id" {
  description = "The Cloudflare account whose users the policies are tested against (with TF_VAR_account_id in CI)."
  type        = string
}

variable "policy_revision" {
  type        = string
  default     = "2026-11-26"
  description = "Anything that should start a new test when it changes, such as a ticket or a commit."
}

resource "cloudflarezt_access_policy_test" "nightly" {
  account_id = var.account_id
  policies   = [{ id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }]

  # A reusable policy can change outside Terraform: re-test on demand.
  triggers = { revision = var.policy_revision }

  # Start the test and return at once; refreshes fill in the counters.
  wait_for_completion = false
}
