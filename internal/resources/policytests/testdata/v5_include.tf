# A variable typed like the official provider's include attribute (a set of
# rule objects, each setting one rule type and leaving the other 25 null),
# passed to this provider's include unchanged.
variable "v5_include" {
  type = set(object({
    group                     = object({ id = string })
    any_valid_service_token   = object({})
    auth_context              = object({ id = string, ac_id = string, identity_provider_id = string })
    auth_method               = object({ auth_method = string })
    azure_ad                  = object({ id = string, identity_provider_id = string })
    certificate               = object({})
    common_name               = object({ common_name = string })
    geo                       = object({ country_code = string })
    device_posture            = object({ integration_uid = string })
    email_domain              = object({ domain = string })
    email_list                = object({ id = string })
    email                     = object({ email = string })
    everyone                  = object({})
    external_evaluation       = object({ evaluate_url = string, keys_url = string })
    github_organization       = object({ identity_provider_id = string, name = string, team = string })
    gsuite                    = object({ email = string, identity_provider_id = string })
    login_method              = object({ id = string })
    ip_list                   = object({ id = string })
    ip                        = object({ ip = string })
    okta                      = object({ identity_provider_id = string, name = string })
    saml                      = object({ attribute_name = string, attribute_value = string, identity_provider_id = string })
    oidc                      = object({ claim_name = string, claim_value = string, identity_provider_id = string })
    service_token             = object({ token_id = string })
    linked_app_token          = object({ app_uid = string })
    user_risk_score           = object({ user_risk_score = list(string) })
    cloudflare_account_member = object({ account_id = string })
  }))
  default = [
    {
      group                     = null
      any_valid_service_token   = null
      auth_context              = null
      auth_method               = null
      azure_ad                  = null
      certificate               = null
      common_name               = null
      geo                       = null
      device_posture            = null
      email_domain              = { domain = "example.com" }
      email_list                = null
      email                     = null
      everyone                  = null
      external_evaluation       = null
      github_organization       = null
      gsuite                    = null
      login_method              = null
      ip_list                   = null
      ip                        = null
      okta                      = null
      saml                      = null
      oidc                      = null
      service_token             = null
      linked_app_token          = null
      user_risk_score           = null
      cloudflare_account_member = null
    },
    {
      group                     = null
      any_valid_service_token   = null
      auth_context              = null
      auth_method               = null
      azure_ad                  = null
      certificate               = null
      common_name               = null
      geo                       = { country_code = "JP" }
      device_posture            = null
      email_domain              = null
      email_list                = null
      email                     = null
      everyone                  = null
      external_evaluation       = null
      github_organization       = null
      gsuite                    = null
      login_method              = null
      ip_list                   = null
      ip                        = null
      okta                      = null
      saml                      = null
      oidc                      = null
      service_token             = null
      linked_app_token          = null
      user_risk_score           = null
      cloudflare_account_member = null
    },
  ]
}

variable "account_id" {
  type = string
}

resource "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id
  policies   = [{ name = "from v5", decision = "allow", include = var.v5_include }]
}
