package fwshim_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
)

// elementItems is items() with every validator below the list reporting at
// the list element, as the provider builds policies.
func elementItems() schema.ListNestedAttribute {
	l := items()
	l.NestedObject.Attributes = fwshim.ReportAtListElement(l.NestedObject.Attributes)
	l.NestedObject.Validators = []validator.Object{fwshim.ObjectAtListElement(itemNamed{})}
	return l
}

// elementOf is the items[N] prefix of a diagnostic's path.
func elementOf(p *tftypes.AttributePath) *tftypes.AttributePath {
	if p == nil || len(p.Steps()) <= 2 {
		return p
	}
	index, ok := p.Steps()[1].(tftypes.ElementKeyInt)
	if !ok {
		return p
	}
	return tftypes.NewAttributePath().WithAttributeName("items").WithElementKeyInt(int(index))
}

// Every diagnostic the plain framework reports inside an element is
// reported once, with the same severity and summary, on the element, and
// its detail still names the full path and says what the plain one says.
func TestReportAtListElement_SameDiagnosticsOnTheElement(t *testing.T) {
	server := serve(t, &testProvider{resources: map[string]schema.Schema{
		"plain":   {Attributes: map[string]schema.Attribute{"items": items()}},
		"element": {Attributes: map[string]schema.Attribute{"items": elementItems()}},
		"cached":  {Attributes: map[string]schema.Attribute{"items": fwshim.CacheTypes(elementItems())}},
	}})
	plain := validateResource(t, server, "shim_plain", invalidItems)
	if len(plain) != invalidItemsErrors {
		t.Fatalf("the plain framework found %d errors, want %d: %q", len(plain), invalidItemsErrors, sortedLines(plain))
	}
	for _, shim := range []string{"shim_element", "shim_cached"} {
		moved := validateResource(t, server, shim, invalidItems)
		if len(moved) != len(plain) {
			t.Fatalf("%s: %d diagnostics, plain framework %d:\n%q", shim, len(moved), len(plain), sortedLines(moved))
		}
		for _, want := range plain {
			if !hasMoved(moved, want) {
				t.Errorf("%s: nothing on %s for %q among\n%q", shim, elementOf(want.Attribute), rendered(want), sortedLines(moved))
			}
		}
	}
}

func hasMoved(diags []*tfprotov6.Diagnostic, want *tfprotov6.Diagnostic) bool {
	full := fullPath(want.Attribute)
	for _, d := range diags {
		if d.Severity == want.Severity && d.Summary == want.Summary && d.Attribute.Equal(elementOf(want.Attribute)) &&
			strings.Contains(d.Detail, want.Detail) && strings.Contains(d.Detail, full) {
			return true
		}
	}
	return false
}

// fullPath renders p as the framework does in diagnostics (items[0].name).
func fullPath(p *tftypes.AttributePath) string {
	at := path.Empty()
	for _, step := range p.Steps() {
		switch s := step.(type) {
		case tftypes.AttributeName:
			at = at.AtName(string(s))
		case tftypes.ElementKeyInt:
			at = at.AtListIndex(int(s))
		}
	}
	return at.String()
}

func TestListElement(t *testing.T) {
	cases := map[string][2]path.Path{
		"deep":          {path.Root("items").AtListIndex(2).AtName("rules").AtListIndex(0).AtName("email"), path.Root("items").AtListIndex(2)},
		"element":       {path.Root("items").AtListIndex(2), path.Root("items").AtListIndex(2)},
		"root":          {path.Root("items"), path.Root("items")},
		"not a list":    {path.Root("object").AtName("a").AtName("b"), path.Root("object").AtName("a").AtName("b")},
		"element child": {path.Root("items").AtListIndex(0).AtName("name"), path.Root("items").AtListIndex(0)},
	}
	for name, c := range cases {
		if got := fwshim.ListElement(c[0]); !got.Equal(c[1]) {
			t.Errorf("%s: %s, want %s", name, got, c[1])
		}
	}
}
