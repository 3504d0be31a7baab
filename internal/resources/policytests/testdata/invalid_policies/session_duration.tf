locals {
  policies = [{
    name             = "p"
    decision         = "allow"
    session_duration = "1 day"
    include          = [{ everyone = {} }]
  }]
}
