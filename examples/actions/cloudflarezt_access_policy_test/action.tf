variable "account_id" {
  type = string
}

# One test with limits: run it alone with
#   terraform apply -invoke=action.cloudflarezt_access_policy_test.contractors
# or trigger it before a resource changes, as below.
action "cloudflarezt_access_policy_test" "contractors" {
  config {
    account_id = var.account_id
    policies = [{
      name     = "Contractors"
      decision = "allow"
      include  = [{ email_domain = { domain = "contractors.example.com" } }]
      exclude  = [{ geo = { country_code = "KP" } }]
    }]
    max_users_blocked   = 12
    max_percent_blocked = 80
    max_users_errored   = 1
  }
}

# Stands in for the cloudflare_zero_trust_access_policy that deploys these
# policies.
resource "terraform_data" "policy" {
  input = "contractors"

  lifecycle {
    action_trigger {
      events  = [before_create, before_update]
      actions = [action.cloudflarezt_access_policy_test.contractors]
    }
  }
}
