variable "account_id" {
  type = string
}

variable "posture_account_id" {
  type = string
}

resource "cloudflarezt_access_policy_test" "t" {
  account_id = var.account_id

  policies = [{
    name     = "Encrypted disks"
    decision = "allow"
    include = [{
      device_posture = {
        integration_uid = "posture-disk-encryption"
        account_id      = var.posture_account_id
      }
    }]
  }]
}
