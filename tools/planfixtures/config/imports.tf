# The account as it is: the policies and applications this configuration
# manages, imported from the account (the ids of the emulator's sample;
# literal, as Terraform 1.5 takes them).

import {
  to = cloudflare_zero_trust_access_policy.shared["employees"]
  id = "0123456789abcdef0123456789abcdef/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
}

import {
  to = cloudflare_zero_trust_access_policy.shared["embargo"]
  id = "0123456789abcdef0123456789abcdef/1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e"
}

import {
  to = cloudflare_zero_trust_access_policy.shared["contractors"]
  id = "0123456789abcdef0123456789abcdef/2c3d4e5f-6a7b-4c8d-8e9f-1a2b3c4d5e6f"
}

import {
  to = module.apps["wiki"].cloudflare_zero_trust_access_application.app
  id = "accounts/0123456789abcdef0123456789abcdef/a9000001-0000-4000-8000-000000000001"
}

import {
  to = module.apps["docs"].cloudflare_zero_trust_access_application.app
  id = "accounts/0123456789abcdef0123456789abcdef/a9000002-0000-4000-8000-000000000002"
}

import {
  to = module.apps["payroll"].cloudflare_zero_trust_access_application.app
  id = "accounts/0123456789abcdef0123456789abcdef/a9000003-0000-4000-8000-000000000003"
}

import {
  to = module.apps["status"].cloudflare_zero_trust_access_application.app
  id = "accounts/0123456789abcdef0123456789abcdef/a9000004-0000-4000-8000-000000000004"
}
