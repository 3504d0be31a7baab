package policy

import (
	"maps"
	"slices"
	"sync"
)

// The policy's names for readers of JSON in Terraform's form (a plan's, the
// official provider's), from the same schema and rule table as the rest.

// InlineFields are the attribute names of an inline policy, sorted.
var InlineFields = sync.OnceValue(func() []string {
	return slices.Sorted(maps.Keys(inlinePolicyAttributes()))
})

// RuleAttribute is the attribute name of the rule type whose wire key is
// key (azureAD → azure_ad); ok is false for a key no rule type has.
func RuleAttribute(key string) (name string, ok bool) {
	r, ok := ruleByWire(key)
	return r.name, ok
}
