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
	only      string
	env       []string
	rows      []row
	// floors records, per targeted row, the schema floor's ratio to the
	// minimal provider: the best any provider of this schema can reach.
	floors []string
	// peer is the official provider's binary for -only peer, and
	// peerVersion its release.
	peer, peerVersion string
	peerResults       []peerResult
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
	only := flag.String("only", "", "run only this row: plan, apply, poll, rss, size, ratelimited, gate, pipelines, shared, account, rules, fromplan or peer")
	peer := flag.String("peer", "", "the official provider's binary (terraform-provider-cloudflare), for -only peer")
	peerVersion := flag.String("peer-version", "", "the official provider's release, for the table")
	flag.Parse()
	b := &bench{reps: *reps, only: *only, peer: *peer, peerVersion: *peerVersion}
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
		if err := releaseBuild(target, pkg, ""); err != nil {
			return err
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

	steps := []struct {
		name string
		run  func() error
	}{
		{"plan", b.planRows}, {"apply", b.applyRows}, {"poll", b.pollRow}, {"rss", b.rssRow},
		{"size", b.sizeRow}, {"ratelimited", b.rateLimitedRow}, {"gate", b.gateRows}, {"pipelines", b.pipelinesRows}, {"shared", b.sharedRows}, {"account", b.accountRows},
		{"rules", b.rulesRows}, {"fromplan", b.fromPlanRow}, {"peer", b.peerRows},
	}
	for _, step := range steps {
		// The official provider is compared only when asked for (make
		// bench-peer): it takes long to build.
		if b.only != "" && step.name != b.only || b.only == "" && step.name == "peer" {
			continue
		}
		if err := step.run(); err != nil {
			return err
		}
	}
	if len(b.rows) > 0 {
		b.print()
	}
	b.printPeer()
	return nil
}

// releaseBuild builds pkg into target as .goreleaser.yml builds the release
// (static, no cgo, stripped), with extra linker flags if any.
func releaseBuild(target, pkg, extraLDFlags string) error {
	build := exec.Command("go", "build", "-trimpath", "-ldflags", strings.TrimSpace("-s -w "+extraLDFlags), "-o", target, pkg)
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, out)
	}
	return nil
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
	done    func() // after each timed command, to read what it did
	// failOK: the command is meant to fail on a postcondition (a gate that
	// stops the plan).
	failOK bool
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
			gateStopped := r.failOK && err != nil && strings.Contains(err.Error(), "postcondition failed")
			if err != nil && !gateStopped {
				return nil, err
			}
			if r.done != nil {
				r.done()
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

// serve serves emu on a loopback port of its own until stop, and returns
// the bench's environment pointed at it.
func (b *bench) serve(emu *emulator.Emulator) (env []string, stop func(), err error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	server := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = server.Serve(listener) }()
	env = slices.DeleteFunc(slices.Clone(b.env), func(kv string) bool { return strings.HasPrefix(kv, "CLOUDFLARE_BASE_URL=") })
	env = append(env, "CLOUDFLARE_BASE_URL=http://"+listener.Addr().String()+"/client/v4")
	return env, func() { _ = server.Shutdown(context.Background()) }, nil
}

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
