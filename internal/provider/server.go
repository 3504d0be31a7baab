package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Address is the provider's registry address.
const Address = "registry.terraform.io/cloudflarezt/cloudflarezt"

// ProtocolServer is what Terraform talks to: the framework's server for the
// provider. The binary and the acceptance tests both use it.
func ProtocolServer(version string) func() tfprotov6.ProviderServer {
	return providerserver.NewProtocol6(New(version)())
}
