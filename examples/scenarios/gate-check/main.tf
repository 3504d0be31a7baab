variable "account_id" {
  description = "The Cloudflare account whose users the policies are tested against (with TF_VAR_account_id in CI)."
  type        = string
}

resource "cloudflarezt_access_policy_test" "candidate" {
  account_id = var.account_id
  policies = [{
    name     = "Employees"
    decision = "allow"
    include  = [{ email_domain = { domain = "example.com" } }]
  }]
}

# A check block reports a warning instead of failing the apply: use it to
# watch a number without blocking the pipeline.
check "nobody_errored" {
  assert {
    condition     = cloudflarezt_access_policy_test.candidate.users_errored == 0
    error_message = "${cloudflarezt_access_policy_test.candidate.users_errored} users could not be evaluated."
  }
}
