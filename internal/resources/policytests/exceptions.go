package policytests

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// Exceptions relax a standing rule for named people until a date, with an
// owner and a reason: "this contractor may reach payroll until the audit
// ends". In force, the people an exception matches are excepted from the
// rule's violators and reported; close to its date it warns on every plan;
// past it, or without an owner, a reason or a readable date, it is void and
// the rule applies, and a broken rule says whose exception it was.

// defaultExceptionWarningDays is how long before its date an exception
// warns, unless exception_warning_days says otherwise.
const defaultExceptionWarningDays = 14

// exceptionModel is one element of exceptions.
type exceptionModel struct {
	Who     types.String `tfsdk:"who"`
	Rule    types.String `tfsdk:"rule"`
	Reason  types.String `tfsdk:"reason"`
	Owner   types.String `tfsdk:"owner"`
	Expires types.String `tfsdk:"expires"`
	Ticket  types.String `tfsdk:"ticket"`
}

// exception is an element of exceptions, read.
type exception struct {
	index                       int
	who                         expectation
	rule, reason, owner, ticket string
	expiresText                 string
	expires                     time.Time
	// void says why the exception does not apply ("" when it may).
	void string
	// used: it excepted someone in this test.
	used bool
}

// excepted is a person an exception took out of a rule's violators.
type excepted struct {
	person client.PolicyTestUser
	by     *exception
}

// parseExpiry reads an RFC 3339 date (the exception holds through that day,
// UTC) or date and time.
func parseExpiry(s string) (time.Time, error) {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d.AddDate(0, 0, 1), nil
	}
	return time.Parse(time.RFC3339, s)
}

// exceptions reads the configured exceptions; unknown ones (known only at
// apply) are left out, as unknown rule entries are.
func (r standingRules) exceptions(now time.Time) []*exception {
	var out []*exception
	for i, m := range r.Exceptions {
		if m.Who.IsUnknown() || m.Rule.IsUnknown() || m.Reason.IsUnknown() || m.Owner.IsUnknown() || m.Expires.IsUnknown() || m.Ticket.IsUnknown() {
			continue
		}
		e := &exception{index: i, who: expectation(m.Who.ValueString()), rule: m.Rule.ValueString(),
			reason: strings.TrimSpace(m.Reason.ValueString()), owner: strings.TrimSpace(m.Owner.ValueString()),
			ticket: m.Ticket.ValueString(), expiresText: m.Expires.ValueString()}
		expires, err := parseExpiry(e.expiresText)
		switch {
		case err != nil:
			e.void = fmt.Sprintf("`expires` = %q is not an RFC 3339 date (2027-01-31) or date and time (2027-01-31T18:00:00Z)", client.CapText(e.expiresText, 64))
		case e.owner == "":
			e.void = "it names no `owner`"
		case e.reason == "":
			e.void = "it gives no `reason`"
		case !now.Before(expires):
			e.void = "it expired on " + e.expiresText
		}
		e.expires = expires
		out = append(out, e)
	}
	return out
}

// warningDays is exception_warning_days, or its default.
func (r standingRules) warningDays() int64 {
	if r.ExceptionWarningDays.IsNull() || r.ExceptionWarningDays.IsUnknown() {
		return defaultExceptionWarningDays
	}
	return r.ExceptionWarningDays.ValueInt64()
}

// applyExceptions takes the people an exception in force matches out of the
// violators of the outcomes of its rule (an outcome left without violators
// is excepted), notes the void ones a violator would have matched, and
// warns of exceptions expiring, void, overlapping or (when the rules were
// checked on a test) unused.
func (r standingRules) applyExceptions(outcomes []ruleOutcome, now time.Time, diags *diag.Diagnostics, tested bool) {
	all := r.exceptions(now)
	if len(all) == 0 {
		return
	}
	// The exception that applies to a person: the one in force with the
	// latest date among those that match them under the rule.
	applies := func(rule string, p client.PolicyTestUser) (in *exception, void []*exception) {
		for _, e := range all {
			if e.rule != rule || !e.who.matches(p) {
				continue
			}
			if e.void != "" {
				void = append(void, e)
				continue
			}
			if in == nil || e.expires.After(in.expires) {
				in = e
			}
		}
		return in, void
	}
	for i := range outcomes {
		o := &outcomes[i]
		if o.Status == ruleKept || len(o.Violators) == 0 {
			continue
		}
		var left []client.PolicyTestUser
		for _, p := range o.Violators {
			e, void := applies(o.Rule, p)
			if e == nil {
				left = append(left, p)
				o.Void = append(o.Void, void...)
				continue
			}
			e.used = true
			o.Excepted = append(o.Excepted, excepted{person: p, by: e})
		}
		o.Violators = left
		if len(left) == 0 {
			o.Status = ruleExcepted
		}
		o.Void = uniqueExceptions(o.Void)
	}
	warnDays := r.warningDays()
	overlapping := map[string][]*exception{}
	w := exceptionWarnings{diags: diags}
	defer w.flush()
	for _, e := range all {
		at := path.Root("exceptions").AtListIndex(e.index)
		overlapping[e.rule+"\x00"+strings.ToLower(string(e.who))] = append(overlapping[e.rule+"\x00"+strings.ToLower(string(e.who))], e)
		switch {
		case e.void != "":
			w.add(at, "Exception Void",
				fmt.Sprintf("The exception for %s under %s (owner %s) does not apply: %s. The rule holds for them as if it were not there; renew it with an owner, a reason and a date, or remove it.",
					e.who.display(), e.rule, ownerText(e.owner), e.void))
		case !e.used && !r.covers(e):
			w.add(at, "Exception Unused",
				fmt.Sprintf("The exception for %s under %s (owner %s, until %s) excepts nobody: no entry of %s names them. Remove it, or correct `who` or `rule`.",
					e.who.display(), e.rule, ownerText(e.owner), e.expiresText, e.rule))
		case !e.used && tested:
			w.add(at, "Exception Unused",
				fmt.Sprintf("The exception for %s under %s (owner %s, until %s) excepted nobody in this test: nobody it matches broke the rule. Remove it once it is no longer needed.",
					e.who.display(), e.rule, ownerText(e.owner), e.expiresText))
		}
		if e.void == "" && e.expires.Sub(now) <= time.Duration(warnDays)*24*time.Hour {
			w.add(at, "Exception Expiring",
				fmt.Sprintf("The exception for %s under %s, owned by %s (%s%s), expires on %s, in %s: after that the rule holds for them again. Renew it, or fix what it covers.",
					e.who.display(), e.rule, ownerText(e.owner), reasonText(e.reason), ticketText(e.ticket), e.expiresText, roundDays(e.expires.Sub(now))))
		}
	}
	keys := make([]string, 0, len(overlapping))
	for k := range overlapping {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		group := overlapping[k]
		if len(group) < 2 {
			continue
		}
		var latest *exception
		var listed []string
		for _, e := range group {
			listed = append(listed, fmt.Sprintf("exceptions[%d] (until %s, owner %s)", e.index, e.expiresText, ownerText(e.owner)))
			if e.void == "" && (latest == nil || e.expires.After(latest.expires)) {
				latest = e
			}
		}
		which := "none is in force"
		if latest != nil {
			which = fmt.Sprintf("exceptions[%d], the latest in force, applies", latest.index)
		}
		w.add(path.Root("exceptions").AtListIndex(group[0].index), "Exceptions Overlap",
			fmt.Sprintf("%s under %s has %d exceptions: %s; %s.", group[0].who.display(), group[0].rule, len(group), strings.Join(listed, ", "), which))
	}
	for _, o := range outcomes {
		if len(o.Excepted) > 0 {
			exceptedWarning(diags, o)
		}
	}
}

// covers reports whether an entry of e's rule names someone e names: the
// same address or domain, or a domain that holds e's address.
func (r standingRules) covers(e *exception) bool {
	values := r.AlwaysApproved
	if e.rule == "never_approved" {
		values = r.NeverApproved
	}
	who := strings.ToLower(string(e.who))
	for _, v := range values {
		entry := strings.ToLower(v.ValueString())
		if v.IsUnknown() || entry == who || (strings.HasPrefix(entry, "*@") && strings.HasSuffix(who, entry[1:])) {
			return true
		}
	}
	return false
}

// maxExceptionWarnings bounds the warnings of one kind: a list of
// thousands of exceptions gets that many, then one that counts the rest.
const maxExceptionWarnings = 10

// exceptionWarnings adds warnings, at most maxExceptionWarnings of a kind.
type exceptionWarnings struct {
	diags *diag.Diagnostics
	count map[string]int
	order []string
}

func (w *exceptionWarnings) add(at path.Path, summary, detail string) {
	if w.count == nil {
		w.count = map[string]int{}
	}
	if w.count[summary] == 0 {
		w.order = append(w.order, summary)
	}
	w.count[summary]++
	if w.count[summary] <= maxExceptionWarnings {
		w.diags.AddAttributeWarning(at, summary, detail)
	}
}

func (w *exceptionWarnings) flush() {
	for _, summary := range w.order {
		if more := w.count[summary] - maxExceptionWarnings; more > 0 {
			w.diags.AddAttributeWarning(path.Root("exceptions"), summary,
				fmt.Sprintf("And %d more exceptions like the %d above (%d in all).", more, maxExceptionWarnings, w.count[summary]))
		}
	}
}

// exceptedWarning reports the people an outcome's exceptions took out of
// the rule: the ephemeral gate and the actions keep nothing else.
func exceptedWarning(diags *diag.Diagnostics, o ruleOutcome) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s = %q: %d %s the rule would otherwise count against it, excepted until their exception's date:\n",
		path.Root(o.Rule).AtListIndex(o.Index), client.CapText(o.Entry, maxDisplayBytes), len(o.Excepted), plural(len(o.Excepted), "person", "people"))
	for i, x := range o.Excepted {
		if i == maxNamed {
			fmt.Fprintf(&b, "- and %d more\n", len(o.Excepted)-maxNamed)
			break
		}
		fmt.Fprintf(&b, "- %s: exceptions[%d], owner %s, until %s: %s%s\n", personLine(x.person, true), x.by.index, ownerText(x.by.owner), x.by.expiresText,
			reasonText(x.by.reason), ticketText(x.by.ticket))
	}
	diags.AddAttributeWarning(path.Root(o.Rule).AtListIndex(o.Index), "Standing Rule Excepted", strings.TrimRight(b.String(), "\n"))
}

func uniqueExceptions(in []*exception) []*exception {
	seen := map[*exception]bool{}
	var out []*exception
	for _, e := range in {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

// ownerText, reasonText and ticketText are what messages show of them:
// one line, capped.
func ownerText(owner string) string {
	if owner == "" {
		return "none"
	}
	return oneLine(client.CapText(owner, maxDisplayBytes), false)
}

func reasonText(reason string) string { return oneLine(client.CapText(reason, maxDisplayBytes), false) }

func ticketText(ticket string) string {
	if ticket == "" {
		return ""
	}
	return ", ticket " + oneLine(client.CapText(ticket, maxDisplayBytes), false)
}

func roundDays(d time.Duration) string {
	days := int(d.Hours() / 24)
	if days < 1 {
		return "less than a day"
	}
	return fmt.Sprintf("%d %s", days, plural(days, "day", "days"))
}

// display is an entry as messages show it.
func (e expectation) display() string {
	return oneLine(client.CapText(string(e), maxDisplayBytes), true)
}
