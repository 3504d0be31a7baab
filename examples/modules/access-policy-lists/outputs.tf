output "lists" {
  description = <<-EOT
    Per application key: `current` (the deployed policies by id) and `candidate` (edited and new policies inline, the rest by id),
    both in order of precedence, ready for the `current` and `candidate` of `cloudflarezt_access_policy_change`; and
    `edited_policies`, the keys of the policies in its candidate that this change creates or edits.
  EOT
  value = { for app, entries in local.candidate_sorted : app => {
    current = [for p in local.current_sorted[app] : { id = p.id }]
    # A tuple indexed by the condition: the two elements have different
    # attributes, which a conditional expression does not allow.
    candidate = [for i, p in entries : [
      lookup(local.given, local.candidate_keys[app][i], null),
      { id = local.candidate_keys[app][i] != "" ? lookup(var.policies[local.candidate_keys[app][i]], "id", null) : p.id },
    ][local.candidate_keys[app][i] != "" && lookup(local.edited, local.candidate_keys[app][i], false) ? 0 : 1]]
    edited_policies = [for key in local.candidate_keys[app] : key if key != "" && lookup(local.edited, key, false)]
  } }
}

output "edited_policies" {
  description = "The keys of the policies this change creates or edits."
  value       = sort([for key, edited in local.edited : key if edited])
}
