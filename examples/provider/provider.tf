# Credentials come from the environment, as for the official provider:
# CLOUDFLARE_API_TOKEN (with Access: Policy Test Write), or
# CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL.
provider "cloudflarezt" {
  # Optional tuning; these are the defaults.
  max_retries         = 4
  requests_per_second = 4
}
