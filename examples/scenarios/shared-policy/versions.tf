terraform {
  required_version = ">= 1.5.0"
  required_providers {
    cloudflarezt = {
      source  = "cloudflarezt/cloudflarezt"
      version = "~> 0.1"
    }
  }
}
