locals {
  policies = [{ name = "p", decision = "allow", include = [{ everyone = {} }] }, { id = "0a1b2c3d 4e5f" }]
}
