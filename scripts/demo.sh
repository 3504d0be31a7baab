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
echo "==> Emulator listening at $(cat "$work/url") (sample directory: 18 users)"

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
echo "==> 2. The gate on: \`terraform plan\` fails on the strict candidate's postcondition"
if "$terraform" plan -no-color -compact-warnings >"$work/gate.log" 2>&1; then
  echo "unexpected: the gate let the strict candidate through"
  exit 1
fi
grep -E 'Error: Resource postcondition failed|Candidate "strict"' "$work/gate.log" | sed 's/^[[:space:]]*//' | awk '!seen[$0]++' 
echo
echo "==> 3. A pull request: \`terraform plan\` alone (no apply, no state) compares today's policies with the candidate"
echo "       (examples/scenarios/pull-request-gate: the candidate requires MFA) and names whom it would newly lock out"
# pr_plan DIR [CLI [ARGS...]]: plans the configuration in DIR (with $terraform
# unless CLI is given); prints the gate's message, one line per paragraph.
pr_plan() {
  local dir=$1 cli=${2:-$terraform} status=0
  shift $(($# < 2 ? $# : 2))
  cat >"$dir/providers.tf" <<TF
terraform {
  required_providers {
    cloudflarezt = { source = "cloudflarezt/cloudflarezt" }
  }
}
TF
  (cd "$dir" && "$cli" plan -no-color -compact-warnings -var account_id=0123456789abcdef0123456789abcdef "$@") >"$dir/plan.log" 2>&1 || status=$?
  # Terraform wraps the message: print each paragraph that names people as one line.
  awk '/This change would newly|No unexpected change|is a standing rule/ { p = 1 } p && /^[[:space:]│]*$/ { print "       " line; line = ""; p = 0 } p { sub(/^[[:space:]│]*/, ""); line = line (line == "" ? "" : " ") $0 } END { if (line != "") print "       " line }' "$dir/plan.log" | awk '!seen[$0]++'
  return $status
}
mkdir -p "$work/pr-as-shipped" "$work/pr-reviewed" "$work/pr-contractors"
cp "$root/examples/scenarios/pull-request-gate/main.tf" "$work/pr-as-shipped/"
if pr_plan "$work/pr-as-shipped"; then
  echo "unexpected: the pull-request gate passed a change that locks people out"
  exit 1
fi
echo "    The reviewers accept erin and frank losing access (expected_newly_blocked); heidi and uma still fail the plan:"
sed 's/expected_newly_blocked  = \[\]/expected_newly_blocked  = ["erin@example.com", "frank@example.com"]/' \
  "$root/examples/scenarios/pull-request-gate/main.tf" >"$work/pr-reviewed/main.tf"
if pr_plan "$work/pr-reviewed"; then
  echo "unexpected: the gate let an unexpected person through"
  exit 1
fi
echo "    A reviewed change that lets contractors in on purpose (expected_newly_approved = [\"*@contractors.example.com\"]) passes:"
cp "$root/examples/data-sources/cloudflarezt_access_policy_change/data-source.tf" "$work/pr-contractors/main.tf"
if ! pr_plan "$work/pr-contractors"; then
  echo "unexpected: the reviewed change failed the gate"; cat "$work/pr-contractors/plan.log"
  exit 1
fi
grep -A6 'newly_approved = \[' "$work/pr-contractors/plan.log" | sed 's/^/    /' || true
echo "    A reorganisation reviewed as locking out every employee (expected_newly_blocked = [\"*@example.com\"]) is still"
echo "    refused (examples/scenarios/standing-rules): the security team's standing rule says the break-glass account must"
echo "    always get in, and no expectation excuses it:"
mkdir -p "$work/pr-rules"
cp "$root/examples/scenarios/standing-rules/"*.tf "$work/pr-rules/"
if pr_plan "$work/pr-rules"; then
  echo "unexpected: the gate let a change through that locks out the break-glass account"
  exit 1
fi
if [ -n "${TERRAFORM_ACTIONS:-}" ]; then
  echo
  echo "==> 4. At apply: the action cloudflarezt_access_policy_change runs right before the deploying resource changes"
  echo "       (terraform_data stands in for cloudflare_zero_trust_access_policy; $("$TERRAFORM_ACTIONS" version | head -1))"
  mkdir -p "$work/apply-gate"
  sed -e 's/expected_newly_approved = \["\*@contractors.example.com"\]/expected_newly_approved = []/' \
    "$root/examples/actions/cloudflarezt_access_policy_change/action.tf" >"$work/apply-gate/main.tf"
  cp "$work/pr-as-shipped/providers.tf" "$work/apply-gate/"
  status=0
  (cd "$work/apply-gate" && "$TERRAFORM_ACTIONS" apply -auto-approve -no-color -var account_id=0123456789abcdef0123456789abcdef) >"$work/apply-gate/apply.log" 2>&1 || status=$?
  grep -E '^Action .*: Policy test' "$work/apply-gate/apply.log" | sed -E 's/^Action [^:]*: /       progress: /' | head -6
  awk '/Unexpected Change of Access/ { print "       " $0; exit }' "$work/apply-gate/apply.log" | sed 's/^[[:space:]│]*/       /'
  if [ "$status" -eq 0 ] || (cd "$work/apply-gate" && "$TERRAFORM_ACTIONS" state list 2>/dev/null | grep -q terraform_data.policy); then
    echo "unexpected: the deploying resource was created although the action failed"
    exit 1
  fi
  echo "       The apply failed before terraform_data.policy was created: nothing in state."
else
  echo
  echo "==> 4. At apply: the action cloudflarezt_access_policy_change (skipped: actions need Terraform 1.14 or later;"
  echo "       \`make testmatrix\` builds one into .bin/, which \`make demo\` then uses)"
fi
# The ephemeral gate needs Terraform 1.10 or later: the Terraform above, or
# the one with actions when that is the newer.
ephemeral_cli=""
for cli in "$terraform" "${TERRAFORM_ACTIONS:-}"; do
  [ -n "$cli" ] || continue
  v=$("$cli" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([0-9.]*\)".*/\1/p')
  if [ -n "$v" ] && [ "$(printf '%s\n' 1.10.0 "$v" | sort -V | head -1)" = 1.10.0 ]; then
    ephemeral_cli=$cli
    break
  fi
done
if [ -n "$ephemeral_cli" ]; then
  echo
  echo "==> 5. The ephemeral gate (examples/scenarios/pull-request-gate-ephemeral; $("$ephemeral_cli" version | head -1)):"
  echo "       the same pull-request plan fails by itself, naming the people, and keeps none of them"
  mkdir -p "$work/pr-ephemeral"
  cp "$root/examples/scenarios/pull-request-gate-ephemeral/main.tf" "$work/pr-as-shipped/providers.tf" "$work/pr-ephemeral/"
  if pr_plan "$work/pr-ephemeral" "$ephemeral_cli" -out=tfplan; then
    echo "unexpected: the ephemeral gate passed a change that locks people out"
    exit 1
  fi
  emails=$(grep -o '"email": *"[^"]*"' "$root/internal/emulator/sample_directory.json" | sed 's/.*: *"\(.*\)"/\1/')
  [ -f "$work/pr-ephemeral/tfplan" ] || { echo "unexpected: no plan file was saved"; exit 1; }
  # emails_in DIR: how many directory emails DIR's saved plan holds.
  emails_in() {
    local shown found=0
    shown=$(cd "$1" && "$ephemeral_cli" show -json tfplan)
    for email in $emails; do
      case "$shown" in *"$email"*) found=$((found + 1)) ;; esac
    done
    echo "$found"
  }
  found=$(emails_in "$work/pr-ephemeral")
  (cd "$work/pr-as-shipped" && "$ephemeral_cli" plan -no-color -out=tfplan -var account_id=0123456789abcdef0123456789abcdef) >/dev/null 2>&1 || true
  echo "       The saved (errored) plan file holds $found of the directory's $(echo "$emails" | wc -w) emails" \
    "(the data-source gate's of step 3: $(emails_in "$work/pr-as-shipped"))."
  [ "$found" -eq 0 ] || { echo "unexpected: the plan file names people"; exit 1; }
fi
echo
echo "==> Done: a pipeline running these would stop at step 2, every plan of step 3 but the reviewed contractors change, step 4 and step 5. Emulator stopped, temporary files removed."
