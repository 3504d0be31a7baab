locals {
  policies = [{ name = "p", decision = "allow" }]
}
