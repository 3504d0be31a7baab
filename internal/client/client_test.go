package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

const (
	testAccount = "0123456789abcdef0123456789abcdef"
	testToken   = "secret-token-value-123"
)

// newTestClient points a token client at handler with fast retries.
func newTestClient(t *testing.T, handler http.HandlerFunc, tweak ...func(*Config)) *Client {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	cfg := Config{BaseURL: srv.URL + "/client/v4", APIToken: testToken, UserAgent: "ua-test", MaxRetries: 4,
		RequestsPerSecond: 1000, RetryWaitMin: 5 * time.Millisecond, RetryWaitMax: 20 * time.Millisecond}
	for _, f := range tweak {
		f(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

const completeBody = `{"success":true,"errors":[],"messages":[],"result":{"id":"abc","status":"complete","total_users":16,
"percent_users_processed":100,"users_approved":10,"users_blocked":5,"users_errored":1,"percent_approved":63,"percent_blocked":31,"percent_errored":6}}`

func TestNew_Credentials(t *testing.T) {
	cases := map[string]Config{
		"none":           {},
		"both":           {APIToken: "t", APIKey: "k", APIEmail: "e@example.com"},
		"key_no_email":   {APIKey: "k"},
		"bad_base_url":   {APIToken: "t", BaseURL: "ftp://x"},
		"negative_retry": {APIToken: "t", MaxRetries: -1},
	}
	for name, cfg := range cases {
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: New accepted %+v", name, cfg)
		}
	}
	if _, err := New(Config{APIKey: "k", APIEmail: "e@example.com"}); err != nil {
		t.Errorf("key with email refused: %v", err)
	}
}

func TestClient_TokenHeaders(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+testToken || r.Header.Get("X-Auth-Key") != "" || r.UserAgent() != "ua-test" {
			writeJSON(w, 400, `{"success":false,"errors":[{"code":6003,"message":"bad headers"}],"messages":[],"result":null}`)
			return
		}
		if r.URL.Path != "/client/v4/accounts/"+testAccount+"/access/policy-tests/abc" {
			writeJSON(w, 404, `{"success":false,"errors":[{"code":7003,"message":"No route"}],"messages":[],"result":null}`)
			return
		}
		writeJSON(w, 200, completeBody)
	})
	got, err := c.GetPolicyTest(context.Background(), testAccount, "abc")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != StatusComplete || got.UsersApproved.Value != 10 || !got.UsersErrored.Set || got.PercentBlocked.Value != 31 {
		t.Fatalf("decoded %+v", got)
	}
}

func TestClient_KeyHeaders(t *testing.T) {
	var seen http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.Header.Clone()
		writeJSON(w, 200, completeBody)
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, APIKey: "global-key", APIEmail: "ops@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetPolicyTest(context.Background(), testAccount, "abc"); err != nil {
		t.Fatal(err)
	}
	if seen.Get("X-Auth-Key") != "global-key" || seen.Get("X-Auth-Email") != "ops@example.com" || seen.Get("Authorization") != "" {
		t.Fatalf("headers %v", seen)
	}
	if c.AuthScheme() != "API key and email" {
		t.Fatalf("AuthScheme = %q", c.AuthScheme())
	}
}

func TestClient_RetryAfterOn429(t *testing.T) {
	var calls atomic.Int32
	var first time.Time
	var gap time.Duration
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			first = time.Now()
			w.Header().Set("Retry-After", "1")
			writeJSON(w, 429, `{"success":false,"errors":[{"code":971,"message":"Please wait"}],"messages":[],"result":null}`)
			return
		}
		gap = time.Since(first)
		writeJSON(w, 200, `{"success":true,"errors":[],"messages":[],"result":{"id":"new-test","status":"success"}}`)
	})
	got, err := c.StartPolicyTest(context.Background(), testAccount, PolicyTestRequest{Policies: []PolicyEntry{{ID: "x"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "new-test" || calls.Load() != 2 {
		t.Fatalf("got %+v after %d calls", got, calls.Load())
	}
	if gap < time.Second {
		t.Fatalf("retried after %s, before the 1s Retry-After", gap)
	}
}

func TestClient_503BurstThenSuccess(t *testing.T) {
	var calls atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 3 {
			writeJSON(w, 503, `<html>upstream unavailable</html>`)
			return
		}
		writeJSON(w, 200, completeBody)
	})
	if _, err := c.GetPolicyTest(context.Background(), testAccount, "abc"); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 4 {
		t.Fatalf("%d calls, want 4", calls.Load())
	}
}

func TestClient_RetriesExhausted(t *testing.T) {
	var calls atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeJSON(w, 502, `{"success":false,"errors":[{"code":10502,"message":"bad gateway"}],"messages":[],"result":null}`)
	}, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.GetPolicyTest(context.Background(), testAccount, "abc")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadGateway || apiErr.Codes()[0] != 10502 {
		t.Fatalf("err = %v", err)
	}
	if calls.Load() != 3 {
		t.Fatalf("%d calls, want 1 + 2 retries", calls.Load())
	}
}

func TestClient_SuccessFalseWith200(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"success":false,"errors":[{"code":12130,"message":"decision is invalid","source":{"pointer":"/policies/0/decision"},
			"error_chain":[{"code":1001,"message":"inner"}]}],"messages":[],"result":null}`)
	})
	_, err := c.GetPolicyTest(context.Background(), testAccount, "abc")
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v", err)
	}
	if apiErr.StatusCode != http.StatusOK || fmt.Sprint(apiErr.Codes()) != "[12130 1001]" || len(apiErr.Errors) == 0 || apiErr.Errors[0].Source == nil || apiErr.Errors[0].Source.Pointer != "/policies/0/decision" {
		t.Fatalf("APIError %+v", apiErr)
	}
	for _, want := range []string{"HTTP 200", "[12130] decision is invalid (at /policies/0/decision)", "[1001] inner"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error text %q lacks %q", err.Error(), want)
		}
	}
}

func TestClient_MalformedJSON(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"success": true, "result": {"id": `)
	})
	_, err := c.GetPolicyTest(context.Background(), testAccount, "abc")
	var malformed *MalformedResponseError
	if !errors.As(err, &malformed) || !strings.Contains(err.Error(), "not a valid response envelope") {
		t.Fatalf("err = %v", err)
	}
}

func TestClient_NonJSONError(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, `<html>not here</html>`)
	})
	_, err := c.GetPolicyTest(context.Background(), testAccount, "abc")
	if !IsNotFound(err) || !strings.Contains(err.Error(), "HTTP 404 (Not Found): <html>not here</html>") {
		t.Fatalf("err = %v", err)
	}
}

func TestClient_UnknownStatusAndLenientCounters(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"success":true,"errors":[],"messages":[],"result":{"id":"abc","status":"paused","users_approved":3.0,"percent_approved":33.4,"pages_processed":2}}`)
	})
	got, err := c.GetPolicyTest(context.Background(), testAccount, "abc")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status.Known() || got.Status.Final() || got.Status != "paused" {
		t.Fatalf("status %q: known %v final %v", got.Status, got.Status.Known(), got.Status.Final())
	}
	if got.UsersApproved.Value != 3 || got.PercentApproved.Value != 33 || got.UsersBlocked.Set {
		t.Fatalf("counters %+v", got)
	}
}

func TestClient_RetryAfterBeyondDeadline(t *testing.T) {
	var calls atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Retry-After", "60")
		writeJSON(w, 429, `{"success":false,"errors":[{"code":971,"message":"Please wait"}],"messages":[],"result":null}`)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.GetPolicyTest(ctx, testAccount, "abc")
	var rateErr *RateLimitedError
	if !errors.As(err, &rateErr) || rateErr.RetryAfter != time.Minute || !strings.Contains(err.Error(), "requests_per_second") {
		t.Fatalf("err = %v", err)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Fatalf("slept %s although the Retry-After outlasts the deadline", elapsed)
	}
	if calls.Load() != 1 {
		t.Fatalf("%d calls", calls.Load())
	}
}

func TestClient_CancelledByDeadline(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
		writeJSON(w, 200, completeBody)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.GetPolicyTest(ctx, testAccount, "abc")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("returned after %s", elapsed)
	}
}

func TestClient_TransportErrorRetried(t *testing.T) {
	var calls atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			hj, ok := w.(http.Hijacker)
			if !ok {
				t.Error("the test server cannot drop a connection")
				return
			}
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
			}
			return
		}
		writeJSON(w, 200, completeBody)
	})
	if _, err := c.GetPolicyTest(context.Background(), testAccount, "abc"); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 {
		t.Fatalf("%d calls", calls.Load())
	}
}

func TestClient_AllUsersStopsOnlyAtEmptyPage(t *testing.T) {
	const total = 2500
	var pages []string
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		pages = append(pages, q.Get("page")+"/"+q.Get("per_page")+"/"+q.Get("status"))
		var page, perPage int
		_, _ = fmt.Sscan(q.Get("page"), &page)
		_, _ = fmt.Sscan(q.Get("per_page"), &perPage)
		perPage = min(perPage, 300) // a server returning fewer rows than asked for
		rows := []PolicyTestUser{}
		for i := (page - 1) * perPage; i < min(page*perPage, total); i++ {
			rows = append(rows, PolicyTestUser{ID: fmt.Sprint(i), Email: fmt.Sprintf("u%d@example.com", i), Status: "blocked"})
		}
		body, _ := json.Marshal(map[string]any{"success": true, "errors": []any{}, "messages": []any{}, "result": rows})
		writeJSON(w, 200, string(body))
	})
	listing, err := c.AllPolicyTestUsers(context.Background(), testAccount, "abc", UsersFilterBlocked, 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(listing.Users) != total || listing.Truncated || listing.Requests != 10 {
		t.Fatalf("%d users, truncated %v, %d requests (%v)", len(listing.Users), listing.Truncated, listing.Requests, pages)
	}
	if pages[0] != "1/1000/fail" {
		t.Fatalf("first page query %s", pages[0])
	}
	limited, err := c.AllPolicyTestUsers(context.Background(), testAccount, "abc", "", 1000, 450)
	if err != nil {
		t.Fatal(err)
	}
	if len(limited.Users) != 450 || !limited.Truncated || limited.Requests != 2 {
		t.Fatalf("max 450: %d users, truncated %v, %d requests", len(limited.Users), limited.Truncated, limited.Requests)
	}
}

func TestClient_PacesRequests(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, completeBody) },
		func(cfg *Config) { cfg.RequestsPerSecond = 20 })
	start := time.Now()
	for range 6 {
		if _, err := c.GetPolicyTest(context.Background(), testAccount, "abc"); err != nil {
			t.Fatal(err)
		}
	}
	// Six requests at 20/s: the first is free, five wait 50 ms each.
	if elapsed := time.Since(start); elapsed < 240*time.Millisecond {
		t.Fatalf("6 requests at 20/s took only %s", elapsed)
	}
}

func TestClient_LogsRedactSecrets(t *testing.T) {
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, completeBody) })
	if _, err := c.GetPolicyTest(ctx, testAccount, "abc"); err != nil {
		t.Fatal(err)
	}
	key := newTestClient(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, completeBody) },
		func(cfg *Config) {
			cfg.APIToken, cfg.APIKey, cfg.APIEmail = "", "global-key-secret", "secret-ops@example.com"
		})
	if _, err := key.GetPolicyTest(ctx, testAccount, "abc"); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	for _, secret := range []string{testToken, "global-key-secret", "secret-ops@example.com"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains the secret %q", secret)
		}
	}
	if !strings.Contains(out, "Cloudflare API request") || !strings.Contains(out, "Cloudflare API response") || strings.Count(out, "[REDACTED]") < 3 {
		t.Errorf("request logging missing or unredacted:\n%s", out)
	}
}

func TestPolicyEntry_Marshal(t *testing.T) {
	yes := true
	req := PolicyTestRequest{Policies: []PolicyEntry{
		{ID: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415"},
		{Inline: &InlinePolicy{Name: "n", Decision: "allow", Include: []AccessRule{{"everyone": RuleParams{}}},
			Require: []AccessRule{}, ApprovalRequired: &yes,
			MfaConfig: &MfaConfig{AllowedAuthenticators: []string{}}}},
	}}
	got, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"policies":["f174e90a-fafe-4643-bbbc-4a0ed4fc8415",{"name":"n","decision":"allow","include":[{"everyone":{}}],"require":[],"approval_required":true,"mfa_config":{"allowed_authenticators":[]}}]}`
	if string(got) != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestUserAgent(t *testing.T) {
	if got := UserAgent("1.2.3", "1.5.7", ""); got != "terraform-provider-cloudflarezt/1.2.3 terraform-plugin-framework/"+frameworkVersionPinned+" terraform/1.5.7" {
		t.Errorf("UserAgent = %q", got)
	}
	if got := UserAgent("1.2.3", "1.5.7", " ops/pipeline 7 "); got != "terraform-provider-cloudflarezt/1.2.3 terraform-plugin-framework/"+frameworkVersionPinned+" ops/pipeline 7" {
		t.Errorf("UserAgent with suffix = %q", got)
	}
}

// The pinned framework version must be the one go.mod requires.
func TestFrameworkVersionPinnedMatchesGoMod(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*github\.com/hashicorp/terraform-plugin-framework v(\S+)`).FindSubmatch(mod)
	if m == nil || string(m[1]) != frameworkVersionPinned {
		t.Fatalf("go.mod pins %q, frameworkVersionPinned is %q", m, frameworkVersionPinned)
	}
}

// A pace that cannot fit before the deadline fails at once as a deadline,
// without sleeping or retrying.
func TestClient_PacingBeyondDeadline(t *testing.T) {
	var calls atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeJSON(w, 200, completeBody)
	}, func(cfg *Config) { cfg.RequestsPerSecond = 0.1 })
	if _, err := c.GetPolicyTest(context.Background(), testAccount, "abc"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.GetPolicyTest(ctx, testAccount, "abc")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 500*time.Millisecond || calls.Load() != 1 {
		t.Fatalf("err %v after %s and %d calls", err, time.Since(start), calls.Load())
	}
}

// A server that ignores the page parameter is not read forever.
func TestClient_AllUsersStopsWhenPagesRepeat(t *testing.T) {
	var calls atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeJSON(w, 200, `{"success":true,"errors":[],"messages":[],"result":[{"id":"u1","email":"a@example.com","status":"blocked"}]}`)
	})
	_, err := c.AllPolicyTestUsers(context.Background(), testAccount, "abc", "", 1000, 0)
	if err == nil || !strings.Contains(err.Error(), "page 2 of the users holds only users already listed") || calls.Load() != 2 {
		t.Fatalf("err %v after %d calls", err, calls.Load())
	}
}
