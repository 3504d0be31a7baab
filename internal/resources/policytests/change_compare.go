package policytests

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// The comparison behind cloudflarezt_access_policy_change, the data source
// and the action: who is approved under today's policies and not under the
// candidate (newly blocked), and the reverse (newly approved). People are
// matched by user id; email and name are only for display.
//
// A user whose evaluation ends in `error` counts as not approved, on either
// side: approved today and `error` under the candidate is newly blocked
// (nothing shows the candidate lets them in; Access does not let in a user
// it cannot evaluate), `error` today and approved under the candidate is
// newly approved.

// person is one user whose access changes.
type person struct {
	ID, Email, Name string
}

// accessChange is the outcome of a comparison.
type accessChange struct {
	NewlyBlocked, NewlyApproved           []person
	UnexpectedBlocked, UnexpectedApproved []person
}

// compareApproved compares the approved users of both tests.
func compareApproved(current, candidate []client.PolicyTestUser) (blocked, approved []person) {
	return only(current, candidate), only(candidate, current)
}

// compareNotApproved compares the blocked and errored users of both tests,
// which is cheaper to list when most people are approved. It needs both
// tests to have seen the same users (equal total_users).
func compareNotApproved(current, candidate []client.PolicyTestUser) (blocked, approved []person) {
	return only(candidate, current), only(current, candidate)
}

// only returns the people in a who are not in b, sorted for display.
func only(a, b []client.PolicyTestUser) []person {
	inB := make(map[string]struct{}, len(b))
	for _, u := range b {
		inB[u.ID] = struct{}{}
	}
	out := []person{}
	for _, u := range a {
		if _, ok := inB[u.ID]; !ok {
			out = append(out, person{ID: u.ID, Email: u.Email, Name: u.Name})
		}
	}
	sortPeople(out)
	return out
}

// sortPeople orders by email (case-insensitive), then id: stable across
// plans, whatever order the API listed.
func sortPeople(people []person) {
	slices.SortFunc(people, func(a, b person) int {
		return cmp.Or(
			cmp.Compare(strings.ToLower(a.Email), strings.ToLower(b.Email)),
			cmp.Compare(a.Email, b.Email),
			cmp.Compare(a.ID, b.ID),
		)
	})
}

// expectation is one entry of expected_newly_blocked or
// expected_newly_approved: an email address or *@domain.
type expectation string

// matches compares case-insensitively. A user without an email matches no
// expectation, so they are always reported as unexpected.
func (e expectation) matches(p person) bool {
	email := strings.ToLower(p.Email)
	if email == "" {
		return false
	}
	want := strings.ToLower(string(e))
	if domain, ok := strings.CutPrefix(want, "*@"); ok {
		at := strings.LastIndexByte(email, '@')
		return at >= 0 && email[at+1:] == domain
	}
	return email == want
}

// unexpected returns the people no expectation matches.
func unexpected(people []person, expected []expectation) []person {
	out := []person{}
	for _, p := range people {
		if !slices.ContainsFunc(expected, func(e expectation) bool { return e.matches(p) }) {
			out = append(out, p)
		}
	}
	return out
}

// maxNamed caps how many people a message names before "and N more".
const maxNamed = 10

// describePeople names up to maxNamed people by email (or id), then how
// many more there are.
func describePeople(people []person) string {
	names := make([]string, 0, min(len(people), maxNamed))
	for _, p := range people[:min(len(people), maxNamed)] {
		names = append(names, displayName(p))
	}
	s := strings.Join(names, ", ")
	if more := len(people) - len(names); more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}

// maxDisplayBytes caps one name in a message: the longest email address
// there is, so that whatever the server sends, a message stays short.
const maxDisplayBytes = 254

func displayName(p person) string {
	name := p.Email
	if name == "" {
		name = "user " + p.ID
	}
	return client.CapText(name, maxDisplayBytes)
}

// summary is one sentence per kind of unexpected change, or a sentence
// saying there is none: what a postcondition's error_message shows.
func (c accessChange) summary() string {
	var parts []string
	if n := len(c.UnexpectedBlocked); n > 0 {
		parts = append(parts, fmt.Sprintf("This change would newly block %d %s who can get in today and %s not expected: %s.",
			n, plural(n, "person", "people"), plural(n, "is", "are"), describePeople(c.UnexpectedBlocked)))
	}
	if n := len(c.UnexpectedApproved); n > 0 {
		parts = append(parts, fmt.Sprintf("This change would newly let in %d %s who cannot get in today and %s not expected: %s.",
			n, plural(n, "person", "people"), plural(n, "is", "are"), describePeople(c.UnexpectedApproved)))
	}
	if len(parts) == 0 {
		return fmt.Sprintf("No unexpected change of access: %d newly blocked and %d newly approved, all expected.", len(c.NewlyBlocked), len(c.NewlyApproved))
	}
	return strings.Join(parts, " ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
