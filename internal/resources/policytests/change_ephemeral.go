package policytests

import (
	"context"
	"maps"

	ephemeraltimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/ephemeral/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
)

var (
	_ ephemeral.EphemeralResourceWithConfigure      = (*ChangeEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithValidateConfig = (*ChangeEphemeralResource)(nil)
)

// ChangeEphemeralResource is the ephemeral resource
// cloudflarezt_access_policy_change: the comparison of the data source of
// that name, whose result Terraform writes to no plan file and no state. It
// is the gate by itself: Open fails naming the unexpected people, because
// Terraform does not show an error_message built from ephemeral values.
type ChangeEphemeralResource struct {
	client *client.Client
	shared *sharedRuns
}

// NewChangeEphemeralResource is the ephemeral resource's factory for the
// provider.
func NewChangeEphemeralResource() ephemeral.EphemeralResource { return &ChangeEphemeralResource{} }

func (e *ChangeEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_policy_change"
}

func (e *ChangeEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	if data := configured(req.ProviderData, &resp.Diagnostics); data != nil {
		e.client, e.shared = data.Client, &data.shared
	}
}

func (e *ChangeEphemeralResource) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	validateTimeouts(ctx, req.Config, &resp.Diagnostics)
}

func (e *ChangeEphemeralResource) Schema(ctx context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	attrs := fwshim.EphemeralAttributes(changeInputAttributes())
	maps.Copy(attrs, fwshim.EphemeralAttributes(changeResultAttributes()))
	attrs["timeouts"] = ephemeraltimeouts.AttributesWithOpts(ctx, ephemeraltimeouts.Opts{
		OpenDescription: "How long opening may take: both tests, waited for at once, and the user listings (a duration such as `30m`). Defaults to `20m`.",
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "The pull-request gate that keeps no personal data: the comparison of the data source `cloudflarezt_access_policy_change` " +
			"(the same inputs, validation, tests and listing checks), whose result Terraform writes to **no plan file and no state**. " +
			"Terraform opens it during every `terraform plan` in which its configuration is known, and again during apply. " +
			"Opening **fails by itself**, naming up to 10 people of each kind, when anyone not named in `expected_newly_blocked` / `expected_newly_approved` " +
			"would newly be blocked or approved, and, like the data source, when a test does not end `complete` or a listing does not add up: " +
			"it needs no postcondition (Terraform does not show an `error_message` built from ephemeral values). A broken standing rule (`always_approved`, `never_approved`) fails it too. " +
			"A passing gate shows only Terraform's own `Opening…` / `Opening complete` lines; its counts and test IDs are logged at `INFO`. " +
			"The results are there for `check` blocks and other ephemeral uses.\n\n" +
			"Needs Terraform 1.10 or OpenTofu 1.11 or later. Every opening starts two tests. The API token needs `Access: Policy Test Write`.",
		Attributes: attrs,
	}
}

func (e *ChangeEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m changeEphemeralModel
	ctx, cancel, timeout, ok := withConfig(ctx, e.client, req.Config, &m, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	outcome := changeRun{client: e.client, shared: e.shared, timeouts: "timeouts.open"}.run(ctx, m.changeInputs, timeout, &resp.Diagnostics)
	if outcome == nil {
		return
	}
	if len(outcome.UnexpectedBlocked)+len(outcome.UnexpectedApproved) > 0 {
		unexpectedChange(&resp.Diagnostics, outcome, "Nothing that depends on this gate is applied while it fails.")
		return
	}
	if resp.Diagnostics.HasError() { // a standing rule
		return
	}
	// Counts and ids only: nobody's name reaches the log.
	tflog.Info(ctx, outcome.summary(), map[string]any{
		"current_test": describeTest("current", outcome.Current), "candidate_test": describeTest("candidate", outcome.Candidate),
		"newly_blocked": len(outcome.NewlyBlocked), "newly_approved": len(outcome.NewlyApproved),
	})
	m.set(outcome)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
