# A resource that has nothing to do with the gate, for -target.

resource "terraform_data" "unrelated" {
  input = "unrelated"
}
