# Turns the access gates' result into a verdict that machines read
# (verdict.json, described by verdict.schema.json), from the same input as
# gate-comment.jq:
#
#   terraform plan -json -out=tfplan > plan.jsonl
#   terraform show -json tfplan > plan.json
#   jq -s --arg root access/ -f gate-verdict.jq plan.json plan.jsonl > verdict.json
#   (the ephemeral gate, or a plan that wrote no file: the log alone)
#
# One finding per gate and kind, each with a stable code, the gate's
# address, its source location (from the plan's diagnostics; --arg root is
# the configuration's directory in the repository), the application (the
# gate's instance key), the people (id and email) and how many there are.
# exit_code: 0 pass (warnings at most), 1 a finding (an unexpected change of
# access, a broken standing rule), 2 the gates could not decide (an error, a
# rule not assessed, a gate not tested in this plan, no gate at all).

def codes: {
  "newly-blocked-unexpected": {severity: "error", exit: 1},
  "newly-approved-unexpected": {severity: "error", exit: 1},
  "standing-rule-broken": {severity: "error", exit: 1},
  "not-assessed": {severity: "error", exit: 2},
  "could-not-run": {severity: "error", exit: 2},
  "not-tested": {severity: "error", exit: 2},
  "exception-expiring": {severity: "warning", exit: 0},
  "exception-expired": {severity: "warning", exit: 0},
  "exception-unused": {severity: "warning", exit: 0}
};

def location($root):
  if .range? then {file: (($root // "") + .range.filename), line: .range.start.line} else {file: null, line: null} end;

# application: the instance key of a gate's address (for_each), or null.
def application: (capture("\\[\"(?<k>(?:[^\"\\\\]|\\\\.)*)\"\\]$").k)? // (capture("\\[(?<k>[0-9]+)\\]$").k)? // null;

def person: capture("^- (?<who>user \\S+|\\S+)(?: \\((?<name>.*)\\))?(?:, id (?<id>\\S+))?$")
  | if (.who | startswith("user ")) then {id: (.who | ltrimstr("user ")), email: ""} else {id: (.id // null), email: .who} end;

def finding($code; $diag; $root; $message; $people; $count):
  ($diag | location($root)) as $at
  | {code: $code, severity: codes[$code].severity, gate: ($diag.address // null), application: (($diag.address // "") | application),
     file: $at.file, line: $at.line, message: $message, people: $people, count: $count};

# The ephemeral gate's error: a sentence per kind, then its people.
def change_findings($d; $root):
  ($d.detail | split("\n")) as $lines
  | [range(0; $lines | length) as $i | $lines[$i]
     | capture("^This change would newly (?<verb>block|let in) (?<total>[0-9]+) .*?(?:, (?<unexpected>[0-9]+) of them not expected| and (?:is|are) not expected):$")
     | . + {at: $i}] as $heads
  | [range(0; $heads | length) as $h | $heads[$h] as $head
     | ($heads[$h + 1].at // ($lines | length)) as $stop
     | [$lines[$head.at + 1:$stop][] | select(startswith("- ") and (test("^- and [0-9]+ more$") | not)) | person] as $people
     | finding(if $head.verb == "block" then "newly-blocked-unexpected" else "newly-approved-unexpected" end; $d; $root;
         $lines[$head.at]; $people; ($head.unexpected // $head.total | tonumber))];

. as $in
| ($ARGS.named.root // "") as $root
| [$in[] | select(type == "object" and has("format_version") and has("terraform_version") and (has("type") | not))][0] as $plan
| [$in[] | select(type == "object" and .type? == "diagnostic") | .diagnostic] | unique_by(.severity, .summary, .detail, .address) as $diags
# data-source gates read in the plan: their results, with every unexpected person
| [$plan.prior_state.values.root_module? | .. | objects | select(.mode? == "data" and .type? == "cloudflarezt_access_policy_change")] as $read
| [$plan.resource_changes[]? | select(.mode == "data" and .type == "cloudflarezt_access_policy_change")] as $deferred
| [$plan.prior_state.values.root_module? | .. | objects | select(.mode? == "data" and .type? == "cloudflarezt_access_plan_gates")] as $plan_gates
| [$in[] | select(type == "object") | select(.type? // "" | startswith("ephemeral_")) | .hook.resource.addr? // empty | select(contains("cloudflarezt_access_policy_change"))] as $opened
| [$in[] | select(type == "object" and .type? == "apply_complete" and .hook.action? == "read") | .hook.resource.addr? // empty
   | select(test("^(.*\\.)?data\\.cloudflarezt_access_policy_(change|test)\\."))] as $read_in_log
| ([$read[] | .address] + [$diags[] | .address // empty]) as $addresses
| [
    # data-source gates from the plan: the postcondition's error locates them
    ($read[] | .address as $a | .name as $name | .values as $v
     # Terraform names no address in a postcondition's error: its snippet
     # names the block
     | ([$diags[] | select(.severity == "error" and (.address == $a
          or (.address == null and (.snippet.context? // "") == "data \"cloudflarezt_access_policy_change\" \"\($name)\"")))][0] // {}) as $found
     | ($found + {address: $a}) as $d
     | (if ($v.unexpected_newly_blocked_count // 0) > 0 then
          finding("newly-blocked-unexpected"; $d; $root; "This change would newly block \($v.unexpected_newly_blocked_count) people who can get in today and are not expected.";
            [$v.unexpected_newly_blocked[]? | {id, email}]; $v.unexpected_newly_blocked_count) else empty end),
       (if ($v.unexpected_newly_approved_count // 0) > 0 then
          finding("newly-approved-unexpected"; $d; $root; "This change would newly let in \($v.unexpected_newly_approved_count) people who cannot get in today and are not expected.";
            [$v.unexpected_newly_approved[]? | {id, email}]; $v.unexpected_newly_approved_count) else empty end)),
    ($diags[] | . as $d
     | if .severity == "error" and .summary == "Unexpected Change of Access" then change_findings($d; $root)[]
       elif .severity == "error" and (.summary == "Standing Rule Violated" or .summary == "Standing Rule Not Assessed") then
         (.detail | split("\n")) as $lines
         | [$lines[1:][] | select(startswith("- ") and (test("^- and [0-9]+ more$") | not)) | person] as $people
         | finding(if .summary == "Standing Rule Violated" then "standing-rule-broken" else "not-assessed" end; $d; $root; $lines[0]; $people;
             ($people | length) + ([$lines[1:][] | capture("^- and (?<n>[0-9]+) more$").n | tonumber] | add // 0))
       elif .severity == "warning" and .summary == "Exception Expiring" then finding("exception-expiring"; $d; $root; .detail; []; 0)
       elif .severity == "warning" and .summary == "Exception Void" then finding("exception-expired"; $d; $root; .detail; []; 0)
       elif .severity == "warning" and .summary == "Exception Unused" then finding("exception-unused"; $d; $root; .detail; []; 0)
       # a data-source gate's postcondition is counted from the plan above
       elif .severity == "error" and .summary == "Resource postcondition failed" and $plan != null
            and (((.address // "") + (.snippet.context? // "")) | test("cloudflarezt_access_policy_change")) and ($read | length) > 0 then empty
       elif .summary == "Check block assertion known after apply" then
         finding("not-tested"; $d; $root; "Known only during apply: not tested in this plan; the apply tests it before anything that depends on it changes."; []; 0)
       elif .severity == "error" then finding("could-not-run"; $d; $root; "\(.summary): \(.detail | split("\n")[0])"; []; 0)
       else empty end),
    ($deferred[] | finding("not-tested"; {address: .address}; $root; "Known only during apply: not tested in this plan."; []; 0))
  ] as $findings
| ([$read[].address, $opened[], ($read_in_log[] | sub("^(?<a>.*?)(: .*)?$"; "\(.a)")), $plan_gates[].address, $deferred[].address, ($findings[] | .gate // empty)]
   | unique | length) as $gates
| ([$findings[] | codes[.code].exit] + [if $gates == 0 and ($findings | length) == 0 then 2 else 0 end]
   + [if ($plan.errored == true) and ([$findings[] | select(.severity == "error")] | length) == 0 then 2 else 0 end]) as $exits
| (if any($exits[]; . == 1) then 1 elif any($exits[]; . == 2) then 2 else 0 end) as $exit
| {
    version: 1,
    outcome: ({"0": "pass", "1": "findings", "2": "could-not-assess"}[$exit | tostring]),
    exit_code: $exit,
    gates: $gates,
    findings: ($findings | sort_by(.severity != "error", .code, .gate // "", .message))
  }
  + (if $gates == 0 and ($findings | length) == 0 then {note: "No gate in this plan."} else {} end)
