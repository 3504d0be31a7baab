package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The official provider side by side (make bench-peer): the same policy
// lists as cloudflarezt_access_policy_test and as the official provider's
// cloudflare_zero_trust_access_policy, planned with nothing in state (no
// refresh, so neither calls the API), and ours applied against the
// emulator too. Wall time, CPU (Terraform and its providers) and the
// provider's peak RSS, medians of interleaved runs.

// peerConfig is n of the official provider's policies with the rules of
// oursConfig, in its v5 attribute shapes (the same ones ours takes).
func peerConfig(n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    cloudflare = { source = "cloudflare/cloudflare" }
  }
}
resource "cloudflare_zero_trust_access_policy" "t" {
  count      = %d
  account_id = %q
  name       = "Contractors ${count.index}"
  decision   = "allow"
  include    = [{ email_domain = { domain = "contractors.example.com" } }]
  require    = [{ auth_method = { auth_method = "mfa" } }]
}
`, n, account)
}

// measurement is one timed command: wall time, CPU of Terraform and every
// provider it started and waited for, and the provider's peak RSS.
type measurement struct {
	wall, cpu time.Duration
	rssKiB    int
}

// peerSubject is one configuration and command of the comparison, with the
// file its provider's RSS wrapper appends to.
type peerSubject struct {
	name, config string
	args         []string
	env          []string
	rssFile      string
	prepare      func(dir string) error
}

func (b *bench) peerRows() error {
	if b.peer == "" {
		return fmt.Errorf("-only peer needs -peer, the official provider's binary (make bench-peer builds it)")
	}
	fmt.Fprintf(os.Stderr, "side by side with the official provider %s…\n", b.peerVersion)
	rssDir := filepath.Join(b.work, "peer-rss")
	ours := filepath.Join(b.work, "ours", "terraform-provider-cloudflarezt")
	wrappers := map[string]string{"cloudflarezt": ours, "cloudflare": b.peer}
	for name, binary := range wrappers {
		dir := filepath.Join(rssDir, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		script := fmt.Sprintf("#!/bin/sh\nexec /usr/bin/time -f %%M -a -o %q %q \"$@\"\n", filepath.Join(rssDir, name+".rss"), binary)
		if err := os.WriteFile(filepath.Join(dir, "terraform-provider-"+name), []byte(script), 0o755); err != nil {
			return err
		}
	}
	cliConfig := filepath.Join(b.work, "cli-peer.tfrc")
	if err := os.WriteFile(cliConfig, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/cloudflarezt/cloudflarezt" = %q
    "registry.terraform.io/cloudflare/cloudflare"     = %q
  }
  direct {}
}
`, filepath.Join(rssDir, "cloudflarezt"), filepath.Join(rssDir, "cloudflare"))), 0o600); err != nil {
		return err
	}
	env := append(slices.Clone(b.env), "TF_CLI_CONFIG_FILE="+cliConfig)
	// A token of the form the official provider accepts; with nothing in
	// state and no refresh, its plan sends nothing anywhere.
	officialEnv := append(slices.Clone(env), "CLOUDFLARE_API_TOKEN="+strings.Repeat("0", 40))
	plan := []string{"plan", "-input=false", "-no-color", "-refresh=false", "-lock=false"}
	apply := []string{"apply", "-input=false", "-no-color", "-auto-approve", "-lock=false"}
	freshState := func(dir string) error {
		err := os.Remove(filepath.Join(dir, "terraform.tfstate"))
		if os.IsNotExist(err) {
			return nil
		}
		return err
	}
	reps := max(7, b.reps)
	for _, n := range []int{1, 100} {
		subjects := []peerSubject{
			{name: fmt.Sprintf("peer-ours-plan-%d", n), config: oursConfig(n, "1000"), args: plan, env: env, rssFile: "cloudflarezt"},
			{name: fmt.Sprintf("peer-official-plan-%d", n), config: peerConfig(n), args: plan, env: officialEnv, rssFile: "cloudflare"},
			{name: fmt.Sprintf("peer-ours-apply-%d", n), config: oursConfig(n, "1000"), args: apply, env: env, rssFile: "cloudflarezt", prepare: freshState},
		}
		got, err := b.interleavedPeer(reps, rssDir, subjects)
		if err != nil {
			return err
		}
		b.peerResults = append(b.peerResults, peerResult{n: n, plan: got[0], official: got[1], apply: got[2]})
	}
	return nil
}

type peerResult struct {
	n                     int
	plan, official, apply measurement
}

// interleavedPeer runs the subjects round-robin, reps times, and returns
// each one's medians (wall, CPU and RSS each on its own).
func (b *bench) interleavedPeer(reps int, rssDir string, subjects []peerSubject) ([]measurement, error) {
	dirs := make([]string, len(subjects))
	for i, s := range subjects {
		d, err := b.dir(s.name, s.config)
		if err != nil {
			return nil, err
		}
		dirs[i] = d
	}
	all := make([][]measurement, len(subjects))
	for range reps {
		for i, s := range subjects {
			if s.prepare != nil {
				if err := s.prepare(dirs[i]); err != nil {
					return nil, err
				}
			}
			rss := filepath.Join(rssDir, s.rssFile+".rss")
			if err := os.Remove(rss); err != nil && !os.IsNotExist(err) {
				return nil, err
			}
			m, err := b.measure(dirs[i], s.env, s.args...)
			if err != nil {
				return nil, err
			}
			m.rssKiB, err = peakKiB(rss)
			if err != nil {
				return nil, err
			}
			all[i] = append(all[i], m)
		}
	}
	out := make([]measurement, len(subjects))
	for i, ms := range all {
		var wall, cpu []time.Duration
		var rss []int
		for _, m := range ms {
			wall, cpu, rss = append(wall, m.wall), append(cpu, m.cpu), append(rss, m.rssKiB)
		}
		slices.Sort(rss)
		out[i] = measurement{wall: median(wall), cpu: median(cpu), rssKiB: rss[len(rss)/2]}
	}
	return out, nil
}

// measure runs one terraform command: its wall time, and the user and
// system time of Terraform with every provider process it waited for.
func (b *bench) measure(dir string, env []string, args ...string) (measurement, error) {
	cmd := exec.Command(b.terraform, args...)
	cmd.Dir, cmd.Env = dir, env
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		return measurement{}, fmt.Errorf("terraform %s in %s: %w\n%s", strings.Join(args, " "), dir, err, out)
	}
	var cpu time.Duration
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return measurement{wall: wall, cpu: cpu}, nil
}

// peakKiB is the largest peak RSS the wrapper recorded (one line a
// provider process).
func peakKiB(file string) (int, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	peak := 0
	for _, f := range strings.Fields(string(raw)) {
		if kb, err := strconv.Atoi(f); err == nil {
			peak = max(peak, kb)
		}
	}
	return peak, nil
}

func (b *bench) printPeer() {
	if len(b.peerResults) == 0 {
		return
	}
	out, _ := exec.Command(b.terraform, "version").Output()
	tfVersion := strings.SplitN(string(out), "\n", 2)[0]
	fmt.Printf("\nSide by side with the official provider (cloudflare/cloudflare %s), %s, medians of %d interleaved runs each; "+
		"plans with nothing in state and -refresh=false, CPU of Terraform and its providers, peak RSS of the provider process.\n\n",
		b.peerVersion, tfVersion, max(7, b.reps))
	fmt.Println("| policy lists | measure | cloudflarezt plan | official plan | ratio | target | result | cloudflarezt apply (emulator) |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	mib := func(kb int) string { return fmt.Sprintf("%.1f MiB", float64(kb)/1024) }
	for _, r := range b.peerResults {
		wall := r.plan.wall.Seconds() / r.official.wall.Seconds()
		fmt.Printf("| %d | wall | %s | %s | %.3f× | ≤ 0.45× | %s | %s |\n", r.n, secs(r.plan.wall), secs(r.official.wall), wall, verdict(wall <= 0.45), secs(r.apply.wall))
		fmt.Printf("| %d | CPU | %s | %s | %.3f× | | | %s |\n", r.n, secs(r.plan.cpu), secs(r.official.cpu), r.plan.cpu.Seconds()/r.official.cpu.Seconds(), secs(r.apply.cpu))
		fmt.Printf("| %d | provider peak RSS | %s | %s | %.2f× | | | %s |\n", r.n, mib(r.plan.rssKiB), mib(r.official.rssKiB), float64(r.plan.rssKiB)/float64(r.official.rssKiB), mib(r.apply.rssKiB))
	}
}
