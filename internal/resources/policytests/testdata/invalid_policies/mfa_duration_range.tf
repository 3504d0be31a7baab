locals {
  policies = [{
    name       = "p"
    decision   = "allow"
    mfa_config = { session_duration = "721h" }
    include    = [{ everyone = {} }]
  }]
}
