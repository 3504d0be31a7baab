package policytests

import (
	"strings"
	"testing"
)

func TestParseImportID(t *testing.T) {
	account, id, err := parseImportID("0123456789abcdef0123456789abcdef/" + strings.Repeat("a", 64))
	if err != nil || account != "0123456789abcdef0123456789abcdef" || len(id) != 64 {
		t.Fatalf("valid id: %q %q %v", account, id, err)
	}
	if _, id, err := parseImportID("0123456789abcdef0123456789abcdef/f174e90a-fafe-4643-bbbc-4a0ed4fc8415"); err != nil || id == "" {
		t.Fatalf("uuid test id refused: %v", err)
	}
	for _, bad := range []string{"", "abc", "0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef/",
		"0123456789abcdef0123456789abcdef/" + strings.Repeat("a", 65), "0123456789ABCDEF0123456789ABCDEF/x",
		"0123456789abcdef0123456789abcdef/x/y", "0123456789abcdef0123456789abcdef/ x",
		"0123456789abcdef0123456789abcdef/..", "0123456789abcdef0123456789abcdef/a%2520b", "0123456789abcdef0123456789abcdef/not-hex"} {
		if _, _, err := parseImportID(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
