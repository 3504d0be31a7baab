variable "account_id" {
  description = "The Cloudflare account whose users the policies are tested against (with TF_VAR_account_id in CI)."
  type        = string
}

# Test two reusable policies exactly as they are saved, together with a
# candidate inline policy, before attaching the candidate to an application.
resource "cloudflarezt_access_policy_test" "with_candidate" {
  account_id = var.account_id

  policies = [
    { id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }, # "Employees" (allow)
    { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" }, # "Block embargoed countries" (deny)
    {
      name     = "Contractors with MFA"
      decision = "allow"
      include  = [{ email_domain = { domain = "contractors.example.com" } }]
      require  = [{ auth_method = { auth_method = "mfa" } }]
    },
  ]
}

output "approved" {
  value = cloudflarezt_access_policy_test.with_candidate.users_approved
}
