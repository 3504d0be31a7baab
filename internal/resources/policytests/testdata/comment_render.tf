# var.gates gates of the "mfa" candidate (testdata/comment_render_*.tf),
# for the comment as GitHub renders it: every gate tests the very same
# lists, so they share two tests. erin is expected, so that counts and
# unexpected counts differ.

variable "account_id" {
  type = string
}

variable "gates" {
  type = number
}

locals {
  current = [
    { id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
    { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
  ]
  candidate = [
    {
      name     = "Employees with MFA"
      decision = "allow"
      include  = [{ email_domain = { domain = "example.com" } }]
      require  = [{ auth_method = { auth_method = "mfa" } }]
    },
    { id = "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" },
  ]
}
