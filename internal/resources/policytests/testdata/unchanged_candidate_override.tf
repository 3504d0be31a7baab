# An override file for a shipped gate example: the candidate is what the
# application uses today, so nobody's access changes and the gate passes.
# (Terraform 1.11 does not apply override files to ephemeral blocks, so the
# override is on the local both gates read.)

locals {
  candidate = [for id in local.live_policy_ids : { id = id }]
}
