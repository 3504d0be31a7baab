package main

import (
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The Terraform working directories, CLI configuration and commands the
// measurements run.

func terraformPath() (string, error) {
	if p := os.Getenv("TERRAFORM"); p != "" {
		return p, nil
	}
	return exec.LookPath("terraform")
}

func (b *bench) writeCLIConfig(oursDir, minimalDir, name string) error {
	_, err := b.writeDevOverrides(name, map[string]string{"cloudflarezt/cloudflarezt": oursDir, "bench/minimal": minimalDir})
	return err
}

// writeDevOverrides writes a CLI configuration with dev_overrides for the
// given providers (namespace/type → directory of the binary).
func (b *bench) writeDevOverrides(name string, dirs map[string]string) (string, error) {
	var lines strings.Builder
	for _, provider := range slices.Sorted(maps.Keys(dirs)) {
		fmt.Fprintf(&lines, "    %q = %q\n", "registry.terraform.io/"+provider, dirs[provider])
	}
	config := filepath.Join(b.work, name)
	return config, os.WriteFile(config, []byte("provider_installation {\n  dev_overrides {\n"+lines.String()+"  }\n  direct {}\n}\n"), 0o600)
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
