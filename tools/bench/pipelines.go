package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// Shape of the pipelines row: three pull-request pipelines plan a gate at
// the same moment with the same credentials, against one budget of
// pipelineQuota requests per pipelineWindow (2 a second), from an emulator
// that serves one user per page, so that the plans need more than one
// window's quota.
const (
	pipelines      = 3
	pipelineQuota  = 60
	pipelineWindow = 30 * time.Second
)

// pipelineConfig: the candidate requires MFA, which locks out three of the
// sample directory's employees; no postcondition, so every plan succeeds.
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

// pipelinesRows: the three plans at once, with Cloudflare's Ratelimit
// headers and without them, against their ideal (the requests served at
// the budget's rate).
func (b *bench) pipelinesRows() error {
	for _, silent := range []bool{false, true} {
		fmt.Fprintf(os.Stderr, "%d gate plans sharing a budget (silent %v)…\n", pipelines, silent)
		emu := emulator.New(emulator.Options{MaxPerPage: 1, Budget: emulator.Budget{Quota: pipelineQuota, Window: pipelineWindow, Silent: silent}})
		env, stop, err := b.serve(emu)
		if err != nil {
			return err
		}
		dirs := make([]string, pipelines)
		for i := range dirs {
			dirs[i] = filepath.Join(b.work, fmt.Sprintf("pipeline-%v-%d", silent, i))
			if err := os.MkdirAll(dirs[i], 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(dirs[i], "main.tf"), []byte(pipelineConfig), 0o600); err != nil {
				return err
			}
		}
		start := time.Now()
		errs := make([]error, pipelines)
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
		ideal := time.Duration(float64(served) / pipelineQuota * float64(pipelineWindow))
		headers, target := "with Ratelimit headers", "0 × 429, ≤ 1.2× ideal"
		ok := emu.Throttled() == 0 && elapsed <= ideal*12/10
		if silent {
			headers, target, ok = "without them", "(for comparison)", true
		}
		b.add(row{metric: fmt.Sprintf("%d gate plans at once, one budget of %d requests per %s, %s (%d requests served, %d refused with 429)",
			pipelines, pipelineQuota, pipelineWindow, headers, served, emu.Throttled()),
			ours:  fmt.Sprintf("%s (ideal %s)", secs(elapsed), secs(ideal)),
			ratio: fmt.Sprintf("%.2f× ideal", elapsed.Seconds()/ideal.Seconds()), target: target, verdict: verdict(ok)})
	}
	return nil
}
