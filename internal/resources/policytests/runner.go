package policytests

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/policy"
)

// testRunner starts a test and waits for its final status: what the test
// data source, the comparison and both actions do with a policies list.
type testRunner struct {
	client    *client.Client
	accountID string
	// attribute holds the tested policies ("policies", "current",
	// "candidate"); label names it in messages when there are two tests.
	attribute, label string
	// observe, when set, sees every reading while waiting.
	observe func(*client.PolicyTest)
	// timeouts names the timeout that bounds the wait, for messages; ""
	// means timeouts.read.
	timeouts string
}

// expandAndRun converts list (the runner's attribute) and runs it.
func (r testRunner) expandAndRun(ctx context.Context, list types.List, timeout time.Duration, diags *diag.Diagnostics) *client.PolicyTest {
	body, expandDiags := policy.Expand(ctx, path.Root(r.attribute), list)
	diags.Append(expandDiags...)
	if diags.HasError() {
		return nil
	}
	return r.run(ctx, body, timeout, diags)
}

// run starts one test of body and waits until its status is final, within
// ctx (whose deadline is timeout). It returns the final reading, whatever
// the status, or nil after an error diagnostic.
func (r testRunner) run(ctx context.Context, body client.PolicyTestRequest, timeout time.Duration, diags *diag.Diagnostics) *client.PolicyTest {
	testID := r.start(ctx, body, diags)
	if testID == "" {
		return nil
	}
	return r.wait(ctx, testID, timeout, diags)
}

// start starts one test of body and returns its id, or "" after an error
// diagnostic.
func (r testRunner) start(ctx context.Context, body client.PolicyTestRequest, diags *diag.Diagnostics) string {
	started, err := r.client.StartPolicyTest(withFields(ctx, r.accountID, ""), r.accountID, body)
	if err != nil {
		addAPIError(diags, r.failedCall("Unable to Start Policy Test", "", writePermission), err)
		return ""
	}
	if r.observe != nil {
		r.observe(&client.PolicyTest{ID: started.ID, Status: started.Status})
	}
	return started.ID
}

// wait reads the test until its status is final.
func (r testRunner) wait(ctx context.Context, testID string, timeout time.Duration, diags *diag.Diagnostics) *client.PolicyTest {
	t, err := waitForFinal(withFields(ctx, r.accountID, testID), r.client, r.accountID, testID, r.observe)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		attr := r.timeouts
		if attr == "" {
			attr = "timeouts.read"
		}
		timedOutReading(diags, r.label, attr, r.accountID, testID, timeout, t)
		return nil
	case err != nil:
		addAPIError(diags, r.failedCall("Unable to Read Policy Test", testID, readPermission), err)
		return nil
	}
	return t
}

func (r testRunner) failedCall(summary, testID, permission string) failedCall {
	if r.label != "" {
		summary += " (" + r.label + ")"
	}
	call := newFailedCall(r.client, summary, permission, r.accountID, testID)
	call.policies = r.attribute
	return call
}

// listUsers reads every page of one filter of test t and checks the rows
// against the filter and the test's counter.
func (r testRunner) listUsers(ctx context.Context, t *client.PolicyTest, filter string, diags *diag.Diagnostics) ([]client.PolicyTestUser, bool) {
	listing, err := r.client.AllPolicyTestUsers(withFields(ctx, r.accountID, t.ID), r.accountID, t.ID, filter, client.MaxUsersPerPage, 0)
	if err != nil {
		addAPIError(diags, r.failedCall("Unable to List Policy Test Users", t.ID, readPermission), err)
		return nil, false
	}
	if err := r.client.CheckListing(t, filter, listing.Users); err != nil {
		listingMismatch(diags, r.label, r.accountID, t, err)
		return nil, false
	}
	return listing.Users, true
}

// checkRules checks the standing rules against the one test t of the
// runner's policies (the test data source, the test action): the listings
// they need, then an error for each entry violated or not assessed.
func (r testRunner) checkRules(ctx context.Context, rules standingRules, t *client.PolicyTest, diags *diag.Diagnostics) []ruleOutcome {
	outcomes, ok := checkStandingRules(rules, t, map[string][]client.PolicyTestUser{}, func(filter string) ([]client.PolicyTestUser, bool) {
		return r.listUsers(ctx, t, filter, diags)
	})
	if !ok {
		return nil
	}
	rules.applyExceptions(outcomes, time.Now(), diags, true)
	for _, o := range outcomes {
		if o.failed() {
			standingRuleBroken(diags, o, r.attribute, t)
		}
	}
	return outcomes
}
