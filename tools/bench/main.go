// Command bench measures the provider side by side with three floors, in one
// run: the schema floor (tools/bench/schemafloor: this provider's schema served by
// a provider that does nothing, i.e. what Terraform itself spends on the
// schema), a minimal framework provider (tools/bench/minimal: what the plugin
// protocol costs) and Terraform's built-in terraform_data. It prints one
// Markdown table with medians, ratios and pass/fail lines for the targets.
//
//	go run ./tools/bench [-reps 5]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

const account = "0123456789abcdef0123456789abcdef"

type bench struct {
	terraform string
	work      string
	emu       *emulator.Emulator
	baseURL   string
	reps      int
	env       []string
	rows      []row
	// floors records, per targeted row, the schema floor's ratio to the
	// minimal provider: the best any provider of this schema can reach.
	floors []string
}

type row struct {
	metric, ours, floor, minimal, data, ratio, target, verdict string
}

// floorEnv runs Terraform with the schema floor (tools/bench/schemafloor) in place
// of the provider.
func (b *bench) floorEnv() []string {
	return append(slices.Clone(b.env), "TF_CLI_CONFIG_FILE="+filepath.Join(b.work, "cli-floor.tfrc"))
}

func main() {
	reps := flag.Int("reps", 5, "repetitions per timing (medians are reported)")
	flag.Parse()
	b := &bench{reps: *reps}
	if err := b.run(); err != nil {
		log.Fatalf("bench: %v", err)
	}
}

func (b *bench) run() error {
	var err error
	if b.terraform, err = terraformPath(); err != nil {
		return err
	}
	if b.work, err = os.MkdirTemp("", "cloudflarezt-bench-"); err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(b.work) }()

	fmt.Fprintln(os.Stderr, "building the provider and the minimal provider (release flags)…")
	ours := filepath.Join(b.work, "ours", "terraform-provider-cloudflarezt")
	minimal := filepath.Join(b.work, "minimal", "terraform-provider-minimal")
	floor := filepath.Join(b.work, "floor", "terraform-provider-cloudflarezt")
	for target, pkg := range map[string]string{ours: ".", minimal: "./tools/bench/minimal", floor: "./tools/bench/schemafloor"} {
		if out, err := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", target, pkg).CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %w\n%s", pkg, err, out)
		}
	}

	b.emu = emulator.New(emulator.Options{})
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	server := &http.Server{Handler: b.emu, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = server.Serve(listener) }()
	defer func() { _ = server.Shutdown(context.Background()) }()
	b.baseURL = "http://" + listener.Addr().String() + "/client/v4"

	rssDir := filepath.Join(b.work, "rss")
	if err := b.writeCLIConfig(filepath.Dir(ours), filepath.Dir(minimal), "cli.tfrc"); err != nil {
		return err
	}
	if err := b.writeCLIConfig(filepath.Dir(floor), filepath.Dir(minimal), "cli-floor.tfrc"); err != nil {
		return err
	}
	if err := b.writeRSSWrappers(rssDir, ours, minimal); err != nil {
		return err
	}
	if err := b.writeCLIConfig(filepath.Join(rssDir, "ours"), filepath.Join(rssDir, "minimal"), "cli-rss.tfrc"); err != nil {
		return err
	}
	b.env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+filepath.Join(b.work, "cli.tfrc"),
		"CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"CLOUDFLARE_API_TOKEN=bench-token", "CLOUDFLARE_BASE_URL="+b.baseURL,
		"CLOUDFLARE_API_KEY=", "CLOUDFLARE_EMAIL=")

	steps := []func() error{b.planRows, b.applyRows, b.pollRow, b.rssRow, b.sizeRow, b.rateLimitedRow}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	b.print()
	return nil
}

func terraformPath() (string, error) {
	if p := os.Getenv("TERRAFORM"); p != "" {
		return p, nil
	}
	return exec.LookPath("terraform")
}

func (b *bench) writeCLIConfig(oursDir, minimalDir, name string) error {
	return os.WriteFile(filepath.Join(b.work, name), []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/cloudflarezt/cloudflarezt" = %q
    "registry.terraform.io/bench/minimal"             = %q
  }
  direct {}
}
`, oursDir, minimalDir)), 0o600)
}

// writeRSSWrappers puts each provider behind /usr/bin/time, which appends
// the peak RSS of every provider process Terraform starts.
func (b *bench) writeRSSWrappers(dir, ours, minimal string) error {
	for name, binary := range map[string]string{"ours": ours, "minimal": minimal} {
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			return err
		}
		script := fmt.Sprintf("#!/bin/sh\nexec /usr/bin/time -f %%M -a -o %q %q \"$@\"\n", filepath.Join(dir, name+".rss"), binary)
		if err := os.WriteFile(filepath.Join(dir, name, filepath.Base(binary)), []byte(script), 0o755); err != nil {
			return err
		}
	}
	return nil
}

// configs for N resources of each kind.
func oursConfig(n int, rps string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    cloudflarezt = { source = "cloudflarezt/cloudflarezt" }
  }
}
provider "cloudflarezt" {
  requests_per_second = %s
}
resource "cloudflarezt_access_policy_test" "t" {
  count      = %d
  account_id = %q
  policies = [{
    name     = "Contractors ${count.index}"
    decision = "allow"
    include  = [{ email_domain = { domain = "contractors.example.com" } }]
    require  = [{ auth_method = { auth_method = "mfa" } }]
  }]
}
`, rps, n, account)
}

func minimalConfig(n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    minimal = { source = "bench/minimal" }
  }
}
resource "minimal_thing" "t" {
  count = %d
  value = "v${count.index}"
}
`, n)
}

func dataConfig(n int) string {
	return fmt.Sprintf("resource \"terraform_data\" \"t\" {\n  count = %d\n  input = \"v${count.index}\"\n}\n", n)
}

// dir writes a configuration into a fresh directory.
func (b *bench) dir(name, config string) (string, error) {
	d := filepath.Join(b.work, name)
	if err := os.MkdirAll(d, 0o755); err != nil {
		return "", err
	}
	return d, os.WriteFile(filepath.Join(d, "main.tf"), []byte(config), 0o600)
}

// tf runs one terraform command and returns its wall time.
func (b *bench) tf(dir string, env []string, args ...string) (time.Duration, error) {
	cmd := exec.Command(b.terraform, args...)
	cmd.Dir = dir
	cmd.Env = env
	start := time.Now()
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(start)
	if err != nil {
		return elapsed, fmt.Errorf("terraform %s in %s: %w\n%s", strings.Join(args, " "), dir, err, out)
	}
	return elapsed, nil
}

func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return ds[len(ds)/2]
}

func secs(d time.Duration) string { return fmt.Sprintf("%.3f s", d.Seconds()) }

// run is one measured command of one subject.
type run struct {
	dir     string
	env     []string
	prepare func() error
	args    []string
}

// interleaved times the runs round-robin, reps times, and returns each
// run's median: drift on the machine (other load, thermal, caches) then
// falls on every subject alike instead of on whichever ran last.
func (b *bench) interleaved(reps int, runs []run) ([]time.Duration, error) {
	ds := make([][]time.Duration, len(runs))
	for range reps {
		for i, r := range runs {
			if r.prepare != nil {
				if err := r.prepare(); err != nil {
					return nil, err
				}
			}
			d, err := b.tf(r.dir, r.env, r.args...)
			if err != nil {
				return nil, err
			}
			ds[i] = append(ds[i], d)
		}
	}
	medians := make([]time.Duration, len(runs))
	for i := range ds {
		medians[i] = median(ds[i])
	}
	return medians, nil
}

func (b *bench) add(r row) { b.rows = append(b.rows, r) }

func verdict(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}

// subject is one side of a comparison: a configuration and the Terraform
// environment that runs it.
type subject struct {
	name, config string
	env          []string
}

// subjects are, in the table's column order: the provider, the schema floor,
// the minimal provider and terraform_data, for n resources.
func (b *bench) subjects(prefix string, n int) []subject {
	return []subject{
		{prefix + "-ours", oursConfig(n, "1000"), b.env},
		{prefix + "-floor", oursConfig(n, "1000"), b.floorEnv()},
		{prefix + "-minimal", minimalConfig(n), b.env},
		{prefix + "-data", dataConfig(n), b.env},
	}
}

// comparison fills a timing row from the four medians.
func comparison(metric string, t []time.Duration, target string, limit float64) row {
	ratio := t[0].Seconds() / t[2].Seconds()
	r := row{metric: metric, ours: secs(t[0]), floor: secs(t[1]), minimal: secs(t[2]), data: secs(t[3]),
		ratio: fmt.Sprintf("%.2f× minimal (floor %.2f×), %.2f× floor", ratio, t[1].Seconds()/t[2].Seconds(), t[0].Seconds()/t[1].Seconds())}
	if target != "" {
		r.target, r.verdict = target, verdict(ratio <= limit)
	}
	return r
}

// addComparison records a row; for a targeted timing row it also notes where the
// schema floor stands against the same target.
func (b *bench) addComparison(r row, t []time.Duration, limit float64) {
	b.add(r)
	if r.target == "" {
		return
	}
	floor := t[1].Seconds() / t[2].Seconds()
	reach := "within reach"
	if floor > limit {
		reach = "out of reach for any provider of this schema"
	}
	b.floors = append(b.floors, fmt.Sprintf("%s: the schema floor alone is %.2f× minimal, target %s (%s).", r.metric, floor, r.target, reach))
}

// planRows: plans with the state in place (a refresh included), of one
// resource and of 100, as a pipeline plans an existing workspace.
func (b *bench) planRows() error {
	for _, n := range []int{1, 100} {
		fmt.Fprintf(os.Stderr, "plan of %d…\n", n)
		reps := b.reps * 2
		if n > 1 {
			reps = max(3, b.reps/2)
		}
		var runs []run
		for _, c := range b.subjects(fmt.Sprintf("plan%d", n), n) {
			d, err := b.dir(c.name, c.config)
			if err != nil {
				return err
			}
			if _, err := b.tf(d, c.env, "apply", "-auto-approve", "-no-color"); err != nil {
				return err
			}
			// One unmeasured plan warms the file cache.
			if _, err := b.tf(d, c.env, "plan", "-no-color", "-detailed-exitcode"); err != nil {
				return err
			}
			runs = append(runs, run{dir: d, env: c.env, args: []string{"plan", "-no-color", "-detailed-exitcode"}})
		}
		times, err := b.interleaved(reps, runs)
		if err != nil {
			return err
		}
		if n == 1 {
			b.addComparison(comparison("`terraform plan`, 1 resource (state in place)", times, "≤ 1.10× minimal", 1.10), times, 1.10)
		} else {
			b.add(comparison(fmt.Sprintf("`terraform plan`, %d resources (state in place)", n), times, "", 0))
		}
	}
	return nil
}

// applyRows: apply of N resources from empty state, emulator answering at once.
func (b *bench) applyRows() error {
	b.emu.SetCompleteAfterPolls(0)
	for _, n := range []int{1, 10, 100} {
		fmt.Fprintf(os.Stderr, "apply of %d…\n", n)
		reps := b.reps
		if n == 100 {
			reps = max(3, b.reps/2)
		}
		var runs []run
		var oursDir string
		for _, c := range b.subjects(fmt.Sprintf("apply%d", n), n) {
			d, err := b.dir(c.name, c.config)
			if err != nil {
				return err
			}
			if strings.HasSuffix(c.name, "ours") {
				oursDir = d
			}
			fresh := func() error {
				if d == oursDir {
					b.emu.ResetLog()
				}
				err := os.Remove(filepath.Join(d, "terraform.tfstate"))
				if errors.Is(err, os.ErrNotExist) {
					return nil
				}
				return err
			}
			runs = append(runs, run{dir: d, env: c.env, prepare: fresh, args: []string{"apply", "-auto-approve", "-no-color"}})
		}
		// The provider runs first in each round, so the log holds its last apply.
		times, err := b.interleaved(reps, runs)
		if err != nil {
			return err
		}
		requests := len(b.emu.Requests())
		target := ""
		if n == 100 {
			target = "≤ 1.5× minimal"
		}
		b.addComparison(comparison(fmt.Sprintf("`terraform apply`, %d resource(s) from empty state (%d API requests)", n, requests), times, target, 1.5), times, 1.5)
	}
	return nil
}

// pollRow: one test that completes 3 s after it starts, default pacing.
func (b *bench) pollRow() error {
	fmt.Fprintln(os.Stderr, "polling of a test that completes after 3 s…")
	const completion = 3 * time.Second
	b.emu.SetCompleteAfter(completion)
	defer b.emu.SetCompleteAfterPolls(0)
	d, err := b.dir("poll", oursConfig(1, "4"))
	if err != nil {
		return err
	}
	var delays []time.Duration
	var polls, late []int
	for range b.reps {
		b.emu.ResetLog()
		_ = os.Remove(filepath.Join(d, "terraform.tfstate"))
		if _, err := b.tf(d, b.env, "apply", "-auto-approve", "-no-color"); err != nil {
			return err
		}
		reqs := b.emu.Requests()
		start := reqs[0].Time
		done := start.Add(completion)
		after, gets := 0, 0
		var last time.Time
		for _, r := range reqs[1:] {
			gets++
			last = r.Time
			if r.Time.After(done) {
				after++
			}
		}
		polls = append(polls, gets)
		late = append(late, after)
		delays = append(delays, last.Sub(done))
	}
	delay := median(delays)
	slices.Sort(polls)
	slices.Sort(late)
	b.add(row{metric: "API requests per test (start + polls), completion after 3 s", ours: fmt.Sprintf("1 + %d", polls[len(polls)/2])})
	b.add(row{metric: "polls after completion", ours: strconv.Itoa(late[len(late)/2]), target: "≤ 1", verdict: verdict(late[len(late)-1] <= 1)})
	b.add(row{metric: "completion detected after", ours: fmt.Sprintf("%s (%.0f %% of 3 s)", secs(delay), 100*delay.Seconds()/completion.Seconds()),
		target: "≤ 25 %", verdict: verdict(delay <= completion/4)})
	return nil
}

// rssRow: peak RSS of the provider processes during plan and apply of 10.
func (b *bench) rssRow() error {
	fmt.Fprintln(os.Stderr, "peak RSS…")
	env := append(slices.Clone(b.env), "TF_CLI_CONFIG_FILE="+filepath.Join(b.work, "cli-rss.tfrc"))
	peak := map[string]int{}
	for name, config := range map[string]string{"ours": oursConfig(10, "1000"), "minimal": minimalConfig(10)} {
		d, err := b.dir("rss-"+name, config)
		if err != nil {
			return err
		}
		for _, args := range [][]string{{"apply", "-auto-approve", "-no-color"}, {"plan", "-no-color"}} {
			if _, err := b.tf(d, env, args...); err != nil {
				return err
			}
		}
		raw, err := os.ReadFile(filepath.Join(b.work, "rss", name+".rss"))
		if err != nil {
			return err
		}
		for _, line := range strings.Fields(string(raw)) {
			if kb, err := strconv.Atoi(line); err == nil {
				peak[name] = max(peak[name], kb)
			}
		}
	}
	mib := func(kb int) string { return fmt.Sprintf("%.1f MiB", float64(kb)/1024) }
	b.add(row{metric: "provider peak RSS (apply of 10, then plan)", ours: mib(peak["ours"]), minimal: mib(peak["minimal"]),
		ratio: fmt.Sprintf("%.2f× minimal", float64(peak["ours"])/float64(peak["minimal"])), target: "≤ 40 MiB", verdict: verdict(peak["ours"] <= 40*1024)})
	return nil
}

func (b *bench) sizeRow() error {
	size := func(p string) (int64, error) {
		info, err := os.Stat(p)
		if err != nil {
			return 0, err
		}
		return info.Size(), nil
	}
	ours, err := size(filepath.Join(b.work, "ours", "terraform-provider-cloudflarezt"))
	if err != nil {
		return err
	}
	minimal, err := size(filepath.Join(b.work, "minimal", "terraform-provider-minimal"))
	if err != nil {
		return err
	}
	mb := func(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
	b.add(row{metric: "binary size (-trimpath -ldflags '-s -w')", ours: mb(ours), minimal: mb(minimal), ratio: fmt.Sprintf("%.2f× minimal", float64(ours)/float64(minimal))})
	return nil
}

// rateLimitedRow: 200 tests against an API that answers 429 beyond 20/s.
func (b *bench) rateLimitedRow() error {
	fmt.Fprintln(os.Stderr, "200 tests against a 20 requests/s limit…")
	const n, limit = 200, 20
	b.emu.SetCompleteAfterPolls(0)
	b.emu.SetRateLimit(limit)
	defer b.emu.SetRateLimit(0)
	d, err := b.dir("ratelimited", oursConfig(n, strconv.Itoa(limit)))
	if err != nil {
		return err
	}
	b.emu.ResetLog()
	throttledBefore := b.emu.Throttled()
	elapsed, err := b.tf(d, b.env, "apply", "-auto-approve", "-no-color", "-parallelism=20")
	if err != nil {
		return fmt.Errorf("a 429 surfaced or the apply failed: %w", err)
	}
	reqs := b.emu.Requests()
	throttled := b.emu.Throttled() - throttledBefore
	ideal := time.Duration(float64(len(reqs)) / limit * float64(time.Second))
	ratio := elapsed.Seconds() / ideal.Seconds()
	b.add(row{metric: fmt.Sprintf("apply of %d tests, API limit %d req/s, `requests_per_second = %d` (%d requests)", n, limit, limit, len(reqs)),
		ours:  fmt.Sprintf("%s (ideal %s); %d × 429 answered, 0 surfaced", secs(elapsed), secs(ideal), throttled),
		ratio: fmt.Sprintf("%.2f× ideal", ratio), target: "≤ 1.2× ideal, no 429 surfacing", verdict: verdict(ratio <= 1.2)})
	return nil
}

func (b *bench) print() {
	out, _ := exec.Command(b.terraform, "version").Output()
	tfVersion := strings.SplitN(string(out), "\n", 2)[0]
	fmt.Printf("Measured %s on %s/%s, %d CPUs, %s, %s; medians of %d plans (of 100: %d), %d applies (of 100: %d), %d polling runs.\n\n",
		time.Now().UTC().Format("2006-01-02"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), tfVersion,
		b.reps*2, max(3, b.reps/2), b.reps, max(3, b.reps/2), b.reps)
	fmt.Println("| measure | cloudflarezt | schema floor | minimal provider | terraform_data | ratio | target | result |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, r := range b.rows {
		fmt.Printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", r.metric, r.ours, r.floor, r.minimal, r.data, r.ratio, r.target, r.verdict)
	}
	fmt.Println()
	for _, line := range b.floors {
		fmt.Println("- " + line)
	}
}
