# An override file for the shipped example of either gate: its candidate
# refers to a group created in the same run (new_group.tf), so the candidate
# is known only during apply.

locals {
  candidate = [
    {
      name     = "Employees with MFA, and the new group"
      decision = "allow"
      include = [
        { email_domain = { domain = "example.com" } },
        { group = { id = terraform_data.new_group.output } },
      ]
      require = [{ auth_method = { auth_method = "mfa" } }]
    },
  ]
}
