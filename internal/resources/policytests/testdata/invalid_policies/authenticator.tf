locals {
  policies = [{
    name       = "p"
    decision   = "allow"
    mfa_config = { allowed_authenticators = ["totp", "sms"] }
    include    = [{ everyone = {} }]
  }]
}
