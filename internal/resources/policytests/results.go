package policytests

import (
	"maps"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
)

func count(c client.Count) types.Int64 {
	if !c.Set {
		return types.Int64Null()
	}
	return types.Int64Value(c.Value)
}

// set copies what the API reported.
func (r *testResults) set(t *client.PolicyTest) {
	r.Status = types.StringValue(string(t.Status))
	r.TotalUsers = count(t.TotalUsers)
	r.UsersApproved = count(t.UsersApproved)
	r.UsersBlocked = count(t.UsersBlocked)
	r.UsersErrored = count(t.UsersErrored)
	r.PercentApproved = count(t.PercentApproved)
	r.PercentBlocked = count(t.PercentBlocked)
	r.PercentErrored = count(t.PercentErrored)
	r.PercentUsersProcessed = count(t.PercentUsersProcessed)
}

// started records a start call's acknowledgement; the counters are not known
// until the test is read.
func (r *testResults) started(status client.PolicyTestStatus) {
	*r = testResults{
		Status:                types.StringValue(string(status)),
		TotalUsers:            types.Int64Null(),
		UsersApproved:         types.Int64Null(),
		UsersBlocked:          types.Int64Null(),
		UsersErrored:          types.Int64Null(),
		PercentApproved:       types.Int64Null(),
		PercentBlocked:        types.Int64Null(),
		PercentErrored:        types.Int64Null(),
		PercentUsersProcessed: types.Int64Null(),
	}
}

const statusDescription = "What Cloudflare last said about the test: `success` when the start call returned (the test was accepted), " +
	"then `processing`, `complete`, `blocked` or `exceeded time` as read back. Counters are final only when the status is `complete`."

// resultFields describes each counter once, for both schemas.
var resultFields = []struct{ name, description string }{
	{"total_users", "Number of users in the Zero Trust organization the test evaluates (those who logged in to Access before)."},
	{"users_approved", "Number of processed users the tested policies would let in."},
	{"users_blocked", "Number of processed users the tested policies would keep out."},
	{"users_errored", "Number of processed users whose evaluation failed."},
	{"percent_approved", "`users_approved` as a percentage of processed users, rounded to a whole number."},
	{"percent_blocked", "`users_blocked` as a percentage of processed users, rounded to a whole number."},
	{"percent_errored", "`users_errored` as a percentage of processed users, rounded to a whole number."},
	{"percent_users_processed", "Share of `total_users` evaluated so far, in percent."},
}

// resultAttributes are the status and the counters, defined once. In the
// resource they keep their prior value in plans: they change only when the
// test is replaced or refreshed; data sources take them without plan
// modifiers.
func resultAttributes() map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{
		"status": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: statusDescription,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
	}
	for _, f := range resultFields {
		attrs[f.name] = schema.Int64Attribute{
			Computed:            true,
			MarkdownDescription: f.description,
			PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
		}
	}
	return attrs
}

func resultResourceAttributes(attrs map[string]schema.Attribute) {
	maps.Copy(attrs, resultAttributes())
}

func resultDataSourceAttributes(attrs map[string]dsschema.Attribute) {
	maps.Copy(attrs, fwshim.DataSourceAttributes(resultAttributes()))
}
