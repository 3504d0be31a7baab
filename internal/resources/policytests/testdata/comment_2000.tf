# 2,000 changed people on a generated directory: the candidate shuts out
# cohort-0 (1,000 employees), as reviewed, and lets in cohort-11 (1,000
# contractors), which nobody expected. The inputs of both gates:
# comment_2000_data_source.tf and comment_2000_ephemeral.tf.
locals {
  current = [{
    name     = "Employees"
    decision = "allow"
    include  = [{ email_domain = { domain = "example.com" } }]
  }]
  candidate = [{
    name     = "Employees but cohort 0, and cohort 11"
    decision = "allow"
    include  = [{ email_domain = { domain = "example.com" } }, { group = { id = "cohort-11" } }]
    exclude  = [{ group = { id = "cohort-0" } }]
  }]
}

variable "account_id" {
  type = string
}
