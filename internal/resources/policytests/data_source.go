package policytests

import (
	"context"
	"maps"
	"time"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/policy"
)

var (
	_ datasource.DataSourceWithConfigure        = (*DataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*DataSource)(nil)
	_ datasource.DataSourceWithValidateConfig   = (*DataSource)(nil)
)

func (d *DataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	validateTimeouts(ctx, req.Config, &resp.Diagnostics)
}

// DataSource is the cloudflarezt_access_policy_test data source: one test
// by id, wherever it was started, or a test of `policies` started during the
// read, so that a plan shows its numbers and a postcondition can fail it.
type DataSource struct {
	client *client.Client
}

// NewDataSource is the data source's factory for the provider.
func NewDataSource() datasource.DataSource { return &DataSource{} }

func (d *DataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_policy_test"
}

func (d *DataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientOf(req.ProviderData, &resp.Diagnostics)
}

func (d *DataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"account_id": fwshim.DataSourceAttribute(accountIDAttribute()),
		"id": schema.StringAttribute{
			Optional:            true,
			Computed:            true,
			MarkdownDescription: "The ID of a policy test to read, as returned when it was started (by this provider, the dashboard or the API). Set exactly one of `id` and `policies`; with `policies`, the ID of the test the read started.",
			Validators:          []validator.String{testIDValidator()},
		},
		"policies": fwshim.DataSourceAttribute(policy.List(false,
			"Set exactly one of `id` and `policies`. With `policies`, every read (every plan and refresh) starts a new test and waits for it, bounded by `timeouts.read`.")),
		"allow_partial_results": schema.BoolAttribute{
			Optional: true,
			MarkdownDescription: "Whether a test that is not `complete` still returns its partial counters: one that ends `blocked` or `exceeded time`, and, read by `id`, one still running (read once, without waiting). " +
				"Defaults to `false`: the read waits for a running test, bounded by `timeouts.read`, and fails unless it ends `complete` with every user counted, so that no gate passes on partial numbers. When `true`, check `status` and `percent_users_processed` yourself.",
		},
		"timeouts": dstimeouts.AttributesWithOpts(ctx, dstimeouts.Opts{
			ReadDescription: "How long the read waits for the test to finish, the one it started or the one read by `id` (a duration such as `30m`). Defaults to `20m`.",
		}),
	}
	resultDataSourceAttributes(attrs)
	maps.Copy(attrs, fwshim.DataSourceAttributes(standingRuleAttributes("the tested policies")))
	attrs["standing_rules"] = fwshim.DataSourceAttribute(standingRulesResult())
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads an Access policy test: an existing one by `id`, wherever it was started, or a new one of `policies`, started and waited for during the read. " +
			"With `policies` a plain `terraform plan` tests a candidate change and a `postcondition` can stop the plan (see the guide *Gate pull requests*); " +
			"a broken standing rule (`always_approved`, `never_approved`) fails the read by itself. " +
			"The API token needs `Access: Policy Test Read` to read by `id`, and `Access: Policy Test Write` to start a test.",
		Attributes: attrs,
	}
}

func (d *DataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("policies")),
	}
}

func (d *DataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m dataSourceModel
	ctx, cancel, timeout, ok := withConfig(ctx, d.client, req.Config, &m, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	var t *client.PolicyTest
	if m.Policies.IsNull() {
		t = d.readExisting(ctx, &m, timeout, &resp.Diagnostics)
	} else {
		t = d.runTest(ctx, &m, timeout, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if m.given() {
		d.checkRules(ctx, &m, t, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// checkRules checks the standing rules on the test read or run, which must
// be complete: a rule is never assessed on partial results.
func (d *DataSource) checkRules(ctx context.Context, m *dataSourceModel, t *client.PolicyTest, diags *diag.Diagnostics) {
	if t.Status != client.StatusComplete || t.Shortfall() != "" {
		standingRulesNeedComplete(diags, m.standingRules, t)
		return
	}
	m.StandingRules = ruleModels(d.runner(m.AccountID.ValueString()).checkRules(ctx, m.standingRules, t, diags))
}

func (d *DataSource) runner(accountID string) testRunner {
	return testRunner{client: d.client, accountID: accountID, attribute: "policies"}
}

// readExisting reads the test named by id. Unless partial results are
// allowed, it waits for a running test (bounded by timeouts.read) and fails
// on anything but complete, and on a complete test that covered only part
// of its directory: a gate must never pass on partial numbers.
func (d *DataSource) readExisting(ctx context.Context, m *dataSourceModel, timeout time.Duration, diags *diag.Diagnostics) *client.PolicyTest {
	r := d.runner(m.AccountID.ValueString())
	testID := m.ID.ValueString()
	if m.AllowPartialResults.ValueBool() {
		t, err := d.client.GetPolicyTest(withFields(ctx, r.accountID, testID), r.accountID, testID)
		if err != nil {
			addAPIError(diags, r.failedCall("Unable to Read Policy Test", testID, readPermission), err)
			return nil
		}
		m.set(t)
		warnAboutPartial(diags, t)
		return t
	}
	t := r.wait(ctx, testID, timeout, diags)
	if t == nil {
		return nil
	}
	m.set(t)
	requireComplete(diags, "", t, allowPartialRemedy)
	return t
}

// runTest starts a test of the configured policies and waits for its final
// status. Anything but complete fails the read unless partial results are
// allowed.
func (d *DataSource) runTest(ctx context.Context, m *dataSourceModel, timeout time.Duration, diags *diag.Diagnostics) *client.PolicyTest {
	r := d.runner(m.AccountID.ValueString())
	t := r.expandAndRun(ctx, m.Policies, timeout, diags)
	if t == nil {
		return nil
	}
	m.ID = types.StringValue(t.ID)
	m.set(t)
	if m.AllowPartialResults.ValueBool() {
		warnAboutPartial(diags, t)
		return t
	}
	requireComplete(diags, "", t, allowPartialRemedy)
	return t
}
