locals {
  policies = [{ name = "p", decision = "allow", include = [{ everyone = {} }] }, { id = "" }]
}
