package accesspolicytest

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// policyKind requires a policies element to be a reusable policy (id) or an
// inline one (name). Setting both is caught by id's ConflictsWith; the
// stock ExactlyOneOf would print unresolved path expressions here.
type policyKind struct{}

const policyKindDescription = "each policy sets either `id` (a reusable policy) or `name`, `decision` and `include` (an inline policy)"

func (policyKind) Description(context.Context) string         { return policyKindDescription }
func (policyKind) MarkdownDescription(context.Context) string { return policyKindDescription }

func (policyKind) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	attrs := req.ConfigValue.Attributes()
	id, name := attrs["id"], attrs["name"]
	if id == nil || name == nil || id.IsUnknown() || name.IsUnknown() || !id.IsNull() || !name.IsNull() {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Incomplete Policy",
		fmt.Sprintf("%s is neither a reusable policy nor an inline policy: set `id` to the UUID of a reusable policy, "+
			"or set `name`, `decision` and `include` for an inline policy.", req.Path))
}
