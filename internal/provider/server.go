package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/resources/accesspolicytest"
)

// Address is the provider's registry address.
const Address = "registry.terraform.io/cloudflarezt/cloudflarezt"

// ProtocolServer is what Terraform talks to: the framework's server for the
// provider, with the resource's common calls answered without the
// framework's per-call cost (accesspolicytest.WithFastPath). The binary and
// the acceptance tests both use it.
func ProtocolServer(version string) func() tfprotov6.ProviderServer {
	p := &Provider{version: version}
	framework := providerserver.NewProtocol6(p)
	return func() tfprotov6.ProviderServer { return accesspolicytest.WithFastPath(framework(), p.ResourceData) }
}
