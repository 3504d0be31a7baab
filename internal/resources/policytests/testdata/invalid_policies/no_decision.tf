locals {
  policies = [{ name = "p", include = [{ everyone = {} }] }]
}
