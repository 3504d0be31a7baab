variable "account_id" {
  type = string
}

# Every account-level Access application with its policies as Access applies
# them today: the nightly check of the standing rules over all of them is
# examples/scenarios/standing-rules-nightly.
data "cloudflarezt_access_applications" "account" {
  account_id = var.account_id
}

output "policies_per_application" {
  value = { for id, app in data.cloudflarezt_access_applications.account.applications : app.name => length(jsondecode(app.policies)) }
}
