package policytests

import (
	"fmt"
	"maps"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/policy"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/validators"
)

// expectationPattern is an email address or *@domain.
var expectationPattern = regexp.MustCompile(`^(\*|[^@\s*]+)@[^@\s*]+$`)

// changeInputAttributes are the inputs of cloudflarezt_access_policy_change,
// written once for the data source and the action.
func changeInputAttributes() map[string]schema.Attribute {
	expected := func(what string) schema.ListAttribute {
		return peopleEntries("The people this change is meant to " + what + ": " + entryForm +
			" Anyone else whose access changes this way is unexpected. A user without an email is always unexpected.")
	}
	// An empty list is an application without policies: Access lets in only
	// whom a policy allows, so nobody gets in and no test is needed.
	side := func(what string) fwshim.CachedListNested {
		a := policy.List(true, what+" An empty list stands for an application without policies, which lets nobody in: that side runs no test.")
		a.Validators = nil
		return a
	}
	attrs := map[string]schema.Attribute{
		"account_id": accountIDAttribute(),
		"current": side("What applies today: typically the reusable policies the application uses now, as `{ id = \"<uuid>\" }` elements, which still hold their live version while the change is under review, " +
			"or the application's policy list as deployed."),
		"candidate":               side("The change under review: the same policies as they would be after it. Share this value with the `cloudflare_zero_trust_access_policy` or `cloudflare_zero_trust_access_application` that deploys it."),
		"expected_newly_blocked":  expected("lock out (approved today, not under `candidate`)"),
		"expected_newly_approved": expected("let in (not approved today, approved under `candidate`)"),
		"fail_on_unmatched_expectations": schema.BoolAttribute{
			Optional: true,
			MarkdownDescription: "Whether an entry of `expected_newly_blocked` / `expected_newly_approved` that matches nobody whose access this change changes that way fails the gate. " +
				"Defaults to `false`: such an entry (often one left over from an earlier review, which would let a later change of those people pass unnoticed) gets a warning naming it.",
		},
	}
	maps.Copy(attrs, standingRuleAttributes("the candidate"))
	return attrs
}

// entryForm says how a person is named in expected_* and in the standing
// rules.
const entryForm = "email addresses (`pat@example.com`) or whole domains (`*@contractors.example.com`: that domain alone, not its subdomains), compared without regard to case."

// peopleEntries is a list of entryForm entries.
func peopleEntries(description string) schema.ListAttribute {
	return schema.ListAttribute{
		ElementType:         types.StringType,
		Optional:            true,
		MarkdownDescription: description,
		// A null entry (a variable with a null default, a lookup that
		// found nothing) is an error at its list: dropped, it would leave a
		// rule or an expectation unchecked while the gate passes.
		Validators: []validator.List{
			validators.NoNullEntries(),
			listvalidator.ValueStringsAre(stringvalidator.RegexMatches(expectationPattern, "must be an email address or *@domain")),
		},
	}
}

// standingRuleAttributes are always_approved and never_approved, checked
// against what tested names: the candidate, or the one list of the test
// data source and the test action.
func standingRuleAttributes(tested string) map[string]schema.Attribute {
	standing := "A standing rule: it holds whatever the change, no `expected_newly_*` entry excuses it, and a violation fails by itself, naming the entry and the people (ID, email, name). "
	return map[string]schema.Attribute{
		"exceptions":             exceptionsAttribute(),
		"exception_warning_days": exceptionWarningDaysAttribute(),
		"always_approved": peopleEntries("People " + tested + " must always let in (break-glass and on-call accounts): " + entryForm + " " + standing +
			"Every person an entry matches must be approved. An entry that matches nobody the test evaluated cannot be assessed (Cloudflare tests only people who have logged in to Access before) and fails too: " +
			"have that person log in once, or remove the entry."),
		"never_approved": peopleEntries("People " + tested + " must never let in (contractors on a production application): " + entryForm + " " + standing +
			"Nobody an entry matches may be approved. A person it matches whose evaluation ended in error cannot be assessed and fails the rule, naming them. " +
			"An email address that matches nobody the test evaluated cannot be assessed either and fails; a domain that matches nobody is kept, as it guards people who may not have logged in to Access yet."),
	}
}

// exceptionsAttribute is exceptions: people a standing rule does not count
// against until a date, each with an owner and a reason.
func exceptionsAttribute() schema.ListNestedAttribute {
	text := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Required: true, MarkdownDescription: description}
	}
	return schema.ListNestedAttribute{
		Optional: true,
		MarkdownDescription: "Exceptions to the standing rules: people a rule does not count against until a date (\"this contractor may reach payroll until the audit ends\"). " +
			"In force, the people an exception matches are reported as excepted (a warning naming them, the owner and the reason; `standing_rules[*].excepted`), not as violators. " +
			"Within `exception_warning_days` of its date it warns on every plan. Past its date, or without an owner, a reason or a readable date, it is void: the rule holds, " +
			"a warning says why, and a broken rule names the void exception. One that excepted nobody in the test warns as unused. Keep them beside the rules, under the same owners' review.",
		Validators: []validator.List{validators.NoNullEntries()},
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"who": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Whom it excepts: " + entryForm,
				Validators:          []validator.String{stringvalidator.RegexMatches(expectationPattern, "must be an email address or *@domain")},
			},
			"rule": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The standing rule it relaxes: `always_approved` or `never_approved`.",
				Validators:          []validator.String{stringvalidator.OneOf("always_approved", "never_approved")},
			},
			"reason":  text("Why: shown with every excepted person. An empty reason voids the exception."),
			"owner":   text("Who answers for it (a person or a team): shown with every excepted person and in the warnings. An empty owner voids the exception."),
			"expires": text("When it ends: an RFC 3339 date (`2027-01-31`: it holds through that day, UTC) or date and time (`2027-01-31T18:00:00Z`). Past it, or unreadable, the exception is void."),
			"ticket":  schema.StringAttribute{Optional: true, MarkdownDescription: "A ticket that tracks it, shown with it."},
		}},
	}
}

func exceptionWarningDaysAttribute() schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional:            true,
		MarkdownDescription: fmt.Sprintf("How many days before its date an exception warns, on every plan. Defaults to %d.", defaultExceptionWarningDays),
		Validators:          []validator.Int64{int64validator.AtLeast(0)},
	}
}

// standingRulesResult is standing_rules: every entry of the standing rules,
// checked.
func standingRulesResult() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "Every entry of `always_approved` and `never_approved` as checked, `always_approved` first, in the order given; null when neither is set. " +
			"A violated or unassessed entry fails the read, so a plan that succeeds shows every entry `kept`; the error names the entries and people.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"rule":  schema.StringAttribute{Computed: true, MarkdownDescription: "`always_approved` or `never_approved`."},
			"entry": schema.StringAttribute{Computed: true, MarkdownDescription: "The entry, as configured."},
			"status": schema.StringAttribute{Computed: true, MarkdownDescription: "`kept`; `excepted` (everyone who would break it is excepted, see `excepted`); `violated` (see `violated_by`); or `not_assessed` " +
				"(an entry that matched nobody the test evaluated, save a `never_approved` domain, or a `never_approved` entry that matched someone whose evaluation ended in error, named in `violated_by`)."},
			"excepted": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The people an exception in force took out of `violated_by`, with the exception: its index in `exceptions`, its owner and its date.",
				NestedObject: schema.NestedAttributeObject{Attributes: func() map[string]schema.Attribute {
					attrs := personAttributes()
					attrs["exception"] = schema.Int64Attribute{Computed: true, MarkdownDescription: "The index of the exception in `exceptions`."}
					attrs["owner"] = schema.StringAttribute{Computed: true, MarkdownDescription: "The exception's owner."}
					attrs["expires"] = schema.StringAttribute{Computed: true, MarkdownDescription: "The exception's date, as configured."}
					return attrs
				}()},
			},
			"violated_by": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The people who break the rule: matched by the entry and not approved (`always_approved`) or approved (`never_approved`). Sorted by email, then ID; empty when the tested list has no policies.",
				NestedObject:        schema.NestedAttributeObject{Attributes: personAttributes()},
			},
		}},
	}
}

// changeResultAttributes are the comparison's computed results, written
// once for the data source and the ephemeral resource.
func changeResultAttributes() map[string]schema.Attribute {
	people := func(description string) schema.ListNestedAttribute {
		return schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: description + " People are matched by `id`; sorted by email, then id.",
			NestedObject:        schema.NestedAttributeObject{Attributes: personAttributes()},
		}
	}
	testSummary := func(which string) schema.SingleNestedAttribute {
		attrs := resultAttributes()
		attrs["id"] = schema.StringAttribute{Computed: true, MarkdownDescription: "The ID of the policy test of `" + which + "`."}
		return schema.SingleNestedAttribute{
			Computed:            true,
			MarkdownDescription: "The policy test of `" + which + "` this comparison ran: its ID, status and counters. Null when `" + which + "` is empty, or when `current` and `candidate` are the same policies in the same order and no standing rule is set (no test is needed).",
			Attributes:          attrs,
		}
	}
	count := func(of string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: "The number of people in `" + of + "`."}
	}
	return map[string]schema.Attribute{
		"newly_blocked":                   people("People approved under `current` and not under `candidate`: the change would lock them out."),
		"newly_approved":                  people("People not approved under `current` and approved under `candidate`: the change would let them in."),
		"unexpected_newly_blocked":        people("The `newly_blocked` people that `expected_newly_blocked` does not name. The documented gate requires this to be empty."),
		"unexpected_newly_approved":       people("The `newly_approved` people that `expected_newly_approved` does not name. The documented gate requires this to be empty."),
		"newly_blocked_count":             count("newly_blocked"),
		"newly_approved_count":            count("newly_approved"),
		"unexpected_newly_blocked_count":  count("unexpected_newly_blocked"),
		"unexpected_newly_approved_count": count("unexpected_newly_approved"),
		"summary": schema.StringAttribute{
			Computed: true,
			MarkdownDescription: "One sentence per kind of unexpected change, naming up to 10 people each (then \"and N more\"), " +
				"or a sentence saying there is none, or that `current` and `candidate` are the same policies in the same order and no test was run: meant for a postcondition's `error_message`.",
		},
		"current_test":   testSummary("current"),
		"candidate_test": testSummary("candidate"),
		"standing_rules": standingRulesResult(),
	}
}
