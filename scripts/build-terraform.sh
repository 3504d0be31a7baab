#!/usr/bin/env bash
# Builds Terraform VERSION (>= 1.14, for actions) into OUT from its module on
# the Go module proxy. `go install` refuses the module (its go.mod has replace
# directives), and the module zip lacks the nested remote-state backend
# modules those directives point at. So this builds from a writable copy of
# the module directory with those backends cut out of the backend registry and
# go.mod; the local backend, which the tests use, stays.
set -euo pipefail
version=$1 out=$2
src=$(go mod download -json "github.com/hashicorp/terraform@v${version}" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
[ -n "$src" ] || { echo "build-terraform: could not download github.com/hashicorp/terraform@v${version}" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$src/." "$work"
chmod -R u+w "$work"
cd "$work"
missing=$(sed -n 's#^replace github.com/hashicorp/terraform/\(internal/[^ ]*\) => .*#\1#p' go.mod |
  while read -r dir; do [ -f "$dir/go.mod" ] || echo "$dir"; done)
for dir in $missing; do
  mod="github.com/hashicorp/terraform/$dir"
  # Drop the require and replace lines, then the import and the registry entry.
  sed -i "\#^[[:space:]]*${mod} #d; \#^replace ${mod} #d" go.mod
  if [[ $dir == internal/backend/remote-state/* ]]; then
    alias=$(sed -n "s#^[[:space:]]*\([A-Za-z0-9_]*\) \"${mod}\"\$#\1#p" internal/backend/init/init.go)
    [ -n "$alias" ] || { echo "build-terraform: no import of $mod in internal/backend/init/init.go" >&2; exit 1; }
    sed -i "\#\"${mod}\"\$#d; /${alias}\.New()/d" internal/backend/init/init.go
  fi
done
mkdir -p "$(dirname "$out")"
# version.dev=no, as the release build sets it: the CLI reports 1.15.0.
go build -mod=mod -trimpath -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" -o "$out" .
