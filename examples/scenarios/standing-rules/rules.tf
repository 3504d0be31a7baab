# Standing rules, kept in a file the security team owns (CODEOWNERS:
# `access/rules.tf @example/security`), shared by every application's gate.
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
}
