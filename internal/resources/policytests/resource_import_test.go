package policytests

import (
	"strconv"
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

// FuzzParseImportID: never a panic; what is accepted splits back into the input.
func FuzzParseImportID(f *testing.F) {
	f.Add("0123456789abcdef0123456789abcdef/9e3c1d7a5b2f48e6a0c4d8f2b6e1a3c57d9f0b2e4a6c8e1f3a5b7d9c0e2f4a6b")
	f.Add("0123456789abcdef0123456789abcdef/")
	f.Add("/x")
	f.Add("0123456789ABCDEF0123456789abcdef/x")
	f.Add("0123456789abcdef0123456789abcdef/a/b")
	f.Fuzz(func(t *testing.T, id string) {
		account, test, err := parseImportID(id)
		if err != nil {
			if !strings.Contains(err.Error(), "<account_id>/<policy_test_id>") && !strings.Contains(err.Error(), strconv.Quote(id)) {
				t.Fatalf("error %q does not quote the id", err)
			}
			return
		}
		if account+"/"+test != id || !accountIDPattern.MatchString(account) || test == "" || len(test) > 64 {
			t.Fatalf("accepted %q as %q / %q", id, account, test)
		}
	})
}
