# comment_2000.tf's gate, ephemeral.
ephemeral "cloudflarezt_access_policy_change" "gate" {
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
}

variable "account_id" {
  type = string
}
