// Package accesspolicytest implements the cloudflarezt_access_policy_test
// resource and the data sources that read policy tests and their users.
package accesspolicytest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

const (
	defaultCreateTimeout = 20 * time.Minute
	writePermission      = "Access: Policy Test Write"
	readPermission       = "Access: Policy Test Read"
)

var (
	_ resource.ResourceWithConfigure   = (*Resource)(nil)
	_ resource.ResourceWithImportState = (*Resource)(nil)
	_ resource.ResourceWithModifyPlan  = (*Resource)(nil)
)

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
	if d := fromProviderData[ResourceData](req.ProviderData, &resp.Diagnostics); d != nil {
		r.client, r.handoffs = d.Client, &d.handoffs
	}
}

func (r *Resource) call(summary, accountID, testID, permission string) apiCall {
	return apiCall{summary: summary, accountID: accountID, testID: testID, permission: permission, scheme: r.client.AuthScheme()}
}

func withFields(ctx context.Context, accountID, testID string) context.Context {
	ctx = tflog.SetField(ctx, "account_id", accountID)
	if testID != "" {
		ctx = tflog.SetField(ctx, "policy_test_id", testID)
	}
	return ctx
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
	body, diags := expandPolicies(ctx, plan.Policies)
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
			addAPIError(&resp.Diagnostics, r.call("Unable to Start Policy Test", accountID, "", writePermission), err)
			return
		}
		plan.ID = types.StringValue(started.ID)
		plan.started(started.Status)
	}
	if plan.WaitForCompletion.ValueBool() {
		r.wait(withFields(ctx, accountID, plan.ID.ValueString()), &plan, createTimeout, &resp.Diagnostics)
	}
	// The new state is the plan with the id and the results filled in.
	created, err := withAttributes(ctx, req.Plan.Raw, createdFields{ID: plan.ID, testResults: plan.testResults})
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
// (handoff.go), and reports whether it did.
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
	diags.AddWarning("Continuing the Running Policy Test",
		fmt.Sprintf("Policy test %s, started with this same configuration by the object being replaced (for example after its create timed out), was still running: "+
			"this apply continues with it instead of starting another test. Change `triggers` to force a new test.", testID))
	return true
}

// createdFields are what Create adds to the planned value.
type createdFields struct {
	ID types.String `tfsdk:"id"`
	testResults
}

// wait polls until a final status and stores what it read into m.
func (r *Resource) wait(ctx context.Context, m *resourceModel, timeout time.Duration, diags *diag.Diagnostics) {
	accountID, testID := m.AccountID.ValueString(), m.ID.ValueString()
	t, err := waitForFinal(ctx, r.client, accountID, testID)
	if t != nil {
		m.set(t)
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		processed := "unknown"
		if t != nil && t.PercentUsersProcessed.Set {
			processed = fmt.Sprintf("%d%%", t.PercentUsersProcessed.Value)
		}
		diags.AddError("Timed Out Waiting for Policy Test",
			fmt.Sprintf("Policy test %s in account %s was started but did not reach a final status within %s (last status %q, users processed: %s). "+
				"Its id is kept in state, so the test is not lost; Terraform marks the resource tainted, as it does for every failed create. "+
				"Applying again while the test is still running continues waiting for this same test: the replacement takes it over instead of starting another. "+
				"Once it has finished, run `terraform untaint` on the resource before applying to keep its results rather than start a new test. "+
				"To wait longer in one apply, raise `timeouts.create`; or set `wait_for_completion = false` and read the results on a later refresh.",
				testID, accountID, timeout, m.Status.ValueString(), processed))
	case errors.Is(err, context.Canceled):
		// Terraform was interrupted and fails the run anyway. A warning
		// rather than an error keeps the object untainted, so the next apply
		// waits for this same test (see ModifyPlan) instead of starting another.
		diags.AddWarning("Stopped Waiting for Policy Test",
			fmt.Sprintf("Waiting for policy test %s in account %s was interrupted (last status %q). The test keeps running in Cloudflare and its id is in state: the next apply waits for it without starting a new test.",
				testID, accountID, m.Status.ValueString()))
	case err != nil:
		addAPIError(diags, r.call("Unable to Read Policy Test", accountID, testID, readPermission), err)
	default:
		warnAboutStatus(diags, t)
	}
}

// warnAboutStatus: blocked and exceeded time are not errors; the numbers
// are stored and a postcondition decides.
func warnAboutStatus(diags *diag.Diagnostics, t *client.PolicyTest) {
	switch {
	case t.Status == client.StatusBlocked:
		diags.AddWarning("Policy Test Blocked",
			fmt.Sprintf("Cloudflare reported policy test %s as `blocked`: it could not run to the end. Its counters are stored as reported; check them (for example in a postcondition) before trusting them.", t.ID))
	case t.Status == client.StatusExceededTime:
		diags.AddWarning("Policy Test Exceeded Its Time",
			fmt.Sprintf("Cloudflare stopped policy test %s with status `exceeded time` after processing %d%% of users. The counters cover only the processed users.", t.ID, t.PercentUsersProcessed.Value))
	case !t.Status.Known():
		diags.AddWarning("Unknown Policy Test Status",
			fmt.Sprintf("Cloudflare reported status %q for policy test %s, which this provider version does not know; it stopped waiting and stored what was reported. A newer provider version may understand it.", t.Status, t.ID))
	}
}

func (r *Resource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if r.client == nil {
		notConfigured(&resp.Diagnostics)
		return
	}
	accountID, testID := stringAttribute(req.State.Raw, "account_id"), stringAttribute(req.State.Raw, "id")
	ctx = withFields(ctx, accountID, testID)
	t, err := r.client.GetPolicyTest(ctx, accountID, testID)
	if client.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Policy Test Not Found",
			fmt.Sprintf("Cloudflare no longer knows policy test %s in account %s (it may have expired). It was removed from state; the next apply starts a new test.", testID, accountID))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, r.call("Unable to Read Policy Test", accountID, testID, readPermission), err)
		return
	}
	var results testResults
	results.set(t)
	refreshed, err := withAttributes(ctx, req.State.Raw, results)
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
// (handoff.go); nothing here can fail the destroy.
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
	body, diags := expandPolicies(ctx, state.Policies)
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
		resp.Diagnostics.AddWarning("Destroying Only Forgets the Policy Test",
			"Cloudflare has no way to delete a policy test. Destroying removes it from Terraform state only; the test and its results stay in Cloudflare until they expire. No Access policy is affected.")
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

// ImportState takes "<account_id>/<test_id>".
func (r *Resource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	accountID, testID, err := parseImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("account_id"), accountID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), testID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("wait_for_completion"), true)...)
}

// parseImportID splits "<account_id>/<test_id>". Test ids are 64 hex
// characters in practice though the API calls them UUIDs, so any non-empty
// id of up to 64 characters without a slash is accepted.
func parseImportID(id string) (accountID, testID string, err error) {
	parts := strings.Split(id, "/")
	if len(parts) != 2 {
		return "", "", fmt.Errorf("expected an import ID of the form `<account_id>/<policy_test_id>`, got %q", id)
	}
	accountID, testID = parts[0], parts[1]
	if !accountIDPattern.MatchString(accountID) {
		return "", "", fmt.Errorf("the account ID in %q must be 32 lowercase hexadecimal characters, got %q", id, accountID)
	}
	if testID == "" || len(testID) > 64 || strings.TrimSpace(testID) != testID {
		return "", "", fmt.Errorf("the policy test ID in %q must be 1 to 64 characters with no spaces, got %q", id, testID)
	}
	return accountID, testID, nil
}
