package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

const (
	testTestID = "9e3c1d7a5b2f48e6a0c4d8f2b6e1a3c57d9f0b2e4a6c8e1f3a5b7d9c0e2f4a6b"
	testKey    = "global-key-5ecret-0f1e2d3c"
	testEmail  = "hidden-ops@example.com"
)

// headerRecorder is a second origin that records every request it gets.
type headerRecorder struct {
	mu      sync.Mutex
	headers []http.Header
}

func (h *headerRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.headers = append(h.headers, r.Header.Clone())
	h.mu.Unlock()
	writeJSON(w, 200, completeBody)
}

func (h *headerRecorder) received() []http.Header {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.headers
}

func withKey(cfg *Config) { cfg.APIToken, cfg.APIKey, cfg.APIEmail = "", testKey, testEmail }

// No redirect is followed, with either scheme, whatever the method: the
// other origin (another port of the same host here) receives nothing, and
// the error names the status and the host.
func TestClient_RedirectsRefused(t *testing.T) {
	other := &headerRecorder{}
	otherSrv := httptest.NewServer(other)
	t.Cleanup(otherSrv.Close)
	for _, scheme := range []struct {
		name  string
		tweak func(*Config)
	}{{"token", func(*Config) {}}, {"key", withKey}} {
		for _, status := range []int{301, 302, 303, 307, 308} {
			t.Run(fmt.Sprintf("%s/%d", scheme.name, status), func(t *testing.T) {
				var calls atomic.Int32
				c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
					calls.Add(1)
					http.Redirect(w, r, otherSrv.URL+r.URL.Path, status)
				}, scheme.tweak)
				_, err := c.StartPolicyTest(context.Background(), testAccount, PolicyTestRequest{})
				var redirect *RedirectError
				if !errors.As(err, &redirect) || redirect.StatusCode != status || !strings.Contains(err.Error(), strings.TrimPrefix(otherSrv.URL, "http://")) {
					t.Fatalf("err %v", err)
				}
				if calls.Load() != 1 {
					t.Errorf("%d attempts; a redirect is not retried", calls.Load())
				}
			})
		}
	}
	if got := other.received(); len(got) != 0 {
		t.Fatalf("the redirect target received %d requests, with headers %v", len(got), got)
	}
}

// An https base URL redirected to http is refused like any redirect: the
// token never travels in clear.
func TestClient_HTTPSDowngradeRefused(t *testing.T) {
	plain := &headerRecorder{}
	plainSrv := httptest.NewServer(plain)
	t.Cleanup(plainSrv.Close)
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plainSrv.URL+r.URL.Path, http.StatusFound)
	}))
	t.Cleanup(tlsSrv.Close)
	c, err := New(Config{BaseURL: tlsSrv.URL + "/client/v4", APIToken: testToken, RequestsPerSecond: 1000, Transport: tlsSrv.Client().Transport})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetPolicyTest(context.Background(), testAccount, testTestID)
	var redirect *RedirectError
	if !errors.As(err, &redirect) {
		t.Fatalf("err %v", err)
	}
	if n := len(plain.received()); n != 0 {
		t.Fatalf("the plain-http origin received %d requests", n)
	}
}

// Credentials a server echoes back (in error messages, in a body that is
// not JSON, in headers) and a password in base_url appear neither in errors
// nor in the TRACE log.
func TestClient_EchoedCredentialsMasked(t *testing.T) {
	for _, scheme := range []struct {
		name    string
		tweak   func(*Config)
		secrets []string
	}{{"token", func(*Config) {}, []string{testToken}}, {"key", withKey, []string{testKey, testEmail}}} {
		for _, answer := range []struct {
			name   string
			status int
			body   func(echo string) string
		}{
			{"error message", 400, func(echo string) string {
				return `{"success":false,"errors":[{"code":1,"message":"bad credential ` + echo + `"}],"messages":[{"code":2,"message":"` + echo + `"}]}`
			}},
			{"not json", 502, func(echo string) string { return "<html>proxy saw " + echo + "</html>" }},
			{"malformed 200", 200, func(echo string) string { return `{"success":true,"result":{"id":"` + echo }},
		} {
			t.Run(scheme.name+"/"+answer.name, func(t *testing.T) {
				var logs bytes.Buffer
				ctx := tflogtest.RootLogger(context.Background(), &logs)
				c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
					echo := r.Header.Get("Authorization") + " " + r.Header.Get("X-Auth-Key") + " " + r.Header.Get("X-Auth-Email")
					w.Header().Set("X-Echo", echo)
					writeJSON(w, answer.status, answer.body(echo))
				}, scheme.tweak, func(cfg *Config) {
					cfg.MaxRetries = 0
					cfg.BaseURL = strings.Replace(cfg.BaseURL, "http://", "http://ops:pa55-w0rd-in-url@", 1)
				})
				_, err := c.GetPolicyTest(ctx, testAccount, testTestID)
				if err == nil {
					t.Fatal("no error")
				}
				for _, secret := range append(scheme.secrets, "pa55-w0rd-in-url") {
					if strings.Contains(err.Error(), secret) {
						t.Errorf("error shows %q: %v", secret, err)
					}
					if strings.Contains(logs.String(), secret) {
						t.Errorf("log shows %q", secret)
					}
				}
				if !strings.Contains(logs.String(), "Cloudflare API response") {
					t.Fatalf("nothing was logged: %s", logs.String())
				}
			})
		}
	}
}

// Users rows reach state and messages: a credential the server echoes in
// any field of a row is masked.
func TestClient_EchoedCredentialsMaskedInRows(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		echo := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		writeJSON(w, 200, `{"success":true,"result":[{"id":"u1","email":"`+echo+`@example.com","name":"`+echo+`","status":"approved `+echo+`"}]}`)
	})
	rows, err := c.ListPolicyTestUsers(context.Background(), testAccount, testTestID, UsersPageQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(rows); strings.Contains(got, testToken) || !strings.Contains(got, redactedText+"@example.com") {
		t.Errorf("rows not masked: %s", got)
	}
}

// A status this provider does not know is stored and quoted as sent: a
// credential echoed in it is masked, and its length is capped.
func TestClient_EchoedCredentialsMaskedInStatus(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		echo := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		status := "paused " + echo + " " + strings.Repeat("x", 100)
		writeJSON(w, 200, `{"success":true,"result":{"id":"`+testTestID+`","status":"`+status+`"}}`)
	})
	started, err := c.StartPolicyTest(context.Background(), testAccount, PolicyTestRequest{Policies: []PolicyEntry{{ID: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415"}}})
	if err != nil {
		t.Fatal(err)
	}
	read, err := c.GetPolicyTest(context.Background(), testAccount, testTestID)
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range []PolicyTestStatus{started.Status, read.Status} {
		if strings.Contains(string(got), testToken) || !strings.HasPrefix(string(got), "paused "+redactedText) || len(got) > maxStatusBytes+len("…") {
			t.Errorf("status not masked and capped: %q", got)
		}
	}
}

// A server that never answers costs one attempt timeout per attempt, and
// no more attempts than max_retries allows.
func TestClient_HangingServerBounded(t *testing.T) {
	release := make(chan struct{})
	var calls atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}, func(cfg *Config) { cfg.AttemptTimeout, cfg.MaxRetries = 100*time.Millisecond, 2 })
	t.Cleanup(func() { close(release) })
	_, err := c.GetPolicyTest(context.Background(), testAccount, testTestID)
	if err == nil || !strings.Contains(err.Error(), "no answer within 100ms") {
		t.Fatalf("err %v", err)
	}
	if got := calls.Load(); got != 3 {
		t.Fatalf("%d attempts, want 1 + max_retries = 3", got)
	}
}

// A Retry-After beyond the deadline is not waited for; one beyond five
// minutes counts as five minutes.
func TestClient_RetryAfterCappedAndWithinDeadline(t *testing.T) {
	var calls atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Retry-After", "999999")
		writeJSON(w, 429, `{"success":false,"errors":[{"code":971,"message":"slow down"}]}`)
	})
	// The cap (five minutes) does not fit into four: handed back at once.
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	_, err := c.GetPolicyTest(ctx, testAccount, testTestID)
	var rate *RateLimitedError
	if !errors.As(err, &rate) || rate.RetryAfter != maxRetryAfter || calls.Load() != 1 {
		t.Fatalf("err %v after %d calls", err, calls.Load())
	}
}

// A burst of 429s longer than max_retries is survived while the deadline
// allows: the rate limit fails an operation only when it outlasts it.
func TestClient_RateLimitBurstWithinDeadline(t *testing.T) {
	var calls atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 8 {
			w.Header().Set("Retry-After", "0.02")
			writeJSON(w, 429, `{"success":false,"errors":[{"code":971,"message":"slow down"}]}`)
			return
		}
		writeJSON(w, 200, completeBody)
	}, func(cfg *Config) { cfg.MaxRetries = 2 })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := c.GetPolicyTest(ctx, testAccount, testTestID); err != nil || calls.Load() != 9 {
		t.Fatalf("err %v after %d calls", err, calls.Load())
	}
	// Without a deadline, max_retries bounds rate-limited retries too.
	calls.Store(0)
	var rate *RateLimitedError
	if _, err := c.GetPolicyTest(context.Background(), testAccount, testTestID); !errors.As(err, &rate) || calls.Load() != 3 {
		t.Fatalf("err %v after %d calls", err, calls.Load())
	}
}

// Ids that are not ids never reach a URL: no dot segment, no second
// escaping, no extra path segment.
func TestClient_IDsCheckedBeforeAnyRequest(t *testing.T) {
	var calls atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) { calls.Add(1) })
	for _, id := range []string{"..", ".", "a b", "a%20b", "a/b", "", strings.Repeat("a", 65), "é"} {
		if _, err := c.GetPolicyTest(context.Background(), testAccount, id); err == nil || !strings.Contains(err.Error(), "nothing was sent") {
			t.Errorf("%q: %v", id, err)
		}
		if _, err := c.ListPolicyTestUsers(context.Background(), id, testTestID, UsersPageQuery{}); err == nil {
			t.Errorf("account %q accepted", id)
		}
	}
	if calls.Load() != 0 {
		t.Fatalf("%d requests sent", calls.Load())
	}
}

// The path of a real id is sent exactly as built.
func TestClient_PathNotEscapedTwice(t *testing.T) {
	const uuid = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415"
	var got string
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.EscapedPath()
		writeJSON(w, 200, `{"success":true,"result":[]}`)
	})
	if _, err := c.ListPolicyTestUsers(context.Background(), testAccount, uuid, UsersPageQuery{}); err != nil {
		t.Fatal(err)
	}
	if want := "/client/v4/accounts/" + testAccount + "/access/policy-tests/" + uuid + "/users"; got != want {
		t.Fatalf("path %s, want %s", got, want)
	}
}

// Readings no test can produce are errors naming the value.
func TestClient_ImplausibleReadingsRefused(t *testing.T) {
	cases := map[string]string{
		`"users_blocked":-3`:                  "users_blocked is -3",
		`"percent_blocked":5000`:              "percent_blocked is 5000, above 100",
		`"percent_users_processed":-1`:        "percent_users_processed is -1",
		`"total_users":2,"users_approved":5`:  "= 5, more than total_users = 2",
		`"total_users":16,"users_approved":9`: "",
	}
	for fields, want := range cases {
		c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, `{"success":true,"result":{"id":"`+testTestID+`","status":"complete",`+fields+`}}`)
		})
		_, err := c.GetPolicyTest(context.Background(), testAccount, testTestID)
		var implausible *ImplausibleAnswerError
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", fields, err)
		case want != "" && (!errors.As(err, &implausible) || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: %v, want %q", fields, err, want)
		}
	}
}

// Paging that alternates pages, or sends rows without ids, stops with an
// error; so does a listing past the absolute bound.
func TestClient_UsersPagingBounded(t *testing.T) {
	page := func(r *http.Request) string { return r.URL.Query().Get("page") }
	row := func(id string) string {
		return `{"id":"` + id + `","email":"` + id + `@example.com","status":"blocked"}`
	}
	cases := map[string]struct {
		handler func(w http.ResponseWriter, r *http.Request)
		want    string
	}{
		"alternating": {func(w http.ResponseWriter, r *http.Request) {
			id := map[bool]string{true: "u1", false: "u2"}[page(r) == "1" || page(r) == "3" || page(r) == "5"]
			writeJSON(w, 200, `{"success":true,"result":[`+row(id)+`]}`)
		}, "page 3 of the users holds only users already listed"},
		"no ids": {func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, `{"success":true,"result":[`+row("u1")+`,{"email":"x@example.com","status":"blocked"}]}`)
		}, "page 1 of the users has a row without an id (row 2)"},
		"endless": {func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, `{"success":true,"result":[`+row("p"+page(r))+`]}`)
		}, "stopped listing users after 100000 users"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			client := newTestClient(t, c.handler, func(cfg *Config) { cfg.RequestsPerSecond = 100000 })
			if name == "endless" {
				// The endless server sends one user a page: the page bound
				// (10,000 pages) stops it before the user bound.
				_, err := client.AllPolicyTestUsers(context.Background(), testAccount, testTestID, "", 1, 0)
				if err == nil || !strings.Contains(err.Error(), "on 10000 pages") {
					t.Fatalf("err %v", err)
				}
				return
			}
			listing, err := client.AllPolicyTestUsers(context.Background(), testAccount, testTestID, "", 1, 0)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err %v", err)
			}
			if listing.Requests > 3 {
				t.Fatalf("%d pages read", listing.Requests)
			}
		})
	}
}
