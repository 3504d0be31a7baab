package acctest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/release"
)

// Release is the provider's snapshot release for this platform, as its
// GitHub release will hold it: Dir/v<Version>/ has the zip, the checksums
// and the manifest, and URL is Dir as a file:// URL, for
// CLOUDFLAREZT_RELEASES.
type Release struct {
	Dir, URL, Version string
	// Mirror is a filesystem mirror with the zip installed, and CLIConfig
	// a CLI configuration file that installs the provider from it.
	Mirror, CLIConfig string
}

var (
	releaseOnce sync.Once
	built       Release
	releaseErr  error
)

// SnapshotRelease builds the release once per test binary (a go build of
// the provider with the release's flags), checks it into a mirror, and
// returns it. Acceptance test: it skips unless TF_ACC is set.
func SnapshotRelease(t *testing.T) Release {
	t.Helper()
	if os.Getenv("TF_ACC") == "" || os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH (make testacc does)")
	}
	releaseOnce.Do(func() { built, releaseErr = buildSnapshot() })
	if releaseErr != nil {
		t.Fatal(releaseErr)
	}
	return built
}

func buildSnapshot() (Release, error) {
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return Release{}, err
	}
	// Outside any test's TempDir: every test of the binary shares it.
	dir, err := os.MkdirTemp("", "cloudflarezt-release-")
	if err != nil {
		return Release{}, err
	}
	r := Release{Dir: dir, URL: "file://" + dir, Version: release.Version, Mirror: filepath.Join(dir, "mirror")}
	dist := filepath.Join(dir, "v"+r.Version)
	if err := release.Build(release.Options{Source: filepath.Dir(strings.TrimSpace(string(gomod))), Version: r.Version, Platforms: []string{release.Host()}, Out: dist}); err != nil {
		return Release{}, err
	}
	if _, err := release.Install(dist, r.Version, release.Host(), r.Mirror); err != nil {
		return Release{}, err
	}
	r.CLIConfig = filepath.Join(dir, "cli.tfrc")
	return r, os.WriteFile(r.CLIConfig, []byte(release.CLIConfig(r.Mirror)), 0o644)
}

// NewInstalledCLI runs the CLI in dir as a user's machine does, with the
// provider installed by `init` under the CLI configuration cliConfig (a
// file; "" for an empty one) rather than served by the test: what init
// installs runs as its own process, configured from the environment.
func NewInstalledCLI(t *testing.T, dir, cliConfig string) *CLI {
	t.Helper()
	terraform := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || terraform == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH (make testacc does)")
	}
	if cliConfig == "" {
		cliConfig = filepath.Join(t.TempDir(), "empty.tfrc")
		if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c := &CLI{t: t, terraform: terraform, dir: dir}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_REATTACH_PROVIDERS=") && !strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=") {
			c.env = append(c.env, kv)
		}
	}
	c.env = append(c.env, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE="+cliConfig)
	return c
}
