variable "token" {
  type = string
}

# A credential Terraform knows only after apply.
resource "terraform_data" "token" {
  input = var.token
}
