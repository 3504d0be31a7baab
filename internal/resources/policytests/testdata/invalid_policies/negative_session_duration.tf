locals {
  policies = [{
    name             = "p"
    decision         = "allow"
    session_duration = "-8h"
    include          = [{ everyone = {} }]
  }]
}
