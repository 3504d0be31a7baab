package policytests

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*DataSource)(nil)

// DataSource is the cloudflarezt_access_policy_test data source: one test
// by id, wherever it was started.
type DataSource struct {
	client *client.Client
}

// NewDataSource is the data source's factory for the provider.
func NewDataSource() datasource.DataSource { return &DataSource{} }

func (d *DataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_policy_test"
}

func (d *DataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = fromProviderData[client.Client](req.ProviderData, &resp.Diagnostics)
}

// testIDValidator accepts what the API hands out: up to 64 characters.
func testIDValidator() validator.String {
	return stringvalidator.LengthBetween(1, 64)
}

func (d *DataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"account_id": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "The Cloudflare account ID: 32 lowercase hexadecimal characters.",
			Validators:          []validator.String{accountIDValidator()},
		},
		"id": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "The ID of the policy test, as returned when it was started (by this provider, the dashboard or the API).",
			Validators:          []validator.String{testIDValidator()},
		},
	}
	resultDataSourceAttributes(attrs)
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the status and counters of an Access policy test by its ID, wherever it was started. " +
			"The API token needs `Access: Policy Test Read` or `Access: Policy Test Write`.",
		Attributes: attrs,
	}
}

func (d *DataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.client == nil {
		notConfigured(&resp.Diagnostics)
		return
	}
	var m dataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID, testID := m.AccountID.ValueString(), m.ID.ValueString()
	ctx = withFields(ctx, accountID, testID)
	t, err := d.client.GetPolicyTest(ctx, accountID, testID)
	if err != nil {
		addAPIError(&resp.Diagnostics, apiCall{summary: "Unable to Read Policy Test", accountID: accountID, testID: testID,
			permission: readPermission, scheme: d.client.AuthScheme()}, err)
		return
	}
	m.set(t)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
