package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// The applications are read page by page until an empty page, whatever
// per_page the server clamps to; a server that does not page is stopped.
func TestListApplications(t *testing.T) {
	const apps = 7
	serve := func(pageSize int, ignorePage bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			page, _ := strconv.Atoi(r.URL.Query().Get("page"))
			if ignorePage {
				page = 1
			}
			var rows []string
			for i := (page - 1) * pageSize; i < min(page*pageSize, apps); i++ {
				rows = append(rows, fmt.Sprintf(`{"id": "a%d", "name": "App %d", "policies": [{"id": "p%d", "precedence": 1, "reusable": true, "name": "P", "decision": "allow", "include": [{"everyone": {}}]}]}`, i, i, i))
			}
			_, _ = fmt.Fprintf(w, `{"success": true, "errors": [], "messages": [], "result": [%s]}`, strings.Join(rows, ","))
		}
	}
	requests := 0
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		requests++
		if r.URL.Path != "/client/v4/accounts/0123456789abcdef0123456789abcdef/access/apps" || r.URL.Query().Get("per_page") != "100" {
			t.Errorf("asked for %s", r.URL)
		}
		serve(3, false)(w, r) // the server clamps per_page to 3
	})
	got, err := c.ListApplications(context.Background(), "0123456789abcdef0123456789abcdef")
	if err != nil || len(got) != apps || requests != 4 {
		t.Fatalf("%d applications in %d requests (%v), want %d in 4 (3 pages and the empty one)", len(got), requests, err, apps)
	}
	if p := got[6].Policies[0]; p.ID != "p6" || p.Precedence != 1 || !p.Reusable || string(p.Fields["decision"]) != `"allow"` {
		t.Errorf("policy %+v", p)
	}

	c = newTestClient(t, serve(3, true))
	if _, err := c.ListApplications(context.Background(), "0123456789abcdef0123456789abcdef"); err == nil || !strings.Contains(err.Error(), "not paging") {
		t.Errorf("a server that ignores page: %v, want it stopped", err)
	}
	if _, err := c.ListApplications(context.Background(), "../x"); err == nil {
		t.Error("an account id that is no id was sent")
	}
}

// A credential the server echoes in an application is masked before it
// reaches state or a message.
func TestListApplications_MasksCredentials(t *testing.T) {
	served := false
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if served {
			_, _ = fmt.Fprint(w, `{"success": true, "errors": [], "messages": [], "result": []}`)
			return
		}
		served = true
		_, _ = fmt.Fprintf(w, `{"success": true, "errors": [], "messages": [], "result": [{"id": "a1", "name": "leak %s", "domain": "%s.example.com", "policies": [{"id": "p1", "precedence": 1, "reusable": false, "name": "x %s", "decision": "allow", "include": [{"email": {"email": "%s@example.com"}}]}]}]}`, testToken, testToken, testToken, testToken)
	})
	apps, err := c.ListApplications(context.Background(), testAccount)
	if err != nil || len(apps) != 1 {
		t.Fatalf("%v %v", apps, err)
	}
	all := fmt.Sprint(apps[0].Name, apps[0].Domain)
	for _, raw := range apps[0].Policies[0].Fields {
		all += string(raw)
	}
	if strings.Contains(all, testToken) {
		t.Errorf("the token reached the application: %s", all)
	}
	if !json.Valid(apps[0].Policies[0].Fields["include"]) {
		t.Errorf("masking broke the JSON: %s", apps[0].Policies[0].Fields["include"])
	}
}
