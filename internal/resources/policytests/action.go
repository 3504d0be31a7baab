package policytests

import (
	"context"
	"maps"

	actiontimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/policy"
)

var (
	_ action.ActionWithConfigure      = (*TestAction)(nil)
	_ action.ActionWithValidateConfig = (*TestAction)(nil)
)

// TestAction is the action cloudflarezt_access_policy_test: one test of
// `policies` at apply, failing the apply when it does not complete or
// exceeds the limits the configuration sets.
type TestAction struct {
	client *client.Client
}

// NewTestAction is the action's factory for the provider.
func NewTestAction() action.Action { return &TestAction{} }

func (a *TestAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_policy_test"
}

func (a *TestAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = clientOf(req.ProviderData, &resp.Diagnostics)
}

func (a *TestAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	validateTimeouts(ctx, req.Config, &resp.Diagnostics)
}

// testActionInputs are written in the resource's schema types, like every
// other input, and converted once.
func testActionInputs() map[string]schema.Attribute {
	limit := func(description string, v validator.Int64) schema.Int64Attribute {
		return schema.Int64Attribute{Optional: true, MarkdownDescription: description, Validators: []validator.Int64{v}}
	}
	attrs := map[string]schema.Attribute{
		"account_id":          accountIDAttribute(),
		"policies":            policy.List(true, "Every invocation starts a new test."),
		"max_users_blocked":   limit("Fail when more users than this would be blocked. No limit when unset.", int64validator.AtLeast(0)),
		"max_percent_blocked": limit("Fail when `percent_blocked` is above this (0–100). No limit when unset.", int64validator.Between(0, 100)),
		"max_users_errored":   limit("Fail when the evaluation of more users than this ends in `error`. No limit when unset.", int64validator.AtLeast(0)),
	}
	maps.Copy(attrs, standingRuleAttributes("the tested policies"))
	return attrs
}

func (a *TestAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	attrs := fwshim.ActionAttributes(testActionInputs())
	attrs["timeouts"] = actiontimeouts.AttributesWithOpts(ctx, actiontimeouts.Opts{
		InvokeDescription: "How long the action waits for the test (a duration such as `30m`). Defaults to `20m`.",
	})
	resp.Schema = actionschema.Schema{
		MarkdownDescription: "Runs one Access policy test of `policies` at apply (triggered by another resource's lifecycle, or alone with `terraform apply -invoke`), " +
			"reports progress while it waits, and fails the apply when the test does not end `complete` or exceeds `max_users_blocked`, " +
			"`max_percent_blocked` or `max_users_errored`, or breaks a standing rule (`always_approved`, `never_approved`). It keeps no state. Needs Terraform 1.15 or later. The API token needs `Access: Policy Test Write`.",
		Attributes: attrs,
	}
}

func (a *TestAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m testActionModel
	ctx, cancel, timeout, p, ok := beginInvoke(ctx, a.client, req, resp, &m)
	if !ok {
		return
	}
	defer cancel()
	runner := testRunner{client: a.client, accountID: m.AccountID.ValueString(), attribute: "policies", timeouts: "timeouts.invoke",
		observe: func(t *client.PolicyTest) { p.observe("", t) }}
	t := runner.expandAndRun(ctx, m.Policies, timeout, &resp.Diagnostics)
	if t == nil {
		return
	}
	if !requireComplete(&resp.Diagnostics, "", t, "") {
		return
	}
	exceeded := limitExceeded(&resp.Diagnostics, t, "max_users_blocked", "users would be blocked", m.MaxUsersBlocked, t.UsersBlocked)
	exceeded = limitExceeded(&resp.Diagnostics, t, "max_percent_blocked", "percent of users would be blocked", m.MaxPercentBlocked, t.PercentBlocked) || exceeded
	exceeded = limitExceeded(&resp.Diagnostics, t, "max_users_errored", "users could not be evaluated", m.MaxUsersErrored, t.UsersErrored) || exceeded
	rules := runner.checkRules(ctx, m.standingRules, t, &resp.Diagnostics)
	if !exceeded && !resp.Diagnostics.HasError() {
		if len(rules) > 0 {
			p.say("Policy test %s keeps every standing rule (%d entries).", t.ID, len(rules))
		}
		p.say("Policy test %s complete: %d approved, %d blocked, %d errored of %d users; within every limit.",
			t.ID, t.UsersApproved.Value, t.UsersBlocked.Value, t.UsersErrored.Value, t.TotalUsers.Value)
	}
}
