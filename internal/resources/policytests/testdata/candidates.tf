variable "account_id" {
  type = string
}

variable "candidates" {
  type = number
}

# Many tests at once, to show the pace holds across them.
resource "cloudflarezt_access_policy_test" "t" {
  count      = var.candidates
  account_id = var.account_id
  policies   = [{ name = "candidate ${count.index}", decision = "allow", include = [{ email_domain = { domain = "example.com" } }] }]
}
