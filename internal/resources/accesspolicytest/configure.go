package accesspolicytest

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// clientFrom type-asserts the provider's data. A nil result with no error
// means the provider is not configured yet (unknown values during plan).
func clientFrom(data any, diags *diag.Diagnostics) *client.Client {
	if data == nil {
		return nil
	}
	c, ok := data.(*client.Client)
	if !ok {
		diags.AddError("Unexpected Resource Configure Type",
			fmt.Sprintf("Expected *client.Client, got: %T. Please report this issue to the provider developers.", data))
		return nil
	}
	return c
}

func notConfigured(diags *diag.Diagnostics) {
	diags.AddError("Provider Not Configured",
		"The cloudflarezt provider has no API client, usually because its configuration depends on values not known until apply. Apply the resources it depends on first.")
}
