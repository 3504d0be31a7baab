# The same tests for OpenTofu (1.8 and later), which reads this file instead
# of gate.tftest.hcl: its overrides of a data source apply at plan without
# override_during, an argument it does not know.

mock_provider "cloudflarezt" {}

variables {
  account_id = "0123456789abcdef0123456789abcdef"
}

run "an_unexpected_person_fails_the_gate" {
  command = plan

  override_data {
    target          = data.cloudflarezt_access_policy_change.gate
    values = {
      newly_blocked_count             = 1
      unexpected_newly_blocked_count  = 1
      unexpected_newly_approved_count = 0
      candidate_test = {
        id = "f0e1d2c3b4a5968778695a4b3c2d1e0f", status = "complete", total_users = 6, users_approved = 5, users_blocked = 1, users_errored = 0
        percent_approved = 83.3, percent_blocked = 16.7, percent_errored = 0, percent_users_processed = 100
      }
      summary                         = "This change would newly block 1 person who can get in today and is not expected: pat@example.com."
    }
  }

  expect_failures = [data.cloudflarezt_access_policy_change.gate]
}

run "a_reviewed_change_passes" {
  command = plan

  override_data {
    target          = data.cloudflarezt_access_policy_change.gate
    values = {
      newly_approved_count            = 5
      unexpected_newly_blocked_count  = 0
      unexpected_newly_approved_count = 0
      candidate_test = {
        id = "f0e1d2c3b4a5968778695a4b3c2d1e0f", status = "complete", total_users = 6, users_approved = 5, users_blocked = 1, users_errored = 0
        percent_approved = 83.3, percent_blocked = 16.7, percent_errored = 0, percent_users_processed = 100
      }
      summary                         = "No unexpected change of access: 0 newly blocked and 5 newly approved, all expected."
    }
  }

  assert {
    condition     = data.cloudflarezt_access_policy_change.gate.unexpected_newly_approved_count == 0
    error_message = "A reviewed change must pass the gate."
  }
}
