package release

import (
	"archive/zip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A snapshot of this platform: the zip holds the versioned binary, the
// checksums list the zip and the manifest, and Install checks the zip
// against them before it copies it under both registries' addresses.
func TestBuildAndInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the provider")
	}
	dist, mirror := t.TempDir(), t.TempDir()
	if err := Build(Options{Source: filepath.Join("..", ".."), Version: "0.1.0", Platforms: []string{Host()}, Out: dist}); err != nil {
		t.Fatal(err)
	}
	z, err := zip.OpenReader(filepath.Join(dist, Archive("0.1.0", Host())))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = z.Close() }()
	if len(z.File) != 1 || z.File[0].Name != Binary("0.1.0", Host()) || z.File[0].Mode()&0o100 == 0 {
		t.Errorf("the zip holds %v, want the executable %s alone", z.File, Binary("0.1.0", Host()))
	}
	sums, err := os.ReadFile(filepath.Join(dist, Sums("0.1.0")))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{Archive("0.1.0", Host()), Manifest("0.1.0")} {
		if !strings.Contains(string(sums), "  "+name+"\n") {
			t.Errorf("the checksums do not list %s:\n%s", name, sums)
		}
	}
	paths, err := Install(dist, "0.1.0", Host(), mirror)
	if err != nil || len(paths) != 2 {
		t.Fatalf("install: %v %v", paths, err)
	}
	// A zip that is not the release's is refused.
	if err := os.WriteFile(filepath.Join(dist, Archive("0.1.0", Host())), []byte("not the release"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Install(dist, "0.1.0", Host(), mirror); err == nil || !strings.Contains(err.Error(), "does not match the release's checksums") {
		t.Errorf("install of a changed zip: %v", err)
	}
}

// What cannot be built or installed says so, and what to do.
func TestBadInput(t *testing.T) {
	if _, err := Install(t.TempDir(), "0.1.0", "plan9_amd64", t.TempDir()); err == nil || !strings.Contains(err.Error(), "not released for plan9_amd64") || !strings.Contains(err.Error(), "linux_amd64") {
		t.Errorf("unsupported platform: %v", err)
	}
	if err := Build(Options{Version: "v0.1.0", Out: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "without the v") {
		t.Errorf("a version with a v: %v", err)
	}
	if _, err := Install(t.TempDir(), "0.1.0", Host(), t.TempDir()); err == nil || !strings.Contains(err.Error(), "make release-snapshot") {
		t.Errorf("no release built: %v", err)
	}
}

// The names are those .goreleaser.yml gives the registry's files.
func TestNamesMatchGoreleaser(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", ".goreleaser.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`binary: "{{ .ProjectName }}_v{{ .Version }}"`,
		`name_template: "{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}"`,
		`name_template: "{{ .ProjectName }}_{{ .Version }}_SHA256SUMS"`,
		`name_template: "{{ .ProjectName }}_{{ .Version }}_manifest.json"`,
		`goos: [freebsd, windows, linux, darwin]`,
		`goarch: [amd64, "386", arm, arm64]`,
	} {
		if !strings.Contains(string(raw), want) {
			t.Errorf(".goreleaser.yml no longer says %s: keep internal/release's names and platforms in step", want)
		}
	}
	if len(Platforms) != 13 {
		t.Errorf("%d platforms, want goreleaser's 4 × 4 less darwin_386, darwin_arm and windows_arm: 13", len(Platforms))
	}
	// Every one builds: what goreleaser builds and the registry offers.
	out, err := exec.Command("go", "tool", "dist", "list").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Platforms {
		if !strings.Contains(string(out), strings.Replace(p, "_", "/", 1)+"\n") {
			t.Errorf("Go does not build %s", p)
		}
	}
}
