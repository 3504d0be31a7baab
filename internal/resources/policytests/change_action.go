package policytests

import (
	"context"

	actiontimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
)

var (
	_ action.ActionWithConfigure      = (*ChangeAction)(nil)
	_ action.ActionWithValidateConfig = (*ChangeAction)(nil)
)

// ChangeAction is the action cloudflarezt_access_policy_change: the
// comparison of the data source of that name, run at apply right before
// the live policy changes, failing the apply before the change when anyone's
// access would change unexpectedly.
type ChangeAction struct {
	client *client.Client
	shared *sharedRuns
}

// NewChangeAction is the action's factory for the provider.
func NewChangeAction() action.Action { return &ChangeAction{} }

func (a *ChangeAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_policy_change"
}

func (a *ChangeAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	if data := configured(req.ProviderData, &resp.Diagnostics); data != nil {
		a.client, a.shared = data.Client, &data.shared
	}
}

func (a *ChangeAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	validateTimeouts(ctx, req.Config, &resp.Diagnostics)
}

func (a *ChangeAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	attrs := fwshim.ActionAttributes(changeInputAttributes())
	attrs["timeouts"] = actiontimeouts.AttributesWithOpts(ctx, actiontimeouts.Opts{
		InvokeDescription: "How long the action may take: both tests, waited for at once, and the user listings (a duration such as `30m`). Defaults to `20m`.",
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "Compares who gets in under today's policies (`current`) and under a candidate (`candidate`), as the data source " +
			"`cloudflarezt_access_policy_change` does, but at apply: triggered by `before_create` / `before_update` of the " +
			"`cloudflare_zero_trust_access_policy` that deploys the candidate, it tests both with every value known, reports progress while it waits, " +
			"and fails the apply before the policy changes when anyone not named in `expected_newly_blocked` / `expected_newly_approved` " +
			"would newly be blocked or approved, when a standing rule (`always_approved`, `never_approved`) is broken, or when a test does not complete or a listing does not add up. It keeps no state. " +
			"It gates only with the trigger's `on_failure` left at its default, `halt` (Terraform 1.16): `continue` applies the change with the failure as a warning. " +
			"With Terraform 1.16, add `before_destroy` to the events when a change can replace the policy, so that the replacement stops before the old policy is destroyed. " +
			"Needs Terraform 1.15 or later. The API token needs `Access: Policy Test Write`.",
		Attributes: attrs,
	}
}

func (a *ChangeAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m changeActionModel
	ctx, cancel, timeout, p, ok := beginInvoke(ctx, a.client, req, resp, &m)
	if !ok {
		return
	}
	defer cancel()
	outcome := changeRun{client: a.client, shared: a.shared, observe: p.observe, timeouts: "timeouts.invoke"}.run(ctx, m.changeInputs, timeout, &resp.Diagnostics)
	if outcome == nil {
		return
	}
	if len(outcome.UnexpectedBlocked)+len(outcome.UnexpectedApproved) > 0 {
		unexpectedChange(&resp.Diagnostics, outcome, "The change was stopped before it was applied.")
		return
	}
	if resp.Diagnostics.HasError() { // a standing rule
		return
	}
	if outcome.Unchanged {
		p.say("%s", outcome.summary())
		return
	}
	p.say("%s Tested %s against %s.", outcome.summary(), describeTest("current", outcome.Current), describeTest("candidate", outcome.Candidate))
}
