// Package release builds the provider's release archives as the Terraform
// and OpenTofu registries take them, the same names .goreleaser.yml gives,
// and installs one into a filesystem mirror: the way to install the
// provider before it is published, and how the tests install it as a
// user's CI does.
package release

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
)

// Name is the project's name in every file name of a release.
const Name = "terraform-provider-cloudflarezt"

// Version is the version being prepared (CHANGELOG.md): what make install
// and make release-snapshot build unless told otherwise.
const Version = "0.1.0"

// Hosts are the registries whose address the mirror serves the provider
// under: configurations say cloudflarezt/cloudflarezt, which Terraform
// reads as registry.terraform.io/… and OpenTofu as registry.opentofu.org/….
var Hosts = []string{"registry.terraform.io", "registry.opentofu.org"}

// Platforms are the release's, as .goreleaser.yml builds them: its goos ×
// goarch less darwin_386 (ignored there) and the pairs Go does not build,
// which goreleaser skips (darwin_arm, windows_arm).
var Platforms = func() []string {
	var out []string
	for _, goos := range []string{"darwin", "freebsd", "linux", "windows"} {
		for _, goarch := range []string{"386", "amd64", "arm", "arm64"} {
			if (goos == "darwin" && (goarch == "386" || goarch == "arm")) || (goos == "windows" && goarch == "arm") {
				continue
			}
			out = append(out, goos+"_"+goarch)
		}
	}
	return out
}()

// Host is this machine's platform.
func Host() string { return runtime.GOOS + "_" + runtime.GOARCH }

var semver = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)

// Archive is the zip of one platform's build.
func Archive(version, platform string) string {
	return fmt.Sprintf("%s_%s_%s.zip", Name, version, platform)
}

// Binary is the executable inside an archive.
func Binary(version, platform string) string {
	b := fmt.Sprintf("%s_v%s", Name, version)
	if strings.HasPrefix(platform, "windows_") {
		b += ".exe"
	}
	return b
}

// Sums is the checksum file of a release; Sums + ".sig" its signature.
func Sums(version string) string { return fmt.Sprintf("%s_%s_SHA256SUMS", Name, version) }

// Manifest is the registry manifest of a release.
func Manifest(version string) string { return fmt.Sprintf("%s_%s_manifest.json", Name, version) }

// Options say what Build builds.
type Options struct {
	// Source is the module's root directory.
	Source string
	// Version without the v, e.g. 0.1.0.
	Version string
	// Platforms default to every release platform.
	Platforms []string
	// Out is the directory the release is written to.
	Out string
	// GPGKey, when set, signs the checksums with gpg --detach-sign.
	GPGKey string
}

// Build builds one zip per platform, the checksums of the zips and the
// manifest, and the checksums' signature when a key is given.
func Build(o Options) error {
	if !semver.MatchString(o.Version) {
		return fmt.Errorf("version %q is not a semantic version such as 0.1.0 (without the v): the registries and the lock file need one", o.Version)
	}
	platforms := o.Platforms
	if len(platforms) == 0 {
		platforms = Platforms
	}
	for _, p := range platforms {
		if !slices.Contains(Platforms, p) {
			return unsupported(p)
		}
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return err
	}
	manifest, err := os.ReadFile(filepath.Join(o.Source, "terraform-registry-manifest.json"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(o.Out, Manifest(o.Version)), manifest, 0o644); err != nil {
		return err
	}
	sums := map[string]string{Manifest(o.Version): digest(manifest)}
	for _, p := range platforms {
		sum, err := buildArchive(o, p)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		sums[Archive(o.Version, p)] = sum
	}
	names := make([]string, 0, len(sums))
	for name := range sums {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		fmt.Fprintf(&b, "%s  %s\n", sums[name], name)
	}
	sumsFile := filepath.Join(o.Out, Sums(o.Version))
	if err := os.WriteFile(sumsFile, []byte(b.String()), 0o644); err != nil {
		return err
	}
	if o.GPGKey == "" {
		return nil
	}
	cmd := exec.Command("gpg", "--batch", "--yes", "--local-user", o.GPGKey, "--output", sumsFile+".sig", "--detach-sign", sumsFile)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("signing %s: %w\n%s", filepath.Base(sumsFile), err, out)
	}
	return nil
}

func unsupported(platform string) error {
	return fmt.Errorf("the provider is not released for %s; the release platforms are %s. Build it yourself with `GOOS=… GOARCH=… go build`, or run Terraform on one of these", platform, strings.Join(Platforms, ", "))
}

// buildArchive builds the binary of one platform with the release's flags
// and zips it, returning the zip's SHA-256.
func buildArchive(o Options, platform string) (string, error) {
	goos, goarch, _ := strings.Cut(platform, "_")
	tmp, err := os.MkdirTemp("", "cloudflarezt-release-")
	if err != nil {
		return "", err
	}
	defer func() { _ = os.RemoveAll(tmp) }()
	binary := filepath.Join(tmp, Binary(o.Version, platform))
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.version="+o.Version, "-o", binary, ".")
	cmd.Dir = o.Source
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	zipPath := filepath.Join(o.Out, Archive(o.Version, platform))
	if err := writeZip(zipPath, binary); err != nil {
		return "", err
	}
	raw, err := os.ReadFile(zipPath)
	if err != nil {
		return "", err
	}
	return digest(raw), nil
}

func writeZip(path, binary string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	w := zip.NewWriter(f)
	in, err := os.Open(binary)
	if err != nil {
		return err
	}
	defer func() { _ = in.Close() }()
	header := &zip.FileHeader{Name: filepath.Base(binary), Method: zip.Deflate}
	header.SetMode(0o755)
	out, err := w.CreateHeader(header)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		return err
	}
	return w.Close()
}

func digest(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// Install checks platform's zip of a release in dist against the release's
// checksums and copies it into mirror, in the packed layout of a filesystem
// mirror, under every host of Hosts. It returns the zip's paths in mirror.
func Install(dist, version, platform, mirror string) ([]string, error) {
	if !slices.Contains(Platforms, platform) {
		return nil, unsupported(platform)
	}
	name := Archive(version, platform)
	raw, err := os.ReadFile(filepath.Join(dist, name))
	if err != nil {
		return nil, fmt.Errorf("no %s in %s: build the release first (make release-snapshot): %w", name, dist, err)
	}
	sums, err := os.ReadFile(filepath.Join(dist, Sums(version)))
	if err != nil {
		return nil, fmt.Errorf("no checksums for the release in %s: %w", dist, err)
	}
	if want := digest(raw); !strings.Contains(string(sums), want+"  "+name+"\n") {
		return nil, fmt.Errorf("%s does not match the release's checksums (%s): the archive is not the release's; build or download it again", name, Sums(version))
	}
	var paths []string
	for _, host := range Hosts {
		dir := filepath.Join(mirror, host, "cloudflarezt", "cloudflarezt")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, raw, 0o644); err != nil {
			return nil, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// CLIConfig is a CLI configuration that installs the provider from mirror
// and every other provider as before.
func CLIConfig(mirror string) string {
	var include []string
	for _, host := range Hosts {
		include = append(include, fmt.Sprintf("%q", host+"/cloudflarezt/cloudflarezt"))
	}
	list := strings.Join(include, ", ")
	return fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %q
    include = [%s]
  }
  direct {
    exclude = [%s]
  }
}
`, mirror, list, list)
}
