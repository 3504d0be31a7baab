
# Hands the ephemeral results of the reviewed-change example to the echo
# provider, which stores them so that the test can read them.
provider "echo" {
  data = {
    newly_approved_count            = ephemeral.cloudflarezt_access_policy_change.contractors.newly_approved_count
    unexpected_newly_approved_count = ephemeral.cloudflarezt_access_policy_change.contractors.unexpected_newly_approved_count
    newly_blocked_count             = ephemeral.cloudflarezt_access_policy_change.contractors.newly_blocked_count
    summary                         = ephemeral.cloudflarezt_access_policy_change.contractors.summary
    candidate_status                = ephemeral.cloudflarezt_access_policy_change.contractors.candidate_test.status
    candidate_approved              = ephemeral.cloudflarezt_access_policy_change.contractors.candidate_test.users_approved
    first_newly_approved            = ephemeral.cloudflarezt_access_policy_change.contractors.newly_approved[0].email
  }
}

resource "echo" "results" {}
