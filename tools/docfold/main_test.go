package main

import (
	"strings"
	"testing"
)

// A rule type's sections under each rule list go, its line in the lists
// stays and links to the reference, and the reference keeps its
// description and its attributes once.
func TestFold(t *testing.T) {
	page := strings.Join([]string{
		"<a id=\"nestedatt--policies--include\"></a>",
		"### Nested Schema for `policies.include`",
		"",
		"Optional:",
		"",
		"- `email` (Attributes) Matches one email address. (see [below for nested schema](#nestedatt--policies--include--email))",
		"- `everyone` (Attributes) Matches everyone. (see [below for nested schema](#nestedatt--policies--include--everyone))",
		"",
		"<a id=\"nestedatt--policies--include--email\"></a>",
		"### Nested Schema for `policies.include.email`",
		"",
		"Required:",
		"",
		"- `email` (String) The email address.",
		"",
		"",
		"<a id=\"nestedatt--policies--include--everyone\"></a>",
		"### Nested Schema for `policies.include.everyone`",
		"",
		"",
		"<a id=\"nestedatt--timeouts\"></a>",
		"### Nested Schema for `timeouts`",
		"",
	}, "\n")
	rules := map[string]*rule{}
	got := fold(page, rules)
	if strings.Contains(got, "nestedatt--policies--include--") || !strings.Contains(got, "<a id=\"nestedatt--timeouts\"></a>") {
		t.Errorf("folded page:\n%s", got)
	}
	if !strings.Contains(got, "- `email` (Attributes) Matches one email address. (see [the rules reference](../guides/access-rules.md#email))") {
		t.Errorf("the rule's line does not link to the reference:\n%s", got)
	}
	ref := referencePage(rules)
	for _, want := range []string{"## `email`\n\nMatches one email address.\n\nRequired:\n\n- `email` (String) The email address.\n", "## `everyone`\n\nMatches everyone.\n\nNo attributes: `everyone = {}`.\n"} {
		if !strings.Contains(ref, want) {
			t.Errorf("the reference lacks %q:\n%s", want, ref)
		}
	}
}
