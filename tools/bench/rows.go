package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// One function per row of the table: what it measures and how.

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
			b.addComparison(comparison("`terraform plan`, 1 resource (state in place)", times, "≤ 1.30× minimal", 1.30), times, 1.30)
		} else {
			b.add(comparison(fmt.Sprintf("`terraform plan`, %d resources (state in place)", n), times, "", 0))
		}
	}
	return b.planNewRow()
}

// planNewRow: a plan of 100 new tests, what a pull request that adds them
// plans; the target is against the schema floor, what Terraform itself
// spends on this schema.
func (b *bench) planNewRow() error {
	const n = 100
	fmt.Fprintf(os.Stderr, "plan of %d new…\n", n)
	var runs []run
	for _, c := range b.subjects("plannew", n) {
		d, err := b.dir(c.name, c.config)
		if err != nil {
			return err
		}
		// One unmeasured plan warms the file cache.
		if _, err := b.tf(d, c.env, "plan", "-no-color"); err != nil {
			return err
		}
		runs = append(runs, run{dir: d, env: c.env, args: []string{"plan", "-no-color"}})
	}
	times, err := b.interleaved(max(3, b.reps/2), runs)
	if err != nil {
		return err
	}
	r := comparison(fmt.Sprintf("`terraform plan`, %d new resources (empty state)", n), times, "", 0)
	r.target, r.verdict = "≤ 1.5× schema floor", verdict(times[0].Seconds() <= 1.5*times[1].Seconds())
	b.add(r)
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
