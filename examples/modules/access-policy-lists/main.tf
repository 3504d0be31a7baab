# Per application, the policy list as deployed (current) and the list this
# change deploys (candidate), both in order of precedence: a policy this
# change creates or edits is given inline, as configured, so that the test
# runs what the change deploys and not the live version behind its id;
# every other policy is given by id.

locals {
  # The policy attributes the test API takes (the gate's policy schema).
  fields = [
    "name", "decision", "include", "exclude", "require", "approval_groups", "approval_required", "isolation_required",
    "purpose_justification_required", "purpose_justification_prompt", "session_duration", "connection_rules", "mfa_config",
  ]
  rule_fields = ["include", "exclude", "require"]

  # A policy's attributes as the test takes them: only the fields above,
  # without null, false or empty values (length 0: a typed empty list from a
  # data source is not equal to the literal []) and, in its rules, without
  # null members.
  # The configured and the deployed side are compared in this form, so that
  # the attributes the official provider reads back as null do not count as
  # edits. What it cannot see through (a default the API fills in) shows
  # as an edit: that costs a test, and never hides one.
  given = { for key, p in var.policies : key => {
    for field in local.fields : field => (contains(local.rule_fields, field)
      ? [for rule in lookup(p.configured, field, null) : { for type, value in rule : type => (can(keys(value)) ? { for k, v in value : k => v if v != null } : value) if value != null }]
      : lookup(p.configured, field, null)
    ) if lookup(p.configured, field, null) != null && lookup(p.configured, field, null) != false && try(length(lookup(p.configured, field, null)), 1) != 0
  } }
  live = { for key, p in var.policies : key => lookup(p, "deployed", null) == null ? null : {
    for field in local.fields : field => (contains(local.rule_fields, field)
      ? [for rule in lookup(p.deployed, field, null) : { for type, value in rule : type => (can(keys(value)) ? { for k, v in value : k => v if v != null } : value) if value != null }]
      : lookup(p.deployed, field, null)
    ) if lookup(p.deployed, field, null) != null && lookup(p.deployed, field, null) != false && try(length(lookup(p.deployed, field, null)), 1) != 0
  } }

  edited = { for key, p in var.policies : key => lookup(p, "id", null) == null || local.live[key] == null || jsonencode(local.given[key]) != jsonencode(local.live[key]) }

  # A configured entry that gives the id of a managed policy is that policy.
  key_of_id = { for key, p in var.policies : p.id => key if lookup(p, "id", null) != null }

  # Entries in order of precedence (then as given).
  current_sorted = { for app, a in var.applications : app => [
    for k in sort([for i, p in a.deployed : format("%012d/%06d", p.precedence, i)]) : a.deployed[tonumber(split("/", k)[1])]
  ] }
  candidate_sorted = { for app, a in var.applications : app => [
    for k in sort([for i, p in a.configured : format("%012d/%06d", p.precedence, i)]) : a.configured[tonumber(split("/", k)[1])]
  ] }
  candidate_keys = { for app, entries in local.candidate_sorted : app => [
    for p in entries : p.policy != null ? p.policy : lookup(local.key_of_id, p.id, "")
  ] }
}
