package policytests

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
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

// ResourceData is what the provider gives the resource: the API client and
// what the calls of one provider process share.
type ResourceData struct {
	Client   *client.Client
	handoffs handoffs
}

// NewResourceData wraps the provider's client for the resource.
func NewResourceData(c *client.Client) *ResourceData { return &ResourceData{Client: c} }
