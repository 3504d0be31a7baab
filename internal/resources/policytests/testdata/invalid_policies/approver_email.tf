locals {
  policies = [{
    name            = "p"
    decision        = "allow"
    approval_groups = [{ approvals_needed = 1, email_addresses = ["lead"] }]
    include         = [{ everyone = {} }]
  }]
}
