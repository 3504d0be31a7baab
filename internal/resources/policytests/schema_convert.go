package policytests

import (
	"fmt"

	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// The policies attribute is written once, in the resource's schema types
// (policy_schema.go, rules.go), and so are the comparison's inputs
// (change_schema.go). The data sources and the actions take the same
// definitions (descriptions, validators, nesting) converted to their own
// schema types, so all accept exactly the same configuration and produce
// the same values for the one conversion to the wire (expand.go).

// dataSourceAttributes converts a map of resource attributes.
func dataSourceAttributes(attrs map[string]schema.Attribute) map[string]dsschema.Attribute {
	out := make(map[string]dsschema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = dataSourceAttribute(a)
	}
	return out
}

// dataSourceAttribute converts one resource attribute of the kinds the
// policy schema uses. Plan modifiers and defaults have no meaning in a data
// source and are left behind.
func dataSourceAttribute(a schema.Attribute) dsschema.Attribute {
	switch a := a.(type) {
	case cachedListNested:
		return dataSourceAttribute(a.ListNestedAttribute)
	case schema.ListNestedAttribute:
		return dsschema.ListNestedAttribute{
			NestedObject: dsschema.NestedAttributeObject{
				Attributes: dataSourceAttributes(a.NestedObject.Attributes),
				Validators: a.NestedObject.Validators,
			},
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.SingleNestedAttribute:
		return dsschema.SingleNestedAttribute{
			Attributes: dataSourceAttributes(a.Attributes),
			Required:   a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.StringAttribute:
		return dsschema.StringAttribute{
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.BoolAttribute:
		return dsschema.BoolAttribute{
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.Float64Attribute:
		return dsschema.Float64Attribute{
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.ListAttribute:
		return dsschema.ListAttribute{
			ElementType: a.ElementType,
			Required:    a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	}
	// A new kind in the policy schema must be added above; the schema
	// tests build the data source schema and fail here first.
	panic(fmt.Sprintf("policy schema attribute of type %T has no data source form", a))
}

// actionAttributes converts a map of resource attributes for an action.
func actionAttributes(attrs map[string]schema.Attribute) map[string]actionschema.Attribute {
	out := make(map[string]actionschema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = actionAttribute(a)
	}
	return out
}

// actionAttribute converts one input attribute for an action. Actions keep
// no state, so they have no computed attributes.
func actionAttribute(a schema.Attribute) actionschema.Attribute {
	switch a := a.(type) {
	case cachedListNested:
		return actionAttribute(a.ListNestedAttribute)
	case schema.ListNestedAttribute:
		return actionschema.ListNestedAttribute{
			NestedObject: actionschema.NestedAttributeObject{
				Attributes: actionAttributes(a.NestedObject.Attributes),
				Validators: a.NestedObject.Validators,
			},
			Required: a.Required, Optional: a.Optional,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.SingleNestedAttribute:
		return actionschema.SingleNestedAttribute{
			Attributes: actionAttributes(a.Attributes),
			Required:   a.Required, Optional: a.Optional,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.StringAttribute:
		return actionschema.StringAttribute{
			Required: a.Required, Optional: a.Optional,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.BoolAttribute:
		return actionschema.BoolAttribute{
			Required: a.Required, Optional: a.Optional,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.Float64Attribute:
		return actionschema.Float64Attribute{
			Required: a.Required, Optional: a.Optional,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.Int64Attribute:
		return actionschema.Int64Attribute{
			Required: a.Required, Optional: a.Optional,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.ListAttribute:
		return actionschema.ListAttribute{
			ElementType: a.ElementType,
			Required:    a.Required, Optional: a.Optional,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	}
	panic(fmt.Sprintf("policy schema attribute of type %T has no action form", a))
}
