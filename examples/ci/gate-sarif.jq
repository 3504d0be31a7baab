# Turns verdict.json (gate-verdict.jq) into SARIF 2.1.0 for GitHub code
# scanning:
#
#   jq -f gate-sarif.jq verdict.json > access-gate.sarif
#
# One rule per finding code; one result per finding and person (per finding
# when it names nobody), at the gate's source location (the configuration's
# first line when the plan gave none). partialFingerprints are the code, the
# gate, the rule entry or kind and the person's id, so that a result keeps
# its identity from run to run. At most 25,000 results: past that, one
# result says how many were left out.

def rules: [
  {id: "newly-blocked-unexpected", name: "NewlyBlockedUnexpected", severity: "8.0", level: "error",
   short: "A change locks out people it does not expect to",
   full: "The candidate policies block people who can get in today and whom expected_newly_blocked does not name: an outage for them.",
   help: "Fix the candidate, or, if the change means to lock them out, name them (or their domain) in expected_newly_blocked under review."},
  {id: "newly-approved-unexpected", name: "NewlyApprovedUnexpected", severity: "9.0", level: "error",
   short: "A change lets in people it does not expect to",
   full: "The candidate policies approve people who cannot get in today and whom expected_newly_approved does not name: unintended access.",
   help: "Fix the candidate, or, if the change means to let them in, name them in expected_newly_approved under review."},
  {id: "standing-rule-broken", name: "StandingRuleBroken", severity: "9.0", level: "error",
   short: "A standing rule is broken",
   full: "The candidate policies do not let in someone always_approved names, or let in someone never_approved names; no expectation excuses it.",
   help: "Fix the candidate. If the rule itself is wrong, change it where its owners review it, or add an exception with an owner, a reason and a date."},
  {id: "not-assessed", name: "NotAssessed", severity: "5.0", level: "error",
   short: "A standing rule could not be assessed",
   full: "A standing rule's entry matches nobody the test evaluated, or someone whose evaluation ended in error; the gate does not pass on what it did not assess.",
   help: "Have the person log in to Access once, plan again when their identity provider answers, or remove the entry."},
  {id: "could-not-run", name: "CouldNotRun", severity: "5.0", level: "error",
   short: "The gate could not run",
   full: "An error stopped the plan before the gates could decide: an API error, the rate-limit budget, a test that did not complete, or a configuration error.",
   help: "The plan's log has the error and what to do."},
  {id: "not-tested", name: "NotTested", severity: "3.0", level: "warning",
   short: "A gate is not tested in this plan",
   full: "The gate's inputs are known only during apply; the apply tests it before anything that depends on it changes.",
   help: "Nothing to do before the apply; the apply stops on the same findings."},
  {id: "exception-expiring", name: "ExceptionExpiring", severity: "3.0", level: "warning",
   short: "An exception to a standing rule expires soon",
   full: "An exception's date is within exception_warning_days: after it, the rule holds for the people it excepts again.",
   help: "Renew the exception (owner, reason, a new date) or fix what it covers."},
  {id: "exception-expired", name: "ExceptionExpired", severity: "5.0", level: "warning",
   short: "An exception to a standing rule is void",
   full: "An exception expired, or has no owner, no reason or an unreadable date: the rule holds for the people it names.",
   help: "Renew it with an owner, a reason and a date, or remove it."},
  {id: "exception-unused", name: "ExceptionUnused", severity: "2.0", level: "note",
   short: "An exception to a standing rule excepts nobody",
   full: "Nobody an exception names broke its rule in this test, or no entry of its rule names them.",
   help: "Remove it once it is no longer needed, or correct who or rule."}
];

def result_of($f; $person):
  (rules | map(select(.id == $f.code))[0]) as $rule
  | {
      ruleId: $f.code,
      level: $rule.level,
      message: {text: ($f.message + (if $person != null then " Person: \(if $person.email != "" then $person.email else "user " + ($person.id // "?") end)." else "" end))},
      locations: [{physicalLocation: {artifactLocation: {uri: ($f.file // (($ARGS.named.root // "") + "main.tf"))}, region: {startLine: ($f.line // 1)}}}],
      partialFingerprints: {"accessGate/v1": ([$f.code, ($f.gate // ""), ($f.message | split(" ")[0:4] | join(" ")), ($person.id // $person.email // "")] | join("|"))}
    };

. as $v
| 25000 as $max
| [$v.findings[] | . as $f | if (.people | length) > 0 then .people[] | result_of($f; .) else result_of($f; null) end] as $all
| {
    "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{
      tool: {driver: {
        name: "cloudflarezt-access-gate",
        informationUri: "https://github.com/cloudflarezt/terraform-provider-cloudflarezt",
        semanticVersion: "1.0.0",
        rules: [rules[] | {id, name, shortDescription: {text: .short}, fullDescription: {text: .full},
          help: {text: .help, markdown: .help}, defaultConfiguration: {level: .level},
          properties: {"security-severity": .severity, tags: ["security", "access-control"], precision: "very-high"}}]
      }},
      results: (if ($all | length) <= $max then $all else
        $all[:$max - 1] + [{ruleId: "could-not-run", level: "warning",
          message: {text: "\($all | length - $max + 1) more results are left out (at most \($max) in a run): verdict.json and the plan have every one."},
          locations: [{physicalLocation: {artifactLocation: {uri: (($ARGS.named.root // "") + "main.tf")}, region: {startLine: 1}}}],
          partialFingerprints: {"accessGate/v1": "more-results"}}] end)
    }]
  }
