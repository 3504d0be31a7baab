# An override file for a shipped gate example: the candidate is what the
# application uses today, so nobody's access changes and the gate passes.
# The override is on the local both gates read: Terraform (1.15 and earlier)
# merges override files into resource, data and action blocks, and silently
# ignores an override of an ephemeral block.

locals {
  candidate = [for id in local.live_policy_ids : { id = id }]
}
