variable "policy_test_id" {
  type = string
}

# Adopts a test started elsewhere (an import id needs Terraform 1.6 or later
# to be an expression).
import {
  to = cloudflarezt_access_policy_test.t
  id = "${var.account_id}/${var.policy_test_id}"
}
