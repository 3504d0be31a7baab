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

// A complete test that covered part of its directory says how; a test that
// covered all of it, or is not complete, says nothing.
func TestPolicyTest_Shortfall(t *testing.T) {
	c := func(n int64) Count { return Count{Value: n, Set: true} }
	full := PolicyTest{Status: StatusComplete, TotalUsers: c(2000), PercentUsersProcessed: c(100), UsersApproved: c(1900), UsersBlocked: c(90), UsersErrored: c(10)}
	cases := map[string]struct {
		edit func(*PolicyTest)
		want string
	}{
		"covers everyone":             {func(*PolicyTest) {}, ""},
		"no users_errored, adding up": {func(t *PolicyTest) { t.UsersErrored = Count{}; t.UsersApproved = c(1910) }, ""},
		"not complete":                {func(t *PolicyTest) { t.Status = StatusExceededTime; t.PercentUsersProcessed = c(75) }, ""},
		"a quarter left out": {func(t *PolicyTest) { t.PercentUsersProcessed = c(75); t.UsersApproved = c(1400) },
			"reports 75% of its users processed and counts 1500 users (1400 approved, 90 blocked, 10 errored) of total_users 2000"},
		"100% but short": {func(t *PolicyTest) { t.UsersApproved = c(1400) },
			"counts 1500 users (1400 approved, 90 blocked, 10 errored) of total_users 2000"},
		"more than total": {func(t *PolicyTest) { t.UsersBlocked = c(190) },
			"counts 2100 users (1900 approved, 190 blocked, 10 errored) of total_users 2000"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			test := full
			tc.edit(&test)
			if got := test.Shortfall(); got != tc.want {
				t.Errorf("Shortfall() = %q, want %q", got, tc.want)
			}
		})
	}
}
