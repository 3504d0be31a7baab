// Command release builds the provider's release archives (make
// release-snapshot) or installs this platform's into a filesystem mirror
// (make install). See internal/release.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/release"
)

func main() {
	version := flag.String("version", release.Version, "the release's version, without the v")
	out := flag.String("out", "dist", "the directory of the release")
	platforms := flag.String("platforms", "", "comma-separated os_arch list, \"host\" for this machine's; every release platform when empty")
	gpgKey := flag.String("gpg-key", os.Getenv("GPG_FINGERPRINT"), "the GPG key that signs the checksums (none: unsigned)")
	mirror := flag.String("install", "", "after building, install this platform's archive into this filesystem mirror")
	flag.Parse()
	if err := run(*version, *out, *platforms, *gpgKey, *mirror); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run(version, out, platforms, gpgKey, mirror string) error {
	var list []string
	for _, p := range strings.Split(platforms, ",") {
		switch p = strings.TrimSpace(p); p {
		case "":
		case "host":
			list = append(list, release.Host())
		default:
			list = append(list, p)
		}
	}
	if err := release.Build(release.Options{Source: ".", Version: version, Platforms: list, Out: out, GPGKey: gpgKey}); err != nil {
		return err
	}
	fmt.Printf("built %s %s into %s\n", release.Name, version, out)
	if mirror == "" {
		return nil
	}
	abs, err := filepath.Abs(mirror)
	if err != nil {
		return err
	}
	paths, err := release.Install(out, version, release.Host(), abs)
	if err != nil {
		return err
	}
	fmt.Printf("installed into the filesystem mirror %s:\n  %s\n\n", abs, strings.Join(paths, "\n  "))
	fmt.Printf("A CLI configuration that installs it from there (TF_CLI_CONFIG_FILE, ~/.terraformrc or ~/.tofurc):\n\n%s\n", release.CLIConfig(abs))
	fmt.Println("Then `terraform init` records the archive's hash in .terraform.lock.hcl; commit it, and every later init checks the archive against it.")
	return nil
}
