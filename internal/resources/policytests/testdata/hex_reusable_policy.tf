variable "account_id" {
  type = string
}

# A reusable policy id in the form of the newest spec's example: 64
# hexadecimal characters, not a UUID. The emulator's account has no such
# policy.
data "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id
  policies = [
    { name = "p", decision = "allow", include = [{ everyone = {} }] },
    { id = "6c1f0a528d3e4b7a9f213e5d7c9a1b206c1f0a528d3e4b7a9f213e5d7c9a1b20" },
  ]
}
