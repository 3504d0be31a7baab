locals {
  policies = [{
    name     = "p"
    decision = "allow"
    include  = [{ device_posture = { integration_uid = "p", account_id = "0123456789abcdef0123456789abcdef0" } }]
  }]
}
