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
# Every value from the directory is made inert for GitHub: control
# characters (C0, C1, line and paragraph separators) become spaces and
# bidirectional controls are removed; Markdown punctuation, "<" and "&" are
# backslash-escaped; a zero-width space follows every "@" (no mention), "#"
# (no issue or pull-request reference, "owner/repo#1" included) and ":"
# (no :emoji:), sits between "GH" and "-" (no GH-1) and within every run of
# seven or more hex digits (no commit link), since GitHub links references
# after rendering, whatever escape came before. Names and emails are cut to
# 100 characters with "…".
#
# The comment stays within GitHub's 65,536 characters: people are listed
# failing gates first, unexpected people first, up to $rows (default 200) in
# the whole comment and as many as fit; a gate whose table no longer fits
# keeps one line with its verdict and counts, and one line says how many
# people were left out and where the full lists are. Counts always come from
# the gate (the plan's *_count attributes, the error's sentences), never from
# the rows shown. The first line is a marker that lets a workflow update the
# same comment.

def md:
  tostring
  | gsub("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"; "")
  | gsub("[\u0000-\u001f\u007f-\u009f\u2028\u2029]"; " ")
  | gsub("(?<h>[0-9A-Fa-f]{4})(?=[0-9A-Fa-f]{3})"; "\(.h)\u200b")
  | gsub("(?<g>[Gg][Hh])-"; "\(.g)\u200b-")
  | gsub("(?<c>[!-/:-?\\[-`{-~])"; "\\\(.c)")
  | gsub("(?<c>@|\\\\#|\\\\:)"; "\(.c)\u200b")
  | gsub("\u200b"; "&#8203;");

# cut keeps a name or an email to 100 characters.
def cut: tostring | if length > 100 then .[:99] + "…" else . end;

def code: "`" + (tostring | gsub("[^0-9A-Za-z._\\[\\]\"-]"; "?")) + "`";

def count: tostring | until(test("^[0-9]{4}") | not; sub("(?<a>[0-9])(?<b>[0-9]{3})(?<c>,|$)"; "\(.a),\(.b)\(.c)"));

def test_line($side; $t):
  if $t == null then "no policies (\($side): nobody gets in)"
  else "\($t.id | code) (\($side): \($t.users_approved | count) approved, \($t.users_blocked | count) blocked, \($t.users_errored | count) errored of \($t.total_users | count) users)"
  end;

# --- the gates' sections, shared by both gates. A gate is {address,
# failing, intro: [lines], tables: [{title, total, unexpected, people:
# [{email, name, unexpected}]}]}, its people in the order to list them.
def person_row:
  "| \(if .unexpected then "⚠️ unexpected" else "expected" end) | \(if (.email // "") == "" then "(no email)" else .email | cut | md end) | \(.name // "" | cut | md) |";

def count_line:
  "**\(.title)**: \(.total | count)\(if .unexpected > 0 then ", **\(.unexpected | count) unexpected**" else "" end)";

def compact_line:
  "- \(.address | code): \(if .failing then "❌" else "✅" end) " + ([.tables[] | "\(.title | ascii_downcase) \(.total | count)\(if .unexpected > 0 then " (\(.unexpected | count) unexpected)" else "" end)"] | join(", "));

def gate_lines($shown):
  ["#### \(.address | code)", ""] + .intro
  + ([.tables | to_entries[] | .key as $t | .value as $table | ($shown[$t] // 0) as $n
      | [($table | count_line)]
        + (if $table.total == 0 then [] else
            ["", "| | email | name |", "|---|---|---|"]
            + [$table.people[:$n][] | person_row]
            + (if $table.total > $n then ["| | … and \($table.total - $n | count) more | |"] else [] end)
          end)
        + [""]] | add // []);

def size: map(length + 1) | add // 0;

# render lays the gates out within $rows people and $budget characters,
# failing gates first: each gate in turn gets its heading, tests and counts
# and then its people (unexpected first), while the cap and the budget
# allow; a gate that would list people past the cap, or whose heading no
# longer fits beside a line for every gate after it, keeps one line with
# its verdict and counts. Then one line on who was left out and where the
# full lists are.
def render($rows; $budget; $where):
  (sort_by((if .failing then 0 else 1 end), .address)) as $gates
  | ([$gates[] | compact_line | length + 1]) as $compact
  | (reduce range(0; $gates | length) as $i ({used: 0, rows: 0, full: [], shown: []};
      ($gates[$i]) as $g
      | ([$g.tables[].people | length] | add // 0) as $listable
      | ($g | gate_lines([]) | size) as $head
      | ($compact[$i + 1:] | add // 0) as $after
      | if ($listable > 0 and .rows >= $rows) or .used + $head + $after > $budget then
          .used += $compact[$i] | .full += [false] | .shown += [[]]
        else
          .used += $head | .full += [true]
          # its people, unexpected first, while the cap and the budget allow
          | ([range(0; $g.tables | length) as $t | range(0; $g.tables[$t].people | length) as $p
              | [$t, $p, (if $g.tables[$t].people[$p].unexpected then 0 else 1 end)]] | sort_by(.[2], .[0], .[1])) as $order
          | reduce $order[] as $at (. + {n: [range(0; $g.tables | length) | 0], stop: false};
              if .stop then . else
                ($g.tables[$at[0]].people[$at[1]] | person_row | length + 1) as $len
                | if .rows >= $rows or .used + $len + $after > $budget then .stop = true
                  else .used += $len | .rows += 1 | .n[$at[0]] += 1 end
              end)
          | .shown += [.n] | del(.n, .stop)
        end)) as $plan
  | ([range(0; $gates | length) as $i | range(0; $gates[$i].tables | length) as $t
      | $gates[$i].tables[$t].total - (if $plan.full[$i] then $plan.shown[$i][$t] else 0 end)] | add // 0) as $left
  | (range(0; $gates | length) as $i
      | if $plan.full[$i] then $gates[$i] | gate_lines($plan.shown[$i])[] else $gates[$i] | compact_line end),
    (if any($plan.full[]; not) then "" else empty end),
    (if $left > 0 then
      "\($left | count) of the people counted above are not listed here (at most \($rows | count) in a comment, within GitHub's 65,536 characters): \($where)."
     else empty end);

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
      (.people[] | "  - \(if .email == "" then "(no email)" else .email | cut | md end)\(if (.name // "") != "" then " (\(.name | cut | md))" else "" end)\(if (.id // "") != "" then ", id \(.id | code)" else "" end)"),
      (if .more > 0 then "  - … and \(.more | count) more" else empty end)),
    ""
  end;

def people($all; $unexpected):
  ($unexpected | map(.id)) as $ids
  | ($all | map(. + {unexpected: (.id as $id | $ids | index($id) != null)}))
  | sort_by(if .unexpected then 0 else 1 end);

# --- the data-source gate, from `terraform show -json` of a saved plan
def from_plan($rows; $budget; $rules):
  . as $plan
  | [$plan.prior_state.values.root_module? | .. | objects
     | select(.mode? == "data" and .type? == "cloudflarezt_access_policy_change")] as $read
  | [$plan.resource_changes[]? | select(.mode == "data" and .type == "cloudflarezt_access_policy_change")] as $deferred
  | [$read[] | .values as $v | {
      address: .address,
      failing: (($v.unexpected_newly_blocked_count // 0) + ($v.unexpected_newly_approved_count // 0) > 0),
      intro: [if $v.current_test == null and $v.candidate_test == null and (($v.summary // "") | startswith("No change of access: current and candidate are the same"))
              then "Not tested: current and candidate are the same policies in the same order, so nobody's access can change."
              else "Tested \(test_line("current"; $v.current_test)) against \(test_line("candidate"; $v.candidate_test))." end, ""],
      tables: [
        {title: "Newly blocked", total: ($v.newly_blocked_count // 0), unexpected: ($v.unexpected_newly_blocked_count // 0),
         people: people($v.newly_blocked // []; $v.unexpected_newly_blocked // [])},
        {title: "Newly approved", total: ($v.newly_approved_count // 0), unexpected: ($v.unexpected_newly_approved_count // 0),
         people: people($v.newly_approved // []; $v.unexpected_newly_approved // [])}
      ]
    }] as $gates
  | ([$plan.configuration? | .. | objects
      | select(.mode? == "data" and .type? == "cloudflarezt_access_policy_change")] | length) as $configured
  | ([$plan.checks[]? | select(.status != "pass")] | length) as $open
  | (if ($rules | length) > 0 then "rules"
     elif any($gates[]; .failing) then "fail"
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
    ($gates | render($rows; $budget; "the plan JSON (`terraform show -json tfplan`) has the full lists"));

# --- the ephemeral gate, from the lines of `terraform plan -json` (Terraform
# says ephemeral_op_*, OpenTofu ephemeral_action_*)
def person_line:
  capture("^- (?<who>user \\S+|\\S+)(?: \\((?<name>.*)\\))?$")
  | if (.who | startswith("user ")) then {email: "", name: .name, id: .who} else {email: .who, name: .name, id: .who} end;

# "This change would newly block 328 people who can get in today, 318 of
# them not expected:" (or "… and are not expected:" when none is): the whole
# count, then the unexpected one.
def counts($verb):
  capture("^This change would newly \($verb) (?<total>[0-9]+) .*?(?:, (?<unexpected>[0-9]+) of them not expected| and (?:is|are) not expected):$")
  | {total: (.total | tonumber), unexpected: (.unexpected // .total | tonumber)};

def parse_detail:
  reduce (split("\n")[]) as $line ({kind: null, blocked: [], approved: [], blocked_total: 0, approved_total: 0, unexpected_blocked: 0, unexpected_approved: 0};
    if ($line | test("^This change would newly block [0-9]+ ")) then .kind = "blocked" | ($line | counts("block")) as $c | .blocked_total = $c.total | .unexpected_blocked = $c.unexpected
    elif ($line | test("^This change would newly let in [0-9]+ ")) then .kind = "approved" | ($line | counts("let in")) as $c | .approved_total = $c.total | .unexpected_approved = $c.unexpected
    elif ($line | test("^Tested ")) then .kind = null | .tested = $line
    elif .kind != null and ($line | test("^- and [0-9]+ more$")) then .
    elif .kind != null and ($line | startswith("- ")) then .[.kind] += [$line | person_line | .unexpected = true]
    else . end);

def from_log($rows; $budget; $rules):
  [.[] | select(.type? == "diagnostic") | .diagnostic] as $diags
  | [$diags[] | select(.severity == "error" and .summary == "Unexpected Change of Access")] as $unexpected
  | [$diags[] | select(.severity == "error" and .summary != "Unexpected Change of Access" and (.summary | startswith("Standing Rule ") | not))] as $errors
  | [$diags[] | select(.summary == "Check block assertion known after apply")] as $unknown
  | [.[] | select(.type? // "" | startswith("ephemeral_")) | .hook.resource.addr? // empty | select(contains("cloudflarezt_access_policy_change"))] as $opened
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
    ([$unexpected[] | (.detail | parse_detail) as $d | {
        address: (.address // "ephemeral.cloudflarezt_access_policy_change"),
        failing: true,
        intro: ([$d.tested // "" | capture("^Tested (?<c>[0-9a-f]+) \\((?<cs>[^)]*)\\) against (?<d>[0-9a-f]+) \\((?<ds>[^)]*)\\)")?
                 | "Tested \(.c | code) (\(.cs | md)) against \(.d | code) (\(.ds | md)).", ""]
                + ["The ephemeral gate names only the unexpected people, up to 10 of each kind, and keeps nobody's name in the plan file.", ""]),
        tables: [
          {title: "Newly blocked", total: $d.blocked_total, unexpected: $d.unexpected_blocked, people: $d.blocked},
          {title: "Newly approved", total: $d.approved_total, unexpected: $d.unexpected_approved, people: $d.approved}
        ]
      }] | render($rows; $budget; "the job's log has what the gates' errors name, up to 10 people of each kind; the ephemeral gate keeps no list anywhere")),
    (if $state == "pass" then "Opened \([$opened | unique[] | code] | join(", ")): nobody's access changes unexpectedly. The ephemeral gate keeps no names in the plan file." else empty end);

. as $in
| [$in[] | select(type == "object" and has("format_version") and has("terraform_version") and (has("type") | not))] as $plans
| ($in | rule_diags | map(parse_rule)) as $rules
| ($ARGS.named.rows // "200" | tonumber) as $rows
# GitHub's limit, less the rules section and room for the lines around the
# gates (marker, verdict, notes on errors or deferred gates).
| (65536 - ($rules | [rules_section] | size) - 2000) as $budget
| if ($plans | length) == 1
  then $plans[0] | from_plan($rows; $budget; $rules)
  else [$in[] | select(type == "object" and has("type"))] | from_log($rows; $budget; $rules)
  end
