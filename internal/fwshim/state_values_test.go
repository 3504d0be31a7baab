package fwshim_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
)

func stateSchema() schema.Schema {
	return schema.Schema{Attributes: map[string]schema.Attribute{
		"id":     schema.StringAttribute{Computed: true},
		"status": schema.StringAttribute{Computed: true},
		"total":  schema.Int64Attribute{Computed: true},
		"ratio":  schema.Float64Attribute{Computed: true},
		"items":  cachedItems(),
	}}
}

// stateValue is a planned state: items known, everything else unknown.
func stateValue(t *testing.T, s schema.Schema) tftypes.Value {
	t.Helper()
	typ := s.Type().TerraformType(context.Background())
	resp, err := config(`{"items": [{"name": "a", "rules": [{"levels": ["x"]}]}]}`).Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := resp.As(&attrs); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"id", "status", "total", "ratio"} {
		attrs[name] = tftypes.NewValue(attrs[name].Type(), tftypes.UnknownValue)
	}
	return tftypes.NewValue(typ, attrs)
}

type counters struct {
	Total types.Int64   `tfsdk:"total"`
	Ratio types.Float64 `tfsdk:"ratio"`
}

// WithAttributes gives the same state as setting each attribute with the
// framework's State.SetAttribute, embedded structs included.
func TestWithAttributes_SameStateAsSetAttribute(t *testing.T) {
	ctx := context.Background()
	s := stateSchema()
	fields := struct {
		ID     types.String `tfsdk:"id"`
		Status types.String `tfsdk:"status"`
		counters
	}{types.StringValue("t1"), types.StringNull(), counters{types.Int64Value(16), types.Float64Value(0.5)}}

	want := tfsdk.State{Schema: s, Raw: stateValue(t, s)}
	for name, value := range map[string]attr.Value{"id": fields.ID, "status": fields.Status, "total": fields.Total, "ratio": fields.Ratio} {
		if diags := want.SetAttribute(ctx, path.Root(name), value); diags.HasError() {
			t.Fatal(diags)
		}
	}
	got, err := fwshim.WithAttributes(ctx, stateValue(t, s), fields)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(want.Raw) {
		t.Errorf("state\n got %s\nwant %s", got, want.Raw)
	}
}

func TestWithAttributes_RefusesWhatTheStateCannotHold(t *testing.T) {
	ctx := context.Background()
	s := stateSchema()
	unknownName := struct {
		Other types.String `tfsdk:"other"`
	}{types.StringValue("x")}
	if _, err := fwshim.WithAttributes(ctx, stateValue(t, s), unknownName); err == nil {
		t.Error("a field naming no attribute was written")
	}
	wrongType := struct {
		Total types.String `tfsdk:"total"`
	}{types.StringValue("sixteen")}
	if _, err := fwshim.WithAttributes(ctx, stateValue(t, s), wrongType); err == nil {
		t.Error("a string was written into a number")
	}
}

// StringAttribute and TopLevel read what the framework's GetAttribute and
// WalkAttributePath read.
func TestTopLevelReads_SameAsTheFramework(t *testing.T) {
	ctx := context.Background()
	s := stateSchema()
	raw, err := fwshim.WithAttributes(ctx, stateValue(t, s), struct {
		ID     types.String `tfsdk:"id"`
		Status types.String `tfsdk:"status"`
	}{types.StringValue("t1"), types.StringNull()})
	if err != nil {
		t.Fatal(err)
	}
	state := tfsdk.State{Schema: s, Raw: raw}
	for _, name := range []string{"id", "status"} { // known, null
		var want types.String
		if diags := state.GetAttribute(ctx, path.Root(name), &want); diags.HasError() {
			t.Fatal(diags)
		}
		if got := fwshim.StringAttribute(raw, name); got != want.ValueString() {
			t.Errorf("%s: %q, framework %q", name, got, want.ValueString())
		}
	}
	if got := fwshim.StringAttribute(stateValue(t, s), "id"); got != "" { // unknown
		t.Errorf("unknown id read as %q", got)
	}
	if got := fwshim.StringAttribute(raw, "missing"); got != "" {
		t.Errorf("a missing attribute read as %q", got)
	}
	for _, name := range []string{"id", "status", "items", "total"} {
		walked, _, err := tftypes.WalkAttributePath(raw, tftypes.NewAttributePath().WithAttributeName(name))
		want, isValue := walked.(tftypes.Value)
		got, ok := fwshim.TopLevel(raw, name)
		if err != nil || !isValue || !ok || !got.Equal(want) {
			t.Errorf("%s: %v %v, framework %v %v", name, got, ok, want, err)
		}
	}
	if _, ok := fwshim.TopLevel(tftypes.NewValue(raw.Type(), nil), "id"); ok {
		t.Error("a null state has attributes")
	}
}
