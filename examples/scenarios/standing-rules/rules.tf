# Standing rules, kept in a file the security team owns (CODEOWNERS:
# `access/rules.tf @example/security`), shared by the gate of every
# application a change touches, with their exceptions.
# They hold whatever the change: no expected_newly_* entry excuses breaking
# them.

locals {
  standing_rules = {
    # Must always get in: break-glass and on-call accounts. Each must have
    # logged in to Access once, or the rule cannot be assessed and fails.
    always_approved = ["break-glass@example.com"]
    # Must never get in to the applications below, whatever a group says.
    never_approved = ["*@contractors.example.com"]
  }

  # Exceptions to the rules above, each with an owner, a reason and a date:
  # until then the people it names are reported as excepted, not as
  # violations; two weeks before, every plan warns its owner; after it (or
  # without an owner or a reason) it is void and the rule holds again.
  rule_exceptions = [
    {
      who     = "vendor-support@contractors.example.com"
      rule    = "never_approved"
      reason  = "Vendor support during the payroll migration"
      owner   = "payroll-team"
      expires = "2027-06-30"
      ticket  = "SEC-412"
    },
  ]
}
