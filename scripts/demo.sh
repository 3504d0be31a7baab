#!/usr/bin/env bash
# make demo: the provider against the local emulator, no Cloudflare account.
# Starts the emulator on a free loopback port, applies examples/demo through a
# dev_overrides CLI configuration, prints the results, and stops everything it
# started, also on Ctrl-C and on failure.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
terraform=${TERRAFORM:-terraform}
work=$(mktemp -d)
emulator_pid=""

cleanup() {
  if [ -n "$emulator_pid" ] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "==> Building the provider and the emulator"
go build -o "$work/bin/terraform-provider-cloudflarezt" "$root"
go build -o "$work/emulator" "$root/cmd/emulator"

"$work/emulator" -listen 127.0.0.1:0 -url-file "$work/url" -token demo-token >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.05; done
[ -s "$work/url" ] || { echo "the emulator did not start:"; cat "$work/emulator.log"; exit 1; }
echo "==> Emulator listening at $(cat "$work/url") (sample directory: 16 users)"

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/cloudflarezt/cloudflarezt" = "$work/bin"
  }
  direct {}
}
RC
cp -R "$root/examples/demo" "$work/config"
cd "$work/config"

export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export CLOUDFLARE_API_TOKEN=demo-token CLOUDFLARE_BASE_URL
CLOUDFLARE_BASE_URL=$(cat "$work/url")
unset CLOUDFLARE_API_KEY CLOUDFLARE_EMAIL

echo
echo "==> 1. Testing two candidate policies (report only: -var enforce_gate=false)"
"$terraform" apply -auto-approve -no-color -compact-warnings -var enforce_gate=false 2>&1 | grep -E '^(Apply complete|cloudflarezt_access_policy_test.*Creation complete)' || true
echo
"$terraform" output -no-color -raw summary
echo
echo
echo "==> 2. The same plan with the gate on: the postcondition stops the strict candidate"
if "$terraform" plan -no-color -compact-warnings >"$work/gate.log" 2>&1; then
  echo "unexpected: the gate let the strict candidate through"
  exit 1
fi
grep -E 'Error: Resource postcondition failed|Candidate "strict"' "$work/gate.log" | sed 's/^[[:space:]]*//' | awk '!seen[$0]++' 
echo
echo "==> Done: a pipeline running this plan would stop here. Emulator stopped, temporary files removed."
