package policytests

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/policy"
)

var (
	_ resource.ResourceWithConfigure      = (*Resource)(nil)
	_ resource.ResourceWithImportState    = (*Resource)(nil)
	_ resource.ResourceWithModifyPlan     = (*Resource)(nil)
	_ resource.ResourceWithValidateConfig = (*Resource)(nil)
)

func (r *Resource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validateTimeouts(ctx, req.Config, &resp.Diagnostics)
}

// Resource is cloudflarezt_access_policy_test.
type Resource struct {
	client   *client.Client
	handoffs *handoffs
}

// NewResource is the resource's factory for the provider.
func NewResource() resource.Resource { return &Resource{} }

func (r *Resource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_policy_test"
}

func (r *Resource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if d := configured(req.ProviderData, &resp.Diagnostics); d != nil {
		r.client, r.handoffs = d.Client, &d.handoffs
	}
}

// Create starts the test once and waits when asked to. Every path after the
// start call returns the state with the test id, errors included, so that
// nothing the API returned is lost.
func (r *Resource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if r.client == nil {
		notConfigured(&resp.Diagnostics)
		return
	}
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, diags := policy.Expand(ctx, path.Root("policies"), plan.Policies)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	createTimeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, createTimeout)
	defer cancel()

	accountID := plan.AccountID.ValueString()
	ctx = withFields(ctx, accountID, "")
	if !r.continueHandedOver(ctx, &plan, body, &resp.Diagnostics) {
		started, err := r.client.StartPolicyTest(ctx, accountID, body)
		if err != nil {
			addAPIError(&resp.Diagnostics, newFailedCall(r.client, "Unable to Start Policy Test", writePermission, accountID, ""), err)
			return
		}
		plan.ID = types.StringValue(started.ID)
		plan.started(started.Status)
	}
	if plan.WaitForCompletion.ValueBool() {
		r.wait(withFields(ctx, accountID, plan.ID.ValueString()), &plan, createTimeout, &resp.Diagnostics)
	}
	// The new state is the plan with the id and the results filled in.
	created, err := fwshim.WithAttributes(ctx, req.Plan.Raw, testSummary{ID: plan.ID, testResults: plan.testResults})
	if err != nil {
		// Cannot happen while the model matches the schema; the full
		// conversion keeps the started test's id in state all the same.
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	resp.State.Raw = created
}

// continueHandedOver takes up a still-running test that the destroyed
// object of this replacement had started with the same configuration
// (handoffs.go), and reports whether it did.
func (r *Resource) continueHandedOver(ctx context.Context, plan *resourceModel, body client.PolicyTestRequest, diags *diag.Diagnostics) bool {
	if r.handoffs == nil {
		return false
	}
	accountID := plan.AccountID.ValueString()
	key, err := handoffKey(accountID, body, plan.Triggers)
	if err != nil {
		return false
	}
	testID, ok := r.handoffs.take(key)
	if !ok {
		return false
	}
	t, err := r.client.GetPolicyTest(withFields(ctx, accountID, testID), accountID, testID)
	if err != nil {
		tflog.Info(ctx, "The running policy test of the replaced object cannot be read; starting a new one", map[string]any{"policy_test_id": testID, "error": err.Error()})
		return false
	}
	plan.ID = types.StringValue(testID)
	plan.set(t)
	continuingRunningTest(diags, testID)
	return true
}

// wait polls until a final status and stores what it read into m.
func (r *Resource) wait(ctx context.Context, m *resourceModel, timeout time.Duration, diags *diag.Diagnostics) {
	accountID, testID := m.AccountID.ValueString(), m.ID.ValueString()
	t, err := waitForFinal(ctx, r.client, accountID, testID, nil)
	if t != nil {
		m.set(t)
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		timedOutCreating(diags, accountID, testID, timeout, t, m.Status.ValueString())
	case errors.Is(err, context.Canceled):
		stoppedWaiting(diags, accountID, testID, m.Status.ValueString())
	case err != nil:
		addAPIError(diags, newFailedCall(r.client, "Unable to Read Policy Test", readPermission, accountID, testID), err)
	default:
		warnAboutStatus(diags, t)
	}
}

func (r *Resource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if r.client == nil {
		notConfigured(&resp.Diagnostics)
		return
	}
	accountID, testID := fwshim.StringAttribute(req.State.Raw, "account_id"), fwshim.StringAttribute(req.State.Raw, "id")
	var limits timeouts.Value
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("timeouts"), &limits)...)
	readTimeout, diags := limits.Read(ctx, defaultRefreshTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(withFields(ctx, accountID, testID), readTimeout)
	defer cancel()
	t, err := r.client.GetPolicyTest(ctx, accountID, testID)
	if client.IsNotFound(err) {
		testNotFoundRemoved(&resp.Diagnostics, accountID, testID)
		resp.State.RemoveResource(ctx)
		return
	}
	if client.LooksNotFound(err) {
		// Only a 404 is sure enough to drop the test from state; for
		// anything else the user decides, and is told how.
		testMaybeGone(&resp.Diagnostics, accountID, testID, err)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, newFailedCall(r.client, "Unable to Read Policy Test", readPermission, accountID, testID), err)
		return
	}
	var results testResults
	results.set(t)
	refreshed, err := fwshim.WithAttributes(ctx, req.State.Raw, results)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Store Policy Test Results", err.Error())
		return
	}
	resp.State.Raw = refreshed
}

// Update covers what changes no test: wait_for_completion and timeouts, and
// the adoption of an imported test's configuration. When waiting is asked
// for and the test has not finished, it waits (ModifyPlan announced it).
func (r *Resource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	if !plan.WaitForCompletion.ValueBool() || client.PolicyTestStatus(state.Status.ValueString()).Final() || r.client == nil {
		plan.testResults = state.testResults
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(withFields(ctx, plan.AccountID.ValueString(), plan.ID.ValueString()), timeout)
	defer cancel()
	plan.testResults = state.testResults
	r.wait(ctx, &plan, timeout, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete forgets the test: the API cannot delete one, and a test changes
// nothing in the account. ModifyPlan warns about this at plan time. A test
// still running is left for a create of the same test in this apply
// (handoffs.go); nothing here can fail the destroy.
func (r *Resource) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	if r.handoffs == nil {
		return
	}
	var state resourceModel
	if req.State.Get(ctx, &state).HasError() || state.ID.ValueString() == "" || state.Policies.IsNull() {
		return
	}
	if status := client.PolicyTestStatus(state.Status.ValueString()); status.Final() || !status.Known() {
		return
	}
	body, diags := policy.Expand(ctx, path.Root("policies"), state.Policies)
	if diags.HasError() {
		return
	}
	if key, err := handoffKey(state.AccountID.ValueString(), body, state.Triggers); err == nil {
		r.handoffs.put(key, state.ID.ValueString())
	}
}

// ModifyPlan warns on destroy and, when waiting is wanted for a test that
// has not finished, plans a wait by marking the results unknown. It reads
// single attributes: a full Get of this schema costs more than the rest of
// the plan.
func (r *Resource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		destroyOnlyForgets(&resp.Diagnostics)
		return
	}
	if req.State.Raw.IsNull() {
		return
	}
	var status types.String
	var wait types.Bool
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("status"), &status)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("wait_for_completion"), &wait)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !resumesWaiting(status.ValueString(), wait.ValueBool()) {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
	for _, f := range resultFields {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(f.name), types.Int64Unknown())...)
	}
}

// resumesWaiting: a plan waits again for a test that has not settled when
// waiting is wanted. An unknown status is not waited for: it may never end.
func resumesWaiting(status string, wait bool) bool {
	current := client.PolicyTestStatus(status)
	return wait && current.Known() && !current.Final()
}
