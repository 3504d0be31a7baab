# A group created in the same run, for unknown_candidate_override.tf.

resource "terraform_data" "new_group" {
  input = "contractors"
}
