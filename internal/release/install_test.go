package release_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/dirhash"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/release"
)

// copyTree copies the directory from into to, as a user copies an example.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			if d.Name() == ".terraform" {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o755)
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, raw, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Every scenario, copied as it is, installs the snapshot release from a
// filesystem mirror with `init` (no dev_overrides, no test provider), which
// records the archive's hash in the lock file, and validates.
func TestAccInstall_EveryScenarioFromTheMirror(t *testing.T) {
	r := acctest.SnapshotRelease(t)
	examples := filepath.Join(t.TempDir(), "examples")
	copyTree(t, filepath.Join("..", "..", "examples"), examples)
	zip := filepath.Join(r.Dir, "v"+r.Version, release.Archive(r.Version, release.Host()))
	hash, err := dirhash.HashZip(zip, dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := filepath.Glob(filepath.Join(examples, "scenarios", "*"))
	if err != nil || len(dirs) < 10 {
		t.Fatalf("scenarios: %v %v", dirs, err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			if filepath.Base(dir) == "pull-request-gate-ephemeral" {
				acctest.Ephemeral.Skip(t)
			}
			cli := acctest.NewInstalledCLI(t, dir, r.CLIConfig)
			if out, err := cli.Run("init", "-input=false", "-no-color"); err != nil {
				t.Fatalf("init: %v\n%s", err, out)
			}
			lock, err := os.ReadFile(filepath.Join(dir, ".terraform.lock.hcl"))
			if err != nil {
				t.Fatal(err)
			}
			entry := regexp.MustCompile(`provider "registry\.(terraform\.io|opentofu\.org)/cloudflarezt/cloudflarezt" \{\s+version\s+= "` + regexp.QuoteMeta(r.Version) + `"`)
			if !entry.Match(lock) || !strings.Contains(string(lock), `"`+hash+`"`) {
				t.Errorf("the lock file does not record cloudflarezt %s with the archive's hash %s:\n%s", r.Version, hash, lock)
			}
			if out, err := cli.Run("validate", "-no-color"); err != nil {
				t.Errorf("validate: %v\n%s", err, out)
			}
		})
	}
}

// A lock file whose hash is not the archive's stops init, and a mirror
// without the provider names what it searched.
func TestAccInstall_BadInstalls(t *testing.T) {
	r := acctest.SnapshotRelease(t)
	root := t.TempDir()
	copyTree(t, filepath.Join("..", "..", "examples", "scenarios", "gate-check"), root)

	t.Run("lock file hash does not match", func(t *testing.T) {
		dir := filepath.Join(root, "locked")
		copyTree(t, filepath.Join("..", "..", "examples", "scenarios", "gate-check"), dir)
		cli := acctest.NewInstalledCLI(t, dir, r.CLIConfig)
		if out, err := cli.Run("init", "-input=false", "-no-color"); err != nil {
			t.Fatalf("init: %v\n%s", err, out)
		}
		lockFile := filepath.Join(dir, ".terraform.lock.hcl")
		lock, err := os.ReadFile(lockFile)
		if err != nil {
			t.Fatal(err)
		}
		tampered := regexp.MustCompile(`"h1:[^"]+"`).ReplaceAll(lock, []byte(`"h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="`))
		if err := os.WriteFile(lockFile, tampered, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.RemoveAll(filepath.Join(dir, ".terraform")); err != nil {
			t.Fatal(err)
		}
		out, err := cli.Run("init", "-input=false", "-no-color")
		if err == nil || !strings.Contains(acctest.Plain(out), "checksums previously recorded in the dependency lock file") {
			t.Errorf("init with a lock file that does not match: %v, want the mismatch named:\n%s", err, out)
		}
	})

	t.Run("mirror without the provider", func(t *testing.T) {
		dir := filepath.Join(root, "empty-mirror")
		copyTree(t, filepath.Join("..", "..", "examples", "scenarios", "gate-check"), dir)
		empty := filepath.Join(root, "empty")
		if err := os.MkdirAll(empty, 0o755); err != nil {
			t.Fatal(err)
		}
		config := filepath.Join(root, "empty.tfrc")
		if err := os.WriteFile(config, []byte(release.CLIConfig(empty)), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := acctest.NewInstalledCLI(t, dir, config).Run("init", "-input=false", "-no-color")
		plain := acctest.Plain(out)
		if err == nil || !strings.Contains(plain, "cloudflarezt/cloudflarezt") || !strings.Contains(plain, empty) {
			t.Errorf("init with a mirror that lacks the provider: %v, want the provider and the mirror named:\n%s", err, out)
		}
	})
}
