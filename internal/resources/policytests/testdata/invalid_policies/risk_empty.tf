locals {
  policies = [{
    name     = "p"
    decision = "allow"
    require  = [{ user_risk_score = { user_risk_score = [] } }]
    include  = [{ everyone = {} }]
  }]
}
