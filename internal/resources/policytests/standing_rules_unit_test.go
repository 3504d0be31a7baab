package policytests

import (
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// checkStandingRules lists only what the rules still need, and decides each
// entry from the candidate's own statuses.
func TestCheckStandingRules(t *testing.T) {
	person := func(id, email string) client.PolicyTestUser { return client.PolicyTestUser{ID: id, Email: email} }
	rows := map[string][]client.PolicyTestUser{
		client.UsersFilterApproved: {person("1", "ann@example.com"), person("2", "Bob@Example.com")},
		client.UsersFilterBlocked:  {person("3", "cy@example.com"), person("4", "dee@contractors.example.com")},
		client.UsersFilterError:    {person("5", "eve@example.com")},
	}
	entries := func(values ...string) []types.String {
		out := make([]types.String, len(values))
		for i, v := range values {
			out[i] = types.StringValue(v)
		}
		return out
	}
	for _, c := range []struct {
		name          string
		rules         standingRules
		listed        []string // filters the gate had already listed
		test          *client.PolicyTest
		wantListed    []string // filters the rules listed
		wantStatuses  []string // per entry, always_approved first
		wantViolators [][]string
	}{
		{
			name:  "never, approved already listed, no errors: no request",
			rules: standingRules{NeverApproved: entries("*@contractors.example.com", "bob@example.com")}, listed: []string{client.UsersFilterApproved},
			test: &client.PolicyTest{UsersErrored: client.Count{Set: true}}, wantStatuses: []string{ruleKept, ruleViolated}, wantViolators: [][]string{nil, {"2"}},
		},
		{
			name:  "never, blocked listed: the approved users",
			rules: standingRules{NeverApproved: entries("ann@example.com")}, listed: []string{client.UsersFilterBlocked, client.UsersFilterError},
			test: &client.PolicyTest{}, wantListed: []string{client.UsersFilterApproved}, wantStatuses: []string{ruleViolated}, wantViolators: [][]string{{"1"}},
		},
		{
			name:  "always, each entry decided by the blocked and errored users",
			rules: standingRules{AlwaysApproved: entries("cy@example.com", "*@example.com")}, listed: []string{client.UsersFilterBlocked, client.UsersFilterError},
			test: &client.PolicyTest{}, wantStatuses: []string{ruleViolated, ruleViolated}, wantViolators: [][]string{{"3"}, {"3", "5"}},
		},
		{
			name:  "always, an entry nobody blocked matches: the approved users assess it",
			rules: standingRules{AlwaysApproved: entries("ann@example.com", "new@example.com")}, listed: []string{client.UsersFilterApproved},
			test: &client.PolicyTest{}, wantListed: []string{client.UsersFilterBlocked, client.UsersFilterError},
			wantStatuses: []string{ruleKept, ruleNotAssessed}, wantViolators: [][]string{nil, nil},
		},
		{
			name:         "no policies: always is violated, never kept, nothing listed",
			rules:        standingRules{AlwaysApproved: entries("ann@example.com"), NeverApproved: entries("*@contractors.example.com")},
			wantStatuses: []string{ruleViolated, ruleKept}, wantViolators: [][]string{nil, nil},
		},
		{
			name:  "null entries are not assessed, indexes kept",
			rules: standingRules{NeverApproved: []types.String{types.StringNull(), types.StringValue("ann@example.com")}}, listed: []string{client.UsersFilterApproved},
			test: &client.PolicyTest{}, wantStatuses: []string{ruleNotAssessed, ruleViolated}, wantViolators: [][]string{nil, {"1"}},
		},
		{
			// The review's finding: an errored person passed a never entry.
			name:  "never, a matched person errored: not assessed, named",
			rules: standingRules{NeverApproved: entries("eve@example.com", "*@example.com")}, listed: []string{client.UsersFilterApproved},
			test: &client.PolicyTest{}, wantListed: []string{client.UsersFilterError},
			wantStatuses: []string{ruleNotAssessed, ruleViolated}, wantViolators: [][]string{{"5"}, {"1", "2"}},
		},
		{
			// An address nobody tested matches cannot be assessed, as under
			// always_approved; a domain may match nobody yet.
			name:  "never, matching nobody: an address is not assessed, a domain kept",
			rules: standingRules{NeverApproved: entries("new@example.com", "*@partners.example.com", "cy@example.com")}, listed: []string{client.UsersFilterApproved},
			test: &client.PolicyTest{}, wantListed: []string{client.UsersFilterError, client.UsersFilterBlocked},
			wantStatuses: []string{ruleNotAssessed, ruleKept, ruleKept}, wantViolators: [][]string{nil, nil, nil},
		},
		{
			// The review's finding 8: an address already seen approved, and a
			// domain no approved person matches, on a test without errors,
			// need no further listing.
			name: "an address seen approved, a domain on a test without errors: no request",
			rules: standingRules{
				AlwaysApproved: entries("Ann@example.com"), NeverApproved: entries("*@contractors.example.com"),
			}, listed: []string{client.UsersFilterApproved},
			test:         &client.PolicyTest{UsersErrored: client.Count{Value: 0, Set: true}},
			wantStatuses: []string{ruleKept, ruleKept}, wantViolators: [][]string{nil, nil},
		},
		{
			name:  "always, an address seen approved but not yet listed: the blocked and errored users first",
			rules: standingRules{AlwaysApproved: entries("ann@example.com")},
			test:  &client.PolicyTest{}, wantListed: []string{client.UsersFilterBlocked, client.UsersFilterError, client.UsersFilterApproved},
			wantStatuses: []string{ruleKept}, wantViolators: [][]string{nil},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			have := map[string][]client.PolicyTestUser{}
			for _, f := range c.listed {
				have[f] = rows[f]
			}
			var listed []string
			out, ok := checkStandingRules(c.rules, c.test, have, func(filter string) ([]client.PolicyTestUser, bool) {
				listed = append(listed, filter)
				return rows[filter], true
			})
			if !ok {
				t.Fatal("not ok")
			}
			if !slices.Equal(listed, c.wantListed) {
				t.Errorf("listed %v, want %v", listed, c.wantListed)
			}
			if len(out) != len(c.wantStatuses) {
				t.Fatalf("%d outcomes, want %d: %+v", len(out), len(c.wantStatuses), out)
			}
			for i, o := range out {
				var ids []string
				for _, p := range o.Violators {
					ids = append(ids, p.ID)
				}
				if o.Status != c.wantStatuses[i] || !slices.Equal(ids, c.wantViolators[i]) {
					t.Errorf("entry %d (%s[%d] %q): %s %v, want %s %v", i, o.Rule, o.Index, o.Entry, o.Status, ids, c.wantStatuses[i], c.wantViolators[i])
				}
			}
			if c.name == "null entries are not assessed, indexes kept" && (out[0].Index != 0 || !out[0].Null || out[1].Index != 1) {
				t.Errorf("indexes %d, %d (null %v), want 0 (null), 1", out[0].Index, out[1].Index, out[0].Null)
			}
		})
	}
}
