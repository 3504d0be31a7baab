// Command planfixtures writes the plan fixtures of the gate-from-plan tests
// (internal/resources/policytests/testdata/plans/official_*.json): the JSON
// of plans the official Cloudflare provider makes of config/ against an
// in-memory Access API seeded with the emulator's sample account. The
// official provider is not on the Go module proxy: it takes a binary built
// from its source (make plan-fixtures PEER_BIN=…), which CI does not have, so
// the fixtures are committed.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

const account = "0123456789abcdef0123456789abcdef"

func main() {
	peer := flag.String("peer", "", "the official provider's binary (terraform-provider-cloudflare v5.22.0)")
	terraform := flag.String("terraform", "terraform", "the Terraform CLI")
	out := flag.String("out", "internal/resources/policytests/testdata/plans", "where the fixtures go")
	suffix := flag.String("suffix", "", "added to each fixture's name (_terraform_1.5, _opentofu_1.8)")
	flag.Parse()
	if err := run(*peer, *terraform, *out, *suffix); err != nil {
		fmt.Fprintln(os.Stderr, "planfixtures:", err)
		os.Exit(1)
	}
}

func run(peer, terraform, out, suffix string) error {
	if peer == "" {
		return fmt.Errorf("-peer is required")
	}
	peer, err := filepath.Abs(peer)
	if err != nil {
		return err
	}
	out, err = filepath.Abs(out)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "planfixtures")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(work) }()

	// The names the sample gives ids, so that what the configuration
	// creates again gets the sample's id.
	api := newAccessAPI(emulator.SampleDirectory(), map[string]string{})
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	server := &http.Server{Handler: api, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = server.Serve(listener) }()
	defer func() { _ = server.Close() }()

	rc := filepath.Join(work, "terraformrc")
	// Both registries' addresses: OpenTofu resolves cloudflare/cloudflare in
	// its own.
	if err := os.WriteFile(rc, []byte(fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/cloudflare/cloudflare\" = %q\n    \"registry.opentofu.org/cloudflare/cloudflare\" = %q\n  }\n  direct {}\n}\n", filepath.Dir(peer), filepath.Dir(peer))), 0o600); err != nil {
		return err
	}
	config := filepath.Join(work, "config")
	if err := exec.Command("cp", "-R", "tools/planfixtures/config", config).Run(); err != nil {
		return fmt.Errorf("copying the configuration: %w", err)
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"CLOUDFLARE_API_TOKEN="+strings.Repeat("0", 40),
		"TF_VAR_base_url=http://"+listener.Addr().String()+"/client/v4", "TF_VAR_account_id="+account)
	tf := func(args ...string) ([]byte, error) {
		cmd := exec.Command(terraform, args...)
		cmd.Dir, cmd.Env = config, env
		b, err := cmd.CombinedOutput()
		if err != nil {
			return b, fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, b)
		}
		return b, nil
	}
	// The module (the official provider comes from dev_overrides, which
	// `init` would look up in the registry).
	if _, err := tf("get"); err != nil {
		return err
	}
	// The account as it is, imported; then the plans of each change.
	if _, err := tf("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(config, "imports.tf")); err != nil {
		return err
	}
	for _, edit := range []string{"none", "shared", "lifecycle", "new_policy"} {
		if _, err := tf("plan", "-input=false", "-no-color", "-out=tfplan", "-var", "edit="+edit); err != nil {
			return err
		}
		shown, err := tf("show", "-json", "tfplan")
		if err != nil {
			return err
		}
		file := filepath.Join(out, "official_"+edit+suffix+".json")
		if err := os.WriteFile(file, shown, 0o644); err != nil {
			return err
		}
		fmt.Println("wrote", file)
	}
	return nil
}
