package policytests

import (
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// Standing rules: always_approved and never_approved state whom the tested
// policies must and must never let in, whatever the change. They are checked
// on the candidate's own results (or the one test of the test data source
// and the test action), and no expected_newly_* entry excuses a violation.

// What a standing rule's entry came to (standing_rules[*].status).
const (
	ruleKept        = "kept"
	ruleViolated    = "violated"
	ruleNotAssessed = "not_assessed"
)

// ruleOutcome is one entry of always_approved or never_approved, checked.
type ruleOutcome struct {
	Rule   string // the attribute: always_approved or never_approved
	Index  int
	Entry  string
	Status string
	// Violators are the people who break it: those the entry matches whom
	// the policies do not approve (always_approved) or approve
	// (never_approved). Empty when nobody could be named: a side without
	// policies approves nobody, and an entry not assessed matched nobody.
	Violators []client.PolicyTestUser
}

func (o ruleOutcome) failed() bool { return o.Status != ruleKept }

// usersLister lists every user of one filter of the test under check, as
// the comparison's listings do (paged, checked against the filter and the
// counters); ok is false after an error diagnostic.
type usersLister func(filter string) (rows []client.PolicyTestUser, ok bool)

// checkStandingRules checks rules against test t (nil: no policies, which
// approve nobody). listed holds the listings already made of t, by filter;
// list makes only those the rules still need, and they are added to
// listed:
//   - always_approved needs the blocked and errored users (its violators);
//     an entry none of them matches is kept only if an approved user
//     matches it, so then the approved users too;
//   - never_approved needs the approved users (its violators).
func checkStandingRules(rules standingRules, t *client.PolicyTest, listed map[string][]client.PolicyTestUser, list usersLister) ([]ruleOutcome, bool) {
	always, never := rules.entries(rules.AlwaysApproved), rules.entries(rules.NeverApproved)
	if len(always)+len(never) == 0 {
		return nil, true
	}
	get := func(filters ...string) ([]client.PolicyTestUser, bool) {
		var rows []client.PolicyTestUser
		for _, f := range filters {
			got, ok := listed[f]
			if !ok {
				if got, ok = list(f); !ok {
					return nil, false
				}
				listed[f] = got
			}
			rows = append(rows, got...)
		}
		return rows, true
	}
	var out []ruleOutcome
	if t == nil {
		for _, e := range always {
			out = append(out, ruleOutcome{Rule: "always_approved", Index: e.index, Entry: string(e.entry), Status: ruleViolated})
		}
		for _, e := range never {
			out = append(out, ruleOutcome{Rule: "never_approved", Index: e.index, Entry: string(e.entry), Status: ruleKept})
		}
		return out, true
	}
	var undecided []ruleOutcome
	if len(always) > 0 {
		notApproved, ok := get(client.UsersFilterBlocked, client.UsersFilterError)
		if !ok {
			return nil, false
		}
		for _, e := range always {
			o := ruleOutcome{Rule: "always_approved", Index: e.index, Entry: string(e.entry), Status: ruleViolated, Violators: matching(notApproved, e.entry)}
			if len(o.Violators) == 0 {
				undecided = append(undecided, o)
				continue
			}
			out = append(out, o)
		}
	}
	if len(never)+len(undecided) > 0 {
		approved, ok := get(client.UsersFilterApproved)
		if !ok {
			return nil, false
		}
		for _, o := range undecided {
			o.Status = ruleNotAssessed
			if slices.ContainsFunc(approved, expectation(o.Entry).matches) {
				o.Status = ruleKept
			}
			out = append(out, o)
		}
		for _, e := range never {
			o := ruleOutcome{Rule: "never_approved", Index: e.index, Entry: string(e.entry), Status: ruleKept, Violators: matching(approved, e.entry)}
			if len(o.Violators) > 0 {
				o.Status = ruleViolated
			}
			out = append(out, o)
		}
	}
	slices.SortStableFunc(out, func(a, b ruleOutcome) int {
		if a.Rule != b.Rule {
			if a.Rule == "always_approved" {
				return -1
			}
			return 1
		}
		return a.Index - b.Index
	})
	return out, true
}

// ruleEntry is one configured entry and its index in its list.
type ruleEntry struct {
	index int
	entry expectation
}

func (standingRules) entries(values []types.String) []ruleEntry {
	var out []ruleEntry
	for i, v := range values {
		if !v.IsNull() && !v.IsUnknown() {
			out = append(out, ruleEntry{i, expectation(v.ValueString())})
		}
	}
	return out
}

// matching returns the people e matches, sorted for display.
func matching(people []client.PolicyTestUser, e expectation) []client.PolicyTestUser {
	var out []client.PolicyTestUser
	for _, p := range people {
		if e.matches(p) {
			out = append(out, client.PolicyTestUser{ID: p.ID, Email: p.Email, Name: p.Name})
		}
	}
	sortPeople(out)
	return out
}

// given reports whether any entry is given.
func (r standingRules) given() bool {
	return len(r.entries(r.AlwaysApproved))+len(r.entries(r.NeverApproved)) > 0
}

// ruleModels are outcomes as the data sources return them.
func ruleModels(outcomes []ruleOutcome) []standingRuleModel {
	if outcomes == nil {
		return nil
	}
	out := make([]standingRuleModel, len(outcomes))
	for i, o := range outcomes {
		out[i] = standingRuleModel{
			Rule: types.StringValue(o.Rule), Entry: types.StringValue(o.Entry), Status: types.StringValue(o.Status),
			ViolatedBy: peopleModels(o.Violators),
		}
	}
	return out
}
