package policy

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// runStringValidators applies a schema attribute's own validators.
func runStringValidators(attribute schema.Attribute, value types.String) bool {
	var diags diag.Diagnostics
	if s, ok := attribute.(schema.StringAttribute); ok {
		for _, v := range s.Validators {
			resp := &validator.StringResponse{}
			v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("x"), ConfigValue: value}, resp)
			diags.Append(resp.Diagnostics...)
		}
	}
	return !diags.HasError()
}

func runListValidators(attribute schema.Attribute, value types.List) bool {
	var diags diag.Diagnostics
	list, ok := attribute.(schema.ListAttribute)
	if !ok {
		return false
	}
	for _, v := range list.Validators {
		resp := &validator.ListResponse{}
		v.ValidateList(context.Background(), validator.ListRequest{Path: path.Root("x"), ConfigValue: value}, resp)
		diags.Append(resp.Diagnostics...)
	}
	return !diags.HasError()
}

// FuzzRuleConversion: whatever the schema's validators accept, converted to
// the wire, the emulator (written from the API contract) accepts too; so the
// emulator never rejects what the validators let through.
func FuzzRuleConversion(f *testing.F) {
	f.Add(uint8(11), "alice@example.com", "", "", "8h", "12h")
	f.Add(uint8(7), "US", "", "", "", "")
	f.Add(uint8(18), "203.0.113.0/24", "", "", "30m", "0m")
	f.Add(uint8(24), "low,unscored", "", "", "", "720h")
	f.Add(uint8(14), "idp", "org", "", "1h30m", "")
	f.Add(uint8(25), "", "", "", "9999999999999999999h", "")
	f.Add(uint8(20), "department", "eng", "idp", "", "43200m")
	f.Fuzz(func(t *testing.T, which uint8, a, b, c, sessionDuration, mfaDuration string) {
		for _, s := range []string{a, b, c, sessionDuration, mfaDuration} {
			if !utf8.ValidString(s) {
				t.Skip("Terraform strings are always valid UTF-8")
			}
		}
		rt := ruleTypes[int(which)%len(ruleTypes)]
		ruleList := ruleListAttribute("", true)
		elemType := as[types.ObjectType](t, as[types.ListType](t, ruleList.GetType()).ElemType)
		typeAttrs := as[schema.SingleNestedAttribute](t, ruleList.NestedObject.Attributes[rt.name]).Attributes

		accepted := true
		inputs := []string{a, b, c}
		params := map[string]attr.Value{}
		for i, p := range rt.params {
			if p.list {
				var elems []attr.Value
				for _, s := range strings.Split(inputs[i], ",") {
					elems = append(elems, types.StringValue(s))
				}
				list := types.ListValueMust(types.StringType, elems)
				accepted = accepted && runListValidators(typeAttrs[p.name], list)
				params[p.name] = list
				continue
			}
			value := types.StringValue(inputs[i])
			if p.optional && inputs[i] == "" {
				value = types.StringNull()
			}
			accepted = accepted && runStringValidators(typeAttrs[p.name], value)
			params[p.name] = value
		}
		innerType := as[types.ObjectType](t, elemType.AttrTypes[rt.name])
		ruleAttrs := map[string]attr.Value{}
		for name, typ := range elemType.AttrTypes {
			ruleAttrs[name] = types.ObjectNull(as[types.ObjectType](t, typ).AttrTypes)
		}
		ruleAttrs[rt.name] = types.ObjectValueMust(innerType.AttrTypes, params)
		rule := types.ObjectValueMust(elemType.AttrTypes, ruleAttrs)

		policy := policyAttributes()
		inline := &client.InlinePolicy{Name: "fuzz", Decision: "allow"}
		var diags diag.Diagnostics
		inline.Include = []client.AccessRule{expandRule(context.Background(), path.Root("rule"), rule, &diags)}
		if diags.HasError() {
			t.Fatalf("conversion failed: %v", diags)
		}
		if sessionDuration != "" {
			accepted = accepted && runStringValidators(policy["session_duration"], types.StringValue(sessionDuration))
			inline.SessionDuration = &sessionDuration
		}
		if mfaDuration != "" {
			mfaAttr := as[schema.SingleNestedAttribute](t, policy["mfa_config"]).Attributes["session_duration"]
			accepted = accepted && runStringValidators(mfaAttr, types.StringValue(mfaDuration))
			inline.MfaConfig = &client.MfaConfig{SessionDuration: &mfaDuration}
		}
		body, err := json.Marshal(client.PolicyTestRequest{Policies: []client.PolicyEntry{{Inline: inline}}})
		if err != nil {
			t.Fatal(err)
		}
		_, verr := emulator.ParseStartRequest(body)
		// The contract does not say whether a required string may be empty:
		// the provider sends it and lets the API decide (the emulator refuses
		// it; its answer is mapped to the attribute).
		if verr != nil && strings.HasSuffix(verr.Error(), ": must not be empty") {
			return
		}
		if accepted && verr != nil {
			t.Fatalf("the validators accept %s but the API emulator rejects it: %v", body, verr)
		}
	})
}

// as asserts the type of a schema value the test builds on.
func as[T any](t *testing.T, v any) T {
	t.Helper()
	x, ok := v.(T)
	if !ok {
		t.Fatalf("%T is not a %T", v, x)
	}
	return x
}
