variable "account_id" {
  type = string
}

# The gates a saved plan of your configuration (written for the official
# provider) needs: terraform show -json tfplan > plan.json. The whole flow,
# with the change gates, is examples/scenarios/gate-from-plan.
data "cloudflarezt_access_plan_gates" "plan" {
  account_id     = var.account_id
  plan_file      = abspath("plan.json")
  accept_removed = ["legacy-wiki.example.com"]
}

data "cloudflarezt_access_policy_change" "gate" {
  for_each = { for key, g in data.cloudflarezt_access_plan_gates.plan.gates : key => g if g.status != "removed" }

  account_id = var.account_id
  current    = jsondecode(each.value.current)
  candidate  = jsondecode(each.value.candidate)

  lifecycle {
    postcondition {
      condition     = self.unexpected_newly_blocked_count + self.unexpected_newly_approved_count == 0
      error_message = "${each.value.name}: ${self.summary}"
    }
  }
}
