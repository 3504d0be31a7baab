locals {
  policies = [{
    name     = "p"
    decision = "allow"
    include  = [{ okta = { name = "Engineering" } }]
  }]
}
