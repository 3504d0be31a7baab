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
// everything else is the embedded attribute's own behaviour.

// CachedListNested is a ListNestedAttribute whose list and element types are
// built once, when it is made with CacheTypes.
type CachedListNested struct {
	schema.ListNestedAttribute
	typ    attr.Type
	object cachedObject
}

// CacheTypes wraps a. Validators, plan modifiers and descriptions may still
// change after wrapping; the nesting may not, or the cached types describe
// the old attribute.
func CacheTypes(a schema.ListNestedAttribute) CachedListNested {
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
