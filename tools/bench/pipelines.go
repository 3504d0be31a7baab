package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
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
	if err := b.inFlightRow(); err != nil {
		return err
	}
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

// inFlightRow: one client alone on a budget with 8 requests in flight,
// each answered after a random delay so that answers overtake each other
// (the fair-share view must not mistake that for others drawing, nor for a
// new window). Its pace against the rate the budget allows alone: (quota
// less the reserve) per window. Windows of 30 s, as the pipeline rows: the
// header's whole seconds cost up to a second a window, a tenth of a 5 s one.
func (b *bench) inFlightRow() error {
	const (
		inFlight = 8
		quota    = 1800
		window   = 30 * time.Second
		requests = 3000
	)
	fmt.Fprintf(os.Stderr, "one client, %d requests in flight, %d requests per %s…\n", inFlight, quota, window)
	emu := emulator.New(emulator.Options{Budget: emulator.Budget{Quota: quota, Window: window}})
	server := httptest.NewServer(emu)
	defer server.Close()
	// The delay goes on the way back, after the emulator counted the request
	// and wrote its Ratelimit header: answers overtake each other as on a
	// network, the budget unchanged.
	transport := &delayedAnswers{next: http.DefaultTransport, max: 100 * time.Millisecond}
	c, err := client.New(client.Config{BaseURL: server.URL + "/client/v4", APIToken: "bench", RequestsPerSecond: 1000, Transport: transport})
	if err != nil {
		return err
	}
	ctx := context.Background()
	started, err := c.StartPolicyTest(ctx, account, client.PolicyTestRequest{Policies: []client.PolicyEntry{{ID: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}}})
	if err != nil {
		return err
	}
	start := time.Now()
	var wg sync.WaitGroup
	var next atomic.Int64
	var failed atomic.Int64
	for range inFlight {
		wg.Go(func() {
			for next.Add(1) <= requests {
				if _, err := c.GetPolicyTest(ctx, account, started.ID); err != nil {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	allowed := float64(quota-quota/10) / window.Seconds()
	ideal := time.Duration(float64(requests) / allowed * float64(time.Second))
	ratio := elapsed.Seconds() / ideal.Seconds()
	b.add(row{metric: fmt.Sprintf("one client alone, %d requests in flight answered 0–100 ms late, one budget of %d requests per %s (%d requests, %d refused with 429, %d failed)",
		inFlight, quota, window, requests, emu.Throttled(), failed.Load()),
		ours:  fmt.Sprintf("%s (ideal %s at %.0f/s)", secs(elapsed), secs(ideal), allowed),
		ratio: fmt.Sprintf("%.2f× ideal", ratio), target: "0 × 429, ≤ 1.1× ideal", verdict: verdict(emu.Throttled() == 0 && failed.Load() == 0 && ratio <= 1.1)})
	return nil
}

// delayedAnswers holds each answer back a random time up to max.
type delayedAnswers struct {
	next http.RoundTripper
	max  time.Duration
}

func (d *delayedAnswers) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := d.next.RoundTrip(req)
	if err == nil {
		time.Sleep(time.Duration(rand.Int64N(int64(d.max))))
	}
	return resp, err
}
