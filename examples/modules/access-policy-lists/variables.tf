variable "policies" {
  description = <<-EOT
    Every reusable Access policy the configuration manages, by the key it uses for them:
    - `id`: the policy's id as deployed; null for a policy this change creates.
    - `configured`: the attributes given to its `cloudflare_zero_trust_access_policy` (`name`, `decision`, `include`, …; others are ignored).
    - `deployed`: the policy as deployed (`data.cloudflare_zero_trust_access_policy`); null for a new one.
    A policy is edited when `configured` and `deployed` differ once null and false attributes are dropped.
  EOT
  # `any`, not map(object(…)): policies of different shapes (one with
  # `require`, one without) cannot be elements of one map type.
  type = any

  validation {
    condition     = alltrue([for p in values(var.policies) : can(p.configured.name) && can(p.configured.decision)])
    error_message = "Each policy gives `configured`, with at least its `name` and `decision`."
  }
}

variable "applications" {
  description = <<-EOT
    Every Access application the configuration manages, by key:
    - `deployed`: its `policies` as deployed (`data.cloudflare_zero_trust_access_application.policies`: `id`, `precedence`);
    - `configured`: its `policies` as configured, each naming a key of `policies` (`policy`) or, for a policy managed elsewhere, its `id`, with its `precedence`.
  EOT
  type = map(object({
    deployed = list(object({
      id         = string
      precedence = number
    }))
    configured = list(object({
      policy     = optional(string)
      id         = optional(string)
      precedence = number
    }))
  }))

  validation {
    condition = alltrue(flatten([for app in var.applications : [
      for p in app.configured : (p.policy == null) != (p.id == null)
    ]]))
    error_message = "Each configured policy of an application names exactly one of `policy` (a key of `policies`) or `id`."
  }
}
