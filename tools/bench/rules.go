package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// Standing rules on 100,000 users, each gate plan interleaved with the same
// gate without rules. The API lists users by outcome only, so a rule costs
// nothing when the comparison already lists the outcome it needs, and one
// listing of the other outcome when it does not:
//   - an application for a minority (cohort 1, widened to cohorts 1 and 2):
//     the comparison lists the approved users, which decide never_approved;
//   - the whole workforce (the gate row's change): the comparison lists the
//     few blocked and errored users, which find always_approved's
//     violators, but an entry the candidate lets in is assessed only by the
//     approved users, listed for it.
const rulesUsers = 100_000

func rulesGate(current, candidate, extra string) string {
	return gateProviders + `data "cloudflarezt_access_policy_change" "gate" {
  account_id = "` + account + `"
  current    = [` + current + `]
  candidate  = [` + candidate + `]
  expected_newly_blocked  = ["*@example.com"]
  expected_newly_approved = ["*@example.com", "*@contractors.example.com"]
` + extra + `}
`
}

const (
	minorityCurrent   = `{ name = "Cohort 1", decision = "allow", include = [{ group = { id = "cohort-1" } }] }`
	minorityCandidate = `{ name = "Cohorts 1 and 2", decision = "allow", include = [{ group = { id = "cohort-1" } }, { group = { id = "cohort-2" } }] }`
	workforceCurrent  = `{ name = "Employees", decision = "allow", include = [{ email_domain = { domain = "example.com" } }] }`
	workforceCandid   = `{ name = "Employees but cohort 0, and contractors of cohort 11", decision = "allow", include = [{ email_domain = { domain = "example.com" } }, { group = { id = "cohort-11" } }], exclude = [{ group = { id = "cohort-0" } }] }`
	neverContractors  = `  never_approved = ["*@contractors.example.com"]
`
	alwaysTwo = `  always_approved = ["user00001@example.com", "user00002@example.com"]
`
)

func (b *bench) rulesRows() error {
	fmt.Fprintf(os.Stderr, "standing rules on %d users…\n", rulesUsers)
	emu := emulator.New(emulator.Options{Directory: emulator.Generated(rulesUsers), CompleteAfter: gateTestDuration})
	env, stop, err := b.serve(emu)
	if err != nil {
		return err
	}
	defer stop()
	subjects := []struct{ name, config string }{
		{"rules-minority-none", rulesGate(minorityCurrent, minorityCandidate, "")},
		{"rules-minority-never", rulesGate(minorityCurrent, minorityCandidate, neverContractors)},
		{"rules-workforce-none", rulesGate(workforceCurrent, workforceCandid, "")},
		{"rules-workforce-always", rulesGate(workforceCurrent, workforceCandid, alwaysTwo)},
	}
	var runs []run
	requests := make([]int, len(subjects))
	for i, s := range subjects {
		dir := filepath.Join(b.work, s.name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(s.config), 0o600); err != nil {
			return err
		}
		runs = append(runs, run{dir: dir, env: env, args: []string{"plan", "-no-color", "-input=false"}, prepare: func() error { emu.ResetLog(); return nil },
			done: func() { requests[i] = len(emu.Requests()) }})
	}
	times, err := b.interleaved(max(3, b.reps/2), runs)
	if err != nil {
		return err
	}
	for _, pair := range []struct {
		what       string
		none, with int
		target     string
	}{
		{"never_approved decided by the approved users the comparison lists (an application for cohorts 1–2)", 0, 1, "≤ 1.05× without, same requests"},
		{"always_approved of two people the candidate lets in (the whole workforce: the comparison lists only the blocked)", 2, 3, "≤ 1.05× without (the issue's target)"},
	} {
		ratio := times[pair.with].Seconds() / times[pair.none].Seconds()
		ok := ratio <= 1.05
		if pair.none == 0 {
			ok = ok && requests[pair.with] == requests[pair.none]
		}
		b.add(row{metric: fmt.Sprintf("gate with standing rules, %d users: %s (%d requests; %d without)", rulesUsers, pair.what, requests[pair.with], requests[pair.none]),
			ours:  fmt.Sprintf("%s (without %s)", secs(times[pair.with]), secs(times[pair.none])),
			ratio: fmt.Sprintf("%.2f× without", ratio), target: pair.target, verdict: verdict(ok)})
	}
	return nil
}
