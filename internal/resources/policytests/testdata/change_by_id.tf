# Everyone is approved today; the candidate lets in only the staff group.
# The directory (change_by_id_directory.json) has two people whose emails
# differ only in case, and one without an email.

variable "account_id" {
  type = string
}

variable "expected_newly_blocked" {
  type    = list(string)
  default = []
}

data "cloudflarezt_access_policy_change" "gate" {
  account_id = var.account_id
  current = [{
    name     = "Everyone"
    decision = "allow"
    include  = [{ everyone = {} }]
  }]
  candidate = [{
    name     = "Staff only"
    decision = "allow"
    include  = [{ group = { id = "staff" } }]
  }]
  expected_newly_blocked = var.expected_newly_blocked
}
