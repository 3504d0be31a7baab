package policytests

import (
	"context"
	"encoding/json"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/plangates"
)

var (
	_ datasource.DataSourceWithConfigure      = (*ApplicationsDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*ApplicationsDataSource)(nil)
)

// ApplicationsDataSource is cloudflarezt_access_applications: the account's
// Access applications with their policy lists as a test takes them, for a
// check of what applies today (the nightly standing rules).
type ApplicationsDataSource struct {
	client *client.Client
}

// NewApplicationsDataSource is the data source's factory for the provider.
func NewApplicationsDataSource() datasource.DataSource { return &ApplicationsDataSource{} }

func (d *ApplicationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_applications"
}

func (d *ApplicationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientOf(req.ProviderData, &resp.Diagnostics)
}

func (d *ApplicationsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	validateTimeouts(ctx, req.Config, &resp.Diagnostics)
}

func (d *ApplicationsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's Access applications (account-level; zone-level applications are not read) with each one's policies as Access applies them today, " +
			"ready for `current` and `candidate` of `cloudflarezt_access_policy_change`: the nightly check of the standing rules over every application, with no list to keep by hand. " +
			"The API token needs `" + appsPermission + "`.",
		Attributes: map[string]schema.Attribute{
			"account_id": fwshim.DataSourceAttribute(accountIDAttribute()),
			"timeouts": dstimeouts.AttributesWithOpts(ctx, dstimeouts.Opts{
				ReadDescription: "How long reading every page of the applications may take (a duration such as `10m`). Defaults to `10m`.",
			}),
			"applications": schema.MapNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The applications, by ID.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":   computed("The application's name."),
					"domain": computed("The hostname the application protects."),
					"type":   computed("The application's type (`self_hosted`, `saas`, …)."),
					"policies": computed("Its policies in order of precedence, as JSON: `jsondecode` it for `current` and `candidate`. " +
						"A reusable policy is `{ \"id\": … }` (a test runs its live version), the application's own policies are given inline. `[]` for an application without policies."),
				}},
			},
		},
	}
}

func (d *ApplicationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m applicationsModel
	ctx, cancel, _, ok := withConfig(ctx, d.client, req.Config, &m, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	accountID := m.AccountID.ValueString()
	apps, err := d.client.ListApplications(withFields(ctx, accountID, ""), accountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, newFailedCall(d.client, "Unable to List Access Applications", appsPermission, accountID, ""), err)
		return
	}
	m.Applications = make(map[string]applicationModel, len(apps))
	for _, app := range apps {
		policies, err := json.Marshal(cleanEntries(plangates.CurrentList(app)))
		if err != nil {
			resp.Diagnostics.AddError("Unusable Application", "Application "+app.ID+": "+err.Error())
			return
		}
		m.Applications[app.ID] = applicationModel{Name: types.StringValue(app.Name), Domain: types.StringValue(app.Domain), Type: types.StringValue(app.Type), Policies: types.StringValue(string(policies))}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
