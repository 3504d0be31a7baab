package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// Shape of the gate row: a directory of gateUsers, tests that run for
// gateTestDuration, and a candidate that changes 2,000 people's access.
const (
	gateUsers        = 20_000
	gateTestDuration = 5 * time.Second
	gateRPS          = 4 // the provider's default requests_per_second
)

// gateConfig: today employees get in; the candidate shuts out cohort-0
// (1,000 employees) and lets in cohort-11 (1,000 contractors).
const gateConfig = `terraform {
  required_providers {
    cloudflarezt = { source = "cloudflarezt/cloudflarezt" }
  }
}
data "cloudflarezt_access_policy_change" "gate" {
  account_id = "` + account + `"
  current = [{
    name     = "Employees"
    decision = "allow"
    include  = [{ email_domain = { domain = "example.com" } }]
  }]
  candidate = [{
    name     = "Employees but cohort 0, and contractors of cohort 11"
    decision = "allow"
    include  = [{ email_domain = { domain = "example.com" } }, { group = { id = "cohort-11" } }]
    exclude  = [{ group = { id = "cohort-0" } }]
  }]
}
output "changed" {
  value = [data.cloudflarezt_access_policy_change.gate.newly_blocked_count, data.cloudflarezt_access_policy_change.gate.newly_approved_count]
}
`

// gateRow: one pull-request gate plan on a 20,000-user directory with 2,000
// changed people, against its ideal: the test's own duration (both tests
// run at once) plus the user pages it reads at the default pace.
func (b *bench) gateRow() error {
	fmt.Fprintf(os.Stderr, "gate plan on %d users…\n", gateUsers)
	emu := emulator.New(emulator.Options{Directory: emulator.Generated(gateUsers), CompleteAfter: gateTestDuration})
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	server := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = server.Serve(listener) }()
	defer func() { _ = server.Shutdown(context.Background()) }()
	env := make([]string, 0, len(b.env)+1)
	for _, kv := range b.env {
		if !strings.HasPrefix(kv, "CLOUDFLARE_BASE_URL=") {
			env = append(env, kv)
		}
	}
	env = append(env, "CLOUDFLARE_BASE_URL=http://"+listener.Addr().String()+"/client/v4")
	dir := filepath.Join(b.work, "gate")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(gateConfig), 0o600); err != nil {
		return err
	}
	var times []time.Duration
	var requests, pages int
	for range max(3, b.reps/2) {
		emu.ResetLog()
		d, err := b.tf(dir, env, "plan", "-no-color", "-input=false")
		if err != nil {
			return err
		}
		times = append(times, d)
		requests = len(emu.Requests())
		pages = len(emu.RequestsMatching(http.MethodGet, "/users"))
	}
	ideal := gateTestDuration + time.Duration(float64(pages)/gateRPS*float64(time.Second))
	elapsed := median(times)
	ratio := elapsed.Seconds() / ideal.Seconds()
	b.add(row{metric: fmt.Sprintf("gate plan: %d users, 2,000 changed, tests of %s (%d requests, %d user pages)", gateUsers, gateTestDuration, requests, pages),
		ours:  fmt.Sprintf("%s (ideal %s)", secs(elapsed), secs(ideal)),
		ratio: fmt.Sprintf("%.2f× ideal", ratio), target: "≤ 1.2× ideal", verdict: verdict(ratio <= 1.2)})
	return nil
}
