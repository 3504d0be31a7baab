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

// ProviderData is what the provider gives every resource, data source,
// action and ephemeral resource: the API client and what the calls of one
// configured provider share. Terraform configures a provider afresh for
// every plan and every apply, so nothing here outlives one.
type ProviderData struct {
	Client   *client.Client
	handoffs handoffs
	shared   sharedRuns
}

// NewProviderData wraps the provider's client.
func NewProviderData(c *client.Client) *ProviderData { return &ProviderData{Client: c} }

// configured returns the provider's data, or nil before the provider is
// configured (or after an error diagnostic).
func configured(data any, diags *diag.Diagnostics) *ProviderData {
	return fromProviderData[ProviderData](data, diags)
}

// clientOf returns the provider's client, or nil like configured.
func clientOf(data any, diags *diag.Diagnostics) *client.Client {
	if d := configured(data, diags); d != nil {
		return d.Client
	}
	return nil
}
