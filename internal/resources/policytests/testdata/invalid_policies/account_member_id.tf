locals {
  policies = [{
    name     = "p"
    decision = "allow"
    include  = [{ cloudflare_account_member = { account_id = "0123456789abcdef0123456789abcdef0" } }]
  }]
}
