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
	// ruleExcepted: everyone who would break it is excepted (exceptions).
	ruleExcepted = "excepted"
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
	// policies approves nobody. For a never_approved entry not assessed,
	// the people it matches whose evaluation ended in error, if any.
	Violators []client.PolicyTestUser
	// Null: the entry is null, so nothing could be checked.
	Null bool
	// Excepted are the people exceptions in force took out of Violators;
	// Void, the void exceptions (expired, malformed) that match a person
	// left in Violators.
	Excepted []excepted
	Void     []*exception
}

func (o ruleOutcome) failed() bool { return o.Status != ruleKept && o.Status != ruleExcepted }

// usersLister lists every user of one filter of the test under check, as
// the comparison's listings do (paged, checked against the filter and the
// counters); ok is false after an error diagnostic.
type usersLister func(filter string) (rows []client.PolicyTestUser, ok bool)

// checkStandingRules checks rules against test t (nil: no policies, which
// approve nobody). listed holds the listings already made of t, by filter;
// only those an entry still needs are made, and added to listed. A filter
// the test's counters say is empty needs no request.
//
// An always_approved entry is kept when everyone it matches is approved:
//   - an email address already seen among the approved users is decided;
//   - otherwise the blocked and errored users it matches are its violators;
//   - with none, it is kept only if an approved user matches it, and is not
//     assessed when it matches nobody the test evaluated.
//
// A never_approved entry is kept when nobody it matches is approved:
//   - the approved users it matches are its violators;
//   - with none, an errored user it matches leaves it not assessed (that
//     person's access is unknown);
//   - an email address must then be seen among the blocked users, or it
//     matches nobody the test evaluated and is not assessed, like
//     always_approved's; a domain (*@contractors.example.com) that matches
//     nobody is kept: it guards people who may not have logged in to Access
//     yet, and failing it would force its removal before they do.
func checkStandingRules(rules standingRules, t *client.PolicyTest, listed map[string][]client.PolicyTestUser, list usersLister) ([]ruleOutcome, bool) {
	always, never := rules.entries(rules.AlwaysApproved), rules.entries(rules.NeverApproved)
	if len(always)+len(never) == 0 {
		return nil, true
	}
	var out []ruleOutcome
	if t == nil {
		for _, e := range always {
			out = append(out, e.outcome("always_approved", ruleViolated))
		}
		for _, e := range never {
			out = append(out, e.outcome("never_approved", ruleKept))
		}
		return out, true
	}
	ok := true
	get := func(filter string) []client.PolicyTestUser {
		if rows, done := listed[filter]; done || !ok {
			return rows
		}
		if n, known := t.ExpectedRows(filter); known && n == 0 {
			return nil
		}
		rows, listedOK := list(filter)
		if !listedOK {
			ok = false
			return nil
		}
		listed[filter] = rows
		return rows
	}
	seen := func(filter string, e expectation) []client.PolicyTestUser { return matching(get(filter), e) }
	for _, e := range always {
		o := e.outcome("always_approved", ruleViolated)
		switch {
		case e.null:
		case e.entry.exact() && slices.ContainsFunc(listed[client.UsersFilterApproved], e.entry.matches):
			o.Status = ruleKept
		default:
			o.Violators = append(seen(client.UsersFilterBlocked, e.entry), seen(client.UsersFilterError, e.entry)...)
			sortPeople(o.Violators)
			if len(o.Violators) > 0 || !ok {
				break
			}
			o.Status = ruleNotAssessed
			if len(seen(client.UsersFilterApproved, e.entry)) > 0 {
				o.Status = ruleKept
			}
		}
		out = append(out, o)
	}
	for _, e := range never {
		o := e.outcome("never_approved", ruleViolated)
		if e.null {
			out = append(out, o)
			continue
		}
		if o.Violators = seen(client.UsersFilterApproved, e.entry); len(o.Violators) == 0 && ok {
			o.Status = ruleNotAssessed
			// The errored users it matches are named: their access is
			// what could not be assessed.
			if o.Violators = seen(client.UsersFilterError, e.entry); len(o.Violators) == 0 && ok &&
				(!e.entry.exact() || len(seen(client.UsersFilterBlocked, e.entry)) > 0) {
				o.Status = ruleKept
			}
		}
		out = append(out, o)
	}
	if !ok {
		return nil, false
	}
	return out, true
}

// ruleEntry is one configured entry and its index in its list. A null
// entry (which the schema refuses at plan) is never dropped: it is not
// assessed.
type ruleEntry struct {
	index int
	entry expectation
	null  bool
}

func (standingRules) entries(values []types.String) []ruleEntry {
	var out []ruleEntry
	for i, v := range values {
		if !v.IsUnknown() {
			out = append(out, ruleEntry{index: i, entry: expectation(v.ValueString()), null: v.IsNull()})
		}
	}
	return out
}

// outcome is e's outcome under rule, with status until decided otherwise;
// a null entry is not assessed whatever the test found.
func (e ruleEntry) outcome(rule, status string) ruleOutcome {
	if e.null {
		status = ruleNotAssessed
	}
	return ruleOutcome{Rule: rule, Index: e.index, Entry: string(e.entry), Status: status, Null: e.null}
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
			ViolatedBy: peopleModels(o.Violators), Excepted: []exceptedModel{},
		}
		for _, x := range o.Excepted {
			p := newPersonModel(x.person)
			out[i].Excepted = append(out[i].Excepted, exceptedModel{ID: p.ID, Email: p.Email, Name: p.Name,
				Exception: types.Int64Value(int64(x.by.index)), Owner: types.StringValue(x.by.owner), Expires: types.StringValue(x.by.expiresText)})
		}
	}
	return out
}
