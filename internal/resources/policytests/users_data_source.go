package policytests

import (
	"context"
	"fmt"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
)

var (
	_ datasource.DataSourceWithConfigure      = (*UsersDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*UsersDataSource)(nil)
)

func (d *UsersDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	validateTimeouts(ctx, req.Config, &resp.Diagnostics)
}

// UsersDataSource is cloudflarezt_access_policy_test_users: the users of a
// test and what happened to each.
type UsersDataSource struct {
	client *client.Client
}

// NewUsersDataSource is the data source's factory for the provider.
func NewUsersDataSource() datasource.DataSource { return &UsersDataSource{} }

// userFilters maps the words the rows use to the API's filter values.
var userFilters = map[string]string{
	"approved": client.UsersFilterApproved,
	"blocked":  client.UsersFilterBlocked,
	"error":    client.UsersFilterError,
}

func (d *UsersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_policy_test_users"
}

func (d *UsersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientOf(req.ProviderData, &resp.Diagnostics)
}

func (d *UsersDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the users of an Access policy test and what the tested policies would do to each, following every page. " +
			"Read it once the test is `complete`: while it is `processing` the list may be incomplete. " +
			"The API token needs `Access: Policy Test Read` or `Access: Policy Test Write`.",
		Attributes: map[string]schema.Attribute{
			"account_id": fwshim.DataSourceAttribute(accountIDAttribute()),
			"policy_test_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The ID of the policy test, such as `cloudflarezt_access_policy_test.example.id`.",
				Validators:          []validator.String{testIDValidator()},
			},
			"status": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only list users with this outcome: `approved`, `blocked` or `error`. Lists every user when unset.",
				Validators:          []validator.String{stringvalidator.OneOf("approved", "blocked", "error")},
			},
			"max_users": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Stop after this many users (a warning says the list was cut). Lists every user when unset.",
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"timeouts": dstimeouts.AttributesWithOpts(ctx, dstimeouts.Opts{
				ReadDescription: "How long reading the test and every page of its users may take (a duration such as `10m`). Defaults to `10m`.",
			}),
			"users": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The users, in the order Cloudflare returned them.",
				NestedObject:        schema.NestedAttributeObject{Attributes: fwshim.DataSourceAttributes(userAttributes())},
			},
		},
	}
}

// userAttributes are a listed person and what the test would do to them.
func userAttributes() map[string]rschema.Attribute {
	attrs := personAttributes()
	attrs["status"] = rschema.StringAttribute{Computed: true, MarkdownDescription: "What the tested policies would do: `approved`, `blocked` or `error`."}
	return attrs
}

func (d *UsersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m usersModel
	ctx, cancel, _, ok := withConfig(ctx, d.client, req.Config, &m, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	accountID, testID := m.AccountID.ValueString(), m.PolicyTestID.ValueString()
	ctx = withFields(ctx, accountID, testID)
	call := newFailedCall(d.client, "Unable to Read Policy Test Users", readPermission, accountID, testID)

	// The status comes first: it tells a missing test apart from an empty
	// list, and whether the list can still grow.
	t, err := d.client.GetPolicyTest(ctx, accountID, testID)
	if err != nil {
		addAPIError(&resp.Diagnostics, call, err)
		return
	}
	if !t.Status.Final() {
		resp.Diagnostics.AddWarning("Policy Test Still Running",
			fmt.Sprintf("Policy test %s has status %q (%d%% of users processed): the list of users may be incomplete. Read it again once the test is complete.",
				testID, t.Status, t.PercentUsersProcessed.Value))
	}

	filter := userFilters[m.Status.ValueString()]
	listing, err := d.client.AllPolicyTestUsers(ctx, accountID, testID, filter, client.MaxUsersPerPage, int(m.MaxUsers.ValueInt64()))
	if err != nil {
		addAPIError(&resp.Diagnostics, call, err)
		return
	}
	// Rows must match the filter and not repeat; a full listing of a
	// finished test must also add up to its counter.
	var counted *client.PolicyTest
	if t.Status.Final() && !listing.Truncated {
		counted = t
	}
	if err := d.client.CheckListing(counted, filter, listing.Users); err != nil {
		listingMismatch(&resp.Diagnostics, "", accountID, t, err)
		return
	}
	if listing.Truncated {
		resp.Diagnostics.AddWarning("User List Cut Short",
			fmt.Sprintf("Listing stopped at max_users = %d; the test may have more users with this outcome. Raise or remove `max_users` to see them all.", m.MaxUsers.ValueInt64()))
	}
	m.Users = make([]userModel, len(listing.Users))
	for i, u := range listing.Users {
		m.Users[i] = userModel{personModel: newPersonModel(u), Status: types.StringValue(u.Status)}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
