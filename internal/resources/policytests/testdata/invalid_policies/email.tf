locals {
  policies = [{
    name     = "p"
    decision = "allow"
    include  = [{ email = { email = "alice" } }]
  }]
}
