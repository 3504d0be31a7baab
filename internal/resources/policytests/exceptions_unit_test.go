package policytests

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// exceptionOf is an exception owned by the security team.
func exceptionOf(who, rule, reason, expires string) exceptionModel {
	return exceptionModel{Who: types.StringValue(who), Rule: types.StringValue(rule), Reason: types.StringValue(reason),
		Owner: types.StringValue("security"), Expires: types.StringValue(expires), Ticket: types.StringNull()}
}

var (
	pat = client.PolicyTestUser{ID: "u1", Email: "pat@example.com", Name: "Pat"}
	kim = client.PolicyTestUser{ID: "u2", Email: "kim@contractors.example.com", Name: "Kim"}
)

// The exceptions' reading: dates with and without a time, void ones, the
// later of two applying, and the rest of the violators left.
func TestApplyExceptions(t *testing.T) {
	now := time.Date(2027, 1, 20, 12, 0, 0, 0, time.UTC)
	rules := standingRules{
		NeverApproved: []types.String{types.StringValue("*@contractors.example.com")},
		Exceptions: []exceptionModel{
			exceptionOf("kim@contractors.example.com", "never_approved", "Audit", "2027-01-19"), // expired yesterday
			exceptionOf("KIM@contractors.example.com", "never_approved", "Audit", "2027-01-31"), // in force through the 31st
			exceptionOf("*@contractors.example.com", "always_approved", "Wrong rule", "2027-03-01"),
			exceptionOf("lee@contractors.example.com", "never_approved", "", "2027-03-01T10:00:00Z"), // no reason
		},
	}
	outcomes := []ruleOutcome{{Rule: "never_approved", Index: 0, Entry: "*@contractors.example.com", Status: ruleViolated, Violators: []client.PolicyTestUser{kim, pat}}}
	var diags diag.Diagnostics
	rules.applyExceptions(outcomes, now, &diags, true)
	o := outcomes[0]
	if o.Status != ruleViolated || len(o.Violators) != 1 || o.Violators[0] != pat || len(o.Excepted) != 1 || o.Excepted[0].by.index != 1 {
		t.Fatalf("outcome %+v: want pat left, kim excepted by exceptions[1]", o)
	}
	var got []string
	for _, d := range diags {
		got = append(got, d.Summary())
	}
	want := []string{"Exception Void", "Exception Expiring", "Exception Unused", "Exception Void", "Exceptions Overlap", "Standing Rule Excepted"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("warnings %v, want %v", got, want)
	}
	// Everyone excepted: the entry is excepted, which does not fail.
	outcomes = []ruleOutcome{{Rule: "never_approved", Entry: "*@contractors.example.com", Status: ruleViolated, Violators: []client.PolicyTestUser{kim}}}
	rules.applyExceptions(outcomes, now, &diag.Diagnostics{}, true)
	if outcomes[0].Status != ruleExcepted || outcomes[0].failed() {
		t.Errorf("outcome %+v: want excepted, not failed", outcomes[0])
	}
	// After the 31st, the rule holds again, naming the void exceptions.
	outcomes = []ruleOutcome{{Rule: "never_approved", Entry: "*@contractors.example.com", Status: ruleViolated, Violators: []client.PolicyTestUser{kim}}}
	rules.applyExceptions(outcomes, time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), &diag.Diagnostics{}, true)
	if outcomes[0].Status != ruleViolated || len(outcomes[0].Void) != 2 {
		t.Errorf("outcome %+v: want violated, with both of kim's exceptions void", outcomes[0])
	}
}

// Ten thousand exceptions: the work is the violators times the exceptions,
// and the warnings stay a handful.
func TestApplyExceptions_Many(t *testing.T) {
	rules := standingRules{AlwaysApproved: []types.String{types.StringValue("*@example.com")}}
	for i := range 10_000 {
		rules.Exceptions = append(rules.Exceptions, exceptionOf(fmt.Sprintf("p%d@example.com", i), "always_approved", "Audit", "2027-01-25"))
	}
	var violators []client.PolicyTestUser
	for i := range 100 {
		violators = append(violators, client.PolicyTestUser{ID: fmt.Sprint(i), Email: fmt.Sprintf("p%d@example.com", i*2)})
	}
	outcomes := []ruleOutcome{{Rule: "always_approved", Entry: "*@example.com", Status: ruleViolated, Violators: violators}}
	var diags diag.Diagnostics
	rules.applyExceptions(outcomes, time.Date(2027, 1, 20, 0, 0, 0, 0, time.UTC), &diags, true)
	if outcomes[0].Status != ruleExcepted || len(outcomes[0].Excepted) != 100 {
		t.Fatalf("status %s, %d excepted: want all 100 excepted", outcomes[0].Status, len(outcomes[0].Excepted))
	}
	// Expiring (10 and a count) and unused (10 and a count), the excepted
	// people's one warning.
	if n := len(diags); n != 2*(maxExceptionWarnings+1)+1 {
		t.Errorf("%d warnings for 10,000 exceptions, want %d", n, 2*(maxExceptionWarnings+1)+1)
	}
	var details []string
	for _, d := range diags {
		details = append(details, d.Summary()+": "+d.Detail())
	}
	all := strings.Join(details, "\n")
	for _, want := range []string{"Exception Expiring: And 9990 more exceptions like the 10 above (10000 in all).", "Exception Unused: And 9890 more exceptions like the 10 above (9900 in all)."} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q among the warnings:\n%s", want, all)
		}
	}
}
