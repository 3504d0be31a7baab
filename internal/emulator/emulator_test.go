package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const account = "0123456789abcdef0123456789abcdef"

func TestParseStartRequest_Invalid(t *testing.T) {
	cases := []struct{ body, pointer, message string }{
		{`not json`, "", "not valid JSON"},
		{`[]`, "", "must be a JSON object"},
		{`{}`, "/policies", "at least one policy"},
		{`{"policies":[]}`, "/policies", "at least one policy"},
		{`{"policies":[],"extra":1}`, "/extra", "unknown field"},
		{`{"policies":[7]}`, "/policies/0", "reusable policy id (string) or an inline policy"},
		{`{"policies":[{"id":"x"}]}`, "/policies/0/id", "bare id string"},
		{`{"policies":[{"decision":"allow","include":[{"everyone":{}}]}]}`, "/policies/0/name", "required field is missing"},
		{`{"policies":[{"name":"n","decision":"maybe","include":[{"everyone":{}}]}]}`, "/policies/0/decision", "must be one of allow, deny, non_identity, bypass"},
		{`{"policies":[{"name":"n","decision":"allow"}]}`, "/policies/0/include", "required field is missing"},
		{`{"policies":[{"name":"n","decision":"allow","include":[]}]}`, "/policies/0/include", "at least one rule"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{}]}]}`, "/policies/0/include/0", "exactly one rule type, found 0"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{"everyone":{},"certificate":{}}]}]}`, "/policies/0/include/0", "exactly one rule type, found 2"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{"warp":{}}]}]}`, "/policies/0/include/0/warp", "unknown rule type"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{"azure_ad":{"id":"a","identity_provider_id":"b"}}]}]}`, "/policies/0/include/0/azure_ad", "unknown rule type"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{"email":{}}]}]}`, "/policies/0/include/0/email/email", "required field is missing"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{"email":{"email":"nope"}}]}]}`, "/policies/0/include/0/email/email", "not an email address"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{"ip":{"ip":"10.0.0.0/99"}}]}]}`, "/policies/0/include/0/ip/ip", "not an IP address"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{"everyone":{"x":1}}]}]}`, "/policies/0/include/0/everyone/x", "unknown field"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{"geo":{"country_code":7}}]}]}`, "/policies/0/include/0/geo/country_code", "must be a string"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{"user_risk_score":{"user_risk_score":["extreme"]}}]}]}`, "/policies/0/include/0/user_risk_score/user_risk_score/0", "must be one of low"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{"everyone":{}}],"session_duration":"1 day"}]}`, "/policies/0/session_duration", "not a duration"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{"everyone":{}}],"approval_groups":[{"approvals_needed":-1}]}]}`, "/policies/0/approval_groups/0/approvals_needed", "at least 0"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{"everyone":{}}],"connection_rules":{"ssh":{}}}]}`, "/policies/0/connection_rules/ssh", "unknown field"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{"everyone":{}}],"connection_rules":{"rdp":{"allowed_clipboard_local_to_remote_formats":["image"]}}}]}`, "/policies/0/connection_rules/rdp/allowed_clipboard_local_to_remote_formats/0", "must be one of text, file"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{"everyone":{}}],"mfa_config":{"session_duration":"721h"}}]}`, "/policies/0/mfa_config/session_duration", "between 0m and 720h"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{"everyone":{}}],"mfa_config":{"allowed_authenticators":["sms"]}}]}`, "/policies/0/mfa_config/allowed_authenticators/0", "must be one of totp"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{"everyone":{}}],"approval_required":"yes"}]}`, "/policies/0/approval_required", "must be a boolean"},
		{`{"policies":[{"name":"n","decision":"allow","include":[{"device_posture":{"integration_uid":"p","account_id":"0123456789abcdef0123456789abcdef0"}}]}]}`, "/policies/0/include/0/device_posture/account_id", "at most 32"},
	}
	for _, c := range cases {
		_, verr := ParseStartRequest([]byte(c.body))
		if verr == nil {
			t.Errorf("%s: accepted", c.body)
			continue
		}
		if verr.Pointer != c.pointer || !strings.Contains(verr.Message, c.message) {
			t.Errorf("%s:\n got %s %q\nwant %s %q", c.body, verr.Pointer, verr.Message, c.pointer, c.message)
		}
	}
}

// allRules is one of every rule type, in wire form.
const allRules = `[
  {"group": {"id": "g"}}, {"any_valid_service_token": {}},
  {"auth_context": {"id": "ctx", "ac_id": "c1", "identity_provider_id": "idp"}}, {"auth_method": {"auth_method": "mfa"}},
  {"azureAD": {"id": "a", "identity_provider_id": "idp"}}, {"certificate": {}}, {"common_name": {"common_name": "cn"}},
  {"geo": {"country_code": "US"}}, {"device_posture": {"integration_uid": "p", "account_id": "0123456789abcdef0123456789abcdef"}}, {"email_domain": {"domain": "example.com"}},
  {"email_list": {"id": "l"}}, {"email": {"email": "a@example.com"}}, {"everyone": {}},
  {"external_evaluation": {"evaluate_url": "https://e", "keys_url": "https://k"}},
  {"github-organization": {"identity_provider_id": "idp", "name": "org", "team": "t"}},
  {"gsuite": {"email": "g@example.com", "identity_provider_id": "idp"}}, {"login_method": {"id": "idp"}}, {"ip_list": {"id": "l"}},
  {"ip": {"ip": "203.0.113.0/24"}}, {"okta": {"identity_provider_id": "idp", "name": "n"}},
  {"saml": {"attribute_name": "a", "attribute_value": "v", "identity_provider_id": "idp"}},
  {"oidc": {"claim_name": "c", "claim_value": "v", "identity_provider_id": "idp"}}, {"service_token": {"token_id": "t"}},
  {"linked_app_token": {"app_uid": "app"}}, {"user_risk_score": {"user_risk_score": ["low", "unscored"]}},
  {"cloudflare_account_member": {}}
]`

func TestParseStartRequest_AllRuleTypesAndFields(t *testing.T) {
	body := `{"policies":["f174e90a-fafe-4643-bbbc-4a0ed4fc8415",{"name":"n","decision":"bypass","include":` + allRules + `,"exclude":` + allRules + `,"require":` + allRules + `,
	  "approval_groups":[{"approvals_needed":1,"email_addresses":["a@example.com"]},{"approvals_needed":0,"email_list_uuid":"u"}],
	  "approval_required":true,"isolation_required":false,"purpose_justification_required":true,"purpose_justification_prompt":"why?",
	  "session_duration":"8h","connection_rules":{"rdp":{"allowed_clipboard_local_to_remote_formats":["text"],"allowed_clipboard_remote_to_local_formats":[]}},
	  "mfa_config":{"allowed_authenticators":["totp","security_key"],"mfa_disabled":false,"session_duration":"12h"}}]}`
	req, verr := ParseStartRequest([]byte(body))
	if verr != nil {
		t.Fatal(verr)
	}
	if len(req.Policies) != 2 || req.Policies[0].ReusableID == "" || len(req.Policies[1].Inline.Include) != 26 {
		t.Fatalf("parsed %+v", req)
	}
	if len(ruleSpecs) != 26 {
		t.Fatalf("%d rule types known, want 26", len(ruleSpecs))
	}
}

func TestEvaluate_Semantics(t *testing.T) {
	cases := []struct {
		name                       string
		policies                   string
		approved, blocked, errored int
	}{
		{"everyone", `[{"name":"n","decision":"allow","include":[{"everyone":{}}]}]`, 17, 0, 1},
		{"domain", `[{"name":"n","decision":"allow","include":[{"email_domain":{"domain":"contractors.example.com"}}]}]`, 6, 11, 1},
		{"include OR", `[{"name":"n","decision":"allow","include":[{"email":{"email":"ALICE@example.com"}},{"geo":{"country_code":"JP"}}]}]`, 2, 15, 1},
		{"require AND", `[{"name":"n","decision":"allow","include":[{"email_domain":{"domain":"contractors.example.com"}}],"require":[{"auth_method":{"auth_method":"mfa"}}]}]`, 4, 13, 1},
		{"exclude NOT", `[{"name":"n","decision":"allow","include":[{"everyone":{}}],"exclude":[{"geo":{"country_code":"KP"}}]}]`, 15, 2, 1},
		// Access's order of execution: bypass first, then allow and deny
		// from the top, the first match deciding.
		{"deny below a matching allow changes nothing", `[{"name":"a","decision":"allow","include":[{"everyone":{}}]},"1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e"]`, 17, 0, 1},
		{"deny above a matching allow blocks", `["1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e",{"name":"a","decision":"allow","include":[{"everyone":{}}]}]`, 15, 2, 1},
		{"bypass at the bottom approves past a deny", `["1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e",{"name":"b","decision":"bypass","include":[{"geo":{"country_code":"KP"}}]}]`, 2, 15, 1},
		{"bypass between approves past a deny above", `["1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e",{"name":"b","decision":"bypass","include":[{"geo":{"country_code":"KP"}}]},{"name":"a","decision":"allow","include":[{"everyone":{}}]}]`, 17, 0, 1},
		{"a deny matching nobody changes nothing", `[{"name":"d","decision":"deny","include":[{"geo":{"country_code":"AQ"}}]},{"name":"a","decision":"allow","include":[{"everyone":{}}]}]`, 17, 0, 1},
		{"no policy matches: blocked", `[{"name":"d","decision":"deny","include":[{"geo":{"country_code":"AQ"}}]}]`, 0, 17, 1},
		{"reusable allow", `["0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"]`, 11, 6, 1},
		{"non_identity never matches", `[{"name":"n","decision":"non_identity","include":[{"everyone":{}}]}]`, 0, 17, 1},
		{"machine rules never match", `[{"name":"n","decision":"allow","include":[{"certificate":{}},{"any_valid_service_token":{}},{"common_name":{"common_name":"x"}},{"service_token":{"token_id":"t"}},{"external_evaluation":{"evaluate_url":"u","keys_url":"k"}},{"linked_app_token":{"app_uid":"a"}}]}]`, 0, 17, 1},
		{"okta group", `[{"name":"n","decision":"allow","include":[{"okta":{"identity_provider_id":"b2f4e6a8-1c3d-4e5f-8a9b-0c1d2e3f4a5b","name":"Contractors"}}]}]`, 4, 13, 1},
		{"okta group at another idp", `[{"name":"n","decision":"allow","include":[{"okta":{"identity_provider_id":"c3a5f7b9-2d4e-4f6a-9b0c-1d2e3f4a5b6c","name":"Contractors"}}]}]`, 0, 17, 1},
		{"github team", `[{"name":"n","decision":"allow","include":[{"github-organization":{"identity_provider_id":"e5c7b9d1-4f6a-4b8c-9d2e-3f4a5b6c7d8e","name":"example-org","team":"platform"}}]}]`, 1, 16, 1},
		{"github org", `[{"name":"n","decision":"allow","include":[{"github-organization":{"identity_provider_id":"e5c7b9d1-4f6a-4b8c-9d2e-3f4a5b6c7d8e","name":"example-org"}}]}]`, 2, 15, 1},
		{"ip range", `[{"name":"n","decision":"allow","include":[{"ip":{"ip":"198.51.100.0/24"}}]}]`, 7, 10, 1},
		{"ip list", `[{"name":"n","decision":"allow","include":[{"ip_list":{"id":"8b7c6d5e-4f3a-4b2c-9d1e-0f9a8b7c6d5e"}}]}]`, 7, 10, 1},
		{"email list", `[{"name":"n","decision":"allow","include":[{"email_list":{"id":"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"}}]}]`, 2, 15, 1},
		{"risk", `[{"name":"n","decision":"allow","include":[{"user_risk_score":{"user_risk_score":["high"]}}]}]`, 2, 15, 1},
		{"unscored", `[{"name":"n","decision":"allow","include":[{"user_risk_score":{"user_risk_score":["unscored"]}}]}]`, 4, 13, 1},
		{"account member", `[{"name":"n","decision":"allow","include":[{"cloudflare_account_member":{}}]}]`, 2, 15, 1},
		{"posture", `[{"name":"n","decision":"allow","include":[{"device_posture":{"integration_uid":"posture-disk-encryption"}}]}]`, 5, 12, 1},
	}
	// Through the API, so the counters checked are the ones the emulator
	// serves, not a tally written again here.
	srv := httptest.NewServer(New(Options{}))
	defer srv.Close()
	for _, c := range cases {
		id := startSample(t, srv, c.policies)
		var got struct {
			Status        string
			UsersApproved int `json:"users_approved"`
			UsersBlocked  int `json:"users_blocked"`
			UsersErrored  int `json:"users_errored"`
		}
		_, env, _ := call(t, srv, "GET", "/accounts/"+account+"/access/policy-tests/"+id, "")
		if err := json.Unmarshal(env.Result, &got); err != nil || got.Status != "complete" {
			t.Fatalf("%s: %s (%v)", c.name, env.Result, err)
		}
		if got.UsersApproved != c.approved || got.UsersBlocked != c.blocked || got.UsersErrored != c.errored {
			t.Errorf("%s: approved %d blocked %d errored %d, want %d %d %d", c.name, got.UsersApproved, got.UsersBlocked, got.UsersErrored, c.approved, c.blocked, c.errored)
		}
	}
}

type envelope struct {
	Success bool              `json:"success"`
	Errors  []json.RawMessage `json:"errors"`
	Result  json.RawMessage   `json:"result"`
}

func call(t *testing.T, srv *httptest.Server, method, path, body string, header ...string) (int, envelope, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+"/client/v4"+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer tok")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	raw, _ := io.ReadAll(resp.Body)
	var env envelope
	_ = json.Unmarshal(raw, &env)
	return resp.StatusCode, env, resp.Header
}

func startSample(t *testing.T, srv *httptest.Server, policies string) string {
	t.Helper()
	status, env, _ := call(t, srv, "POST", "/accounts/"+account+"/access/policy-tests", `{"policies":`+policies+`}`)
	if status != 200 || !env.Success {
		t.Fatalf("start: %d %s", status, env.Errors)
	}
	var started struct{ ID, Status string }
	_ = json.Unmarshal(env.Result, &started)
	if len(started.ID) != 64 || started.Status != "success" {
		t.Fatalf("started %+v", started)
	}
	return started.ID
}

func TestServer_LifecycleAndPaging(t *testing.T) {
	emu := New(Options{Directory: Generated(2500), CompleteAfterPolls: 1, MaxPerPage: 300})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	id := startSample(t, srv, `[{"name":"n","decision":"allow","include":[{"email_domain":{"domain":"example.com"}}]}]`)

	var got struct {
		Status                string
		TotalUsers            int `json:"total_users"`
		UsersApproved         int `json:"users_approved"`
		UsersBlocked          int `json:"users_blocked"`
		UsersErrored          int `json:"users_errored"`
		PercentBlocked        int `json:"percent_blocked"`
		PercentUsersProcessed int `json:"percent_users_processed"`
	}
	_, env, _ := call(t, srv, "GET", "/accounts/"+account+"/access/policy-tests/"+id, "")
	_ = json.Unmarshal(env.Result, &got)
	if got.Status != "processing" || got.PercentUsersProcessed != 50 {
		t.Fatalf("first read %+v", got)
	}
	_, env, _ = call(t, srv, "GET", "/accounts/"+account+"/access/policy-tests/"+id, "")
	_ = json.Unmarshal(env.Result, &got)
	// 2500 users: every 4th on the contractors domain, every 50th unevaluable.
	if got.Status != "complete" || got.TotalUsers != 2500 || got.UsersErrored != 50 || got.UsersApproved+got.UsersBlocked != 2450 || got.PercentUsersProcessed != 100 {
		t.Fatalf("final read %+v", got)
	}

	seen := map[string]bool{}
	for page := 1; ; page++ {
		_, env, _ := call(t, srv, "GET", fmt.Sprintf("/accounts/%s/access/policy-tests/%s/users?status=fail&per_page=1000&page=%d", account, id, page), "")
		var rows []struct{ ID, Email, Status string }
		_ = json.Unmarshal(env.Result, &rows)
		if len(rows) == 0 {
			break
		}
		if len(rows) > 300 {
			t.Fatalf("page %d has %d rows, above the 300 clamp", page, len(rows))
		}
		for _, r := range rows {
			if r.Status != "blocked" || seen[r.ID] {
				t.Fatalf("row %+v (seen before: %v)", r, seen[r.ID])
			}
			seen[r.ID] = true
		}
	}
	if len(seen) != got.UsersBlocked {
		t.Fatalf("listed %d blocked users, the counters say %d", len(seen), got.UsersBlocked)
	}
}

func TestServer_ErrorsAndAuth(t *testing.T) {
	emu := New(Options{Tokens: map[string]string{"tok": "write", "ro": "read"}})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	path := "/accounts/" + account + "/access/policy-tests"
	if status, _, _ := call(t, srv, "GET", path+"/nope", ""); status != 404 {
		t.Errorf("unknown test: %d", status)
	}
	if status, _, _ := call(t, srv, "GET", "/accounts/XYZ/access/policy-tests/nope", ""); status != 400 {
		t.Errorf("bad account: %d", status)
	}
	if status, _, _ := call(t, srv, "GET", path+"/nope", "", "Authorization", "Bearer wrong"); status != 401 {
		t.Errorf("wrong token: %d", status)
	}
	if status, _, _ := call(t, srv, "POST", path, `{"policies":["x"]}`, "Authorization", "Bearer ro"); status != 403 {
		t.Errorf("read-only token starting a test: %d", status)
	}
	if status, _, _ := call(t, srv, "GET", path+"/nope", "", "Authorization", ""); status != 400 {
		t.Errorf("no credentials: %d", status)
	}
	status, env, _ := call(t, srv, "POST", path, `{"policies":["00000000-0000-4000-8000-000000000000"]}`)
	if status != 400 || !strings.Contains(string(env.Errors[0]), `"pointer":"/policies/0"`) {
		t.Errorf("unknown reusable policy: %d %s", status, env.Errors)
	}
	if got := emu.Requests(); len(got) != 6 || got[5].Body == nil || got[5].AuthScheme != "token" || got[4].AuthScheme != "none" {
		t.Errorf("request log %+v", got)
	}
}

func TestServer_FaultsAndRateLimit(t *testing.T) {
	emu := New(Options{})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	path := "/accounts/" + account + "/access/policy-tests/x"
	emu.InjectFault(Fault{Kind: FaultStatus, Status: 429, RetryAfter: "3", Count: 2})
	for range 2 {
		if status, _, h := call(t, srv, "GET", path, ""); status != 429 || h.Get("Retry-After") != "3" {
			t.Fatalf("fault: %d %v", status, h)
		}
	}
	if status, _, _ := call(t, srv, "GET", path, ""); status != 404 {
		t.Fatalf("after the fault: %d", status)
	}
	emu.InjectFault(Fault{Kind: FaultDrop})
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/client/v4"+path, nil)
	// A fresh connection: Go's transport silently retries idempotent
	// requests that fail on a reused one.
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	if resp, err := fresh.Do(req); err == nil {
		_ = resp.Body.Close()
		t.Fatalf("dropped connection answered %d", resp.StatusCode)
	}

	emu.SetRateLimit(5)
	limited := 0
	for range 20 {
		if status, _, _ := call(t, srv, "GET", path, ""); status == 429 {
			limited++
		}
	}
	if limited < 10 || emu.Throttled() != limited {
		t.Fatalf("%d of 20 rapid requests limited (throttled count %d)", limited, emu.Throttled())
	}
	emu.SetRateLimit(0)

	emu.InjectFault(Fault{Kind: FaultDelay, Delay: 150 * time.Millisecond})
	start := time.Now()
	call(t, srv, "GET", path, "")
	if time.Since(start) < 150*time.Millisecond {
		t.Fatal("the delay fault did not delay")
	}
}

func TestSampleDirectory(t *testing.T) {
	d := SampleDirectory()
	domains := map[string]int{}
	for _, u := range d.Users {
		_, domain, _ := strings.Cut(u.Email, "@")
		domains[domain]++
	}
	if len(d.Users) < 12 || len(domains) != 2 || len(d.policies) != 6 {
		t.Fatalf("%d users over %v, %d reusable policies", len(d.Users), domains, len(d.policies))
	}
}

func TestServer_GivenTestIDsFirst(t *testing.T) {
	given := strings.Repeat("ab", 32)
	srv := httptest.NewServer(New(Options{TestIDs: []string{given}}))
	defer srv.Close()
	policies := `[{"name":"n","decision":"allow","include":[{"everyone":{}}]}]`
	if id := startSample(t, srv, policies); id != given {
		t.Fatalf("first test %s, want the given %s", id, given)
	}
	if id := startSample(t, srv, policies); id == given {
		t.Fatal("a given id was handed out twice")
	}
}

// A complete test with uncovered users leaves them out of its counters and
// its listing, while total_users still counts them.
func TestServer_UncoveredUsers(t *testing.T) {
	srv := httptest.NewServer(New(Options{UncoveredUsers: 4}))
	defer srv.Close()
	id := startSample(t, srv, `[{"name":"All","decision":"allow","include":[{"everyone":{}}]}]`)
	var got struct {
		Status                string
		TotalUsers            int `json:"total_users"`
		UsersApproved         int `json:"users_approved"`
		UsersBlocked          int `json:"users_blocked"`
		UsersErrored          int `json:"users_errored"`
		PercentUsersProcessed int `json:"percent_users_processed"`
	}
	_, env, _ := call(t, srv, "GET", "/accounts/"+account+"/access/policy-tests/"+id, "")
	if err := json.Unmarshal(env.Result, &got); err != nil {
		t.Fatal(err)
	}
	counted := got.UsersApproved + got.UsersBlocked + got.UsersErrored
	if got.Status != "complete" || got.TotalUsers != 18 || counted != 14 || got.PercentUsersProcessed != 78 {
		t.Fatalf("status %+v, want complete, 14 of 18 counted, 78%% processed", got)
	}
	_, env, _ = call(t, srv, "GET", "/accounts/"+account+"/access/policy-tests/"+id+"/users?per_page=1000", "")
	var rows []map[string]any
	if err := json.Unmarshal(env.Result, &rows); err != nil || len(rows) != 14 {
		t.Fatalf("listed %d users (%v), want the 14 covered", len(rows), err)
	}
}

// The budget is shared by every client: each answer reports what is left
// and the quota, the request past the quota gets 429 with Retry-After, and
// the window resets.
func TestServer_Budget(t *testing.T) {
	emu := New(Options{Budget: Budget{Quota: 2, Window: time.Second}})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	path := "/accounts/" + account + "/access/policy-tests/unknown"
	for i, want := range []string{`"default";r=1;t=1`, `"default";r=0;t=1`} {
		status, _, h := call(t, srv, "GET", path, "")
		if status != http.StatusNotFound || h.Get("Ratelimit") != want || h.Get("Ratelimit-Policy") != `"default";q=2;w=1` {
			t.Fatalf("request %d: %d, Ratelimit %q, policy %q", i+1, status, h.Get("Ratelimit"), h.Get("Ratelimit-Policy"))
		}
	}
	status, _, h := call(t, srv, "GET", path, "")
	if status != http.StatusTooManyRequests || h.Get("Retry-After") != "1" || h.Get("Ratelimit") != `"default";r=0;t=1` || emu.Throttled() != 1 {
		t.Fatalf("past the quota: %d, Retry-After %q, Ratelimit %q, throttled %d", status, h.Get("Retry-After"), h.Get("Ratelimit"), emu.Throttled())
	}
	time.Sleep(time.Second)
	if status, _, h := call(t, srv, "GET", path, ""); status != http.StatusNotFound || h.Get("Ratelimit") != `"default";r=1;t=1` {
		t.Fatalf("after the reset: %d, Ratelimit %q", status, h.Get("Ratelimit"))
	}

	silent := httptest.NewServer(New(Options{Budget: Budget{Quota: 1, Window: time.Minute, Silent: true}}))
	defer silent.Close()
	if _, _, h := call(t, silent, "GET", path, ""); h.Get("Ratelimit") != "" || h.Get("Ratelimit-Policy") != "" {
		t.Fatalf("a silent budget sent %q / %q", h.Get("Ratelimit"), h.Get("Ratelimit-Policy"))
	}
	if status, _, _ := call(t, silent, "GET", path, ""); status != http.StatusTooManyRequests {
		t.Fatalf("a silent budget past its quota answered %d", status)
	}
}

// The request log a user asks for (-log): one JSON line per request with
// its answer, and neither the credentials nor the bodies.
func TestServer_RequestLog(t *testing.T) {
	var buf bytes.Buffer
	srv := httptest.NewServer(New(Options{RequestLog: &buf}))
	defer srv.Close()
	account := "/accounts/" + strings.Repeat("ab", 16)
	status, env, _ := call(t, srv, "POST", account+"/access/policy-tests", `{"policies":[{"name":"A","decision":"allow","include":[{"everyone":{}}]}]}`)
	if status != 200 {
		t.Fatalf("start: %d", status)
	}
	var started struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(env.Result, &started)
	call(t, srv, "GET", account+"/access/policy-tests/"+started.ID+"/users?status=approved", "")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2:\n%s", len(lines), buf.String())
	}
	var second map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil {
		t.Fatal(err)
	}
	if second["method"] != "GET" || second["path"] != account+"/access/policy-tests/"+started.ID+"/users" || second["query"] != "status=approved" || second["status"] == nil {
		t.Errorf("second line = %v", second)
	}
	if strings.Contains(buf.String(), "tok") || strings.Contains(buf.String(), "everyone") {
		t.Errorf("the log holds a credential or a body:\n%s", buf.String())
	}
}

// The applications endpoints: the sample account's applications, paged,
// each with its policies by precedence, whole, reusable or its own.
func TestApplications(t *testing.T) {
	emu := New(Options{MaxPerPage: 2})
	get := func(path string) (int, map[string]any) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/client/v4/accounts/0123456789abcdef0123456789abcdef/access/apps"+path, nil)
		req.Header.Set("Authorization", "Bearer any")
		emu.ServeHTTP(rec, req)
		var body map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &body)
		return rec.Code, body
	}
	var ids []string
	for page := 1; ; page++ {
		code, body := get(fmt.Sprintf("?page=%d&per_page=100", page))
		rows, _ := body["result"].([]any)
		if code != http.StatusOK || len(rows) > 2 {
			t.Fatalf("page %d: %d, %d rows", page, code, len(rows))
		}
		if len(rows) == 0 {
			break
		}
		for _, r := range rows {
			row, _ := r.(map[string]any)
			id, _ := row["id"].(string)
			ids = append(ids, id)
		}
	}
	if len(ids) != 5 {
		t.Errorf("%d applications, want the sample's 5: %v", len(ids), ids)
	}
	code, body := get("/a9000003-0000-4000-8000-000000000003")
	result, _ := body["result"].(map[string]any)
	policies, _ := result["policies"].([]any)
	var first map[string]any
	if len(policies) > 0 {
		first, _ = policies[0].(map[string]any)
	}
	if code != http.StatusOK || len(policies) != 2 || first["id"] != "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e" || first["precedence"] != 1.0 || first["reusable"] != true || first["decision"] != "deny" {
		t.Errorf("payroll: %d %v", code, policies)
	}
	if code, _ := get("/a9999999-0000-4000-8000-000000000000"); code != http.StatusNotFound {
		t.Errorf("an unknown application: %d, want 404", code)
	}
}
