package policytests_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// Three pull-request pipelines plan their gates at once with the same
// credentials, so against one Cloudflare budget. Reading the budget on every
// answer, the three providers slow down before it runs out: every plan ends
// with the gate's own verdict, no request is refused, and the whole takes
// about what the budget allows. Without the headers, the same plans are
// refused and wait for Retry-After.
func TestAccPacing_ThreeGatePlansShareABudget(t *testing.T) {
	// 2 requests a second, as Cloudflare's 1,200 per 5 minutes would be 4.
	// The emulator serves one user per page, so each plan makes 24 requests
	// (2 starts, 2 status reads, 11 + 1 and 7 + 1 pages of approved users):
	// 72 in all, more than one window's quota, 36 s of the budget.
	const quota, window, perPlan = 60, 30 * time.Second, 24
	for name, silent := range map[string]bool{"with the headers": false, "without the headers": true} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t, emulator.Options{MaxPerPage: 1, Budget: emulator.Budget{Quota: quota, Window: window, Silent: silent}})
			clis := make([]*acctest.CLI, 3)
			for i := range clis {
				clis[i] = acctest.NewCLI(t, env.Config(t, "change_candidates.tf", "change.tf"))
			}
			env.ResetLog()
			outs := make([]string, len(clis))
			start := time.Now()
			var wg sync.WaitGroup
			for i, cli := range clis {
				wg.Go(func() {
					outs[i], _ = cli.Run("plan", "-no-color", "-input=false", "-var", "account_id="+acctest.AccountID, "-var", "candidate=mfa")
				})
			}
			wg.Wait()
			elapsed := time.Since(start)
			for i, out := range outs {
				if !strings.Contains(acctest.Plain(out), "This change would newly block 4 people who can get in today and are not expected: erin@example.com, frank@example.com, heidi@example.com, uma@example.com.") {
					t.Errorf("plan %d did not end with the gate's verdict:\n%s", i+1, out)
				}
			}
			served := 0
			for _, r := range env.Requests() {
				if r.Status != 429 {
					served++
				}
			}
			if served != 3*perPlan {
				t.Errorf("%d requests served, want %d", served, 3*perPlan)
			}
			ideal := time.Duration(float64(served) / quota * float64(window))
			t.Logf("%d requests served, %d refused, in %s (ideal %s)", served, env.Throttled(), elapsed.Round(time.Millisecond), ideal)
			if silent {
				if env.Throttled() == 0 {
					t.Error("without the headers no request was refused: the scenario does not exceed the budget")
				}
				return
			}
			if n := env.Throttled(); n != 0 {
				t.Errorf("%d requests refused with 429, want none", n)
			}
			if elapsed > ideal*12/10 {
				t.Errorf("took %s, more than 1.2× the %s the budget allows", elapsed.Round(time.Millisecond), ideal)
			}
		})
	}
}
