locals {
  policies = [{ session_duration = "8h" }]
}
