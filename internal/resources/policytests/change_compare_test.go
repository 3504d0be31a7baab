package policytests

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

func rows(status string, ids ...string) []client.PolicyTestUser {
	out := make([]client.PolicyTestUser, len(ids))
	for i, id := range ids {
		out[i] = client.PolicyTestUser{ID: id, Email: id + "@example.com", Status: status}
	}
	return out
}

func ids(people []client.PolicyTestUser) []string {
	out := []string{}
	for _, p := range people {
		out = append(out, p.ID)
	}
	return out
}

// The approved users of both tests: whoever is approved on one side only.
func TestCompareApproved_ByID(t *testing.T) {
	blocked, approved := compareApproved(rows("approved", "a", "b", "c"), rows("approved", "b", "c", "d"))
	if got := ids(blocked); !reflect.DeepEqual(got, []string{"a"}) {
		t.Errorf("newly blocked = %v, want [a]", got)
	}
	if got := ids(approved); !reflect.DeepEqual(got, []string{"d"}) {
		t.Errorf("newly approved = %v, want [d]", got)
	}
}

// Two people whose emails differ only in case are two people; the email
// plays no part in matching.
func TestCompareApproved_EmailsDoNotMatchPeople(t *testing.T) {
	current := []client.PolicyTestUser{{ID: "1", Email: "pat@example.com"}, {ID: "2", Email: "Pat@Example.com"}}
	candidate := []client.PolicyTestUser{{ID: "2", Email: "Pat@Example.com"}, {ID: "3", Email: "pat@example.com"}}
	blocked, approved := compareApproved(current, candidate)
	if got := ids(blocked); !reflect.DeepEqual(got, []string{"1"}) {
		t.Errorf("newly blocked = %v, want [1]", got)
	}
	if got := ids(approved); !reflect.DeepEqual(got, []string{"3"}) {
		t.Errorf("newly approved = %v, want [3]", got)
	}
}

// An `error` outcome counts as not approved on either side, whichever
// listings the comparison read: approved → error is newly blocked,
// error → approved newly approved, error → blocked no change.
func TestCompare_ErrorCountsAsNotApproved(t *testing.T) {
	// Today: a approved, b error, c error. Candidate: a error, b approved, c blocked.
	currentApproved, candidateApproved := rows("approved", "a"), rows("approved", "b")
	currentNot := append(rows("error", "b", "c"), rows("blocked")...)
	candidateNot := append(rows("error", "a"), rows("blocked", "c")...)
	for name, got := range map[string][2][]client.PolicyTestUser{
		"approved listings":     pair(compareApproved(currentApproved, candidateApproved)),
		"not-approved listings": pair(compareNotApproved(currentNot, candidateNot)),
	} {
		if b, a := ids(got[0]), ids(got[1]); !reflect.DeepEqual(b, []string{"a"}) || !reflect.DeepEqual(a, []string{"b"}) {
			t.Errorf("%s: newly blocked %v, newly approved %v; want [a] and [b]", name, b, a)
		}
	}
}

func pair(a, b []client.PolicyTestUser) [2][]client.PolicyTestUser {
	return [2][]client.PolicyTestUser{a, b}
}

// Results are sorted by email without regard to case, then id, whatever
// order the API listed; people without an email come first.
func TestSortPeople(t *testing.T) {
	people := []client.PolicyTestUser{{ID: "3", Email: "b@x"}, {ID: "2", Email: "B@x"}, {ID: "9"}, {ID: "1", Email: "a@x"}, {ID: "0", Email: "b@x"}}
	sortPeople(people)
	if got := ids(people); !reflect.DeepEqual(got, []string{"9", "1", "2", "0", "3"}) {
		t.Errorf("order = %v", got)
	}
}

func TestExpectation_Matches(t *testing.T) {
	pat := client.PolicyTestUser{ID: "1", Email: "Pat@Contractors.Example.com"}
	for _, tc := range []struct {
		e    expectation
		p    client.PolicyTestUser
		want bool
	}{
		{"pat@contractors.example.com", pat, true},
		{"*@CONTRACTORS.example.com", pat, true},
		{"*@example.com", pat, false},              // a subdomain is another domain
		{"at@contractors.example.com", pat, false}, // whole addresses only
		{"*@contractors.example.com", client.PolicyTestUser{ID: "2"}, false},
		{"*@b.example", client.PolicyTestUser{ID: "3", Email: "odd@a.example@b.example"}, true}, // the domain follows the last @
	} {
		if got := tc.e.matches(tc.p); got != tc.want {
			t.Errorf("%q matches %q: %v, want %v", tc.e, tc.p.Email, got, tc.want)
		}
	}
}

func TestExpectationPattern(t *testing.T) {
	for value, ok := range map[string]bool{
		"pat@example.com": true, "*@example.com": true, "*@*.example.com": false,
		"example.com": false, "pat@": false, "*": false, "a b@example.com": false, "p*t@example.com": false,
	} {
		if got := expectationPattern.MatchString(value); got != ok {
			t.Errorf("%q accepted: %v, want %v", value, got, ok)
		}
	}
}

// Large lists: 20,000 users, 2,000 of whom change, compared exactly.
func TestCompareApproved_Large(t *testing.T) {
	var current, candidate []client.PolicyTestUser
	for i := range 20_000 {
		u := client.PolicyTestUser{ID: fmt.Sprintf("u%05d", i), Email: fmt.Sprintf("user%05d@example.com", i)}
		switch {
		case i%10 == 0: // approved today only
			current = append(current, u)
		case i%10 == 1: // approved under the candidate only
			candidate = append(candidate, u)
		case i%10 < 5:
			current, candidate = append(current, u), append(candidate, u)
		}
	}
	blocked, approved := compareApproved(current, candidate)
	if len(blocked) != 2_000 || len(approved) != 2_000 {
		t.Fatalf("%d newly blocked, %d newly approved; want 2,000 each", len(blocked), len(approved))
	}
	if blocked[0].ID != "u00000" || blocked[1999].ID != "u19990" || approved[0].ID != "u00001" {
		t.Errorf("unexpected order: %v … %v, %v", blocked[0], blocked[1999], approved[0])
	}
	out := accessChange{NewlyBlocked: blocked, UnexpectedBlocked: unexpected(blocked, []expectation{"*@other.example"})}
	want := "This change would newly block 2000 people who can get in today and are not expected: user00000@example.com, user00010@example.com"
	if s := out.summary(); !strings.HasPrefix(s, want) || !strings.HasSuffix(s, "user00090@example.com and 1990 more.") {
		t.Errorf("summary = %q", s)
	}
}

func TestSummary(t *testing.T) {
	one := []client.PolicyTestUser{{ID: "x"}}
	for _, tc := range []struct {
		c    accessChange
		want string
	}{
		{accessChange{}, "No unexpected change of access: 0 newly blocked and 0 newly approved, all expected."},
		{accessChange{NewlyApproved: one, UnexpectedApproved: one},
			"This change would newly let in 1 person who cannot get in today and is not expected: user x."},
		{accessChange{NewlyBlocked: one, UnexpectedBlocked: one, NewlyApproved: rows2people("a", "b"), UnexpectedApproved: rows2people("a", "b")},
			"This change would newly block 1 person who can get in today and is not expected: user x. " +
				"This change would newly let in 2 people who cannot get in today and are not expected: a@example.com, b@example.com."},
	} {
		if got := tc.c.summary(); got != tc.want {
			t.Errorf("summary\n got %q\nwant %q", got, tc.want)
		}
	}
}

// A name the server made huge is cut in messages.
func TestDisplayName_Capped(t *testing.T) {
	long := strings.Repeat("é", 300) + "@example.com"
	got := displayName(client.PolicyTestUser{ID: "1", Email: long})
	if len(got) > maxDisplayBytes+len("…") || !strings.HasSuffix(got, "…") || !utf8.ValidString(got) {
		t.Errorf("displayName of %d bytes: %d bytes, %q…", len(long), len(got), got[:20])
	}
}

func rows2people(ids ...string) []client.PolicyTestUser {
	return only(rows("approved", ids...), nil)
}

// The cheaper listings: approved users unless the blocked and errored
// ones take fewer pages, and only when both tests saw the same users.
func TestCheaperListings(t *testing.T) {
	test := func(total, approved, blocked, errored int64) *client.PolicyTest {
		c := func(n int64) client.Count { return client.Count{Value: n, Set: true} }
		return &client.PolicyTest{TotalUsers: c(total), UsersApproved: c(approved), UsersBlocked: c(blocked), UsersErrored: c(errored)}
	}
	for _, tc := range []struct {
		name                string
		current, candidate  *client.PolicyTest
		wantFilters         []string
		wantNotApprovedPath bool
	}{
		{"small directory", test(16, 9, 6, 1), test(16, 6, 9, 1), []string{client.UsersFilterApproved}, false},
		{"mostly approved", test(20_000, 19_000, 900, 100), test(20_000, 17_000, 2_900, 100),
			[]string{client.UsersFilterBlocked, client.UsersFilterError}, true},
		{"mostly approved, totals differ", test(20_000, 19_000, 900, 100), test(20_001, 17_000, 2_901, 100),
			[]string{client.UsersFilterApproved}, false},
	} {
		filters, compare := cheaperListings(tc.current, tc.candidate)
		if !reflect.DeepEqual(filters, tc.wantFilters) {
			t.Errorf("%s: filters %v, want %v", tc.name, filters, tc.wantFilters)
		}
		if got := reflect.ValueOf(compare).Pointer() == reflect.ValueOf(compareNotApproved).Pointer(); got != tc.wantNotApprovedPath {
			t.Errorf("%s: compares not-approved listings: %v", tc.name, got)
		}
	}
}

// The error's list keeps every person on one line: a name or an email with
// a line break or a space cannot forge another entry or another column.
func TestListed_OnePersonALine(t *testing.T) {
	people := []client.PolicyTestUser{
		{ID: "1", Email: "eve@example.com\n- ceo@example.com", Name: "Eve\r\n- mallory@example.com (Mallory)"},
		{ID: "2", Name: "No Email"},
		{ID: "3", Email: "a b@example.com"},
	}
	c := accessChange{NewlyBlocked: people, UnexpectedBlocked: people}
	want := "This change would newly block 3 people who can get in today and are not expected:\n" +
		"- eve@example.com\uFFFD-\uFFFDceo@example.com (Eve  - mallory@example.com (Mallory))\n" +
		"- user 2 (No Email)\n" +
		"- a\uFFFDb@example.com\n"
	if got := c.listed(); got != want {
		t.Errorf("listed:\n%q\nwant\n%q", got, want)
	}
}

// Controls become spaces (a word keeps them as U+FFFD), bidirectional
// controls are removed: a name reads as it is stored, on its line.
func TestOneLine_Controls(t *testing.T) {
	for _, c := range []struct {
		in   string
		word bool
		want string
	}{
		{"first line\u0085second\u2028third\u2029fourth\ttab\x7fdel", false, "first line second third fourth tab del"},
		{"evil\u202egnp.exe", false, "evilgnp.exe"},
		{"\u2066isolated\u2069 \u200eLTR\u200f\u061c", false, "isolated LTR"},
		{"a\u0085b@example.com", true, "a\uFFFDb@example.com"},
		{"a\u202eb@example.com", true, "ab@example.com"},
	} {
		if got := oneLine(c.in, c.word); got != c.want {
			t.Errorf("oneLine(%q, %v) = %q, want %q", c.in, c.word, got, c.want)
		}
	}
}

// The sentence of a kind gives the whole count and, when some people are
// expected, how many are not.
func TestUnexpectedKinds_WholeCount(t *testing.T) {
	people := func(n int) []client.PolicyTestUser {
		out := make([]client.PolicyTestUser, n)
		for i := range out {
			out[i] = client.PolicyTestUser{ID: fmt.Sprint(i), Email: fmt.Sprintf("u%03d@example.com", i)}
		}
		return out
	}
	blocked, approved := people(328), people(2)
	c := accessChange{NewlyBlocked: blocked, UnexpectedBlocked: blocked[:318], NewlyApproved: approved, UnexpectedApproved: approved}
	kinds := c.unexpectedKinds()
	want := []string{
		"This change would newly block 328 people who can get in today, 318 of them not expected",
		"This change would newly let in 2 people who cannot get in today and are not expected",
	}
	if len(kinds) != 2 || kinds[0].head != want[0] || kinds[1].head != want[1] {
		t.Errorf("heads %+v, want %q", kinds, want)
	}
}
