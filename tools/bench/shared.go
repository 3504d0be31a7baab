package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// sharedApplications is the shared-policy scenario on 20 applications:
// 15 use the changed policy, in three distinct lists (five each), so each
// distinct list's two tests serve five gates.
const sharedApplications = 20

const sharedTestDuration = 2 * time.Second

// sharedRows: the 20-application plan of examples/scenarios/shared-policy,
// with the provider as built and with a build whose gates do not share
// their tests (-X …shareTests=off), interleaved, at the default
// requests_per_second.
func (b *bench) sharedRows() error {
	fmt.Fprintf(os.Stderr, "shared-policy plan on %d applications…\n", sharedApplications)
	unshared := filepath.Join(b.work, "unshared", "terraform-provider-cloudflarezt")
	if err := releaseBuild(unshared, ".", "-X github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/resources/policytests.shareTests=off"); err != nil {
		return err
	}
	if err := b.writeCLIConfig(filepath.Dir(unshared), filepath.Join(b.work, "minimal"), "cli-unshared.tfrc"); err != nil {
		return err
	}
	emu := emulator.New(emulator.Options{CompleteAfter: sharedTestDuration})
	served, stop, err := b.serve(emu)
	if err != nil {
		return err
	}
	defer stop()

	config, err := os.ReadFile(filepath.Join("examples", "scenarios", "shared-policy", "main.tf"))
	if err != nil {
		return err
	}
	const employees, embargo = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e"
	lists := [][]string{{employees, embargo}, {embargo, employees}, {employees}, {embargo}}
	apps := map[string][]string{}
	for i := range sharedApplications {
		apps[fmt.Sprintf("app-%02d", i)] = lists[i%len(lists)]
	}
	vars, err := json.Marshal(map[string]any{"account_id": account, "applications": apps})
	if err != nil {
		return err
	}
	env := func(tfrc string) []string {
		out := slices.DeleteFunc(slices.Clone(served), func(kv string) bool { return strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=") })
		return append(out, "TF_CLI_CONFIG_FILE="+filepath.Join(b.work, tfrc))
	}
	subjects := []struct{ name, tfrc string }{{"shared", "cli.tfrc"}, {"unshared", "cli-unshared.tfrc"}}
	var runs []run
	requests, starts := make([]int, len(subjects)), make([]int, len(subjects))
	for i, s := range subjects {
		dir := filepath.Join(b.work, "shared-policy-"+s.name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), append([]byte(gateProviders), config...), 0o600); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "terraform.tfvars.json"), vars, 0o600); err != nil {
			return err
		}
		runs = append(runs, run{dir: dir, env: env(s.tfrc), args: []string{"plan", "-no-color", "-input=false"}, failOK: true,
			prepare: func() error { emu.ResetLog(); return nil },
			done:    func() { requests[i], starts[i] = len(emu.Requests()), len(emu.Starts()) }})
	}
	times, err := b.interleaved(max(3, b.reps/2), runs)
	if err != nil {
		return err
	}
	ratio := times[0].Seconds() / times[1].Seconds()
	b.add(row{metric: fmt.Sprintf("shared-policy plan, %d applications (15 gates, 3 distinct lists), tests of %s, 4 req/s", sharedApplications, sharedTestDuration),
		ours:   fmt.Sprintf("%s, %d requests (%d tests)", secs(times[0]), requests[0], starts[0]),
		data:   fmt.Sprintf("without sharing: %s, %d requests (%d tests)", secs(times[1]), requests[1], starts[1]),
		ratio:  fmt.Sprintf("%.2f× the time, %.2f× the requests", ratio, float64(requests[0])/float64(requests[1])),
		target: "fewer requests, no slower", verdict: verdict(requests[0] < requests[1] && ratio <= 1.0)})
	return nil
}
