# `current` names a reusable policy the account does not have: the API
# refuses that test at its start.

variable "account_id" {
  type = string
}

data "cloudflarezt_access_policy_change" "gate" {
  account_id = var.account_id
  current    = [{ id = "deadbeef-0000-4000-8000-000000000000" }]
  candidate = [{
    name     = "Everyone"
    decision = "allow"
    include  = [{ everyone = {} }]
  }]
}
