package policytests

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

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

// accessChange is the outcome of a comparison: people as the listings gave
// them, without their status (it differs between the two tests).
type accessChange struct {
	NewlyBlocked, NewlyApproved           []client.PolicyTestUser
	UnexpectedBlocked, UnexpectedApproved []client.PolicyTestUser
	// Unchanged: both sides are the same policies in the same order, so
	// nobody's access can change and no test was run.
	Unchanged bool
}

// changeOutcome is what a comparison found: both tests (nil for a side
// without policies) and the change of access between them.
type changeOutcome struct {
	Current, Candidate *client.PolicyTest
	accessChange
	// Rules are the standing rules as checked on the candidate; a failed
	// one has its error diagnostic already.
	Rules []ruleOutcome
}

// compareApproved compares the approved users of both tests.
func compareApproved(current, candidate []client.PolicyTestUser) (blocked, approved []client.PolicyTestUser) {
	return only(current, candidate), only(candidate, current)
}

// compareNotApproved compares the blocked and errored users of both tests,
// which is cheaper to list when most people are approved. It needs both
// tests to have seen the same users (equal total_users).
func compareNotApproved(current, candidate []client.PolicyTestUser) (blocked, approved []client.PolicyTestUser) {
	return only(candidate, current), only(current, candidate)
}

// only returns the people in a who are not in b, sorted for display.
func only(a, b []client.PolicyTestUser) []client.PolicyTestUser {
	inB := make(map[string]struct{}, len(b))
	for _, u := range b {
		inB[u.ID] = struct{}{}
	}
	out := []client.PolicyTestUser{}
	for _, u := range a {
		if _, ok := inB[u.ID]; !ok {
			out = append(out, client.PolicyTestUser{ID: u.ID, Email: u.Email, Name: u.Name})
		}
	}
	sortPeople(out)
	return out
}

// sortPeople orders by email (case-insensitive), then id: stable across
// plans, whatever order the API listed.
func sortPeople(people []client.PolicyTestUser) {
	slices.SortFunc(people, func(a, b client.PolicyTestUser) int {
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
func (e expectation) matches(p client.PolicyTestUser) bool {
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

// exact: e names one address, not a whole domain.
func (e expectation) exact() bool { return !strings.HasPrefix(string(e), "*@") }

// unexpected returns the people no expectation matches.
func unexpected(people []client.PolicyTestUser, expected []expectation) []client.PolicyTestUser {
	out := []client.PolicyTestUser{}
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
func describePeople(people []client.PolicyTestUser) string {
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

func displayName(p client.PolicyTestUser) string {
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
	for _, k := range c.unexpectedKinds() {
		parts = append(parts, k.head+": "+describePeople(k.people)+".")
	}
	if c.Unchanged {
		return "No change of access: current and candidate are the same policies in the same order, so no test was run."
	}
	if len(parts) == 0 {
		return fmt.Sprintf("No unexpected change of access: %d newly blocked and %d newly approved, all expected.", len(c.NewlyBlocked), len(c.NewlyApproved))
	}
	return strings.Join(parts, " ")
}

// unexpectedKind is one kind of unexpected change: the sentence that
// introduces it and its people.
type unexpectedKind struct {
	head   string
	people []client.PolicyTestUser
}

// unexpectedKinds are the kinds of unexpected change that name anyone,
// newly blocked first: what summary and listed say. Each sentence gives
// the whole count of that change and, when some of them are expected, how
// many are not ("newly block 328 people who can get in today, 318 of them
// not expected").
func (c accessChange) unexpectedKinds() []unexpectedKind {
	var kinds []unexpectedKind
	add := func(change, today string, all, people []client.PolicyTestUser) {
		n, total := len(people), len(all)
		switch n {
		case 0:
			return
		case total:
			kinds = append(kinds, unexpectedKind{fmt.Sprintf("This change would newly %s %d %s who %s today and %s not expected",
				change, n, plural(n, "person", "people"), today, plural(n, "is", "are")), people})
		default:
			kinds = append(kinds, unexpectedKind{fmt.Sprintf("This change would newly %s %d %s who %s today, %d of them not expected",
				change, total, plural(total, "person", "people"), today, n), people})
		}
	}
	add("block", "can get in", c.NewlyBlocked, c.UnexpectedBlocked)
	add("let in", "cannot get in", c.NewlyApproved, c.UnexpectedApproved)
	return kinds
}

// listed is what summary says, one person a line ("- email (name)", up to
// maxNamed, then "- and N more"): the detail of the error by which the
// ephemeral gate and the action fail, which the pull-request comment
// recipe under examples/ci reads back.
func (c accessChange) listed() string {
	var b strings.Builder
	for _, k := range c.unexpectedKinds() {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(k.head + ":\n")
		listPeople(&b, k.people, false)
	}
	return b.String()
}

// personLine is one person as messages name them: "email (name)", with
// ", id …" when withID; "user <id>" without an email.
func personLine(p client.PolicyTestUser, withID bool) string {
	id := oneLine(client.CapText(p.ID, maxDisplayBytes), true)
	who := "user " + id
	if p.Email != "" {
		who = oneLine(client.CapText(p.Email, maxDisplayBytes), true)
	}
	if p.Name != "" {
		who += " (" + oneLine(client.CapText(p.Name, maxDisplayBytes), false) + ")"
	}
	if withID && p.Email != "" {
		who += ", id " + id
	}
	return who
}

// listPeople writes up to maxNamed people one a line ("- email (name)",
// with ", id …" when withID), then "- and N more".
func listPeople(b *strings.Builder, people []client.PolicyTestUser, withID bool) {
	n := len(people)
	for _, p := range people[:min(n, maxNamed)] {
		b.WriteString("- " + personLine(p, withID) + "\n")
	}
	if more := n - min(n, maxNamed); more > 0 {
		fmt.Fprintf(b, "- and %d more\n", more)
	}
}

// oneLine keeps a value the server sent on its line and reading as it is:
// control characters (C0, C1) and line or paragraph separators become
// spaces, bidirectional controls (which could reverse how the line reads)
// are removed, and in a word (an email, an id: one field of the list's
// line) any white space shows as U+FFFD, so that no value can forge
// another line of the list or another column of it.
func oneLine(s string, word bool) string {
	return strings.Map(func(r rune) rune {
		switch {
		case isBidiControl(r):
			return -1
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			r = ' '
		}
		if word && unicode.IsSpace(r) {
			return utf8.RuneError
		}
		return r
	}, s)
}

// isBidiControl is an explicit directional formatting character: the
// embeddings and overrides (U+202A–U+202E), the isolates (U+2066–U+2069)
// and the marks (U+200E, U+200F, U+061C).
func isBidiControl(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' || r == '\u200e' || r == '\u200f' || r == '\u061c'
}

// describeTest names one side's test and its counters for a message.
func describeTest(side string, t *client.PolicyTest) string {
	if t == nil {
		return "no policies (" + side + ": an application without policies lets nobody in)"
	}
	return fmt.Sprintf("%s (%s: %d approved, %d blocked, %d errored of %d users)",
		t.ID, side, t.UsersApproved.Value, t.UsersBlocked.Value, t.UsersErrored.Value, t.TotalUsers.Value)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
