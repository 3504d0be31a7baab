package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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
//
// Both providers are installed the way a user's are: `terraform init` from
// a local filesystem mirror (the registry's package layout), which writes
// the lock file, so every command checks the package against it as it does
// for a user. The same plans are also timed under dev_overrides (no
// installation, no lock check), the setting of the first measurements. The
// peak RSS comes from separate runs behind /usr/bin/time, so that the
// wrapper's two extra process starts per provider start stay out of the
// timings.

// peerMirrorVersion is the version ours is installed under in the mirror;
// the number changes nothing in what is measured.
const peerMirrorVersion = "0.0.1"

// peerRSSReps is how many runs per subject measure the peak RSS.
const peerRSSReps = 3

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
	// installed runs with the providers terraform init installed; dev runs
	// the same binaries through dev_overrides; rss through the wrappers.
	installed, dev, rss []string
	rssFile             string
	prepare             func(dir string) error
}

func (b *bench) peerRows() error {
	if b.peer == "" {
		return fmt.Errorf("-only peer needs -peer, the official provider's binary (make bench-peer builds it)")
	}
	fmt.Fprintf(os.Stderr, "side by side with the official provider %s…\n", b.peerVersion)
	ours := filepath.Join(b.work, "ours", "terraform-provider-cloudflarezt")
	peerVersion := strings.TrimPrefix(b.peerVersion, "v")
	installedConfig, err := b.writePeerMirror(map[string]string{
		"cloudflarezt/cloudflarezt/" + peerMirrorVersion: ours,
		"cloudflare/cloudflare/" + peerVersion:           b.peer,
	})
	if err != nil {
		return err
	}
	rssDir := filepath.Join(b.work, "peer-rss")
	binaries := map[string]string{"cloudflarezt": ours, "cloudflare": b.peer}
	overrides, wrappers := map[string]string{}, map[string]string{}
	for name, binary := range binaries {
		dir := filepath.Join(rssDir, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		script := fmt.Sprintf("#!/bin/sh\nexec /usr/bin/time -f %%M -a -o %q %q \"$@\"\n", filepath.Join(rssDir, name+".rss"), binary)
		if err := os.WriteFile(filepath.Join(dir, "terraform-provider-"+name), []byte(script), 0o755); err != nil {
			return err
		}
		wrappers[name+"/"+name] = dir
		overrides[name+"/"+name] = filepath.Dir(binary)
	}
	devConfig, err := b.writeDevOverrides("cli-peer-dev.tfrc", overrides)
	if err != nil {
		return err
	}
	rssConfig, err := b.writeDevOverrides("cli-peer-rss.tfrc", wrappers)
	if err != nil {
		return err
	}
	withConfig := func(config string, extra ...string) []string {
		return append(append(slices.Clone(b.env), "TF_CLI_CONFIG_FILE="+config, "TF_PLUGIN_CACHE_DIR="), extra...)
	}
	// A token of the form the official provider accepts; with nothing in
	// state and no refresh, its plan sends nothing anywhere.
	token := "CLOUDFLARE_API_TOKEN=" + strings.Repeat("0", 40)
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
			{name: fmt.Sprintf("peer-ours-plan-%d", n), config: oursConfig(n, "1000"), args: plan, rssFile: "cloudflarezt",
				installed: withConfig(installedConfig), dev: withConfig(devConfig), rss: withConfig(rssConfig)},
			{name: fmt.Sprintf("peer-official-plan-%d", n), config: peerConfig(n), args: plan, rssFile: "cloudflare",
				installed: withConfig(installedConfig, token), dev: withConfig(devConfig, token), rss: withConfig(rssConfig, token)},
			{name: fmt.Sprintf("peer-ours-apply-%d", n), config: oursConfig(n, "1000"), args: apply, rssFile: "cloudflarezt", prepare: freshState,
				installed: withConfig(installedConfig), rss: withConfig(rssConfig)},
		}
		got, dev, err := b.interleavedPeer(reps, rssDir, subjects)
		if err != nil {
			return err
		}
		b.peerResults = append(b.peerResults, peerResult{n: n, plan: got[0], official: got[1], apply: got[2], planDev: dev[0], officialDev: dev[1]})
	}
	return nil
}

// writePeerMirror lays the providers out as a filesystem mirror in the
// registry's unpacked layout (source/version → binary) and returns a CLI
// configuration that installs from it and from nowhere else.
func (b *bench) writePeerMirror(providers map[string]string) (string, error) {
	mirror := filepath.Join(b.work, "peer-mirror")
	platform := runtime.GOOS + "_" + runtime.GOARCH
	for sourceAndVersion, binary := range providers {
		parts := strings.Split(sourceAndVersion, "/")
		dir := filepath.Join(mirror, "registry.terraform.io", parts[0], parts[1], parts[2], platform)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", err
		}
		raw, err := os.ReadFile(binary)
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, "terraform-provider-"+parts[1]+"_v"+parts[2]), raw, 0o755); err != nil {
			return "", err
		}
	}
	config := filepath.Join(b.work, "cli-peer-installed.tfrc")
	return config, os.WriteFile(config, []byte(fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path = %q\n  }\n}\n", mirror)), 0o600)
}

type peerResult struct {
	n int
	// plan, official and apply are installed by terraform init; planDev and
	// officialDev the same plans under dev_overrides.
	plan, official, apply measurement
	planDev, officialDev  measurement
}

// interleavedPeer installs each subject's providers (terraform init), runs
// the subjects round-robin, reps times, and returns each one's medians
// (wall and CPU each on their own); then a few runs behind the RSS wrappers
// give the peak RSS.
func (b *bench) interleavedPeer(reps int, rssDir string, subjects []peerSubject) ([]measurement, []measurement, error) {
	dirs := make([]string, len(subjects))
	for i, s := range subjects {
		d, err := b.dir(s.name, s.config)
		if err != nil {
			return nil, nil, err
		}
		if _, err := b.measure(d, s.installed, "init", "-input=false", "-no-color"); err != nil {
			return nil, nil, err
		}
		dirs[i] = d
	}
	run := func(i int, env []string) (measurement, error) {
		if p := subjects[i].prepare; p != nil {
			if err := p(dirs[i]); err != nil {
				return measurement{}, err
			}
		}
		return b.measure(dirs[i], env, subjects[i].args...)
	}
	installed := make([][]measurement, len(subjects))
	dev := make([][]measurement, len(subjects))
	for range reps {
		for i, s := range subjects {
			m, err := run(i, s.installed)
			if err != nil {
				return nil, nil, err
			}
			installed[i] = append(installed[i], m)
			if s.dev == nil {
				continue
			}
			if m, err = run(i, s.dev); err != nil {
				return nil, nil, err
			}
			dev[i] = append(dev[i], m)
		}
	}
	rss := make([][]int, len(subjects))
	for range peerRSSReps {
		for i, s := range subjects {
			file := filepath.Join(rssDir, s.rssFile+".rss")
			if err := os.Remove(file); err != nil && !os.IsNotExist(err) {
				return nil, nil, err
			}
			if _, err := run(i, s.rss); err != nil {
				return nil, nil, err
			}
			kb, err := peakKiB(file)
			if err != nil {
				return nil, nil, err
			}
			rss[i] = append(rss[i], kb)
		}
	}
	medians := func(ms []measurement, kb []int) measurement {
		var wall, cpu []time.Duration
		for _, m := range ms {
			wall, cpu = append(wall, m.wall), append(cpu, m.cpu)
		}
		out := measurement{}
		if len(ms) > 0 {
			out.wall, out.cpu = median(wall), median(cpu)
		}
		if len(kb) > 0 {
			slices.Sort(kb)
			out.rssKiB = kb[len(kb)/2]
		}
		return out
	}
	outInstalled := make([]measurement, len(subjects))
	outDev := make([]measurement, len(subjects))
	for i := range subjects {
		outInstalled[i] = medians(installed[i], rss[i])
		outDev[i] = medians(dev[i], nil)
	}
	return outInstalled, outDev, nil
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
		"plans with nothing in state and -refresh=false; providers installed by terraform init (lock file checked at every command) "+
		"unless the row says dev_overrides; CPU of Terraform and its providers; peak RSS of the provider process (%d runs behind /usr/bin/time).\n\n",
		b.peerVersion, tfVersion, max(7, b.reps), peerRSSReps)
	fmt.Println("| policy lists | measure | cloudflarezt plan | official plan | ratio | target | result | cloudflarezt apply (emulator) |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	mib := func(kb int) string { return fmt.Sprintf("%.1f MiB", float64(kb)/1024) }
	ratio := func(ours, official time.Duration) float64 { return ours.Seconds() / official.Seconds() }
	for _, r := range b.peerResults {
		wall := ratio(r.plan.wall, r.official.wall)
		fmt.Printf("| %d | wall | %s | %s | %.3f× | ≤ 0.45× | %s | %s |\n", r.n, secs(r.plan.wall), secs(r.official.wall), wall, verdict(wall <= 0.45), secs(r.apply.wall))
		fmt.Printf("| %d | CPU | %s | %s | %.3f× | | | %s |\n", r.n, secs(r.plan.cpu), secs(r.official.cpu), ratio(r.plan.cpu, r.official.cpu), secs(r.apply.cpu))
		fmt.Printf("| %d | wall, dev_overrides | %s | %s | %.3f× | | | |\n", r.n, secs(r.planDev.wall), secs(r.officialDev.wall), ratio(r.planDev.wall, r.officialDev.wall))
		fmt.Printf("| %d | CPU, dev_overrides | %s | %s | %.3f× | | | |\n", r.n, secs(r.planDev.cpu), secs(r.officialDev.cpu), ratio(r.planDev.cpu, r.officialDev.cpu))
		fmt.Printf("| %d | provider peak RSS | %s | %s | %.2f× | | | %s |\n", r.n, mib(r.plan.rssKiB), mib(r.official.rssKiB), float64(r.plan.rssKiB)/float64(r.official.rssKiB), mib(r.apply.rssKiB))
	}
}
