package fwshim_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	ephemeralschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
)

// inputs has every kind of input attribute the converters handle, at the
// top level and nested.
func inputs() map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{"items": fwshim.CacheTypes(elementItems())}
	for name, a := range ruleAttributes() {
		attrs[name] = a
	}
	return attrs
}

const invalidInputs = `{"weight": -2, "levels": [], "email": {"email": "x"}, "items": [
  {"name": "toolong", "rules": [{"weight": -1}]},
  {"name": "ok", "rules": [{"email": {"email": "a@b"}}, {"levels": [], "enabled": true}]},
  {"rules": [{"number": 1}, {"number": 2}, {"number": 3}]}
]}`

// A data source, an action and an ephemeral resource built from the
// resource's attributes have the same attributes on the wire (names, types,
// flags, descriptions) and report the same diagnostics for the same
// configuration.
func TestConvert_SameSchemaAndDiagnosticsAsTheResource(t *testing.T) {
	ctx := context.Background()
	server := serve(t, &testProvider{
		resources: map[string]schema.Schema{"r": {Attributes: inputs()}},
		dataSources: map[string]func() datasource.SchemaResponse{"d": func() datasource.SchemaResponse {
			return datasource.SchemaResponse{Schema: dsschema.Schema{Attributes: fwshim.DataSourceAttributes(inputs())}}
		}},
		actions: map[string]func() action.SchemaResponse{"a": func() action.SchemaResponse {
			return action.SchemaResponse{Schema: actionschema.Schema{Attributes: fwshim.ActionAttributes(inputs())}}
		}},
		ephemerals: map[string]func() ephemeral.SchemaResponse{"e": func() ephemeral.SchemaResponse {
			return ephemeral.SchemaResponse{Schema: ephemeralschema.Schema{Attributes: fwshim.EphemeralAttributes(inputs())}}
		}},
	})
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatal(err, sortedLines(schemas.Diagnostics))
	}
	resource := schemas.ResourceSchemas["shim_r"].Block.Attributes
	if len(resource) != len(inputs()) {
		t.Fatalf("the resource has %d attributes, want %d", len(resource), len(inputs()))
	}
	if got := schemas.DataSourceSchemas["shim_d"].Block.Attributes; !reflect.DeepEqual(got, resource) {
		t.Errorf("data source attributes differ from the resource's:\n got %v\nwant %v", got, resource)
	}
	if got := schemas.ActionSchemas["shim_a"].Schema.Block.Attributes; !reflect.DeepEqual(got, resource) {
		t.Errorf("action attributes differ from the resource's:\n got %v\nwant %v", got, resource)
	}
	if got := schemas.EphemeralResourceSchemas["shim_e"].Block.Attributes; !reflect.DeepEqual(got, resource) {
		t.Errorf("ephemeral resource attributes differ from the resource's:\n got %v\nwant %v", got, resource)
	}

	want := sortedLines(validateResource(t, server, "shim_r", invalidInputs))
	if len(want) != invalidItemsErrors+3 {
		t.Fatalf("the resource found %d errors, want %d: %q", len(want), invalidItemsErrors+3, want)
	}
	ds, err := server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: "shim_d", Config: config(invalidInputs)})
	if err != nil {
		t.Fatal(err)
	}
	if got := sortedLines(ds.Diagnostics); !reflect.DeepEqual(got, want) {
		t.Errorf("data source diagnostics\n got %q\nwant %q", got, want)
	}
	actions, ok := server.(tfprotov6.ActionServer)
	if !ok {
		t.Fatal("the provider server serves no actions")
	}
	act, err := actions.ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: "shim_a", Config: config(invalidInputs)})
	if err != nil {
		t.Fatal(err)
	}
	if got := sortedLines(act.Diagnostics); !reflect.DeepEqual(got, want) {
		t.Errorf("action diagnostics\n got %q\nwant %q", got, want)
	}
	eph, err := server.ValidateEphemeralResourceConfig(ctx, &tfprotov6.ValidateEphemeralResourceConfigRequest{TypeName: "shim_e", Config: config(invalidInputs)})
	if err != nil {
		t.Fatal(err)
	}
	if got := sortedLines(eph.Diagnostics); !reflect.DeepEqual(got, want) {
		t.Errorf("ephemeral resource diagnostics\n got %q\nwant %q", got, want)
	}
}

// Computed and sensitive flags survive into a data source and an ephemeral
// resource; an action, which keeps no state, takes inputs only.
func TestConvert_DataSourceKeepsComputedAndSensitive(t *testing.T) {
	a := fwshim.DataSourceAttribute(schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "x"})
	s, ok := a.(dsschema.StringAttribute)
	if !ok || !s.Computed || !s.Sensitive || s.MarkdownDescription != "x" {
		t.Fatalf("converted to %#v", a)
	}
	if _, ok := fwshim.ActionAttribute(schema.Int64Attribute{Required: true}).(actionschema.Int64Attribute); !ok {
		t.Fatal("an int64 input has no action form")
	}
	e, ok := fwshim.EphemeralAttribute(schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "x"}).(ephemeralschema.StringAttribute)
	if !ok || !e.Computed || !e.Sensitive || e.MarkdownDescription != "x" {
		t.Fatalf("converted to %#v", e)
	}
}
