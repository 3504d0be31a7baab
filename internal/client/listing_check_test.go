package client

import (
	"strings"
	"testing"
)

func TestCheckListing(t *testing.T) {
	c := func(n int64) Count { return Count{Value: n, Set: true} }
	test := &PolicyTest{ID: "t1", Status: StatusComplete, UsersApproved: c(2), UsersBlocked: c(1), UsersErrored: c(0)}
	row := func(id, status string) PolicyTestUser { return PolicyTestUser{ID: id, Status: status} }
	for _, tc := range []struct {
		name   string
		test   *PolicyTest
		filter string
		rows   []PolicyTestUser
		want   string // "" for no error
	}{
		{"complete and consistent", test, UsersFilterApproved, []PolicyTestUser{row("a", "approved"), row("b", "approved")}, ""},
		{"rows without a status", test, UsersFilterApproved, []PolicyTestUser{row("a", ""), row("b", "")}, ""},
		{"every user", test, "", []PolicyTestUser{row("a", "approved"), row("b", "approved"), row("c", "blocked")}, ""},
		{"a row of another outcome", test, UsersFilterBlocked, []PolicyTestUser{row("c", "approved")},
			`the listing of users with status "blocked" (filter fail) has a row with status "approved" (row 1, user "c")`},
		{"a repeated id", test, UsersFilterApproved, []PolicyTestUser{row("a", "approved"), row("a", "approved")}, `lists user "a" twice (again at row 2)`},
		{"short of the counter", test, UsersFilterApproved, []PolicyTestUser{row("a", "approved")}, "has 1 rows, but policy test t1 counts 2"},
		{"beyond the counter", test, UsersFilterError, []PolicyTestUser{row("e", "error")}, "has 1 rows, but policy test t1 counts 0"},
		{"no counter", &PolicyTest{ID: "t2"}, UsersFilterApproved, nil, "reports no counter for it"},
		{"no test: rows only", nil, UsersFilterApproved, []PolicyTestUser{row("a", "approved")}, ""},
		{"no test, a repeated id", nil, "", []PolicyTestUser{row("a", "approved"), row("a", "blocked")}, "twice"},
	} {
		err := checkListing(tc.test, tc.filter, tc.rows)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

// Server values in the error are capped, and credentials masked.
func TestCheckListing_MasksAndCaps(t *testing.T) {
	c, err := New(Config{APIToken: "secret-token-123"})
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("x", 5000)
	err = c.CheckListing(nil, UsersFilterApproved, []PolicyTestUser{{ID: "secret-token-123", Status: long}})
	if err == nil || strings.Contains(err.Error(), "secret-token-123") || len(err.Error()) > 400 {
		t.Errorf("error not masked or capped: %v", err)
	}
}
