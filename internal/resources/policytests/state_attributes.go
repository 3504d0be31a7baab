package policytests

import (
	"context"
	"fmt"
	"maps"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A full Get or Set of this resource's state converts every policy and rule
// through reflection, which costs more than the API call it surrounds. Read
// and Create touch only the top-level id and results, so they work on the
// state value itself with these two helpers.

// stringAttribute returns a top-level string attribute of an object value,
// or "" when it is null, unknown or absent.
func stringAttribute(v tftypes.Value, name string) string {
	var attrs map[string]tftypes.Value
	if v.As(&attrs) != nil {
		return ""
	}
	var s string
	if a, ok := attrs[name]; ok && a.IsKnown() && !a.IsNull() {
		_ = a.As(&s)
	}
	return s
}

// withAttributes returns the object value v with the top-level attributes
// named by the tfsdk tags of fields (a struct of attr.Value fields, nested
// structs flattened) replaced by the fields' values.
func withAttributes(ctx context.Context, v tftypes.Value, fields any) (tftypes.Value, error) {
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
