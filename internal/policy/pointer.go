package policy

import (
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
)

// PathOf maps the JSON pointer of an API error, such as
// /policies/1/include/0/azureAD/id, to the attribute path
// policies[1].include[0].azure_ad.id, below the attribute the policies came
// from (root; "" means `policies`). It follows the policy schema, so it
// knows which attributes are lists and which wire keys are rule types; a
// segment the schema does not know ends the path.
func PathOf(pointer, root string) (path.Path, bool) {
	segments := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	if len(segments) == 0 || segments[0] != "policies" {
		return path.Empty(), false
	}
	if root == "" {
		root = "policies"
	}
	at := path.Root(root)
	var attrs map[string]schema.Attribute // the attributes of the object at `at`
	elements, expectIndex := policyElementAttributes(), true
	for _, seg := range segments[1:] {
		seg = strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
		if expectIndex {
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 {
				return at, true
			}
			at, attrs, expectIndex = at.AtListIndex(i), elements, false
			continue
		}
		a, known := attrs[seg]
		if rt, isRule := ruleByWire(seg); !known && isRule {
			seg = rt.name
			a, known = attrs[seg]
		}
		at = at.AtName(seg)
		if !known {
			return at, true
		}
		attrs, elements, expectIndex = childrenOf(a)
	}
	return at, true
}

// childrenOf says what lies below an attribute: the attributes of a nested
// object, or the element attributes of a list (nil for a list of strings).
func childrenOf(a schema.Attribute) (attrs, elements map[string]schema.Attribute, isList bool) {
	switch a := a.(type) {
	case fwshim.CachedListNested:
		return nil, a.NestedObject.Attributes, true
	case schema.ListNestedAttribute:
		return nil, a.NestedObject.Attributes, true
	case schema.ListAttribute:
		return nil, nil, true
	case schema.SingleNestedAttribute:
		return a.Attributes, nil, false
	}
	return nil, nil, false
}
