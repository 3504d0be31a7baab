variable "account_id" {
  description = "The Cloudflare account whose users the policies are tested against (with TF_VAR_account_id in CI)."
  type        = string
}

# Adopt a test started elsewhere, by "<account_id>/<policy_test_id>". The API
# cannot return a test's policies, so the first apply adopts the configured
# ones without starting a new test; any later change starts one.
import {
  to = cloudflarezt_access_policy_test.adopted
  id = "0123456789abcdef0123456789abcdef/9e3c1d7a5b2f48e6a0c4d8f2b6e1a3c57d9f0b2e4a6c8e1f3a5b7d9c0e2f4a6b"
}

resource "cloudflarezt_access_policy_test" "adopted" {
  account_id = var.account_id
  policies   = [{ id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }]
}
