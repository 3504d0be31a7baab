# Everyone is approved today; the candidate lets in only the staff group.
# The directory (change_by_id_directory.json) has two people whose emails
# differ only in case, and one without an email. change_by_id_gate.tf and
# change_by_id_ephemeral.tf gate the change.

variable "account_id" {
  type = string
}

variable "expected_newly_blocked" {
  type    = list(string)
  default = []
}

locals {
  everyone = [{
    name     = "Everyone"
    decision = "allow"
    include  = [{ everyone = {} }]
  }]
  staff_only = [{
    name     = "Staff only"
    decision = "allow"
    include  = [{ group = { id = "staff" } }]
  }]
}
