package policytests

import (
	"context"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
)

var (
	_ datasource.DataSourceWithConfigure      = (*ChangeDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*ChangeDataSource)(nil)
)

// ChangeDataSource is cloudflarezt_access_policy_change: the pull-request
// gate. It tests today's policies and the candidate during the read and
// keeps only the people whose access would change.
type ChangeDataSource struct {
	client *client.Client
}

// NewChangeDataSource is the data source's factory for the provider.
func NewChangeDataSource() datasource.DataSource { return &ChangeDataSource{} }

type changeModel struct {
	changeInputs
	Timeouts                     dstimeouts.Value `tfsdk:"timeouts"`
	NewlyBlocked                 []personModel    `tfsdk:"newly_blocked"`
	NewlyApproved                []personModel    `tfsdk:"newly_approved"`
	UnexpectedNewlyBlocked       []personModel    `tfsdk:"unexpected_newly_blocked"`
	UnexpectedNewlyApproved      []personModel    `tfsdk:"unexpected_newly_approved"`
	NewlyBlockedCount            types.Int64      `tfsdk:"newly_blocked_count"`
	NewlyApprovedCount           types.Int64      `tfsdk:"newly_approved_count"`
	UnexpectedNewlyBlockedCount  types.Int64      `tfsdk:"unexpected_newly_blocked_count"`
	UnexpectedNewlyApprovedCount types.Int64      `tfsdk:"unexpected_newly_approved_count"`
	Summary                      types.String     `tfsdk:"summary"`
	CurrentTest                  *testSummary     `tfsdk:"current_test"`
	CandidateTest                *testSummary     `tfsdk:"candidate_test"`
}

type personModel struct {
	ID    types.String `tfsdk:"id"`
	Email types.String `tfsdk:"email"`
	Name  types.String `tfsdk:"name"`
}

func summarize(t *client.PolicyTest) *testSummary {
	s := &testSummary{ID: types.StringValue(t.ID)}
	s.set(t)
	return s
}

func peopleModels(people []person) []personModel {
	out := make([]personModel, len(people))
	for i, p := range people {
		out[i] = personModel{ID: types.StringValue(p.ID), Email: types.StringValue(p.Email), Name: types.StringValue(p.Name)}
	}
	return out
}

func (m *changeModel) set(o *changeOutcome) {
	m.NewlyBlocked, m.NewlyApproved = peopleModels(o.NewlyBlocked), peopleModels(o.NewlyApproved)
	m.UnexpectedNewlyBlocked, m.UnexpectedNewlyApproved = peopleModels(o.UnexpectedBlocked), peopleModels(o.UnexpectedApproved)
	m.NewlyBlockedCount = types.Int64Value(int64(len(o.NewlyBlocked)))
	m.NewlyApprovedCount = types.Int64Value(int64(len(o.NewlyApproved)))
	m.UnexpectedNewlyBlockedCount = types.Int64Value(int64(len(o.UnexpectedBlocked)))
	m.UnexpectedNewlyApprovedCount = types.Int64Value(int64(len(o.UnexpectedApproved)))
	m.Summary = types.StringValue(o.summary())
	m.CurrentTest, m.CandidateTest = summarize(o.Current), summarize(o.Candidate)
}

func (d *ChangeDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_policy_change"
}

func (d *ChangeDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = fromProviderData[client.Client](req.ProviderData, &resp.Diagnostics)
}

func (d *ChangeDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	validateTimeouts(ctx, req.Config, &resp.Diagnostics)
}

func (d *ChangeDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := fwshim.DataSourceAttributes(changeInputAttributes())
	attrs["timeouts"] = dstimeouts.AttributesWithOpts(ctx, dstimeouts.Opts{
		ReadDescription: "How long the read may take: both tests, waited for at once, and the user listings (a duration such as `30m`). Defaults to `20m`.",
	})
	changeResultAttributes(attrs)
	resp.Schema = schema.Schema{
		MarkdownDescription: "Compares who gets in under today's policies (`current`) and under a candidate change (`candidate`): " +
			"the read starts a policy test of each, at once, waits for both, lists only the users the comparison needs, matches them by user ID, " +
			"and keeps only the people whose access would change (`newly_blocked`, `newly_approved`), never the whole directory. " +
			"People not named in `expected_newly_blocked` / `expected_newly_approved` are `unexpected_*`: a postcondition on those lists is the pull-request gate " +
			"(see the guide *Gate pull requests*). The read fails, rather than compare partial numbers, when either test does not end `complete` " +
			"or a listing contradicts its filter or its test's counters. A user whose evaluation ends in `error` counts as not approved.\n\n" +
			"Every read (every plan and refresh) starts two tests. The API token needs `Access: Policy Test Write`.",
		Attributes: attrs,
	}
}

func (d *ChangeDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m changeModel
	ctx, cancel, timeout, ok := withConfig(ctx, d.client, req.Config, &m, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	outcome := changeRun{client: d.client}.run(ctx, m.changeInputs, timeout, &resp.Diagnostics)
	if outcome == nil {
		return
	}
	m.set(outcome)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
