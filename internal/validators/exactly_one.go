package validators

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// ExactlyOneAttribute requires an object to set exactly one of its
// attributes; noun names what the attributes are ("rule type").
func ExactlyOneAttribute(noun string) validator.Object {
	return exactlyOne{noun: noun}
}

type exactlyOne struct{ noun string }

func (v exactlyOne) Description(context.Context) string {
	return fmt.Sprintf("exactly one %s must be set", v.noun)
}

func (v exactlyOne) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v exactlyOne) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var set, names []string
	unknown := 0
	for name, value := range req.ConfigValue.Attributes() {
		names = append(names, name)
		switch {
		case value.IsUnknown():
			unknown++
		case !value.IsNull():
			set = append(set, name)
		}
	}
	slices.Sort(set)
	slices.Sort(names)
	switch {
	case len(set) > 1:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Combination",
			fmt.Sprintf("%s sets %d %ss (%s); set exactly one %s per element.", req.Path, len(set), v.noun, strings.Join(set, ", "), v.noun))
	case len(set) == 0 && unknown == 0:
		resp.Diagnostics.AddAttributeError(req.Path, "Missing Attribute Configuration",
			fmt.Sprintf("%s sets no %s; set exactly one of: %s. "+
				"If you did set one, check its spelling: Terraform drops attributes it does not know from an object "+
				"before the provider sees them (`terraform console` shows what is left of the value).", req.Path, v.noun, strings.Join(names, ", ")))
	}
}
