locals {
  policies = [{
    name            = "p"
    decision        = "allow"
    approval_groups = [{ approvals_needed = -1 }]
    include         = [{ everyone = {} }]
  }]
}
