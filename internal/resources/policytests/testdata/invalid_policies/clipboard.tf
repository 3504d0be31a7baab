locals {
  policies = [{
    name             = "p"
    decision         = "allow"
    connection_rules = { rdp = { allowed_clipboard_local_to_remote_formats = ["image"] } }
    include          = [{ everyone = {} }]
  }]
}
