package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// Shape of the gate row: a directory of gateUsers, tests that run for
// gateTestDuration, and a candidate that changes 2,000 people's access.
const (
	gateUsers        = 20_000
	gateTestDuration = 5 * time.Second
	gateRPS          = 4 // the provider's default requests_per_second
)

// gateInputs: today employees get in; the candidate shuts out cohort-0
// (1,000 employees) and lets in cohort-11 (1,000 contractors), as reviewed.
const gateInputs = `
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
  expected_newly_blocked  = ["*@example.com"]
  expected_newly_approved = ["*@contractors.example.com"]
`

const gateProviders = `terraform {
  required_providers {
    cloudflarezt = { source = "cloudflarezt/cloudflarezt" }
  }
}
`

// gateConfig is the data-source gate; ephemeralGateConfig the ephemeral
// one, with a check block on its counts since an ephemeral value makes no
// output.
const (
	gateConfig = gateProviders + `data "cloudflarezt_access_policy_change" "gate" {` + gateInputs + `}
output "changed" {
  value = [data.cloudflarezt_access_policy_change.gate.newly_blocked_count, data.cloudflarezt_access_policy_change.gate.newly_approved_count]
}
`
	ephemeralGateConfig = gateProviders + `ephemeral "cloudflarezt_access_policy_change" "gate" {` + gateInputs + `}
check "changed" {
  assert {
    condition     = ephemeral.cloudflarezt_access_policy_change.gate.newly_blocked_count + ephemeral.cloudflarezt_access_policy_change.gate.newly_approved_count == 2000
    error_message = "The gate did not see the 2,000 changed people."
  }
}
`
)

// gateRows: pull-request gate plans on a 20,000-user directory with 2,000
// changed people, the data source's against its ideal (the test's own
// duration, both tests running at once, plus the user pages it reads at the
// default pace), and, with a CLI that has ephemeral resources, the
// ephemeral gate's against the data source's, interleaved.
func (b *bench) gateRows() error {
	fmt.Fprintf(os.Stderr, "gate plans on %d users…\n", gateUsers)
	emu := emulator.New(emulator.Options{Directory: emulator.Generated(gateUsers), CompleteAfter: gateTestDuration})
	env, stop, err := b.serve(emu)
	if err != nil {
		return err
	}
	defer stop()
	gates := []struct{ name, config string }{{"gate", gateConfig}}
	if b.hasEphemeral() {
		gates = append(gates, struct{ name, config string }{"gate-ephemeral", ephemeralGateConfig})
	}
	var runs []run
	requests := make([]int, len(gates))
	pages := make([]int, len(gates))
	starts := make([]int, len(gates))
	for i, g := range gates {
		dir := filepath.Join(b.work, g.name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(g.config), 0o600); err != nil {
			return err
		}
		runs = append(runs, run{dir: dir, env: env, args: []string{"plan", "-no-color", "-input=false"}, prepare: func() error { emu.ResetLog(); return nil },
			done: func() {
				requests[i], pages[i], starts[i] = len(emu.Requests()), len(emu.RequestsMatching(http.MethodGet, "/users")), len(emu.Starts())
			}})
	}
	times, err := b.interleaved(max(3, b.reps/2), runs)
	if err != nil {
		return err
	}
	ideal := gateTestDuration + time.Duration(float64(pages[0])/gateRPS*float64(time.Second))
	ratio := times[0].Seconds() / ideal.Seconds()
	b.add(row{metric: fmt.Sprintf("gate plan: %d users, 2,000 changed, tests of %s (%d requests, %d user pages)", gateUsers, gateTestDuration, requests[0], pages[0]),
		ours:  fmt.Sprintf("%s (ideal %s)", secs(times[0]), secs(ideal)),
		ratio: fmt.Sprintf("%.2f× ideal", ratio), target: "≤ 1.2× ideal", verdict: verdict(ratio <= 1.2)})
	if len(gates) == 2 {
		// Starts and user pages are the work; status reads follow each
		// test's timing and may differ by one either way.
		ratio := times[1].Seconds() / times[0].Seconds()
		b.add(row{metric: fmt.Sprintf("ephemeral gate plan, same directory (%d requests, %d user pages)", requests[1], pages[1]),
			ours:  fmt.Sprintf("%s (data source %s)", secs(times[1]), secs(times[0])),
			ratio: fmt.Sprintf("%.2f× data source", ratio), target: "≤ 1.05× data source, same starts and pages",
			verdict: verdict(ratio <= 1.05 && pages[1] == pages[0] && starts[1] == starts[0])})
	}
	return nil
}

// hasEphemeral says whether the benchmark's Terraform has ephemeral
// resources (1.10 and later).
func (b *bench) hasEphemeral() bool {
	out, err := exec.Command(b.terraform, "version", "-json").Output()
	if err != nil {
		return false
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if json.Unmarshal(out, &v) != nil {
		return false
	}
	got, err := version.NewVersion(v.Version)
	return err == nil && !got.LessThan(version.Must(version.NewVersion("1.10.0")))
}
