# Turns the access gate's result into a pull-request comment (Markdown).
#
#   terraform plan -json -out=tfplan > plan.jsonl
#   { terraform show -json tfplan; cat plan.jsonl; } | jq -rs --arg rows 200 -f gate-comment.jq
#     the data-source gate (cloudflarezt_access_policy_change) from a
#     saved plan, errored or not, and the standing rules from the plan's
#     diagnostics (a violated rule fails the read, which leaves no result
#     in the plan);
#   terraform plan -json ... | jq -rs -f gate-comment.jq
#     the ephemeral gate, from the plan's diagnostics (it writes nothing
#     to the plan file).
#
# Every value from the directory is escaped: Markdown control characters
# are backslash-escaped, "<" and "&" too, and "@" is followed by a zero-width
# space, so that no name or email can format, link, inject HTML or mention
# anyone. The first line is a marker that lets a workflow update the same
# comment. $rows (default 200) caps the people listed in the whole comment.

def md:
  tostring
  | gsub("[\u0000-\u001f\u007f\u2028\u2029]"; " ")
  | gsub("(?<c>[!-/:-?\\[-`{-~])"; "\\\(.c)")
  | gsub("@"; "@&#8203;");

def code: "`" + (tostring | gsub("[^0-9A-Za-z._\\[\\]\"-]"; "?")) + "`";

def count: tostring | until(test("^[0-9]{4}") | not; sub("(?<a>[0-9])(?<b>[0-9]{3})(?<c>,|$)"; "\(.a),\(.b)\(.c)"));

def test_line($side; $t):
  if $t == null then "no policies (\($side): nobody gets in)"
  else "\($t.id | code) (\($side): \($t.users_approved | count) approved, \($t.users_blocked | count) blocked, \($t.users_errored | count) errored of \($t.total_users | count) users)"
  end;

# One table of people: [{email, name, unexpected}], $total of them.
def table($title; $people; $total; $unexpected; $cap):
  "**\($title)**: \($total | count)\(if $unexpected > 0 then ", **\($unexpected | count) unexpected**" else "" end)",
  if $total == 0 then empty else
    "",
    "| | email | name |",
    "|---|---|---|",
    ($people[:$cap][] | "| \(if .unexpected then "⚠️ unexpected" else "expected" end) | \(if (.email // "") == "" then "(no email)" else .email | md end) | \(.name // "" | md) |"),
    (if $total > ([$cap, ($people | length)] | min) then "| | … and \(($total - ([$cap, ($people | length)] | min)) | count) more | |" else empty end)
  end,
  "";

# A gate's section. g: {address, blocked, approved, blocked_total,
# approved_total, unexpected_blocked, unexpected_approved, current,
# candidate} with current/candidate as test lines.
def section($cap):
  "#### \(.address | code)",
  "",
  "Tested \(.current) against \(.candidate).",
  "",
  table("Newly blocked"; .blocked; .blocked_total; .unexpected_blocked; $cap),
  table("Newly approved"; .approved; .approved_total; .unexpected_approved; $cap);

def verdict($state):
  {
    fail: "### ❌ Access gate: unexpected change of access",
    error: "### ❌ Access gate: the gate could not decide",
    untested: "### ⚠️ Access gate: not tested in this plan",
    none: "### ⚠️ Access gate: no gate in this plan",
    pass: "### ✅ Access gate: no unexpected change of access",
    rules: "### ❌ Access gate: a standing rule is broken"
  }[$state];

# --- standing rules (always_approved, never_approved), from the errors
# "Standing Rule Violated" / "Standing Rule Not Assessed" of `terraform plan
# -json`, whichever gate: their detail names the entry, then the people one
# a line ("- email (name), id …").
def rule_person:
  capture("^- (?<who>user \\S+|\\S+)(?: \\((?<name>.*)\\))?(?:, id (?<id>\\S+))?$")
  | if (.who | startswith("user ")) then {email: "", name: .name, id: (.who | ltrimstr("user "))} else {email: .who, name: .name, id: .id} end;

def parse_rule:
  (.detail | split("\n")) as $lines
  | ($lines[0] | capture("^(?<rule>(always|never)_approved)\\[(?<index>[0-9]+)\\] = \"(?<entry>(?:[^\"\\\\]|\\\\.)*)\"")? // {rule: "rule", index: "?", entry: ""}) as $head
  | $head + {
      address: (.address // ""),
      assessed: (.summary != "Standing Rule Not Assessed"),
      people: [$lines[1:][] | select(startswith("- ") and (test("^- and [0-9]+ more$") | not)) | rule_person],
      more: ([$lines[1:][] | capture("^- and (?<n>[0-9]+) more$").n | tonumber] | add // 0)
    };

def rule_diags:
  [.[] | select(type == "object" and .type? == "diagnostic") | .diagnostic
   | select(.severity == "error" and (.summary | startswith("Standing Rule ")))];

def rules_section:
  if length == 0 then empty else
    "#### Standing rules",
    "",
    "These hold whatever the change: no `expected_newly_*` entry excuses them.",
    "",
    (.[] |
      "- \(.address | if . == "" then "" else code + " " end)`\(.rule)[\(.index)]` \(.entry | md): " +
        (if (.assessed | not) then "**not assessed**: it matches nobody the test evaluated (Cloudflare tests only people who have logged in to Access before)"
         elif .rule == "always_approved" then "**not let in**"
         else "**let in**" end)
        + (if (.people | length) + .more > 0 then " (\((.people | length) + .more | count))" else "" end),
      (.people[] | "  - \(if .email == "" then "(no email)" else .email | md end)\(if (.name // "") != "" then " (\(.name | md))" else "" end)\(if (.id // "") != "" then ", id \(.id | code)" else "" end)"),
      (if .more > 0 then "  - … and \(.more | count) more" else empty end)),
    ""
  end;

def people($all; $unexpected):
  ($unexpected | map(.id)) as $ids
  | ($all | map(. + {unexpected: (.id as $id | $ids | index($id) != null)}))
  | sort_by(if .unexpected then 0 else 1 end);

# --- the data-source gate, from `terraform show -json` of a saved plan
def from_plan($rows; $rules):
  . as $plan
  | [$plan.prior_state.values.root_module? | .. | objects
     | select(.mode? == "data" and .type? == "cloudflarezt_access_policy_change")] as $read
  | [$plan.resource_changes[]? | select(.mode == "data" and .type == "cloudflarezt_access_policy_change")] as $deferred
  | ([($read | length) * 2, 1] | max) as $tables
  | ([([($rows / $tables | floor), 1] | max), 50] | min) as $cap
  | [$read[] | .values as $v | {
      address: .address,
      blocked: people($v.newly_blocked // []; $v.unexpected_newly_blocked // []),
      approved: people($v.newly_approved // []; $v.unexpected_newly_approved // []),
      blocked_total: $v.newly_blocked_count, approved_total: $v.newly_approved_count,
      unexpected_blocked: $v.unexpected_newly_blocked_count, unexpected_approved: $v.unexpected_newly_approved_count,
      current: test_line("current"; $v.current_test), candidate: test_line("candidate"; $v.candidate_test)
    }] as $gates
  | ([$plan.configuration? | .. | objects
      | select(.mode? == "data" and .type? == "cloudflarezt_access_policy_change")] | length) as $configured
  | ([$plan.checks[]? | select(.status != "pass")] | length) as $open
  | (if ($rules | length) > 0 then "rules"
     elif any($gates[]; .unexpected_blocked + .unexpected_approved > 0) then "fail"
     elif $plan.errored == true then "error"
     elif ($deferred | length) > 0 or $open > 0 then "untested"
     elif ($gates | length) == 0 and $configured > 0 then "error"
     elif ($gates | length) == 0 then "none"
     else "pass" end) as $state
  | "<!-- cloudflarezt-access-gate -->",
    verdict($state),
    "",
    ($rules | rules_section),
    (if $state == "error" then "The plan failed before every gate could decide: its log has the error.", "" else empty end),
    (if ($deferred | length) > 0 then
      "Known only during apply, so not tested in this plan: \([$deferred[].address | code] | join(", ")). The apply tests them before anything that depends on them changes.", ""
     else empty end),
    (if $state == "untested" and ($deferred | length) == 0 then
      "\($open) check\(if $open == 1 then "" else "s" end) of this plan did not pass: a gate was skipped (`-target`, `-refresh-only`) or is known only during apply.", ""
     else empty end),
    ($gates[] | section($cap));

# --- the ephemeral gate, from the lines of `terraform plan -json` (Terraform
# says ephemeral_op_*, OpenTofu ephemeral_action_*)
def person_line:
  capture("^- (?<who>user \\S+|\\S+)(?: \\((?<name>.*)\\))?$")
  | if (.who | startswith("user ")) then {email: "", name: .name, id: .who} else {email: .who, name: .name, id: .who} end;

def parse_detail:
  reduce (split("\n")[]) as $line ({kind: null, blocked: [], approved: [], blocked_total: 0, approved_total: 0, more_blocked: 0, more_approved: 0};
    if ($line | test("^This change would newly block [0-9]+ ")) then .kind = "blocked" | .blocked_total = ($line | capture("block (?<n>[0-9]+) ").n | tonumber)
    elif ($line | test("^This change would newly let in [0-9]+ ")) then .kind = "approved" | .approved_total = ($line | capture("let in (?<n>[0-9]+) ").n | tonumber)
    elif ($line | test("^Tested ")) then .kind = null | .tested = $line
    elif .kind != null and ($line | test("^- and [0-9]+ more$")) then .
    elif .kind != null and ($line | startswith("- ")) then .[.kind] += [$line | person_line | .unexpected = true]
    else . end);

def from_log($rows; $rules):
  [.[] | select(.type? == "diagnostic") | .diagnostic] as $diags
  | [$diags[] | select(.severity == "error" and .summary == "Unexpected Change of Access")] as $unexpected
  | [$diags[] | select(.severity == "error" and .summary != "Unexpected Change of Access" and (.summary | startswith("Standing Rule ") | not))] as $errors
  | [$diags[] | select(.summary == "Check block assertion known after apply")] as $unknown
  | [.[] | select(.type? // "" | startswith("ephemeral_")) | .hook.resource.addr? // empty | select(contains("cloudflarezt_access_policy_change"))] as $opened
  | ([([($rows / ([($unexpected | length) * 2, 1] | max) | floor), 1] | max), 50] | min) as $cap
  | (if ($rules | length) > 0 then "rules"
     elif ($unexpected | length) > 0 then "fail"
     elif ($errors | length) > 0 then "error"
     elif ($unknown | length) > 0 then "untested"
     elif ($opened | length) == 0 then "none"
     else "pass" end) as $state
  | "<!-- cloudflarezt-access-gate -->",
    verdict($state),
    "",
    ($rules | rules_section),
    ($errors[] | "- \(.summary | md)\(if .address then " (\(.address | code))" else "" end)"),
    (if ($errors | length) > 0 then "", "The plan's log has the details." else empty end),
    (if $state == "untested" then "A gate is known only during apply; the apply opens it before anything that depends on it changes." , "" else empty end),
    ($unexpected[] | (.detail | parse_detail) as $d | {
        address: (.address // "ephemeral.cloudflarezt_access_policy_change"),
        blocked: $d.blocked, approved: $d.approved,
        blocked_total: $d.blocked_total, approved_total: $d.approved_total,
        unexpected_blocked: $d.blocked_total, unexpected_approved: $d.approved_total,
        tested: ($d.tested // "")
      }
      | "#### \(.address | code)", "",
        (.tested | capture("^Tested (?<c>[0-9a-f]+) \\((?<cs>[^)]*)\\) against (?<d>[0-9a-f]+) \\((?<ds>[^)]*)\\)")? | "Tested \(.c | code) (\(.cs | md)) against \(.d | code) (\(.ds | md))."), "",
        "The ephemeral gate names only the unexpected people, up to 10 of each kind, and keeps nobody's name in the plan file.", "",
        table("Newly blocked"; .blocked; .blocked_total; .unexpected_blocked; $cap),
        table("Newly approved"; .approved; .approved_total; .unexpected_approved; $cap)),
    (if $state == "pass" then "Opened \([$opened | unique[] | code] | join(", ")): nobody's access changes unexpectedly. The ephemeral gate keeps no names in the plan file." else empty end);

. as $in
| [$in[] | select(type == "object" and has("format_version") and has("terraform_version") and (has("type") | not))] as $plans
| ($in | rule_diags | map(parse_rule)) as $rules
| ($ARGS.named.rows // "200" | tonumber) as $rows
| if ($plans | length) == 1
  then $plans[0] | from_plan($rows; $rules)
  else [$in[] | select(type == "object" and has("type"))] | from_log($rows; $rules)
  end
