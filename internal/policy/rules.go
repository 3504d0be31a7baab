package policy

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/validators"
)

// ruleParam is one parameter of a rule type. Its name is the same in
// Terraform and on the wire.
type ruleParam struct {
	name        string
	description string
	optional    bool
	list        bool // a list of strings (only user_risk_score)
	validators  []validator.String
}

// ruleType is one of the 26 Access rule types. name is the attribute name
// of the official provider's cloudflare_zero_trust_access_policy; wire is
// the API's key where it differs.
type ruleType struct {
	name        string
	wire        string
	description string
	params      []ruleParam
}

func (r ruleType) wireName() string {
	if r.wire != "" {
		return r.wire
	}
	return r.name
}

func idpParam() ruleParam {
	return ruleParam{name: "identity_provider_id", description: "The ID of the identity provider."}
}

// ruleTypes is the single table the rule schema and the conversion to the
// wire are built from, in the official provider's order.
var ruleTypes = []ruleType{
	{name: "group", description: "Matches an Access group.", params: []ruleParam{{name: "id", description: "The ID of a previously created Access group."}}},
	{name: "any_valid_service_token", description: "Matches any valid Access service token. Concerns machines: it matches no person in a test."},
	{name: "auth_context", description: "Matches an Azure Authentication Context. Requires an Azure identity provider.", params: []ruleParam{
		{name: "id", description: "The ID of the Authentication Context."},
		{name: "ac_id", description: "The ACID of the Authentication Context."},
		idpParam(),
	}},
	{name: "auth_method", description: "Enforces a specific authentication method (an RFC 8176 AMR value such as `mfa`).", params: []ruleParam{
		{name: "auth_method", description: "The type of authentication method, an RFC 8176 AMR value such as `mfa`, `hwk` or `pwd`."},
	}},
	{name: "azure_ad", wire: "azureAD", description: "Matches an Azure group. Requires an Azure identity provider.", params: []ruleParam{
		{name: "id", description: "The ID of the Azure group."},
		idpParam(),
	}},
	{name: "certificate", description: "Matches any valid client certificate. Concerns machines: it matches no person in a test."},
	{name: "common_name", description: "Matches a client certificate's common name.", params: []ruleParam{
		{name: "common_name", description: "The common name to match."},
	}},
	{name: "geo", description: "Matches the country a request comes from.", params: []ruleParam{
		{name: "country_code", description: "The two-letter country code Cloudflare uses, such as `US` or `XK` (Kosovo). Cloudflare checks the value."},
	}},
	{name: "device_posture", description: "Enforces a device posture rule that has run successfully.", params: []ruleParam{
		{name: "integration_uid", description: "The ID of a device posture integration."},
		{name: "account_id", optional: true, description: "The ID of the Cloudflare account that owns the device posture integration, at most 32 characters.", validators: []validator.String{stringvalidator.LengthAtMost(32)}},
	}},
	{name: "email_domain", description: "Matches an email address from a domain.", params: []ruleParam{
		{name: "domain", description: "The email domain to match, such as `example.com`."},
	}},
	{name: "email_list", description: "Matches an email address in a list.", params: []ruleParam{
		{name: "id", description: "The ID of a previously created email list."},
	}},
	{name: "email", description: "Matches a specific email address.", params: []ruleParam{
		{name: "email", description: "The email of the user.", validators: []validator.String{validators.Email()}},
	}},
	{name: "everyone", description: "Matches everyone."},
	{name: "external_evaluation", description: "Creates a rule that uses an external evaluation server. Concerns an outside service: it matches no person in a test.", params: []ruleParam{
		{name: "evaluate_url", description: "The API endpoint containing your business logic."},
		{name: "keys_url", description: "The API endpoint containing the key that Access uses to verify that the response came from your API."},
	}},
	{name: "github_organization", wire: "github-organization", description: "Matches a GitHub organization, or one of its teams. Requires a GitHub identity provider.", params: []ruleParam{
		idpParam(),
		{name: "name", description: "The name of the organization."},
		{name: "team", description: "The name of the team.", optional: true},
	}},
	{name: "gsuite", description: "Matches a group in Google Workspace. Requires a Google Workspace identity provider.", params: []ruleParam{
		{name: "email", description: "The email of the Google Workspace group."},
		idpParam(),
	}},
	{name: "login_method", description: "Matches a specific identity provider ID.", params: []ruleParam{
		{name: "id", description: "The ID of an identity provider."},
	}},
	{name: "ip_list", description: "Matches an IP address from a list.", params: []ruleParam{
		{name: "id", description: "The ID of a previously created IP list."},
	}},
	{name: "ip", description: "Matches an IP address block.", params: []ruleParam{
		{name: "ip", description: "An IPv4 or IPv6 CIDR block.", validators: []validator.String{validators.IPOrCIDR()}},
	}},
	{name: "okta", description: "Matches an Okta group. Requires an Okta identity provider.", params: []ruleParam{
		idpParam(),
		{name: "name", description: "The name of the Okta group."},
	}},
	{name: "saml", description: "Matches a SAML group. Requires a SAML identity provider.", params: []ruleParam{
		{name: "attribute_name", description: "The name of the SAML attribute."},
		{name: "attribute_value", description: "The SAML attribute value to look for."},
		idpParam(),
	}},
	{name: "oidc", description: "Matches an OIDC claim. Requires an OIDC identity provider.", params: []ruleParam{
		{name: "claim_name", description: "The name of the OIDC claim."},
		{name: "claim_value", description: "The OIDC claim value to look for."},
		idpParam(),
	}},
	{name: "service_token", description: "Matches a specific Access service token. Concerns machines: it matches no person in a test.", params: []ruleParam{
		{name: "token_id", description: "The ID of a service token."},
	}},
	{name: "linked_app_token", description: "Matches OAuth 2.0 access tokens issued by the linked SaaS application. Only with the `non_identity` or `bypass` decision; it matches no person in a test.", params: []ruleParam{
		{name: "app_uid", description: "The ID of an Access OIDC SaaS application."},
	}},
	{name: "user_risk_score", description: "Matches a user's risk score level.", params: []ruleParam{
		{name: "user_risk_score", list: true, description: "Risk score levels to match: `low`, `medium`, `high`, `unscored`."},
	}},
	{name: "cloudflare_account_member", description: "Matches members of a Cloudflare account. Requires a Cloudflare identity provider.", params: []ruleParam{
		{name: "account_id", optional: true, description: "The ID of the Cloudflare account; the test's account when omitted.", validators: []validator.String{stringvalidator.LengthAtMost(32)}},
	}},
}

// ruleByWire finds a rule type by its wire key.
func ruleByWire(key string) (ruleType, bool) {
	for _, r := range ruleTypes {
		if r.wireName() == key {
			return r, true
		}
	}
	return ruleType{}, false
}

var riskLevels = []string{"low", "medium", "high", "unscored"}

// ruleListAttribute is the schema of include, exclude and require; nonEmpty
// lists must hold at least one rule when set.
func ruleListAttribute(description string, nonEmpty bool) schema.ListNestedAttribute {
	attrs := make(map[string]schema.Attribute, len(ruleTypes))
	for _, rt := range ruleTypes {
		params := make(map[string]schema.Attribute, len(rt.params))
		for _, p := range rt.params {
			if p.list {
				params[p.name] = schema.ListAttribute{
					ElementType:         types.StringType,
					Required:            true,
					MarkdownDescription: p.description,
					Validators: []validator.List{
						listvalidator.SizeAtLeast(1),
						listvalidator.ValueStringsAre(stringvalidator.OneOf(riskLevels...)),
					},
				}
				continue
			}
			// Only the formats the API contract states are checked here
			// (email, ip); for the rest Cloudflare decides, and its error
			// names the attribute.
			params[p.name] = schema.StringAttribute{
				Required:            !p.optional,
				Optional:            p.optional,
				MarkdownDescription: p.description,
				Validators:          p.validators,
			}
		}
		attrs[rt.name] = schema.SingleNestedAttribute{
			Optional:            true,
			MarkdownDescription: rt.description,
			Attributes:          params,
		}
	}
	attr := schema.ListNestedAttribute{
		Optional:            true,
		MarkdownDescription: description,
		NestedObject: schema.NestedAttributeObject{
			Attributes: attrs,
			Validators: []validator.Object{validators.ExactlyOneAttribute("rule type")},
		},
	}
	if nonEmpty {
		attr.Validators = []validator.List{listvalidator.SizeAtLeast(1)}
	}
	return attr
}
