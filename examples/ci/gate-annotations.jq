# Turns verdict.json (gate-verdict.jq) into GitHub workflow commands that
# annotate the gates' source lines in the pull request:
#
#   jq -r -f gate-annotations.jq verdict.json
#
# One annotation per finding (GitHub shows at most 10 errors and 10 warnings
# of a step; the comment and the SARIF have the rest). Messages are escaped
# as workflow commands need ("%", CR and LF), and name no more than the
# first five people.

def escape: gsub("%"; "%25") | gsub("\r"; "%0D") | gsub("\n"; "%0A");
def property: escape | gsub(":"; "%3A") | gsub(","; "%2C");

.findings[]
| (if .severity == "error" then "error" else "warning" end) as $kind
| ([.people[:5][] | if .email != "" then .email else "user " + (.id // "?") end] | join(", ")) as $who
| "::\($kind) \([if .file then "file=\(.file | property)" else empty end, if .line then "line=\(.line)" else empty end, "title=\(.code | property)"] | join(","))::"
  + ((.message + (if $who != "" then " People: \($who)\(if .count > 5 then " and \(.count - 5) more" else "" end)." else "" end)) | escape)
