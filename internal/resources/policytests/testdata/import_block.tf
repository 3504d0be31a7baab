# Adopts the test started elsewhere, which the emulator gives this id; a
# literal, as Terraform 1.5 takes only a literal import id.
import {
  to = cloudflarezt_access_policy_test.t
  id = "0123456789abcdef0123456789abcdef/9e3c1d7a5b2f48e6a0c4d8f2b6e1a3c57d9f0b2e4a6c8e1f3a5b7d9c0e2f4a6b"
}
