# Offline tests of the gate in main.tf: `terraform test` (Terraform 1.11 and
# later) mocks the provider and states the gate's result in each run, so no
# API and no credentials are needed. The runs check the configuration's own
# logic: an unexpected person fails the plan, a reviewed change passes.
# Ephemeral resources and actions cannot be mocked by `terraform test` today.

mock_provider "cloudflarezt" {}

variables {
  account_id = "0123456789abcdef0123456789abcdef"
}

run "an_unexpected_person_fails_the_gate" {
  command = plan

  override_data {
    target          = data.cloudflarezt_access_policy_change.gate
    override_during = plan
    values = {
      newly_blocked_count             = 1
      unexpected_newly_blocked_count  = 1
      unexpected_newly_approved_count = 0
      candidate_test                  = { status = "complete" }
      summary                         = "This change would newly block 1 person who can get in today and is not expected: pat@example.com."
    }
  }

  expect_failures = [data.cloudflarezt_access_policy_change.gate]
}

run "a_reviewed_change_passes" {
  command = plan

  override_data {
    target          = data.cloudflarezt_access_policy_change.gate
    override_during = plan
    values = {
      newly_approved_count            = 5
      unexpected_newly_blocked_count  = 0
      unexpected_newly_approved_count = 0
      candidate_test                  = { status = "complete" }
      summary                         = "No unexpected change of access: 0 newly blocked and 5 newly approved, all expected."
    }
  }

  assert {
    condition     = data.cloudflarezt_access_policy_change.gate.unexpected_newly_approved_count == 0
    error_message = "A reviewed change must pass the gate."
  }
}
