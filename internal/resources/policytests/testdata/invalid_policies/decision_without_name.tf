locals {
  policies = [{ decision = "allow", include = [{ everyone = {} }] }]
}
