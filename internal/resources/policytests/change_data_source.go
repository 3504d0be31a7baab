package policytests

import (
	"context"
	"maps"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

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
	shared *sharedRuns
}

// NewChangeDataSource is the data source's factory for the provider.
func NewChangeDataSource() datasource.DataSource { return &ChangeDataSource{} }

func (d *ChangeDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_policy_change"
}

func (d *ChangeDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if data := configured(req.ProviderData, &resp.Diagnostics); data != nil {
		d.client, d.shared = data.Client, &data.shared
	}
}

func (d *ChangeDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	validateTimeouts(ctx, req.Config, &resp.Diagnostics)
}

func (d *ChangeDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := fwshim.DataSourceAttributes(changeInputAttributes())
	maps.Copy(attrs, fwshim.DataSourceAttributes(changeResultAttributes()))
	attrs["timeouts"] = dstimeouts.AttributesWithOpts(ctx, dstimeouts.Opts{
		ReadDescription: "How long the read may take: both tests, waited for at once, and the user listings (a duration such as `30m`). Defaults to `20m`.",
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "Compares who gets in under today's policies (`current`) and under a candidate change (`candidate`): " +
			"the read starts a policy test of each, at once, waits for both, lists only the users the comparison needs, matches them by user ID, " +
			"and keeps only the people whose access would change (`newly_blocked`, `newly_approved`), never the whole directory. " +
			"People not named in `expected_newly_blocked` / `expected_newly_approved` are `unexpected_*`: a postcondition on those lists is the pull-request gate " +
			"(see the guide *Gate pull requests*). The read fails, rather than compare partial numbers, when either test does not end `complete` " +
			"or a listing contradicts its filter or its test's counters. A user whose evaluation ends in `error` counts as not approved. " +
			"A broken standing rule (`always_approved`, `never_approved`) fails the read by itself, whatever the expectations say.\n\n" +
			"Every read (every plan and refresh) starts two tests. The API token needs `Access: Policy Test Write`.\n\n" +
			"The people it returns are written to saved plan files and to the state. The ephemeral resource of the same name runs the same comparison, " +
			"fails the plan by itself and keeps nothing (Terraform 1.10 and OpenTofu 1.11 and later).",
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
	outcome := changeRun{client: d.client, shared: d.shared}.run(ctx, m.changeInputs, timeout, &resp.Diagnostics)
	if outcome == nil {
		return
	}
	m.set(outcome)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
