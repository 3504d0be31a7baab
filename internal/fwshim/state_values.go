package fwshim

import (
	"context"
	"fmt"
	"maps"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A Get or Set of a whole state converts every nested value through
// reflection. An operation that reads or writes only a few top-level
// attributes works on the state's tftypes.Value with these helpers instead.

// TopLevel returns the top-level attribute name of the object value v, and
// false when v is not a known object or has no such attribute.
func TopLevel(v tftypes.Value, name string) (tftypes.Value, bool) {
	var attrs map[string]tftypes.Value
	if v.As(&attrs) != nil {
		return tftypes.Value{}, false
	}
	a, ok := attrs[name]
	return a, ok
}

// StringAttribute returns a top-level string attribute of an object value,
// or "" when it is null, unknown or absent.
func StringAttribute(v tftypes.Value, name string) string {
	var s string
	if a, ok := TopLevel(v, name); ok && a.IsKnown() && !a.IsNull() {
		_ = a.As(&s)
	}
	return s
}

// WithAttributes returns the object value v with the top-level attributes
// named by the tfsdk tags of fields (a struct of attr.Value fields, embedded
// structs flattened) replaced by the fields' values. It fails when a field
// names no attribute of v or its value does not fit the attribute's type.
func WithAttributes(ctx context.Context, v tftypes.Value, fields any) (tftypes.Value, error) {
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return tftypes.Value{}, err
	}
	attrs = maps.Clone(attrs) // As shares the value's own map
	if err := setFields(ctx, attrs, reflect.ValueOf(fields)); err != nil {
		return tftypes.Value{}, err
	}
	if err := tftypes.ValidateValue(v.Type(), attrs); err != nil {
		return tftypes.Value{}, err
	}
	return tftypes.NewValue(v.Type(), attrs), nil
}

func setFields(ctx context.Context, attrs map[string]tftypes.Value, fields reflect.Value) error {
	for i := range fields.NumField() {
		field, value := fields.Type().Field(i), fields.Field(i)
		if field.Anonymous && value.Kind() == reflect.Struct {
			if err := setFields(ctx, attrs, value); err != nil {
				return err
			}
			continue
		}
		name := field.Tag.Get("tfsdk")
		av, ok := value.Interface().(attr.Value)
		if _, exists := attrs[name]; !ok || !exists {
			return fmt.Errorf("field %s does not map to an attribute of the state", field.Name)
		}
		tv, err := av.ToTerraformValue(ctx)
		if err != nil {
			return err
		}
		attrs[name] = tv
	}
	return nil
}
