package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// pipelineCase: plans gate plans start at the same moment with the same
// credentials, against one budget of quota requests per window. The
// emulator serves one user per page, so that the plans together need two
// windows or more.
type pipelineCase struct {
	plans  int
	quota  int
	window time.Duration
}

var pipelineCases = []pipelineCase{
	{plans: 3, quota: 24, window: 20 * time.Second},
	{plans: 6, quota: 48, window: 30 * time.Second},
	{plans: 10, quota: 60, window: 30 * time.Second},
}

// pipelineConfig: the candidate requires MFA, which locks out four of the
// sample directory's people; no postcondition, so every plan succeeds.
const pipelineConfig = gateProviders + `data "cloudflarezt_access_policy_change" "gate" {
  account_id = "` + account + `"
  current = [{
    name     = "Employees"
    decision = "allow"
    include  = [{ email_domain = { domain = "example.com" } }]
  }]
  candidate = [{
    name     = "Employees with MFA"
    decision = "allow"
    include  = [{ email_domain = { domain = "example.com" } }]
    require  = [{ auth_method = { auth_method = "mfa" } }]
  }]
}
output "newly_blocked" {
  value = data.cloudflarezt_access_policy_change.gate.newly_blocked_count
}
`

// pipelinesRows: each case with Cloudflare's Ratelimit headers and without
// them, against the ideal (the requests served at the budget's rate) and
// the bound (1.3 × ideal + one window).
func (b *bench) pipelinesRows() error {
	for _, c := range pipelineCases {
		for _, silent := range []bool{false, true} {
			if err := b.pipelineRow(c, silent); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *bench) pipelineRow(c pipelineCase, silent bool) error {
	fmt.Fprintf(os.Stderr, "%d gate plans sharing %d requests per %s (silent %v)…\n", c.plans, c.quota, c.window, silent)
	emu := emulator.New(emulator.Options{MaxPerPage: 1, Budget: emulator.Budget{Quota: c.quota, Window: c.window, Silent: silent}})
	env, stop, err := b.serve(emu)
	if err != nil {
		return err
	}
	dirs := make([]string, c.plans)
	for i := range dirs {
		dirs[i] = filepath.Join(b.work, fmt.Sprintf("pipeline-%d-%v-%d", c.plans, silent, i))
		if err := os.MkdirAll(dirs[i], 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dirs[i], "main.tf"), []byte(pipelineConfig), 0o600); err != nil {
			return err
		}
	}
	start := time.Now()
	errs := make([]error, c.plans)
	var wg sync.WaitGroup
	for i, dir := range dirs {
		wg.Go(func() { _, errs[i] = b.tf(dir, env, "plan", "-no-color", "-input=false") })
	}
	wg.Wait()
	elapsed := time.Since(start)
	stop()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	served := len(emu.Requests()) - emu.Throttled()
	ideal := time.Duration(float64(served) / float64(c.quota) * float64(c.window))
	bound := ideal*13/10 + c.window
	headers, target := "with Ratelimit headers", fmt.Sprintf("0 × 429, ≤ 1.3× ideal + %s = %s", c.window, secs(bound))
	ok := emu.Throttled() == 0 && elapsed <= bound
	if silent {
		headers, target, ok = "without them", "(for comparison)", true
	}
	b.add(row{metric: fmt.Sprintf("%d gate plans at once, one budget of %d requests per %s, %s (%d requests served, %d refused with 429)",
		c.plans, c.quota, c.window, headers, served, emu.Throttled()),
		ours:  fmt.Sprintf("%s (ideal %s)", secs(elapsed), secs(ideal)),
		ratio: fmt.Sprintf("%.2f× ideal", elapsed.Seconds()/ideal.Seconds()), target: target, verdict: verdict(ok)})
	return nil
}
