locals {
  policies = [{ id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0" }]
}
