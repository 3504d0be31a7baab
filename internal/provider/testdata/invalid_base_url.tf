provider "cloudflarezt" {
  api_token = "x"
  base_url  = "not a url"
}
