locals {
  policies = []
}
