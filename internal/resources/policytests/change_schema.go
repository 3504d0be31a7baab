package policytests

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// expectationPattern is an email address or *@domain.
var expectationPattern = regexp.MustCompile(`^(\*|[^@\s*]+)@[^@\s*]+$`)

// changeInputAttributes are the inputs of cloudflarezt_access_policy_change,
// written once for the data source and the action.
func changeInputAttributes() map[string]schema.Attribute {
	expected := func(what string) schema.ListAttribute {
		return schema.ListAttribute{
			ElementType: types.StringType,
			Optional:    true,
			MarkdownDescription: "The people this change is meant to " + what + ": email addresses (`pat@example.com`) or whole domains (`*@contractors.example.com`), " +
				"compared without regard to case. Anyone else whose access changes this way is unexpected. A user without an email is always unexpected.",
			Validators: []validator.List{listvalidator.ValueStringsAre(
				stringvalidator.RegexMatches(expectationPattern, "must be an email address or *@domain"))},
		}
	}
	return map[string]schema.Attribute{
		"account_id": accountIDAttribute(),
		"current": policiesAttribute(true,
			"What applies today: typically the reusable policies the application uses now, as `{ id = \"<uuid>\" }` elements, which still hold their live version while the change is under review."),
		"candidate": policiesAttribute(true,
			"The change under review: the same policies as they would be after it. Share this value with the `cloudflare_zero_trust_access_policy` that deploys it."),
		"expected_newly_blocked":  expected("lock out (approved today, not under `candidate`)"),
		"expected_newly_approved": expected("let in (not approved today, approved under `candidate`)"),
	}
}

// personAttributes describe one person whose access changes.
func personAttributes() map[string]dsschema.Attribute {
	return map[string]dsschema.Attribute{
		"id":    dsschema.StringAttribute{Computed: true, MarkdownDescription: "The Zero Trust user ID: what the comparison matches people by."},
		"email": dsschema.StringAttribute{Computed: true, MarkdownDescription: "The user's email, as Cloudflare listed it (may be empty)."},
		"name":  dsschema.StringAttribute{Computed: true, MarkdownDescription: "The user's display name."},
	}
}

// changeResultAttributes add the comparison's computed results.
func changeResultAttributes(attrs map[string]dsschema.Attribute) {
	people := func(description string) dsschema.ListNestedAttribute {
		return dsschema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: description + " Sorted by email, then id.",
			NestedObject:        dsschema.NestedAttributeObject{Attributes: personAttributes()},
		}
	}
	testSummary := func(which string) dsschema.SingleNestedAttribute {
		attrs := map[string]dsschema.Attribute{
			"id": dsschema.StringAttribute{Computed: true, MarkdownDescription: "The ID of the policy test of `" + which + "`."},
		}
		resultDataSourceAttributes(attrs)
		return dsschema.SingleNestedAttribute{
			Computed:            true,
			MarkdownDescription: "The policy test of `" + which + "` this read ran: its ID, status and counters.",
			Attributes:          attrs,
		}
	}
	count := func(of string) dsschema.Int64Attribute {
		return dsschema.Int64Attribute{Computed: true, MarkdownDescription: "The number of people in `" + of + "`."}
	}
	attrs["newly_blocked"] = people("People approved under `current` and not under `candidate`: the change would lock them out.")
	attrs["newly_approved"] = people("People not approved under `current` and approved under `candidate`: the change would let them in.")
	attrs["unexpected_newly_blocked"] = people("The `newly_blocked` people that `expected_newly_blocked` does not name. The documented gate requires this to be empty.")
	attrs["unexpected_newly_approved"] = people("The `newly_approved` people that `expected_newly_approved` does not name. The documented gate requires this to be empty.")
	attrs["newly_blocked_count"] = count("newly_blocked")
	attrs["newly_approved_count"] = count("newly_approved")
	attrs["unexpected_newly_blocked_count"] = count("unexpected_newly_blocked")
	attrs["unexpected_newly_approved_count"] = count("unexpected_newly_approved")
	attrs["summary"] = dsschema.StringAttribute{
		Computed: true,
		MarkdownDescription: "One sentence per kind of unexpected change, naming up to 10 people each (then \"and N more\"), " +
			"or a sentence saying there is none: meant for a postcondition's `error_message`.",
	}
	attrs["current_test"] = testSummary("current")
	attrs["candidate_test"] = testSummary("candidate")
}
