package policytests

import (
	"fmt"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// The policies attribute is written once, in the resource's schema types
// (policy_schema.go, rules.go). The data source takes the same definition
// (descriptions, validators, nesting) converted to its own schema types, so
// both accept exactly the same configuration and produce the same values
// for the one conversion to the wire (expand.go).

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
