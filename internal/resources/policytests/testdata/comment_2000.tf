# 2,000 changed people on a generated directory: the candidate shuts out
# cohort-0 (1,000 employees), as reviewed, and lets in cohort-11 (1,000
# contractors), which nobody expected.
data "cloudflarezt_access_policy_change" "gate" {
  account_id = var.account_id
  current = [{
    name     = "Employees"
    decision = "allow"
    include  = [{ email_domain = { domain = "example.com" } }]
  }]
  candidate = [{
    name     = "Employees but cohort 0, and cohort 11"
    decision = "allow"
    include  = [{ email_domain = { domain = "example.com" } }, { group = { id = "cohort-11" } }]
    exclude  = [{ group = { id = "cohort-0" } }]
  }]
  expected_newly_blocked = ["*@example.com"]

  lifecycle {
    postcondition {
      condition     = self.unexpected_newly_blocked_count + self.unexpected_newly_approved_count == 0
      error_message = self.summary
    }
  }
}

variable "account_id" {
  type = string
}
