package fwshim_test

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// config is a configuration as Terraform sends it, from JSON; attributes
// left out are null.
func config(json string) *tfprotov6.DynamicValue {
	return &tfprotov6.DynamicValue{JSON: []byte(json)}
}

// validateResource returns the diagnostics of ValidateResourceConfig.
func validateResource(t *testing.T, server tfprotov6.ProviderServer, typeName, json string) []*tfprotov6.Diagnostic {
	t.Helper()
	resp, err := server.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: config(json)})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Diagnostics
}

// rendered is a diagnostic as one comparable line.
func rendered(d *tfprotov6.Diagnostic) string {
	at := "-"
	if d.Attribute != nil {
		at = d.Attribute.String()
	}
	return fmt.Sprintf("%v %s | %s | %s", d.Severity, at, d.Summary, d.Detail)
}

// sortedLines renders diagnostics in a stable order.
func sortedLines(diags []*tfprotov6.Diagnostic) []string {
	out := make([]string, len(diags))
	for i, d := range diags {
		out[i] = rendered(d)
	}
	sort.Strings(out)
	return out
}

// invalidItems breaks every validator of items() once, at every depth
// (errors in a list's elements are not reported once the list itself is
// invalid): a name too long, a negative weight, an email too short, no
// levels, a rule with two types, an item without a name, too many rules.
const (
	invalidItems = `{"items": [
  {"name": "toolong", "rules": [{"weight": -1}]},
  {"name": "ok", "rules": [{"email": {"email": "a@b"}}, {"levels": [], "enabled": true}]},
  {"rules": [{"number": 1}, {"number": 2}, {"number": 3}]}
]}`
	invalidItemsErrors = 7
)
