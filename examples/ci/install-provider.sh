#!/usr/bin/env bash
# Installs the cloudflarezt provider from its GitHub release into a
# filesystem mirror, for CI until the provider is in the registries:
#
#   ci/install-provider.sh 0.1.0
#
# It downloads this platform's zip and the release's SHA256SUMS, checks the
# zip against them (and, with gpg and CLOUDFLAREZT_SIGNING_KEY, the checksums
# against their signature), puts the zip where Terraform and OpenTofu look
# for cloudflarezt/cloudflarezt, and writes a CLI configuration that installs
# this provider from there and every other one as before. Under GitHub
# Actions it sets TF_CLI_CONFIG_FILE for the later steps (GITHUB_ENV);
# elsewhere it prints the export to run. `terraform init` then checks the
# zip against .terraform.lock.hcl: commit the lock file.
#
# CLOUDFLAREZT_RELEASES: where the releases are (default: the project's
# GitHub releases; a file:// URL for a local copy).
set -euo pipefail

version=${1:?usage: install-provider.sh VERSION (e.g. 0.1.0)}
version=${version#v}
releases=${CLOUDFLAREZT_RELEASES:-https://github.com/cloudflarezt/terraform-provider-cloudflarezt/releases/download}
mirror=${CLOUDFLAREZT_MIRROR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/cloudflarezt-mirror}

case "$(uname -s)" in
  Linux) os=linux ;; Darwin) os=darwin ;; FreeBSD) os=freebsd ;;
  *) echo "install-provider.sh: no release for $(uname -s); build the provider from source (make install)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;; i386 | i686) arch=386 ;; armv7l | armv6l) arch=arm ;;
  *) echo "install-provider.sh: no release for $(uname -m); build the provider from source (make install)" >&2; exit 1 ;;
esac

name=terraform-provider-cloudflarezt
zip="${name}_${version}_${os}_${arch}.zip"
sums="${name}_${version}_SHA256SUMS"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() { curl --fail --silent --show-error --location --proto '=https,file' --max-time 300 -o "$work/$1" "$releases/v$version/$1"; }
fetch "$sums"
fetch "$zip"
if [ -n "${CLOUDFLAREZT_SIGNING_KEY:-}" ]; then
  fetch "$sums.sig"
  gpg --batch --no-default-keyring --keyring "$work/keyring.gpg" --import "$CLOUDFLAREZT_SIGNING_KEY" 2> /dev/null
  gpg --batch --no-default-keyring --keyring "$work/keyring.gpg" --verify "$work/$sums.sig" "$work/$sums" 2> /dev/null ||
    { echo "install-provider.sh: $sums is not signed by the key in $CLOUDFLAREZT_SIGNING_KEY" >&2; exit 1; }
fi
(cd "$work" && grep -E "  ${zip}\$" "$sums" | sha256sum --check --status) ||
  { echo "install-provider.sh: $zip does not match the release's $sums: not installed" >&2; exit 1; }

for host in registry.terraform.io registry.opentofu.org; do
  mkdir -p "$mirror/$host/cloudflarezt/cloudflarezt"
  cp "$work/$zip" "$mirror/$host/cloudflarezt/cloudflarezt/$zip"
done
config="$mirror/cli.tfrc"
cat > "$config" << EOF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/cloudflarezt/cloudflarezt", "registry.opentofu.org/cloudflarezt/cloudflarezt"]
  }
  direct {
    exclude = ["registry.terraform.io/cloudflarezt/cloudflarezt", "registry.opentofu.org/cloudflarezt/cloudflarezt"]
  }
}
EOF
if [ -n "${GITHUB_ENV:-}" ]; then
  echo "TF_CLI_CONFIG_FILE=$config" >> "$GITHUB_ENV"
  echo "installed $name $version ($os/$arch) into $mirror; TF_CLI_CONFIG_FILE is set for the next steps"
else
  echo "installed $name $version ($os/$arch) into $mirror; now: export TF_CLI_CONFIG_FILE=$config"
fi
