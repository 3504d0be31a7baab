variable "account_id" {
  description = "The Cloudflare account whose users the policies are tested against (with TF_VAR_account_id in CI)."
  type        = string
}

# One value describes the policy. Feed it to this resource now, and to
# cloudflare_zero_trust_access_policy (official provider) once the test
# passes: the rule attributes are the same, so it converts without edits.
locals {
  engineering = {
    name     = "Engineering"
    decision = "allow"
    include = [
      { okta = { identity_provider_id = "b2f4e6a8-1c3d-4e5f-8a9b-0c1d2e3f4a5b", name = "Engineering" } },
      { github_organization = { identity_provider_id = "e5c7b9d1-4f6a-4b8c-9d2e-3f4a5b6c7d8e", name = "example-org" } },
    ]
    require = [{ auth_method = { auth_method = "mfa" } }]
  }
}

resource "cloudflarezt_access_policy_test" "engineering" {
  account_id = var.account_id
  policies   = [local.engineering]

  # Re-run the test whenever the policy changes.
  triggers = { policy = sha1(jsonencode(local.engineering)) }
}

# With the official provider installed:
#
# resource "cloudflare_zero_trust_access_policy" "engineering" {
#   account_id = var.account_id
#   name       = local.engineering.name
#   decision   = local.engineering.decision
#   include    = local.engineering.include
#   require    = local.engineering.require
#   depends_on = [cloudflarezt_access_policy_test.engineering]
# }

output "engineering_approved" {
  value = cloudflarezt_access_policy_test.engineering.users_approved
}
