locals {
  policies = [{
    name     = "p"
    decision = "allow"
    require  = [{ ip = { ip = "10.0.0.0/33" } }]
    include  = [{ everyone = {} }]
  }]
}
