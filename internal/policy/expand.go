package policy

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
)

// Expand converts a policies list (at root: `policies`, or `current` /
// `candidate` of a comparison) into a start call's body: an id element
// becomes a bare string, an inline policy an object carrying only what the
// user set. Its diagnostics name the element they are about.
func Expand(ctx context.Context, root path.Path, policies types.List) (client.PolicyTestRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	var models []policyModel
	diags.Append(policies.ElementsAs(ctx, &models, false)...)
	if diags.HasError() {
		return client.PolicyTestRequest{}, diags
	}
	req := client.PolicyTestRequest{Policies: make([]client.PolicyEntry, 0, len(models))}
	for i, m := range models {
		at := root.AtListIndex(i)
		if !m.ID.IsNull() {
			req.Policies = append(req.Policies, client.PolicyEntry{ID: m.ID.ValueString()})
			continue
		}
		req.Policies = append(req.Policies, client.PolicyEntry{Inline: expandInline(ctx, at, m, &diags)})
	}
	return req, diags
}

func expandInline(ctx context.Context, at path.Path, m policyModel, diags *diag.Diagnostics) *client.InlinePolicy {
	p := &client.InlinePolicy{
		Name:                         m.Name.ValueString(),
		Decision:                     m.Decision.ValueString(),
		Include:                      expandRules(ctx, at.AtName("include"), m.Include, diags),
		Exclude:                      expandRules(ctx, at.AtName("exclude"), m.Exclude, diags),
		Require:                      expandRules(ctx, at.AtName("require"), m.Require, diags),
		ApprovalRequired:             m.ApprovalRequired.ValueBoolPointer(),
		IsolationRequired:            m.IsolationRequired.ValueBoolPointer(),
		PurposeJustificationRequired: m.PurposeJustificationRequired.ValueBoolPointer(),
		PurposeJustificationPrompt:   m.PurposeJustificationPrompt.ValueStringPointer(),
		SessionDuration:              m.SessionDuration.ValueStringPointer(),
	}
	if !m.ApprovalGroups.IsNull() {
		var groups []approvalGroupModel
		diags.Append(m.ApprovalGroups.ElementsAs(ctx, &groups, false)...)
		p.ApprovalGroups = make([]client.ApprovalGroup, 0, len(groups))
		for _, g := range groups {
			p.ApprovalGroups = append(p.ApprovalGroups, client.ApprovalGroup{
				ApprovalsNeeded: g.ApprovalsNeeded.ValueFloat64(),
				EmailAddresses:  stringValues(ctx, g.EmailAddresses, diags),
				EmailListUUID:   g.EmailListUUID.ValueStringPointer(),
			})
		}
	}
	if !m.ConnectionRules.IsNull() {
		var rules connectionRulesModel
		diags.Append(m.ConnectionRules.As(ctx, &rules, basetypes.ObjectAsOptions{})...)
		p.ConnectionRules = &client.ConnectionRules{}
		if !rules.RDP.IsNull() {
			var rdp rdpModel
			diags.Append(rules.RDP.As(ctx, &rdp, basetypes.ObjectAsOptions{})...)
			p.ConnectionRules.RDP = &client.RDPRules{
				AllowedClipboardLocalToRemoteFormats: stringValues(ctx, rdp.LocalToRemote, diags),
				AllowedClipboardRemoteToLocalFormats: stringValues(ctx, rdp.RemoteToLocal, diags),
			}
		}
	}
	if !m.MfaConfig.IsNull() {
		var mfa mfaConfigModel
		diags.Append(m.MfaConfig.As(ctx, &mfa, basetypes.ObjectAsOptions{})...)
		p.MfaConfig = &client.MfaConfig{
			AllowedAuthenticators: stringValues(ctx, mfa.AllowedAuthenticators, diags),
			MfaDisabled:           mfa.MfaDisabled.ValueBoolPointer(),
			SessionDuration:       mfa.SessionDuration.ValueStringPointer(),
		}
	}
	return p
}

// stringValues returns nil for a null list (not sent) and a non-nil slice for a
// set one, so that an empty list goes on the wire as [].
func stringValues(ctx context.Context, list types.List, diags *diag.Diagnostics) []string {
	if list.IsNull() || list.IsUnknown() {
		return nil
	}
	values := []string{}
	diags.Append(list.ElementsAs(ctx, &values, false)...)
	return values
}

// expandRules converts a rule list to the wire; a null list stays nil so
// that it is not sent.
func expandRules(ctx context.Context, at path.Path, list types.List, diags *diag.Diagnostics) []client.AccessRule {
	if list.IsNull() || list.IsUnknown() {
		return nil
	}
	// The elements are already rule objects; ElementsAs would convert them
	// to Terraform values and back.
	elems := list.Elements()
	rules := make([]client.AccessRule, 0, len(elems))
	for i, elem := range elems {
		obj, ok := elem.(types.Object)
		if !ok {
			diags.AddAttributeError(fwshim.ListElement(at), "Unexpected Rule Value",
				fmt.Sprintf("Expected a rule object, got %T. Please report this issue to the provider developers.", elem))
			continue
		}
		if rule := expandRule(ctx, at.AtListIndex(i), obj, diags); rule != nil {
			rules = append(rules, rule)
		}
	}
	return rules
}

// expandRule converts one rule object: its one non-null rule type becomes
// the wire key, its non-null parameters the value ({} when it has none).
func expandRule(ctx context.Context, at path.Path, obj types.Object, diags *diag.Diagnostics) client.AccessRule {
	attrs := obj.Attributes()
	var out client.AccessRule
	for _, rt := range ruleTypes {
		value, ok := attrs[rt.name].(types.Object)
		if !ok || value.IsNull() {
			continue
		}
		if out != nil {
			diags.AddAttributeError(fwshim.ListElement(at), "Invalid Attribute Combination", at.String()+" sets more than one rule type; set exactly one.")
			return nil
		}
		params := client.RuleParams{}
		inner := value.Attributes()
		for _, p := range rt.params {
			switch v := inner[p.name].(type) {
			case types.String:
				if !v.IsNull() {
					params[p.name] = v.ValueString()
				}
			case types.List:
				if !v.IsNull() {
					var values []string
					diags.Append(v.ElementsAs(ctx, &values, false)...)
					params[p.name] = values
				}
			}
		}
		out = client.AccessRule{rt.wireName(): params}
	}
	if out == nil {
		diags.AddAttributeError(fwshim.ListElement(at), "Missing Attribute Configuration", at.String()+" sets no rule type; set exactly one.")
	}
	return out
}
