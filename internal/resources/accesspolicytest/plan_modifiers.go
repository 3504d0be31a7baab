package accesspolicytest

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

const adoptingDescription = "Any change starts a new test, except when the test was imported: " +
	"an imported test has no policies in state, and the first apply adopts it without starting a new one."

// replacesUnlessAdopting reports whether a change of an input must start a
// new test. A test whose state has no policies was imported (the API cannot
// return a test's policies), so its first plan adopts the configuration.
func replacesUnlessAdopting(ctx context.Context, state tfsdk.State, plan tfsdk.Plan, planValue, stateValue attr.Value) (bool, bool) {
	if state.Raw.IsNull() || plan.Raw.IsNull() {
		return false, true
	}
	var priorPolicies types.List
	if diags := state.GetAttribute(ctx, path.Root("policies"), &priorPolicies); diags.HasError() {
		return false, false
	}
	if priorPolicies.IsNull() {
		return false, true
	}
	return !planValue.Equal(stateValue), true
}

type replaceUnlessAdopting struct{}

func (replaceUnlessAdopting) Description(context.Context) string { return adoptingDescription }
func (replaceUnlessAdopting) MarkdownDescription(context.Context) string {
	return adoptingDescription
}

func (replaceUnlessAdopting) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	replace, ok := replacesUnlessAdopting(ctx, req.State, req.Plan, req.PlanValue, req.StateValue)
	if !ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Unreadable Prior State", "The prior state of this policy test could not be read; please report this as a bug.")
		return
	}
	resp.RequiresReplace = replace
}

type replaceUnlessAdoptingMap struct{}

func (replaceUnlessAdoptingMap) Description(context.Context) string { return adoptingDescription }
func (replaceUnlessAdoptingMap) MarkdownDescription(context.Context) string {
	return adoptingDescription
}

func (replaceUnlessAdoptingMap) PlanModifyMap(ctx context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	replace, ok := replacesUnlessAdopting(ctx, req.State, req.Plan, req.PlanValue, req.StateValue)
	if !ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Unreadable Prior State", "The prior state of this policy test could not be read; please report this as a bug.")
		return
	}
	resp.RequiresReplace = replace
}
