# A second test that is still running, and its users.
resource "cloudflarezt_access_policy_test" "running" {
  account_id          = var.account_id
  policies            = [{ id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }]
  wait_for_completion = false
}

data "cloudflarezt_access_policy_test_users" "running" {
  account_id     = cloudflarezt_access_policy_test.running.account_id
  policy_test_id = cloudflarezt_access_policy_test.running.id
}
