package fwshim

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The framework asks for the type of a schema node at every node of every
// value it walks, and rebuilds that type from the schema each time. For a
// list of objects with many nested attributes (the rule lists) that
// rebuilding dominates a plan. CachedListNested computes the types once;
// everything else is the embedded attribute's own behaviour. Below it, every
// nested attribute carries its type in CustomType (withTypes), which the
// framework reads in place of rebuilding in every schema package.

// CachedListNested is a ListNestedAttribute whose list and element types are
// built once, when it is made with CacheTypes.
type CachedListNested struct {
	schema.ListNestedAttribute
	typ    attr.Type
	object cachedObject
}

// CacheTypes wraps a and sets the types of everything nested in it.
// Validators, plan modifiers and descriptions may still change after
// wrapping; the nesting may not, or the cached types describe the old
// attribute.
func CacheTypes(a schema.ListNestedAttribute) CachedListNested {
	a = listWithTypes(a)
	return CachedListNested{
		ListNestedAttribute: a,
		typ:                 a.GetType(),
		object:              cachedObject{NestedAttributeObject: a.NestedObject, typ: a.NestedObject.Type()},
	}
}

// GetType returns the cached list type.
func (c CachedListNested) GetType() attr.Type { return c.typ }

// ApplyTerraform5AttributePathStep hands out the element object with its
// cached type, as the embedded attribute hands out its NestedObject.
func (c CachedListNested) ApplyTerraform5AttributePathStep(step tftypes.AttributePathStep) (any, error) {
	if _, ok := step.(tftypes.ElementKeyInt); !ok {
		return nil, fmt.Errorf("cannot apply step %T to ListNestedAttribute", step)
	}
	return c.object, nil
}

// cachedObject is a NestedAttributeObject whose object type is built once.
type cachedObject struct {
	schema.NestedAttributeObject
	typ basetypes.ObjectTypable
}

func (o cachedObject) Type() basetypes.ObjectTypable { return o.typ }

// ApplyTerraform5AttributePathStep looks the attribute up in place: the
// embedded object copies its whole attribute map first, on every step of
// every path the framework resolves.
func (o cachedObject) ApplyTerraform5AttributePathStep(step tftypes.AttributePathStep) (any, error) {
	name, ok := step.(tftypes.AttributeName)
	if !ok {
		return nil, fmt.Errorf("cannot apply AttributePathStep %T to NestedAttributeObject", step)
	}
	if attribute, ok := o.Attributes[string(name)]; ok {
		return attribute, nil
	}
	return nil, fmt.Errorf("no attribute %q on NestedAttributeObject", name)
}

// CachedDataSourceListNested is CachedListNested for a data source schema:
// its validators (ConflictsWith and the like) resolve paths through the
// whole configuration, and every step rebuilt the rule lists' types.
type CachedDataSourceListNested struct {
	dsschema.ListNestedAttribute
	typ    attr.Type
	object cachedDataSourceObject
}

func cacheDataSourceTypes(a dsschema.ListNestedAttribute) CachedDataSourceListNested {
	return CachedDataSourceListNested{
		ListNestedAttribute: a,
		typ:                 a.GetType(),
		object:              cachedDataSourceObject{NestedAttributeObject: a.NestedObject, typ: a.NestedObject.Type()},
	}
}

// GetType returns the cached list type.
func (c CachedDataSourceListNested) GetType() attr.Type { return c.typ }

// ApplyTerraform5AttributePathStep hands out the element object with its
// cached type.
func (c CachedDataSourceListNested) ApplyTerraform5AttributePathStep(step tftypes.AttributePathStep) (any, error) {
	if _, ok := step.(tftypes.ElementKeyInt); !ok {
		return nil, fmt.Errorf("cannot apply step %T to ListNestedAttribute", step)
	}
	return c.object, nil
}

type cachedDataSourceObject struct {
	dsschema.NestedAttributeObject
	typ basetypes.ObjectTypable
}

func (o cachedDataSourceObject) Type() basetypes.ObjectTypable { return o.typ }

func (o cachedDataSourceObject) ApplyTerraform5AttributePathStep(step tftypes.AttributePathStep) (any, error) {
	name, ok := step.(tftypes.AttributeName)
	if !ok {
		return nil, fmt.Errorf("cannot apply AttributePathStep %T to NestedAttributeObject", step)
	}
	if attribute, ok := o.Attributes[string(name)]; ok {
		return attribute, nil
	}
	return nil, fmt.Errorf("no attribute %q on NestedAttributeObject", name)
}

// withTypes sets the CustomType of every nested attribute in attrs, and
// below, to the type the framework would build for it: the same type, which
// the framework then reads where it would rebuild it at every step (the
// schema's conversion for Terraform, its implementation checks, every path it
// resolves). The converters to the other schema packages carry it over.
func withTypes(attrs map[string]schema.Attribute) map[string]schema.Attribute {
	out := make(map[string]schema.Attribute, len(attrs))
	for name, a := range attrs {
		switch a := a.(type) {
		case schema.SingleNestedAttribute:
			a.Attributes = withTypes(a.Attributes)
			if t, ok := a.GetType().(basetypes.ObjectType); ok && a.CustomType == nil {
				a.CustomType = t
			}
			out[name] = a
		case schema.ListNestedAttribute:
			out[name] = listWithTypes(a)
		default:
			out[name] = a
		}
	}
	return out
}

func listWithTypes(a schema.ListNestedAttribute) schema.ListNestedAttribute {
	a.NestedObject.Attributes = withTypes(a.NestedObject.Attributes)
	if a.NestedObject.CustomType == nil {
		a.NestedObject.CustomType = a.NestedObject.Type()
	}
	if t, ok := a.GetType().(basetypes.ListType); ok && a.CustomType == nil {
		a.CustomType = t
	}
	return a
}
