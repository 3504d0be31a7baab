# Turns the access gate's result into a pull-request comment (Markdown).
#
#   terraform plan -json -out=tfplan > plan.jsonl
#   { terraform show -json tfplan; cat plan.jsonl; } | jq -rs --arg rows 200 -f gate-comment.jq
#     the data-source gate (cloudflarezt_access_policy_change) from a
#     saved plan, errored or not, and the standing rules and their
#     exceptions from the plan's diagnostics (a violated rule fails the
#     read, which leaves no result in the plan);
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

# more_rows: the characters of the "… and N more" rows of gate $g's tables
# when . (a count per table) of their people are listed.
def more_rows($g):
  . as $n | [range(0; $g.tables | length) | select($g.tables[.].total > 0 and $g.tables[.].total > $n[.])
    | "| | … and \($g.tables[.].total - $n[.] | count) more | |" | length + 1] | add // 0;

# capped: at most $n of the lines (strings), then one line saying how many
# more there are, as $more makes it from that number.
def capped($n; more):
  if length > $n then .[:$n] + [length - $n | more] else . end;

# addresses: gate addresses, each a code span, at most 20, then "and N more".
def addresses:
  map(code) | if length > 20 then (.[:20] | join(", ")) + " and \(length - 20 | count) more" else join(", ") end;

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
          # its heading without the "… and N more" rows, which are counted
          # only for the tables that end up not listed in full
          .used += ($g | gate_lines([]) | map(select(startswith("| | … and ") | not)) | size) | .full += [true]
          # its people, unexpected first, while the cap and the budget allow
          | ([range(0; $g.tables | length) as $t | range(0; $g.tables[$t].people | length) as $p
              | [$t, $p, (if $g.tables[$t].people[$p].unexpected then 0 else 1 end)]] | sort_by(.[2], .[0], .[1])) as $order
          | reduce $order[] as $at (. + {n: [range(0; $g.tables | length) | 0], stop: false};
              if .stop then . else
                ($g.tables[$at[0]].people[$at[1]] | person_row | length + 1) as $len
                | (.n | .[$at[0]] += 1 | more_rows($g)) as $more
                | if .rows >= $rows or .used + $len + $more + $after > $budget then .stop = true
                  else .used += $len | .rows += 1 | .n[$at[0]] += 1 end
              end)
          | .used += (.n | more_rows($g))
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
    error: "### ❌ Access gate: could not run",
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

def rule_lines:
  ["- \(.address | if . == "" then "" else code + " " end)`\(.rule)[\(.index)]` \(.entry | md): " +
      (if (.assessed | not) and (.people | length) + .more > 0 then "**not assessed**: the test could not evaluate the people it matches (status `error`)"
       elif (.assessed | not) then "**not assessed**: it matches nobody the test evaluated (Cloudflare tests only people who have logged in to Access before)"
       elif .rule == "always_approved" then "**not let in**"
       else "**let in**" end)
      + (if (.people | length) + .more > 0 then " (\((.people | length) + .more | count))" else "" end)]
  + [.people[] | "  - \(if .email == "" then "(no email)" else .email | cut | md end)\(if (.name // "") != "" then " (\(.name | cut | md))" else "" end)\(if (.id // "") != "" then ", id \(.id | code)" else "" end)"]
  + (if .more > 0 then ["  - … and \(.more | count) more"] else [] end);

# rules_section($budget): the broken rules, each entry with its people,
# while they fit in $budget characters; then how many more the log names.
def rules_section($budget):
  if length == 0 then [] else
    ["#### Standing rules", "", "These hold whatever the change: no `expected_newly_*` entry excuses them.", ""] as $head
    | [.[] | rule_lines] as $blocks
    | (reduce $blocks[] as $b ({used: (($head | size) + 200), out: [], stop: false};
        if .stop or .used + ($b | size) > $budget then .stop = true else .used += ($b | size) | .out += $b end)) as $kept
    | ([$blocks[] | select(length > 0)] | length) as $all
    | ([$kept.out[] | select(startswith("- "))] | length) as $shown
    | $head + $kept.out
      + (if $shown < $all then ["- … and \($all - $shown | count) more broken \(if $all - $shown == 1 then "rule" else "rules" end): the plan's log names every one"] else [] end)
      + [""]
  end;

# --- exceptions to the standing rules, from the warnings of `terraform plan
# -json`: "Standing Rule Excepted" names the people excepted, one a line
# ("- email (name), id …: exceptions[i], owner …, until …: reason"); the
# others ("Exception Expiring", "Exception Void", "Exception Unused",
# "Exceptions Overlap") say what to renew or remove in their first line.
def exception_diags:
  [.[] | select(type == "object" and .type? == "diagnostic") | .diagnostic
   | select(.severity == "warning" and (.summary == "Standing Rule Excepted" or (.summary | test("^Exceptions? "))))]
  | unique_by(.summary, .detail, .address);

def exception_lines:
  (.detail | split("\n")) as $lines
  | if .summary == "Standing Rule Excepted" then
      ["- \(.address | if . then code + " " else "" end)\(($lines[0] | capture("^(?<at>[a-z_]+\\[[0-9]+\\])") | .at)? // "rule" | code): excepted until the exception's date"]
      + [$lines[1:][] | select(startswith("- ")) | "  - " + (.[2:] | md)]
    else ["- **\(.summary | md)**\(.address | if . then " (" + code + ")" else "" end): \($lines[0] | md)"] end;

# exceptions_section($budget): the excepted people and the exceptions to
# renew or remove, while they fit in $budget characters.
def exceptions_section($budget):
  if length == 0 then [] else
    ["#### Exceptions", "", "People a standing rule does not count against until their exception's date, and exceptions to renew or remove.", ""] as $head
    | [.[] | exception_lines] as $blocks
    | (reduce $blocks[] as $b ({used: (($head | size) + 200), out: [], stop: false};
        if .stop or .used + ($b | size) > $budget then .stop = true else .used += ($b | size) | .out += $b end)) as $kept
    | ([$kept.out[] | select(startswith("- "))] | length) as $shown
    | $head + $kept.out
      + (if $shown < ($blocks | length) then ["- … and \(($blocks | length) - $shown | count) more: the plan's log has every one"] else [] end)
      + [""]
  end;

def people($all; $unexpected):
  ($unexpected | map(.id)) as $ids
  | ($all | map(. + {unexpected: (.id as $id | $ids | index($id) != null)}))
  | sort_by(if .unexpected then 0 else 1 end);

# --- the data-source gate, from `terraform show -json` of a saved plan
def from_plan($rows; $limit; $rules_budget; $rules; $exceptions; $log_errors):
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
  # Gates declared once (no for_each, no count): each must be read or
  # deferred. A gate over for_each may have no instance in a plan.
  | ([$plan.configuration? | .. | objects
      | select(.mode? == "data" and .type? == "cloudflarezt_access_policy_change" and .for_each_expression == null and .count_expression == null)] | length) as $configured
  # The gates of a plan (cloudflarezt_access_plan_gates): how many
  # applications each found whose access the plan may change.
  | ([$plan.prior_state.values.root_module? | .. | objects
      | select(.mode? == "data" and .type? == "cloudflarezt_access_plan_gates") | .values.gates // {} | length]) as $from_plans
  # The gates themselves decide, not the plan's checks: the JSON does not
  # say which checks refer to a gate, and a check block of the
  # configuration's own (a certificate not yet issued) is none of the
  # gate's business. A gate the configuration declares that the plan neither
  # read nor deferred was skipped (-target); Terraform 1.8 and later also
  # mark such a plan "complete": false.
  | def local_address: sub("^(module\\.[^.\\[]+(\\[[^\\]]*\\])?\\.)+"; "") | sub("\\[[^\\]]*\\]$"; "");
    ([$read[].address, $deferred[].address] | map(local_address) | unique) as $seen
  | ([$plan.configuration? | .. | objects | select(.mode? == "data" and .type? == "cloudflarezt_access_policy_change" and .for_each_expression == null and .count_expression == null) | .address]
     | unique | map(select(. as $a | $seen | index($a) | not))) as $skipped
  | ($plan.complete == false) as $partial
  | (if ($rules | length) > 0 then "rules"
     elif any($gates[]; .failing) then "fail"
     elif $plan.errored == true or $log_errors > 0 then "error"
     elif ($deferred | length) > 0 or ($skipped | length) > 0 or $partial then "untested"
     elif ($gates | length) == 0 and $configured > 0 then "error"
     elif ($gates | length) == 0 and ($from_plans | length) == 0 then "none"
     else "pass" end) as $state
  | (["<!-- cloudflarezt-access-gate -->", verdict($state), ""]
     + ($rules | rules_section($rules_budget))
     + ($exceptions | exceptions_section($limit / 10))
     + (if $state == "error" then ["The plan failed before every gate could decide: its log has the error.", ""] else [] end)
     + (if ($deferred | length) > 0 then
         ["Known only during apply, so not tested in this plan: \([$deferred[].address] | addresses). The apply tests them before anything that depends on them changes.", ""]
        else [] end)
     + (if $state == "untested" and ($skipped | length) > 0 then
         ["Declared but not read in this plan (`-target`?): \($skipped | addresses).", ""]
        elif $state == "untested" and ($deferred | length) == 0 then
         ["This plan is partial (`-target`): gates outside it were not tested.", ""]
        else [] end)) as $pre
  | $pre[],
    (if ($from_plans | length) > 0 then
      "Read the plan of the configuration: \($from_plans | add | count) \(if ($from_plans | add) == 1 then "application" else "applications" end) whose access it may change\(if ($from_plans | add) == 0 then "; nothing to test" else "" end).", ""
     else empty end),
    ($gates | render($rows; $limit - ($pre | size) - 200; "the plan JSON (`terraform show -json tfplan`) has the full lists"));

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

def from_log($rows; $limit; $rules_budget; $rules; $exceptions):
  [.[] | select(.type? == "diagnostic") | .diagnostic] as $diags
  | [$diags[] | select(.severity == "error" and .summary == "Unexpected Change of Access")] as $unexpected
  | [$diags[] | select(.severity == "error" and .summary != "Unexpected Change of Access" and (.summary | startswith("Standing Rule ") | not))] as $errors
  | [$diags[] | select(.summary == "Check block assertion known after apply")] as $unknown
  | [.[] | select(.type? // "" | startswith("ephemeral_")) | .hook.resource.addr? // empty | select(contains("cloudflarezt_access_policy_change"))] as $opened
  # data-source gates read during the plan (the nightly check of the
  # standing rules): Terraform reports a read as apply_complete
  | [.[] | select(.type? == "apply_complete" and .hook.action? == "read") | .hook.resource.addr? // empty
     | select(test("^(.*\\.)?data\\.cloudflarezt_access_policy_(change|test)\\."))] as $read
  | (if ($rules | length) > 0 then "rules"
     elif ($unexpected | length) > 0 then "fail"
     elif ($errors | length) > 0 then "error"
     elif ($unknown | length) > 0 then "untested"
     elif ($opened | length) + ($read | length) == 0 then "none"
     else "pass" end) as $state
  | (["<!-- cloudflarezt-access-gate -->", verdict($state), ""]
     + ($rules | rules_section($rules_budget))
     + ($exceptions | exceptions_section($limit / 10))
     + ([$errors[] | "- \(.summary | md)\(if .address then " (\(.address | code))" else "" end)"] | unique
        | capped(20; "- … and \(. | count) more errors"))
     + (if ($errors | length) > 0 then ["", "The plan's log has the details."] else [] end)
     + (if $state == "untested" then ["A gate is known only during apply; the apply opens it before anything that depends on it changes.", ""] else [] end)) as $pre
  | ([if $state == "pass" and ($opened | length) > 0 then "Opened \($opened | unique | addresses): nobody's access changes unexpectedly. The ephemeral gate keeps no names in the plan file." else empty end,
      if $state == "pass" and ($read | length) > 0 then "Read \($read | unique | addresses): nobody's access changes unexpectedly, and every standing rule they check holds." else empty end]) as $post
  | $pre[],
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
      }] | render($rows; $limit - ($pre | size) - ($post | size); "the job's log has what the gates' errors name, up to 10 people of each kind; the ephemeral gate keeps no list anywhere")),
    $post[];

. as $in
| [$in[] | select(type == "object" and has("format_version") and has("terraform_version") and (has("type") | not))] as $plans
# (in a stable order: gates report in the order their reads end)
| ($in | rule_diags | map(parse_rule) | sort_by(.address, .rule, (.index | tonumber? // 0))) as $rules
| ($in | exception_diags) as $exceptions
| ($ARGS.named.rows // "200" | tonumber) as $rows
# GitHub's limit, less room for the line on the people left out: every
# section is laid out within it, the standing rules within a third of it.
| 65000 as $limit
| if ($plans | length) == 1
  # (Terraform before 1.6 writes no "errored" into the plan: the log's
  # errors say it.)
  then $plans[0] | from_plan($rows; $limit; $limit / 3; $rules; $exceptions;
    [$in[] | select(type == "object" and .type? == "diagnostic" and .diagnostic.severity == "error" and (.diagnostic.summary | startswith("Standing Rule ") | not))] | length)
  else [$in[] | select(type == "object" and has("type"))] | from_log($rows; $limit; $limit / 3; $rules; $exceptions)
  end
