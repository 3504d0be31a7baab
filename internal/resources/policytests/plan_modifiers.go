package policytests

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
)

const adoptingDescription = "Any change starts a new test, except when the test was imported: " +
	"an imported test has no policies in state, and the first apply adopts it without starting a new one."

// replaceUnlessAdopting requires replacement on any change of policies or
// triggers, except while adopting an imported test: the API cannot return a
// test's policies, so an imported test has none in state and its first plan
// takes the configuration as it is.
type replaceUnlessAdopting struct{}

var (
	_ planmodifier.List = replaceUnlessAdopting{}
	_ planmodifier.Map  = replaceUnlessAdopting{}
)

func (replaceUnlessAdopting) Description(context.Context) string { return adoptingDescription }
func (replaceUnlessAdopting) MarkdownDescription(context.Context) string {
	return adoptingDescription
}

func (replaceUnlessAdopting) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	resp.RequiresReplace = requiresReplace(req.Path, req.State, req.Plan, req.PlanValue, req.StateValue, &resp.Diagnostics)
}

func (replaceUnlessAdopting) PlanModifyMap(ctx context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	resp.RequiresReplace = requiresReplace(req.Path, req.State, req.Plan, req.PlanValue, req.StateValue, &resp.Diagnostics)
}

func requiresReplace(at path.Path, state tfsdk.State, plan tfsdk.Plan, planValue, stateValue attr.Value, diags *diag.Diagnostics) bool {
	if state.Raw.IsNull() || plan.Raw.IsNull() {
		return false
	}
	// Only the null-ness of the prior policies matters: reading the raw
	// value spares converting the whole list into framework values.
	priorPolicies, ok := fwshim.TopLevel(state.Raw, "policies")
	if !ok {
		diags.AddAttributeError(at, "Unreadable Prior State", "The prior state of this policy test could not be read; please report this as a bug.")
		return false
	}
	return !priorPolicies.IsNull() && !planValue.Equal(stateValue)
}

// withReplaceUnlessAdopting adds the resource's replacement rule to the
// shared policies attribute.
func withReplaceUnlessAdopting(c fwshim.CachedListNested) fwshim.CachedListNested {
	c.PlanModifiers = []planmodifier.List{replaceUnlessAdopting{}}
	return c
}
