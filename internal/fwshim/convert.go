package fwshim

import (
	"fmt"

	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	ephemeralschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// The framework has a separate schema package for resources, data sources
// actions and ephemeral resources, with no conversion between them.
// Attributes shared by all four are written once, in the resource's types, and converted here
// (descriptions, validators, nesting), so all accept exactly the same
// configuration and produce the same values.

// DataSourceAttributes converts a map of resource attributes.
func DataSourceAttributes(attrs map[string]schema.Attribute) map[string]dsschema.Attribute {
	out := make(map[string]dsschema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = DataSourceAttribute(a)
	}
	return out
}

// DataSourceAttribute converts one resource attribute of the kinds
// the provider uses. Plan modifiers and defaults have no meaning in a data
// source and are left behind.
func DataSourceAttribute(a schema.Attribute) dsschema.Attribute {
	switch a := a.(type) {
	case CachedListNested:
		return cacheDataSourceTypes(dataSourceListNested(a.ListNestedAttribute))
	case schema.ListNestedAttribute:
		return dataSourceListNested(a)
	case schema.SingleNestedAttribute:
		return dsschema.SingleNestedAttribute{
			Attributes: DataSourceAttributes(a.Attributes), CustomType: a.CustomType,
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
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
	case schema.Int64Attribute:
		return dsschema.Int64Attribute{
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
	// A new kind must be added above; the provider's schema tests build
	// every data source schema and fail here first.
	panic(fmt.Sprintf("attribute of type %T has no data source form", a))
}

func dataSourceListNested(a schema.ListNestedAttribute) dsschema.ListNestedAttribute {
	return dsschema.ListNestedAttribute{
		NestedObject: dsschema.NestedAttributeObject{
			Attributes: DataSourceAttributes(a.NestedObject.Attributes),
			Validators: a.NestedObject.Validators,
			CustomType: a.NestedObject.CustomType,
		},
		CustomType: a.CustomType,
		Required:   a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
		MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
	}
}

// ActionAttributes converts a map of resource attributes for an action.
func ActionAttributes(attrs map[string]schema.Attribute) map[string]actionschema.Attribute {
	out := make(map[string]actionschema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = ActionAttribute(a)
	}
	return out
}

// ActionAttribute converts one input attribute for an action. Actions keep
// no state, so they have no computed attributes.
func ActionAttribute(a schema.Attribute) actionschema.Attribute {
	switch a := a.(type) {
	case CachedListNested:
		return ActionAttribute(a.ListNestedAttribute)
	case schema.ListNestedAttribute:
		return actionschema.ListNestedAttribute{
			NestedObject: actionschema.NestedAttributeObject{
				Attributes: ActionAttributes(a.NestedObject.Attributes),
				Validators: a.NestedObject.Validators,
				CustomType: a.NestedObject.CustomType,
			},
			CustomType: a.CustomType,
			Required:   a.Required, Optional: a.Optional,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.SingleNestedAttribute:
		return actionschema.SingleNestedAttribute{
			Attributes: ActionAttributes(a.Attributes), CustomType: a.CustomType,
			Required: a.Required, Optional: a.Optional,
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
	panic(fmt.Sprintf("attribute of type %T has no action form", a))
}

// EphemeralAttributes converts a map of resource attributes for an
// ephemeral resource.
func EphemeralAttributes(attrs map[string]schema.Attribute) map[string]ephemeralschema.Attribute {
	out := make(map[string]ephemeralschema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = EphemeralAttribute(a)
	}
	return out
}

// EphemeralAttribute converts one resource attribute for an ephemeral
// resource: like a data source's, its results are computed, but Terraform
// keeps them in no plan and no state.
func EphemeralAttribute(a schema.Attribute) ephemeralschema.Attribute {
	switch a := a.(type) {
	case CachedListNested:
		return EphemeralAttribute(a.ListNestedAttribute)
	case schema.ListNestedAttribute:
		return ephemeralschema.ListNestedAttribute{
			NestedObject: ephemeralschema.NestedAttributeObject{
				Attributes: EphemeralAttributes(a.NestedObject.Attributes),
				Validators: a.NestedObject.Validators,
				CustomType: a.NestedObject.CustomType,
			},
			CustomType: a.CustomType,
			Required:   a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.SingleNestedAttribute:
		return ephemeralschema.SingleNestedAttribute{
			Attributes: EphemeralAttributes(a.Attributes), CustomType: a.CustomType,
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.StringAttribute:
		return ephemeralschema.StringAttribute{
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.BoolAttribute:
		return ephemeralschema.BoolAttribute{
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.Float64Attribute:
		return ephemeralschema.Float64Attribute{
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.Int64Attribute:
		return ephemeralschema.Int64Attribute{
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	case schema.ListAttribute:
		return ephemeralschema.ListAttribute{
			ElementType: a.ElementType,
			Required:    a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			MarkdownDescription: a.MarkdownDescription, Validators: a.Validators,
		}
	}
	panic(fmt.Sprintf("attribute of type %T has no ephemeral form", a))
}
