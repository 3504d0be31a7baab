package policytests

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/policy"
)

func expectations(values []types.String) []expectation {
	out := make([]expectation, 0, len(values))
	for _, v := range values {
		if !v.IsNull() {
			out = append(out, expectation(v.ValueString()))
		}
	}
	return out
}

// changeRun runs one comparison: both tests at once, then only the user
// listings the comparison needs, all paced by the one client.
type changeRun struct {
	client *client.Client
	// shared, when set, lets the gates of one configured provider (and the
	// two sides of one gate) share their tests of the very same policies
	// (shared_runs.go).
	shared *sharedRuns
	// observe, when set, sees every reading of either test, with the
	// attribute it tests ("current" or "candidate").
	observe func(side string, t *client.PolicyTest)
	// timeouts names the timeout that bounds the run, for messages.
	timeouts string
}

// sideRun is one of the two tests of a comparison.
type sideRun struct {
	name   string // the attribute: "current" or "candidate"
	list   types.List
	runner testRunner
	body   client.PolicyTestRequest
	testID string
	test   *client.PolicyTest
	rows   []client.PolicyTestUser // what the comparison lists of this test
	// listed is every listing made of this test, by filter: the
	// comparison's, then any the standing rules add.
	listed map[string][]client.PolicyTestUser
	// empty: no policies at all, as an application without any. Access lets
	// in only whom a policy allows, so nobody gets in, and no test is run.
	empty bool
	// key, when set, is the test's key among the shared runs.
	key string
}

func (r changeRun) run(ctx context.Context, in changeInputs, timeout time.Duration, diags *diag.Diagnostics) *changeOutcome {
	accountID := in.AccountID.ValueString()
	sides := []*sideRun{{name: "current", list: in.Current}, {name: "candidate", list: in.Candidate}}
	// Both bodies, then both starts, then both waits: a side the API
	// refuses stops the comparison at once, not after the other's test.
	for _, s := range sides {
		s.runner = testRunner{client: r.client, accountID: accountID, attribute: s.name, label: s.name, timeouts: r.timeouts}
		if r.observe != nil {
			s.runner.observe = func(t *client.PolicyTest) { r.observe(s.name, t) }
		}
		var expandDiags diag.Diagnostics
		s.body, expandDiags = policy.Expand(ctx, path.Root(s.name), s.list)
		diags.Append(expandDiags...)
		s.empty = len(s.body.Policies) == 0
	}
	if diags.HasError() {
		return nil
	}
	if sameLists(sides[0].body, sides[1].body) && !in.given() {
		// The same policies in the same order decide the same for everyone:
		// no test can show a change. Standing rules still need the
		// candidate's results, so they run it.
		unmatchedExpectations(diags, "expected_newly_blocked", in.ExpectedNewlyBlocked, nil, in.FailOnUnmatched.ValueBool())
		unmatchedExpectations(diags, "expected_newly_approved", in.ExpectedNewlyApproved, nil, in.FailOnUnmatched.ValueBool())
		if diags.HasError() {
			return nil
		}
		// No rule to check: the exceptions' dates still warn.
		in.applyExceptions(nil, time.Now(), diags, false)
		return &changeOutcome{accessChange: accessChange{Unchanged: true}}
	}
	for _, s := range sides {
		if r.shared != nil && !s.empty {
			s.key, _ = testKey(accountID, s.body)
		}
	}
	release, ok := r.claimBudget(ctx, sides, diags)
	if !ok {
		return nil
	}
	defer release()
	each(sides, diags, func(s *sideRun, diags *diag.Diagnostics) {
		switch {
		case s.empty:
		case s.key != "":
			s.testID = r.shared.start(ctx, s.key, func() string { return s.runner.start(ctx, s.body, diags) })
		default:
			s.testID = s.runner.start(ctx, s.body, diags)
		}
	})
	if diags.HasError() {
		return nil
	}
	each(sides, diags, func(s *sideRun, diags *diag.Diagnostics) {
		switch {
		case s.empty:
			return
		case s.key != "":
			s.test = r.shared.final(ctx, accountID, s.testID, func() *client.PolicyTest { return s.runner.wait(ctx, s.testID, timeout, diags) })
		default:
			s.test = s.runner.wait(ctx, s.testID, timeout, diags)
		}
		if s.test != nil {
			requireComplete(diags, s.name, s.test, "")
		}
	})
	if diags.HasError() {
		return nil
	}

	filters, compare := cheaperListings(sides[0].test, sides[1].test)
	tflog.Debug(ctx, "Listing the users the comparison needs", map[string]any{"filters": filters})
	each(sides, diags, func(s *sideRun, diags *diag.Diagnostics) {
		if s.empty {
			return
		}
		s.listed = map[string][]client.PolicyTestUser{}
		for _, filter := range filters {
			rows, ok := r.listing(ctx, accountID, s, filter, diags)
			if !ok {
				return
			}
			s.listed[filter] = rows
			s.rows = append(s.rows, rows...)
		}
	})
	if diags.HasError() {
		return nil
	}
	out := &changeOutcome{Current: sides[0].test, Candidate: sides[1].test}
	out.NewlyBlocked, out.NewlyApproved = compare(sides[0].rows, sides[1].rows)
	out.UnexpectedBlocked = unexpected(out.NewlyBlocked, expectations(in.ExpectedNewlyBlocked))
	out.UnexpectedApproved = unexpected(out.NewlyApproved, expectations(in.ExpectedNewlyApproved))
	fail := in.FailOnUnmatched.ValueBool()
	unmatchedExpectations(diags, "expected_newly_blocked", in.ExpectedNewlyBlocked, out.NewlyBlocked, fail)
	unmatchedExpectations(diags, "expected_newly_approved", in.ExpectedNewlyApproved, out.NewlyApproved, fail)
	if diags.HasError() {
		return nil
	}
	// The standing rules, on the candidate's own results: only the
	// listings the comparison did not already make.
	candidate := sides[1]
	rules, ok := checkStandingRules(in.standingRules, candidate.test, candidate.listed, func(filter string) ([]client.PolicyTestUser, bool) {
		return r.listing(ctx, accountID, candidate, filter, diags)
	})
	if !ok {
		return nil
	}
	in.applyExceptions(rules, time.Now(), diags, true)
	out.Rules = rules
	for _, o := range rules {
		if o.failed() {
			standingRuleBroken(diags, o, "candidate", candidate.test)
		}
	}
	return out
}

// minRequestsPerTest: a start, a status read and a listing of one page
// and the empty page. Tests that run longer read their status more often,
// and larger directories list more pages.
const minRequestsPerTest = 4

// claimBudget counts the requests the gate's tests need at least against
// what Cloudflare's budget holds for this plan until the reset, with the
// other gates under way. When they do not fit it waits for the reset or
// fails, as budget_shortfall says; ok is false when the gate is to stop.
func (r changeRun) claimBudget(ctx context.Context, sides []*sideRun, diags *diag.Diagnostics) (release func(), ok bool) {
	check, release := r.client.ClaimBudget(requestsNeeded(sides))
	if !check.Short() {
		return release, true
	}
	tflog.Info(ctx, "The gate's tests do not fit in what Cloudflare's rate-limit budget holds for this plan: "+check.String(), map[string]any{"budget_shortfall": r.client.Shortfall()})
	budgetShortfall(diags, check, r.client.Shortfall())
	if r.client.Shortfall() == client.ShortfallFail {
		release()
		return nil, false
	}
	if err := r.client.WaitForReset(ctx); err != nil {
		diags.AddError("Timed Out Waiting for Cloudflare's Rate-Limit Budget", fmt.Sprintf("The gate's `%s` ends before Cloudflare's rate-limit budget resets: %s.", r.timeouts, err))
		release()
		return nil, false
	}
	return release, true
}

// requestsNeeded is the least the sides' tests cost: each side with
// policies runs a test, but the candidate shares current's when both are
// the same policies and tests are shared (then their keys are equal).
func requestsNeeded(sides []*sideRun) int64 {
	var need int64
	for i, s := range sides {
		if !s.empty && (i == 0 || s.key == "" || s.key != sides[0].key) {
			need += minRequestsPerTest
		}
	}
	return need
}

// sameLists: both request bodies are the same policies, the same ids and
// the same inline policies, in the same order.
func sameLists(current, candidate client.PolicyTestRequest) bool {
	a, errA := json.Marshal(current.Policies)
	b, errB := json.Marshal(candidate.Policies)
	return errA == nil && errB == nil && bytes.Equal(a, b)
}

// unmatchedExpectations reports each entry of the list at attribute that
// matches none of people: a warning, or an error when fail is set.
func unmatchedExpectations(diags *diag.Diagnostics, attribute string, entries []types.String, people []client.PolicyTestUser, fail bool) {
	for i, v := range entries {
		if v.IsNull() || v.IsUnknown() {
			continue
		}
		e := expectation(v.ValueString())
		if !slices.ContainsFunc(people, e.matches) {
			expectationMatchesNobody(diags, path.Root(attribute).AtListIndex(i), string(e), fail)
		}
	}
}

// listing is the side's listUsers, shared with the other gates of the provider when the
// side's test is.
func (r changeRun) listing(ctx context.Context, accountID string, s *sideRun, filter string, diags *diag.Diagnostics) ([]client.PolicyTestUser, bool) {
	if s.key == "" {
		return s.runner.listUsers(ctx, s.test, filter, diags)
	}
	return r.shared.listing(ctx, accountID, s.test.ID, filter, func() ([]client.PolicyTestUser, bool) {
		return s.runner.listUsers(ctx, s.test, filter, diags)
	})
}

// cheaperListings picks the listings that cost fewer requests: the approved users of
// both tests, or their blocked and errored users. The second needs both
// tests to have seen the same users, so it is used only when their totals
// agree. Every listing reads its pages and then one empty page. A nil test
// (a side without policies) approves nobody and lists nothing.
func cheaperListings(current, candidate *client.PolicyTest) (filters []string, compare func(current, candidate []client.PolicyTestUser) (blocked, approved []client.PolicyTestUser)) {
	approved := []string{client.UsersFilterApproved}
	notApproved := []string{client.UsersFilterBlocked, client.UsersFilterError}
	cost := func(filters []string) int64 {
		var n int64
		for _, t := range []*client.PolicyTest{current, candidate} {
			if t == nil {
				continue
			}
			for _, f := range filters {
				rows, _ := t.ExpectedRows(f)
				n += (rows+client.MaxUsersPerPage-1)/client.MaxUsersPerPage + 1
			}
		}
		return n
	}
	if current != nil && candidate != nil && current.TotalUsers == candidate.TotalUsers && cost(notApproved) < cost(approved) {
		return notApproved, compareNotApproved
	}
	return approved, compareApproved
}

// each runs fn for every side at once, each with its own diagnostics,
// then appends them in order so that output is stable.
func each(sides []*sideRun, diags *diag.Diagnostics, fn func(*sideRun, *diag.Diagnostics)) {
	results := make([]diag.Diagnostics, len(sides))
	var wg sync.WaitGroup
	for i, s := range sides {
		wg.Go(func() { fn(s, &results[i]) })
	}
	wg.Wait()
	for _, d := range results {
		diags.Append(d...)
	}
}
