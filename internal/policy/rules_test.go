package policy

import (
	"testing"
)

// Every rule type appears once in the table, with a distinct wire name.
func TestRuleTypesTable(t *testing.T) {
	if len(ruleTypes) != 26 {
		t.Fatalf("%d rule types, want 26", len(ruleTypes))
	}
	seen := map[string]bool{}
	for _, rt := range ruleTypes {
		if seen[rt.wireName()] {
			t.Errorf("wire name %s twice", rt.wireName())
		}
		seen[rt.wireName()] = true
		if back, ok := ruleByWire(rt.wireName()); !ok || back.name != rt.name {
			t.Errorf("ruleByWire(%s) = %v", rt.wireName(), back.name)
		}
	}
}
