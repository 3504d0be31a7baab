package policytests

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/policy"
)

// failedCall says which call failed and on what, for the diagnostic detail.
type failedCall struct {
	summary    string // Title Case, e.g. "Unable to Start Policy Test"
	accountID  string
	testID     string
	permission string // the token permission this call needs
	scheme     string // the credential scheme in use
	// policies is the attribute the sent policies came from, where errors
	// the API points into them land; "" means `policies`.
	policies string
}

// newFailedCall describes a call of c that failed: what it did (summary),
// the permission it needs, and the account and test it was about (testID
// is "" before the test has one).
func newFailedCall(c *client.Client, summary, permission, accountID, testID string) failedCall {
	return failedCall{summary: summary, accountID: accountID, testID: testID, permission: permission, scheme: c.AuthScheme()}
}

// maxAttributeDiagnostics caps the diagnostics one API answer produces:
// output stays linear in, and small beside, what the server sent.
const maxAttributeDiagnostics = 10

// addAPIError turns a client error into diagnostics: one per error entry
// that points at an attribute, with that entry's own message (at most
// maxAttributeDiagnostics, then a count of the rest), or one general error.
func addAPIError(diags *diag.Diagnostics, call failedCall, err error) {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		shown, more := 0, 0
		for _, info := range apiErr.Errors {
			if info.Source == nil {
				continue
			}
			at, ok := policy.PathOf(info.Source.Pointer, call.policies)
			if !ok {
				continue
			}
			if shown == maxAttributeDiagnostics {
				more++
				continue
			}
			// The CLI shows the policy element's lines, not the path: say it.
			diags.AddAttributeError(fwshim.ListElement(at), call.summary,
				fmt.Sprintf("Cloudflare rejected %s: HTTP %d: [%d] %s (at %s)%s", at, apiErr.StatusCode, info.Code, info.Message, info.Source.Pointer, call.footer(err)))
			shown++
		}
		if more += apiErr.Omitted; more > 0 && shown > 0 {
			diags.AddError(call.summary, fmt.Sprintf("Cloudflare reported %d more errors than shown above; fix those and plan again to see the rest.%s", more, call.footer(err)))
		}
		if shown > 0 {
			return
		}
	}
	diags.AddError(call.summary, call.detail(err))
}

func (c failedCall) detail(err error) string {
	return fmt.Sprintf("%v%s", err, c.footer(err))
}

// footer is what follows the error in every diagnostic of a call: the
// account, the test, and what to do.
func (c failedCall) footer(err error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n\nAccount: %s", c.accountID)
	if c.testID != "" {
		fmt.Fprintf(&b, "\nPolicy test: %s", c.testID)
	}
	var rateErr *client.RateLimitedError
	switch status := client.StatusCode(err); {
	case errors.As(err, &rateErr):
		b.WriteString("\n\nWait for the rate limit to reset (Cloudflare blocks a user for up to five minutes after 1,200 requests in five minutes), lower `requests_per_second`, or raise the operation's timeout.")
	case status == http.StatusUnauthorized || status == http.StatusForbidden || (status == http.StatusBadRequest && hasAuthCode(err)):
		fmt.Fprintf(&b, "\n\nThe provider authenticated with an %s (%s). "+
			"Check that it is valid and has the `%s` permission on account %s.", c.scheme, credentialSettings(c.scheme), c.permission, c.accountID)
	case status == http.StatusNotFound && c.permission == appsPermission:
		b.WriteString("\n\nCloudflare does not serve this account's Access applications: check the account ID.")
	case status == http.StatusNotFound:
		b.WriteString("\n\nCloudflare does not know this policy test in this account: the id or account is wrong, or the test expired.")
	case status >= http.StatusInternalServerError:
		b.WriteString("\n\nCloudflare kept answering with a server error through every retry (`max_retries`). The fault is on Cloudflare's side: " +
			"check Cloudflare's status page, then plan or apply again later, or raise `max_retries` to ride out a longer outage. ")
		if c.testID == "" {
			b.WriteString("A start call that failed this way may still have started a test; that test changes nothing.")
		} else {
			b.WriteString("The test itself is unaffected and can be read again by its id.")
		}
	}
	return b.String()
}

// credentialSettings names where the credentials of a scheme come from.
func credentialSettings(scheme string) string {
	if scheme == client.SchemeAPIToken {
		return "the `api_token` setting or CLOUDFLARE_API_TOKEN"
	}
	return "the `api_key` and `email` settings or CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL"
}

func hasAuthCode(err error) bool {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	for _, code := range apiErr.Codes() {
		if code == 6003 || code == 10000 || (code >= 6100 && code < 6200) {
			return true
		}
	}
	return false
}

// The named diagnostics below carry the remediation in their detail.

func notConfigured(diags *diag.Diagnostics) {
	diags.AddError("Provider Not Configured",
		"The cloudflarezt provider has no API client, usually because its configuration depends on values not known until apply. Apply the resources it depends on first.")
}

func processedShare(t *client.PolicyTest) string {
	if t == nil || !t.PercentUsersProcessed.Set {
		return "unknown"
	}
	return fmt.Sprintf("%d%%", t.PercentUsersProcessed.Value)
}

func timedOutCreating(diags *diag.Diagnostics, accountID, testID string, timeout time.Duration, last *client.PolicyTest, status string) {
	diags.AddError("Timed Out Waiting for Policy Test",
		fmt.Sprintf("Policy test %s in account %s was started but did not reach a final status within %s (last status %q, users processed: %s). "+
			"Its id is kept in state, so the test is not lost; Terraform marks the resource tainted, as it does for every failed create. "+
			"Applying again while the test is still running continues waiting for this same test: the replacement takes it over instead of starting another. "+
			"Once it has finished, run `terraform untaint` on the resource before applying to keep its results rather than start a new test. "+
			"To wait longer in one apply, raise `timeouts.create`; or set `wait_for_completion = false` and read the results on a later refresh.",
			testID, accountID, timeout, status, processedShare(last)))
}

// testOf names the test a message is about; label is "" for the only test
// of a read, else the attribute holding the tested policies.
func testOf(label, testID string) string {
	if label == "" {
		return "Policy test " + testID
	}
	return fmt.Sprintf("The policy test of `%s` (%s)", label, testID)
}

func timedOutReading(diags *diag.Diagnostics, label, timeoutsAttr, accountID, testID string, timeout time.Duration, last *client.PolicyTest) {
	status := "success"
	if last != nil {
		status = string(last.Status)
	}
	diags.AddError("Timed Out Waiting for Policy Test",
		fmt.Sprintf("%s in account %s did not reach a final status within %s (last status %q, users processed: %s), "+
			"so its counters are partial and no gate can rely on them. Raise `%s`, or run it again later.",
			testOf(label, testID), accountID, timeout, status, processedShare(last), timeoutsAttr))
}

func stoppedWaiting(diags *diag.Diagnostics, accountID, testID, status string) {
	// Terraform was interrupted and fails the run anyway. A warning rather
	// than an error keeps the object untainted, so the next apply waits for
	// this same test (see ModifyPlan) instead of starting another.
	diags.AddWarning("Stopped Waiting for Policy Test",
		fmt.Sprintf("Waiting for policy test %s in account %s was interrupted (last status %q). The test keeps running in Cloudflare and its id is in state: the next apply waits for it without starting a new test.",
			testID, accountID, status))
}

// warnAboutStatus: for the resource, blocked and exceeded time are warnings;
// the numbers are stored and the documented postcondition checks `status`.
func warnAboutStatus(diags *diag.Diagnostics, t *client.PolicyTest) {
	switch {
	case t.Shortfall() != "":
		diags.AddWarning("Policy Test Did Not Cover Every User",
			fmt.Sprintf("Cloudflare reported policy test %s as `complete`, but it %s: some users were never evaluated and are in no counter. Check the counters (for example in a postcondition) before trusting them.", t.ID, t.Shortfall()))
	case t.Status == client.StatusBlocked:
		diags.AddWarning("Policy Test Blocked",
			fmt.Sprintf("Cloudflare reported policy test %s as `blocked`: it could not run to the end. Its counters are stored as reported; check them (for example in a postcondition) before trusting them.", t.ID))
	case t.Status == client.StatusExceededTime:
		diags.AddWarning("Policy Test Exceeded Its Time",
			fmt.Sprintf("Cloudflare stopped policy test %s with status `exceeded time` after processing %d%% of users. The counters cover only the processed users.", t.ID, t.PercentUsersProcessed.Value))
	case !t.Status.Known():
		diags.AddWarning("Unknown Policy Test Status",
			fmt.Sprintf("Cloudflare reported status %q for policy test %s, which this provider version does not know; it stopped waiting and stored what was reported. A newer provider version may understand it.", t.Status, t.ID))
	}
}

// warnAboutPartial: a data source read with allow_partial_results returns
// whatever the test says, still running included, with a warning.
func warnAboutPartial(diags *diag.Diagnostics, t *client.PolicyTest) {
	if !t.Status.Final() && t.Status.Known() {
		diags.AddWarning("Policy Test Still Running",
			fmt.Sprintf("Policy test %s has status %q (%s of users processed): its counters are partial, as `allow_partial_results = true` allows. Check `status` before trusting them.",
				t.ID, t.Status, processedShare(t)))
		return
	}
	warnAboutStatus(diags, t)
}

// testIncomplete fails a data-source read whose test ended in anything
// but complete: a gate must never pass on partial numbers.
func testIncomplete(diags *diag.Diagnostics, label string, t *client.PolicyTest, remedy string) {
	diags.AddError("Policy Test Did Not Complete",
		fmt.Sprintf("%s ended with status %q after processing %s of users, so its counters are partial and a gate on them could pass a change that locks people out. "+
			"Run it again; if the test keeps ending this way, ask Cloudflare why.%s",
			testOf(label, t.ID), t.Status, processedShare(t), remedy))
}

// testCoveredPart fails a gate on a test that says `complete` but covered
// only part of its directory (client.PolicyTest.Shortfall).
func testCoveredPart(diags *diag.Diagnostics, label string, t *client.PolicyTest, remedy string) {
	diags.AddError("Policy Test Did Not Cover Every User",
		fmt.Sprintf("%s says `complete` but %s, so some users were never evaluated: they are in no count and no listing, and a gate on it could pass a change that locks them out. "+
			"Run it again; if the test keeps ending this way, report it to Cloudflare with the test id.%s",
			testOf(label, t.ID), t.Shortfall(), remedy))
}

// requireComplete fails, saying why, a test whose numbers a gate cannot
// trust: one that did not end `complete`, or that says so but covered only
// part of its directory. It reports whether the test is complete.
func requireComplete(diags *diag.Diagnostics, label string, t *client.PolicyTest, remedy string) bool {
	switch {
	case t.Status != client.StatusComplete:
		testIncomplete(diags, label, t, remedy)
	case t.Shortfall() != "":
		testCoveredPart(diags, label, t, remedy)
	default:
		return true
	}
	return false
}

// allowPartialRemedy ends testIncomplete for the test data source.
const allowPartialRemedy = " To read partial results on purpose, set `allow_partial_results = true` and check `status` and `percent_users_processed` yourself."

// listingMismatch fails a read whose users listing contradicts itself or
// its test's counters: a gate must not compare it.
func listingMismatch(diags *diag.Diagnostics, label, accountID string, t *client.PolicyTest, err error) {
	diags.AddError("Policy Test Users Do Not Add Up",
		fmt.Sprintf("%s in account %s was listed inconsistently: %v. "+
			"Nothing can be concluded from such a listing, so this fails rather than pass a gate on it. "+
			"Run it again; if it keeps happening, report it to Cloudflare with the policy test id.",
			testOf(label, t.ID), accountID, err))
}

// unexpectedChange fails an action or the ephemeral gate whose comparison
// found people whose access would change without being expected to; stopped
// says what the failure stops.
func unexpectedChange(diags *diag.Diagnostics, o *changeOutcome, stopped string) {
	diags.AddError("Unexpected Change of Access",
		fmt.Sprintf("%s\nTested %s against %s. %s "+
			"If the change is meant, name these people (or their `*@domain`) in `expected_newly_blocked` / `expected_newly_approved`; otherwise fix the candidate.",
			o.listed(), describeTest("current", o.Current), describeTest("candidate", o.Candidate), stopped))
}

// expectationMatchesNobody reports an expected_* entry at at that matches
// nobody whose access the change changes that way.
func expectationMatchesNobody(diags *diag.Diagnostics, at path.Path, entry string, fail bool) {
	summary := "Expected Change Matches Nobody"
	detail := fmt.Sprintf("%s = %q matches nobody whose access this change changes that way. An entry left over from an earlier review would let a later change of those people pass unnoticed: "+
		"remove it once its change has landed.", at, client.CapText(entry, maxDisplayBytes))
	if fail {
		diags.AddAttributeError(at, summary, detail+" (`fail_on_unmatched_expectations = true` makes this an error.)")
		return
	}
	diags.AddAttributeWarning(at, summary, detail+" Set `fail_on_unmatched_expectations = true` to fail the gate on such an entry.")
}

// limitExceeded fails an action's test whose counter is above the limit the
// configuration set at attribute; an unset limit never fails.
func limitExceeded(diags *diag.Diagnostics, t *client.PolicyTest, attribute, what string, limit types.Int64, got client.Count) bool {
	if limit.IsNull() || limit.IsUnknown() {
		return false
	}
	if !got.Set {
		diags.AddAttributeError(path.Root(attribute), "Policy Test Limit Not Checked",
			fmt.Sprintf("Policy test %s completed without the counter `%s` limits, so the limit cannot be checked and the apply stops. Run it again; if it persists, report it to Cloudflare with the test id.", t.ID, attribute))
		return true
	}
	if got.Value <= limit.ValueInt64() {
		return false
	}
	diags.AddAttributeError(path.Root(attribute), "Policy Test Limit Exceeded",
		fmt.Sprintf("Policy test %s: %d %s, more than %s = %d (%d approved, %d blocked, %d errored of %d users). The change was stopped before it was applied.",
			t.ID, got.Value, what, attribute, limit.ValueInt64(), t.UsersApproved.Value, t.UsersBlocked.Value, t.UsersErrored.Value, t.TotalUsers.Value))
	return true
}

func testNotFoundRemoved(diags *diag.Diagnostics, accountID, testID string) {
	diags.AddWarning("Policy Test Not Found",
		fmt.Sprintf("Cloudflare no longer knows policy test %s in account %s (it may have expired). It was removed from state; the next apply starts a new test.", testID, accountID))
}

func testMaybeGone(diags *diag.Diagnostics, accountID, testID string, err error) {
	diags.AddError("Policy Test May No Longer Exist",
		fmt.Sprintf("Reading policy test %s in account %s failed with an answer that suggests Cloudflare no longer knows it (it may have expired):\n\n%v\n\n"+
			"The test stays in state, since only an HTTP 404 proves it is gone. If it is gone, either forget it with "+
			"`terraform state rm <address of this resource>` (the next apply starts a new test), or start a new one at once with "+
			"`terraform apply -replace=<address of this resource>`. If the test should still exist, check the id and the account.",
			testID, accountID, err))
}

func continuingRunningTest(diags *diag.Diagnostics, testID string) {
	diags.AddWarning("Continuing the Running Policy Test",
		fmt.Sprintf("Policy test %s, started with this same configuration by the object being replaced (for example after its create timed out), was still running: "+
			"this apply continues with it instead of starting another test. Change `triggers` to force a new test.", testID))
}

func destroyOnlyForgets(diags *diag.Diagnostics) {
	diags.AddWarning("Destroying Only Forgets the Policy Test",
		"Cloudflare has no way to delete a policy test. Destroying removes it from Terraform state only; the test and its results stay in Cloudflare until they expire. No Access policy is affected.")
}

// standingRuleBroken fails on one entry of a standing rule that the list at
// side ("candidate" or "policies") violates or that its test t (nil: no
// policies) could not assess. It is an error whatever expected_* says.
func standingRuleBroken(diags *diag.Diagnostics, o ruleOutcome, side string, t *client.PolicyTest) {
	tested, lets, doesNot := "the candidate", "lets", "does not"
	if side != "candidate" {
		tested, lets, doesNot = "the tested policies", "let", "do not"
	}
	at := path.Root(o.Rule).AtListIndex(o.Index)
	head := fmt.Sprintf("%s = %q is a standing rule: it holds whatever the change, and no `expected_newly_*` entry excuses it.", at, client.CapText(o.Entry, maxDisplayBytes))
	var b strings.Builder
	switch {
	case o.Null:
		diags.AddAttributeError(at, "Standing Rule Not Assessed", fmt.Sprintf("%s is null: a standing rule's entry names a person or a domain, and the gate does not pass on a rule it could not check. "+
			"Give the entry a value, or leave it out of the list.", at))
		return
	case o.Status == ruleNotAssessed && len(o.Violators) > 0:
		n := len(o.Violators)
		fmt.Fprintf(&b, "%s The test of %s could not evaluate %d %s it matches (status `error`), so whether they get in cannot be assessed, and the gate does not pass on what it did not assess:\n", head, tested, n, plural(n, "person", "people"))
		listPeople(&b, o.Violators, true)
		fmt.Fprintf(&b, "Tested %s. Plan again once their identity can be evaluated (an error often means their identity provider could not be reached), or remove the entry.", describeTest(side, t))
		diags.AddAttributeError(at, "Standing Rule Not Assessed", b.String())
		return
	case o.Status == ruleNotAssessed:
		diags.AddAttributeError(at, "Standing Rule Not Assessed", fmt.Sprintf("%s It matches nobody the test of %s evaluated (%s), so whether they get in cannot be assessed, and the gate does not pass on what it did not assess. "+
			"Cloudflare tests only people who have logged in to Access before: have them log in once (any application), or remove the entry.", head, tested, describeTest(side, t)))
		return
	case t == nil:
		fmt.Fprintf(&b, "%s %s: no policies, which let nobody in.\n", head, capitalized(tested))
	case o.Rule == "always_approved":
		n := len(o.Violators)
		fmt.Fprintf(&b, "%s %s %s let in %d %s it matches:\n", head, capitalized(tested), doesNot, n, plural(n, "person", "people"))
		listPeople(&b, o.Violators, true)
	default:
		n := len(o.Violators)
		fmt.Fprintf(&b, "%s %s %s in %d %s it matches:\n", head, capitalized(tested), lets, n, plural(n, "person", "people"))
		listPeople(&b, o.Violators, true)
	}
	for _, e := range o.Void {
		fmt.Fprintf(&b, "exceptions[%d] for %s (owner %s) would have excepted them, but it does not apply: %s.\n", e.index, e.who.display(), ownerText(e.owner), e.void)
	}
	fmt.Fprintf(&b, "Tested %s. Fix %s; if the rule itself is wrong, change it where it is kept, under its owners' review.", describeTest(side, t), tested)
	diags.AddAttributeError(at, "Standing Rule Violated", b.String())
}

func capitalized(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// standingRulesNeedComplete fails the test data source's standing rules on a
// test that did not complete (allow_partial_results): a rule is never
// assessed on partial results.
func standingRulesNeedComplete(diags *diag.Diagnostics, rules standingRules, t *client.PolicyTest) {
	at := "always_approved"
	if len(rules.entries(rules.AlwaysApproved)) == 0 {
		at = "never_approved"
	}
	diags.AddAttributeError(path.Root(at), "Standing Rules Not Assessed",
		fmt.Sprintf("Policy test %s ended %q with %d%% of its users processed: the standing rules (`always_approved`, `never_approved`) are checked only on a complete test, "+
			"and the read does not pass on what it did not assess. Run it again, or drop `allow_partial_results` so that the read waits for the test to complete.",
			t.ID, t.Status, t.PercentUsersProcessed.Value))
}

// budgetShortfall: the tests a gate is about to start would not fit in
// what Cloudflare's budget holds for this plan until the reset. With
// `budget_shortfall = "wait"` it is a warning, and the gate waits for the
// reset; with "fail", an error, before any test starts.
func budgetShortfall(diags *diag.Diagnostics, check client.BudgetCheck, setting string) {
	if setting == client.ShortfallFail {
		diags.AddError("Rate-Limit Budget Too Small",
			"Before starting its tests: "+check.String()+". No test was started (`budget_shortfall = \"fail\"`). "+
				"Plan again after the reset, plan fewer gates at once, or set `budget_shortfall = \"wait\"` to wait for the reset.")
		return
	}
	diags.AddWarning("Waiting for Cloudflare's Rate-Limit Budget",
		"Before starting its tests: "+check.String()+". The gate waited for the reset rather than run into HTTP 429, after which Cloudflare may block the credentials for the rest of the window "+
			"(`budget_shortfall = \"fail\"` fails instead).")
}
