package accesspolicytest

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// fromProviderData type-asserts what the provider hands to resources and
// data sources. A nil result with no error means the provider is not
// configured yet (unknown values during plan).
func fromProviderData[T any](data any, diags *diag.Diagnostics) *T {
	if data == nil {
		return nil
	}
	v, ok := data.(*T)
	if !ok {
		diags.AddError("Unexpected Provider Data Type",
			fmt.Sprintf("Expected %T, got: %T. Please report this issue to the provider developers.", (*T)(nil), data))
		return nil
	}
	return v
}

func notConfigured(diags *diag.Diagnostics) {
	diags.AddError("Provider Not Configured",
		"The cloudflarezt provider has no API client, usually because its configuration depends on values not known until apply. Apply the resources it depends on first.")
}
