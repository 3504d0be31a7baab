package policy

import (
	"maps"
	"regexp"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/validators"
)

var (
	noWhiteSpace = regexp.MustCompile(`^\S*$`)
	uuidPattern  = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

func siblings(names ...string) []path.Expression {
	exprs := make([]path.Expression, len(names))
	for i, name := range names {
		exprs[i] = path.MatchRelative().AtParent().AtName(name)
	}
	return exprs
}

func stringList(description string, v ...validator.String) schema.ListAttribute {
	return schema.ListAttribute{
		ElementType:         types.StringType,
		Optional:            true,
		MarkdownDescription: description,
		Validators:          []validator.List{listvalidator.ValueStringsAre(v...)},
	}
}

// policyElementAttributes is the schema of one policies element, with its
// diagnostics reported at the element. It is built once per process and
// shared, read-only, by every schema that has a policies attribute (the
// resource, two data sources, two actions, the ephemeral resource) and by
// PathOf.
var policyElementAttributes = sync.OnceValue(func() map[string]schema.Attribute {
	return fwshim.ReportAtListElement(policyAttributes())
})

// policyAttributes is one element of policies: a reusable policy's id, or
// the inline policy's fields, which id excludes.
func policyAttributes() map[string]schema.Attribute {
	attrs := inlinePolicyAttributes()
	inlineFields := slices.Sorted(maps.Keys(attrs))
	attrs["id"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "The ID of an existing reusable Access policy to test as saved, usually its UUID (another form gets a warning and is sent as it is: Cloudflare decides). " +
			"At most 64 characters, without white space. Set either `id` or the inline fields (`name`, `decision`, `include`, …), never both.",
		Validators: []validator.String{
			// The contract puts no format on this string; the newest spec's
			// example is 64 hexadecimal characters, like a test id.
			stringvalidator.LengthBetween(1, 64),
			stringvalidator.RegexMatches(noWhiteSpace, "must not contain white space"),
			validators.WarnUnless(uuidPattern, "the UUID of a reusable Access policy"),
			stringvalidator.ConflictsWith(siblings(inlineFields...)...),
		},
	}
	return attrs
}

// inlinePolicyAttributes are the fields of an inline policy.
func inlinePolicyAttributes() map[string]schema.Attribute {
	clipboard := stringvalidator.OneOf("text", "file")
	return map[string]schema.Attribute{
		"name": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "The name of the inline policy. Required for an inline policy.",
		},
		"decision": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "The action Access takes when the policy matches: `allow`, `deny`, `non_identity` or `bypass`. Required for an inline policy.",
			Validators: []validator.String{
				stringvalidator.OneOf("allow", "deny", "non_identity", "bypass"),
			},
		},
		"include": fwshim.CacheTypes(ruleListAttribute("Rules of which at least one must match (OR). Required for an inline policy, with at least one rule. Each rule sets exactly one rule type, with the same attributes as `cloudflare_zero_trust_access_policy`.", true)),
		"exclude": fwshim.CacheTypes(ruleListAttribute("Rules of which none may match (NOT).", false)),
		"require": fwshim.CacheTypes(ruleListAttribute("Rules that must all match (AND).", false)),
		"approval_groups": schema.ListNestedAttribute{
			Optional:            true,
			MarkdownDescription: "Groups of approvers for temporary authentication requests.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"approvals_needed": schema.Float64Attribute{
					Required:            true,
					MarkdownDescription: "The number of approvals needed to obtain access. At least `0`.",
					Validators:          []validator.Float64{float64validator.AtLeast(0)},
				},
				"email_addresses": stringList("Emails of the approvers.", validators.Email()),
				"email_list_uuid": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: "The UUID of a reusable email list of approvers.",
				},
			}},
		},
		"approval_required": schema.BoolAttribute{
			Optional:            true,
			MarkdownDescription: "Whether users must ask an approver for access at the start of each session.",
		},
		"isolation_required": schema.BoolAttribute{
			Optional:            true,
			MarkdownDescription: "Whether matching users are served in an isolated browser (needs Browser Isolation on the account).",
		},
		"purpose_justification_required": schema.BoolAttribute{
			Optional:            true,
			MarkdownDescription: "Whether users must give a reason for access at login.",
		},
		"purpose_justification_prompt": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "The text shown to users asked for a justification.",
		},
		"session_duration": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "How long tokens issued under this policy last, as a duration of zero or more such as `30m` or `24h`. Left unset, nothing is sent and Cloudflare applies its default (`24h`).",
			Validators:          []validator.String{validators.Duration()},
		},
		"connection_rules": schema.SingleNestedAttribute{
			Optional:            true,
			MarkdownDescription: "Rules that apply to connections through this policy.",
			Attributes: map[string]schema.Attribute{
				"rdp": schema.SingleNestedAttribute{
					Optional:            true,
					MarkdownDescription: "Clipboard rules for RDP sessions.",
					Attributes: map[string]schema.Attribute{
						"allowed_clipboard_local_to_remote_formats": stringList("Clipboard formats users may paste from their machine into the remote session: `text`, `file`.", clipboard),
						"allowed_clipboard_remote_to_local_formats": stringList("Clipboard formats users may copy out of the remote session: `text`, `file`.", clipboard),
					},
				},
			},
		},
		"mfa_config": schema.SingleNestedAttribute{
			Optional:            true,
			MarkdownDescription: "Multi-factor authentication settings of this policy.",
			Attributes: map[string]schema.Attribute{
				"allowed_authenticators": stringList("Authenticators users may use: `totp`, `biometrics`, `security_key`.", stringvalidator.OneOf("totp", "biometrics", "security_key")),
				"mfa_disabled": schema.BoolAttribute{
					Optional:            true,
					MarkdownDescription: "Whether MFA is turned off for this policy.",
				},
				"session_duration": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: "How long an MFA session lasts, in whole minutes or hours between `0m` and `720h`, such as `12h`.",
					Validators:          []validator.String{validators.MFASessionDuration()},
				},
			},
		},
	}
}

// List is the attribute that holds the policies of a test (`policies`, and
// the comparison's `current` and `candidate`), in the resource's schema
// types (fwshim converts it for the others): the one definition of what a
// test runs. what adds how the owner uses it.
func List(required bool, what string) fwshim.CachedListNested {
	return fwshim.CacheTypes(schema.ListNestedAttribute{
		Required: required,
		Optional: !required,
		MarkdownDescription: "The policies to test together, in order. Each element is either `{ id = \"<uuid>\" }`, an existing reusable policy, " +
			"or an inline policy with `name`, `decision` and `include` (plus any optional field). " + what,
		Validators: []validator.List{listvalidator.SizeAtLeast(1)},
		NestedObject: schema.NestedAttributeObject{
			Attributes: policyElementAttributes(),
			Validators: []validator.Object{fwshim.ObjectAtListElement(policyKind{})},
		},
	})
}
