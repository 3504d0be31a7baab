locals {
  policies = [{ name = "p", decision = "permit", include = [{ everyone = {} }] }]
}
