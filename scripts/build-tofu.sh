#!/usr/bin/env bash
# Builds OpenTofu VERSION into OUT from its module on the Go module proxy.
# `go install` refuses a module whose go.mod has replace directives, so this
# builds from a writable copy of the downloaded module directory, as a release
# (version.dev=no, as the release build sets it: the CLI reports 1.8.11).
set -euo pipefail
version=$1 out=$2
src=$(go mod download -json "github.com/opentofu/opentofu@v${version}" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
[ -n "$src" ] || { echo "build-tofu: could not download github.com/opentofu/opentofu@v${version}" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$src/." "$work"
chmod -R u+w "$work"
mkdir -p "$(dirname "$out")"
(cd "$work" && go build -trimpath -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$out" ./cmd/tofu)
