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
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
)

// cachedItems is items() with both of its list-nested attributes cached, as
// the provider caches policies and their rule lists.
func cachedItems() fwshim.CachedListNested {
	l := items()
	rules, _ := l.NestedObject.Attributes["rules"].(schema.ListNestedAttribute)
	l.NestedObject.Attributes["rules"] = fwshim.CacheTypes(rules)
	return fwshim.CacheTypes(l)
}

// schemaPaths lists the path of every node of a schema's values, plus paths
// that lead nowhere, which must fail alike.
func schemaPaths() []*tftypes.AttributePath {
	items := tftypes.NewAttributePath().WithAttributeName("items")
	item := items.WithElementKeyInt(1)
	rule := item.WithAttributeName("rules").WithElementKeyInt(0)
	paths := []*tftypes.AttributePath{
		items, item, item.WithAttributeName("name"), item.WithAttributeName("rules"), rule,
		rule.WithAttributeName("levels"), rule.WithAttributeName("levels").WithElementKeyInt(0),
		rule.WithAttributeName("weight"), rule.WithAttributeName("number"), rule.WithAttributeName("enabled"),
		rule.WithAttributeName("email"), rule.WithAttributeName("email").WithAttributeName("email"),
		// nowhere
		items.WithAttributeName("name"), item.WithAttributeName("missing"), item.WithElementKeyInt(0),
		rule.WithElementKeyString("email"), rule.WithAttributeName("email").WithAttributeName("missing"),
	}
	return paths
}

// CachedListNested gives the framework the same type and the same
// attribute at every path as the attribute it wraps.
func TestCacheTypes_SameTypesAndAttributesAtEveryPath(t *testing.T) {
	ctx := context.Background()
	plain := schema.Schema{Attributes: map[string]schema.Attribute{"items": items()}}
	cached := schema.Schema{Attributes: map[string]schema.Attribute{"items": cachedItems()}}
	if !plain.Type().Equal(cached.Type()) {
		t.Fatalf("schema types differ:\n plain %s\ncached %s", plain.Type(), cached.Type())
	}
	for _, p := range schemaPaths() {
		wantType, wantErr := plain.TypeAtTerraformPath(ctx, p)
		gotType, gotErr := cached.TypeAtTerraformPath(ctx, p)
		if (wantErr == nil) != (gotErr == nil) {
			t.Errorf("%s: type error %v, plain framework %v", p, gotErr, wantErr)
			continue
		}
		if wantErr == nil && !wantType.Equal(gotType) {
			t.Errorf("%s: type %s, plain framework %s", p, gotType, wantType)
		}
		wantAttr, wantErr := plain.AttributeAtTerraformPath(ctx, p)
		gotAttr, gotErr := cached.AttributeAtTerraformPath(ctx, p)
		if (wantErr == nil) != (gotErr == nil) {
			t.Errorf("%s: attribute error %v, plain framework %v", p, gotErr, wantErr)
			continue
		}
		if wantErr != nil {
			continue
		}
		if !wantAttr.GetType().Equal(gotAttr.GetType()) || wantAttr.GetMarkdownDescription() != gotAttr.GetMarkdownDescription() ||
			wantAttr.IsRequired() != gotAttr.IsRequired() || wantAttr.IsOptional() != gotAttr.IsOptional() {
			t.Errorf("%s: attribute %#v, plain framework %#v", p, gotAttr, wantAttr)
		}
	}
}

// Through the provider server: the same schema on the wire, the same
// diagnostics, the same planned values.
func TestCacheTypes_SameSchemaDiagnosticsAndPlanThroughTheServer(t *testing.T) {
	ctx := context.Background()
	server := serve(t, &testProvider{resources: map[string]schema.Schema{
		"plain":  {Attributes: map[string]schema.Attribute{"items": items()}},
		"cached": {Attributes: map[string]schema.Attribute{"items": cachedItems()}},
	}})
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatal(err, schemas.Diagnostics)
	}
	if len(schemas.ResourceSchemas) != 2 || !reflect.DeepEqual(schemas.ResourceSchemas["shim_plain"], schemas.ResourceSchemas["shim_cached"]) {
		t.Error("the cached schema differs from the plain one on the wire")
	}
	want, got := sortedLines(validateResource(t, server, "shim_plain", invalidItems)), sortedLines(validateResource(t, server, "shim_cached", invalidItems))
	if len(want) != invalidItemsErrors {
		t.Fatalf("the plain framework found %d errors, want %d: %q", len(want), invalidItemsErrors, want)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics\n got %q\nwant %q", got, want)
	}
	typ := schemas.ResourceSchemas["shim_plain"].ValueType()
	proposed := config(`{"items": [{"name": "a", "rules": [{"levels": ["x"]}, {"email": {"email": "alice@example.com"}}]}]}`)
	prior, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
	if err != nil {
		t.Fatal(err)
	}
	planned := map[string]tftypes.Value{}
	for _, name := range []string{"shim_plain", "shim_cached"} {
		resp, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: name, PriorState: &prior, ProposedNewState: proposed, Config: proposed,
		})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Fatal(name, err, sortedLines(resp.Diagnostics))
		}
		if planned[name], err = resp.PlannedState.Unmarshal(typ); err != nil {
			t.Fatal(err)
		}
	}
	if !planned["shim_plain"].Equal(planned["shim_cached"]) {
		t.Errorf("planned\n got %s\nwant %s", planned["shim_cached"], planned["shim_plain"])
	}
}

// Converted for a data source, the cached attribute keeps its cache and
// still gives the same type and attribute at every path.
func TestCacheTypes_DataSourceSameTypesAndAttributesAtEveryPath(t *testing.T) {
	ctx := context.Background()
	plain := dsschema.Schema{Attributes: map[string]dsschema.Attribute{"items": fwshim.DataSourceAttribute(items())}}
	converted := fwshim.DataSourceAttribute(cachedItems())
	if _, ok := converted.(fwshim.CachedDataSourceListNested); !ok {
		t.Fatalf("converted to %T, want the cached data source attribute", converted)
	}
	cached := dsschema.Schema{Attributes: map[string]dsschema.Attribute{"items": converted}}
	if !plain.Type().Equal(cached.Type()) {
		t.Fatalf("schema types differ:\n plain %s\ncached %s", plain.Type(), cached.Type())
	}
	for _, p := range schemaPaths() {
		wantType, wantErr := plain.TypeAtTerraformPath(ctx, p)
		gotType, gotErr := cached.TypeAtTerraformPath(ctx, p)
		if (wantErr == nil) != (gotErr == nil) || wantErr == nil && !wantType.Equal(gotType) {
			t.Errorf("%s: type %v (%v), plain framework %v (%v)", p, gotType, gotErr, wantType, wantErr)
		}
		wantAttr, wantErr := plain.AttributeAtTerraformPath(ctx, p)
		gotAttr, gotErr := cached.AttributeAtTerraformPath(ctx, p)
		if (wantErr == nil) != (gotErr == nil) {
			t.Errorf("%s: attribute error %v, plain framework %v", p, gotErr, wantErr)
			continue
		}
		if wantErr == nil && (!wantAttr.GetType().Equal(gotAttr.GetType()) || wantAttr.IsRequired() != gotAttr.IsRequired() || wantAttr.IsOptional() != gotAttr.IsOptional()) {
			t.Errorf("%s: attribute %#v, plain framework %#v", p, gotAttr, wantAttr)
		}
	}
}

// CacheTypes sets the types of everything nested below the list, and the
// conversions to the other schema packages keep them: on the wire each form
// is the same as the plain attribute's.
func TestCacheTypes_NestedTypesSetAndTheSameOnTheWireInEveryForm(t *testing.T) {
	cached := cachedItems()
	rules, _ := cached.NestedObject.Attributes["rules"].(fwshim.CachedListNested)
	email, _ := rules.NestedObject.Attributes["email"].(schema.SingleNestedAttribute)
	if cached.CustomType == nil || cached.NestedObject.CustomType == nil || rules.CustomType == nil || email.CustomType == nil {
		t.Fatalf("types not set: items %v, element %v, rules %v, email %v", cached.CustomType, cached.NestedObject.CustomType, rules.CustomType, email.CustomType)
	}
	plainEmail, _ := items().NestedObject.Attributes["rules"].(schema.ListNestedAttribute).NestedObject.Attributes["email"].(schema.SingleNestedAttribute)
	if !email.CustomType.Equal(plainEmail.GetType()) {
		t.Errorf("email type %s, the framework builds %s", email.CustomType, plainEmail.GetType())
	}

	ds, _ := fwshim.DataSourceAttribute(cached).(fwshim.CachedDataSourceListNested)
	act, _ := fwshim.ActionAttribute(cached).(actionschema.ListNestedAttribute)
	eph, _ := fwshim.EphemeralAttribute(cached).(ephemeralschema.ListNestedAttribute)
	if ds.CustomType == nil || act.CustomType == nil || eph.CustomType == nil || act.NestedObject.CustomType == nil || eph.NestedObject.CustomType == nil {
		t.Errorf("a conversion dropped the types: data source %v, action %v, ephemeral %v", ds.CustomType, act.CustomType, eph.CustomType)
	}

	ctx := context.Background()
	forms := map[string]schema.Attribute{"plain": items(), "cached": cached}
	p := &testProvider{
		resources:   map[string]schema.Schema{},
		dataSources: map[string]func() datasource.SchemaResponse{},
		actions:     map[string]func() action.SchemaResponse{},
		ephemerals:  map[string]func() ephemeral.SchemaResponse{},
	}
	for name, a := range forms {
		p.resources[name] = schema.Schema{Attributes: map[string]schema.Attribute{"items": a}}
		p.dataSources[name] = func() datasource.SchemaResponse {
			return datasource.SchemaResponse{Schema: dsschema.Schema{Attributes: map[string]dsschema.Attribute{"items": fwshim.DataSourceAttribute(a)}}}
		}
		p.actions[name] = func() action.SchemaResponse {
			return action.SchemaResponse{Schema: actionschema.Schema{Attributes: map[string]actionschema.Attribute{"items": fwshim.ActionAttribute(a)}}}
		}
		p.ephemerals[name] = func() ephemeral.SchemaResponse {
			return ephemeral.SchemaResponse{Schema: ephemeralschema.Schema{Attributes: map[string]ephemeralschema.Attribute{"items": fwshim.EphemeralAttribute(a)}}}
		}
	}
	schemas, err := serve(t, p).GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatal(err, sortedLines(schemas.Diagnostics))
	}
	pairs := map[string][2]any{
		"resource":           {schemas.ResourceSchemas["shim_plain"], schemas.ResourceSchemas["shim_cached"]},
		"data source":        {schemas.DataSourceSchemas["shim_plain"], schemas.DataSourceSchemas["shim_cached"]},
		"action":             {schemas.ActionSchemas["shim_plain"], schemas.ActionSchemas["shim_cached"]},
		"ephemeral resource": {schemas.EphemeralResourceSchemas["shim_plain"], schemas.EphemeralResourceSchemas["shim_cached"]},
	}
	for form, pair := range pairs {
		if reflect.ValueOf(pair[0]).IsNil() || !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("%s: the cached schema differs from the plain one on the wire (or is missing)", form)
		}
	}
}
