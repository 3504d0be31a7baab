package policy

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// policyKind requires a policies element to be a reusable policy (id) or a
// complete inline one (name, decision and include). Setting both is caught
// by id's ConflictsWith; the stock ExactlyOneOf would print unresolved path
// expressions here. The inline fields are checked here, on the element's own
// value, rather than with AlsoRequires, which searches the whole
// configuration for each expression of each element.
type policyKind struct{}

const policyKindDescription = "each policy sets either `id` (a reusable policy) or `name`, `decision` and `include` (an inline policy)"

func (policyKind) Description(context.Context) string         { return policyKindDescription }
func (policyKind) MarkdownDescription(context.Context) string { return policyKindDescription }

func (policyKind) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	attrs := req.ConfigValue.Attributes()
	// Unknown values are checked when they become known, at apply.
	isSet := func(name string) (set, known bool) {
		v := attrs[name]
		if v == nil || v.IsUnknown() {
			return false, false
		}
		return !v.IsNull(), true
	}
	requires := func(given string, needed ...string) {
		if set, _ := isSet(given); !set {
			return
		}
		for _, name := range needed {
			if set, known := isSet(name); known && !set {
				resp.Diagnostics.AddAttributeError(req.Path.AtName(name), "Invalid Attribute Combination",
					fmt.Sprintf("Attribute %q must be specified when %q is specified", req.Path.AtName(name), req.Path.AtName(given)))
			}
		}
	}
	requires("name", "decision", "include")
	requires("decision", "name")
	idSet, idKnown := isSet("id")
	nameSet, nameKnown := isSet("name")
	if idKnown && nameKnown && !idSet && !nameSet {
		resp.Diagnostics.AddAttributeError(req.Path, "Incomplete Policy",
			fmt.Sprintf("%s is neither a reusable policy nor an inline policy: set `id` to the UUID of a reusable policy, "+
				"or set `name`, `decision` and `include` for an inline policy.", req.Path))
	}
}
