terraform {
  required_providers {
    cloudflare = {
      source = "cloudflare/cloudflare"
    }
  }
}

variable "account_id" {
  type = string
}

variable "name" {
  type = string
}

variable "domain" {
  type = string
}

variable "policy_ids" {
  type = list(string)
}

variable "own_policies" {
  type = list(object({
    name     = string
    decision = string
    include  = list(any)
  }))
  default = []
}

resource "cloudflare_zero_trust_access_application" "app" {
  account_id = var.account_id
  name       = var.name
  domain     = var.domain
  type       = "self_hosted"
  policies = concat(
    [for i, id in var.policy_ids : { id = id, precedence = i + 1 }],
    [for j, p in var.own_policies : merge(p, { precedence = length(var.policy_ids) + j + 1 })],
  )
}
