package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Options configure an Emulator. The zero value accepts any credentials and
// reports a test complete on its first status read.
type Options struct {
	Directory *Directory
	// Tokens maps accepted API tokens to "write" or "read"; empty accepts
	// any token with write permission.
	Tokens map[string]string
	// APIKey and APIEmail, when set, are the only accepted key credentials.
	APIKey   string
	APIEmail string
	// CompleteAfterPolls is how many status reads report processing before
	// the final status; CompleteAfter, when set, is a duration instead.
	CompleteAfterPolls int
	CompleteAfter      time.Duration
	// FinalStatus is "complete" (default), "blocked" or "exceeded time".
	FinalStatus string
	// MaxPerPage clamps per_page on the users endpoint (default 1000).
	MaxPerPage int
	// RateLimit, when positive, answers 429 beyond this many requests/s.
	RateLimit float64
}

// Emulator serves the policy-test API from memory. It is an http.Handler.
type Emulator struct {
	mu        sync.Mutex
	opts      Options
	tests     map[string]*testRun
	log       []Request
	faults    []*Fault
	limiter   *rate.Limiter
	throttled int
}

type testRun struct {
	id        string
	accountID string
	started   time.Time
	polls     int
	outcomes  []string // per directory user, in directory order
	final     string
	done      bool // once final, a test stays final whatever the settings say later
}

// New builds an emulator; a nil Directory means the sample directory.
func New(opts Options) *Emulator {
	if opts.Directory == nil {
		opts.Directory = SampleDirectory()
	}
	if opts.FinalStatus == "" {
		opts.FinalStatus = "complete"
	}
	if opts.MaxPerPage <= 0 {
		opts.MaxPerPage = 1000
	}
	e := &Emulator{opts: opts, tests: map[string]*testRun{}}
	e.SetRateLimit(opts.RateLimit)
	return e
}

// SetFinalStatus changes the status later tests end with.
func (e *Emulator) SetFinalStatus(status string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.FinalStatus = status
}

// SetCompleteAfterPolls changes how many status reads report processing.
func (e *Emulator) SetCompleteAfterPolls(n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.CompleteAfterPolls = n
	e.opts.CompleteAfter = 0
}

// SetCompleteAfter makes tests complete a duration after they start.
func (e *Emulator) SetCompleteAfter(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.CompleteAfter = d
}

// SetMaxPerPage changes the page size clamp of the users endpoint.
func (e *Emulator) SetMaxPerPage(n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.MaxPerPage = n
}

// SetRateLimit answers 429 beyond rps requests per second; 0 turns it off.
func (e *Emulator) SetRateLimit(rps float64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if rps <= 0 {
		e.limiter = nil
		return
	}
	e.limiter = rate.NewLimiter(rate.Limit(rps), max(1, int(rps)))
}

// Throttled counts the requests answered 429 by the rate limit.
func (e *Emulator) Throttled() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.throttled
}

// Forget drops a test, as if it had expired.
func (e *Emulator) Forget(testID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.tests, testID)
}

// TestIDs lists the ids of the tests started so far.
func (e *Emulator) TestIDs() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	ids := make([]string, 0, len(e.tests))
	for id := range e.tests {
		ids = append(ids, id)
	}
	return ids
}

var (
	accountPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)
	routePattern   = regexp.MustCompile(`^/client/v4/accounts/([^/]+)/access/policy-tests(?:/([^/]+)(/users)?)?$`)
)

// ServeHTTP routes the three endpoints under /client/v4.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	entry := e.record(r, body)
	status := e.serve(w, r, body)
	e.setStatus(entry, status)
}

func (e *Emulator) serve(w http.ResponseWriter, r *http.Request, body []byte) int {
	if e.rateLimited() {
		w.Header().Set("Retry-After", "1")
		return writeError(w, http.StatusTooManyRequests, 971, "Please wait and consider throttling your request speed", "")
	}
	if status, handled := e.applyFault(w, r); handled {
		return status
	}
	m := routePattern.FindStringSubmatch(r.URL.Path)
	if m == nil {
		return writeError(w, http.StatusNotFound, 7003, "No route for the URI", "")
	}
	accountID, testID, users := m[1], m[2], m[3] != ""
	if status, ok := e.authorize(w, r); !ok {
		return status
	}
	if !accountPattern.MatchString(accountID) {
		return writeError(w, http.StatusBadRequest, 7003, fmt.Sprintf("Could not route to %s, perhaps your object identifier is invalid?", r.URL.Path), "")
	}
	switch {
	case testID == "" && r.Method == http.MethodPost:
		return e.start(w, accountID, body)
	case testID != "" && !users && r.Method == http.MethodGet:
		return e.status(w, accountID, testID)
	case testID != "" && users && r.Method == http.MethodGet:
		return e.users(w, r, accountID, testID)
	}
	return writeError(w, http.StatusMethodNotAllowed, 10405, "Method not allowed", "")
}

func (e *Emulator) rateLimited() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.limiter != nil && !e.limiter.Allow() {
		e.throttled++
		return true
	}
	return false
}

// authorize checks the credentials: 400 for missing or malformed headers,
// 401 for unknown credentials, 403 for a read-only token on a start call.
func (e *Emulator) authorize(w http.ResponseWriter, r *http.Request) (int, bool) {
	e.mu.Lock()
	opts := e.opts
	e.mu.Unlock()
	scheme, token := authScheme(r)
	switch scheme {
	case "token":
		permission := "write"
		if len(opts.Tokens) > 0 {
			var ok bool
			if permission, ok = opts.Tokens[token]; !ok {
				return writeError(w, http.StatusUnauthorized, 10000, "Authentication error", ""), false
			}
		}
		if permission != "write" && r.Method == http.MethodPost {
			return writeError(w, http.StatusForbidden, 10000, "Authentication error: the token lacks the Access: Policy Test Write permission", ""), false
		}
		if permission != "write" && permission != "read" {
			return writeError(w, http.StatusForbidden, 10000, "Authentication error: the token lacks the Access: Policy Test Read permission", ""), false
		}
		return 0, true
	case "key":
		if opts.APIKey != "" && (r.Header.Get("X-Auth-Key") != opts.APIKey || r.Header.Get("X-Auth-Email") != opts.APIEmail) {
			return writeError(w, http.StatusUnauthorized, 10000, "Authentication error", ""), false
		}
		return 0, true
	}
	return writeEnvelope(w, http.StatusBadRequest, false, nil, []apiMessage{{
		Code: 6003, Message: "Invalid request headers",
		ErrorChain: []apiMessage{{Code: 6111, Message: "Invalid format for Authorization header"}},
	}}), false
}

func authScheme(r *http.Request) (scheme, token string) {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") && len(h) > len("Bearer ") {
		return "token", strings.TrimPrefix(h, "Bearer ")
	}
	if r.Header.Get("X-Auth-Key") != "" && r.Header.Get("X-Auth-Email") != "" {
		return "key", ""
	}
	return "none", ""
}

func (e *Emulator) start(w http.ResponseWriter, accountID string, body []byte) int {
	req, verr := ParseStartRequest(body)
	if verr != nil {
		return writeError(w, http.StatusBadRequest, 12130, verr.Message, verr.Pointer)
	}
	d := e.opts.Directory
	policies := make([]*Policy, 0, len(req.Policies))
	for i, p := range req.Policies {
		if p.Inline != nil {
			policies = append(policies, p.Inline)
			continue
		}
		saved, ok := d.policies[p.ReusableID]
		if !ok {
			return writeError(w, http.StatusBadRequest, 12131, fmt.Sprintf("reusable policy %q was not found in this account", p.ReusableID), "/policies/"+strconv.Itoa(i))
		}
		policies = append(policies, saved)
	}
	run := &testRun{id: newTestID(), accountID: accountID, started: time.Now()}
	for i := range d.Users {
		run.outcomes = append(run.outcomes, evaluate(policies, &d.Users[i], accountID, d))
	}
	e.mu.Lock()
	run.final = e.opts.FinalStatus
	e.tests[run.id] = run
	e.mu.Unlock()
	return writeEnvelope(w, http.StatusOK, true, map[string]any{"id": run.id, "status": "success"}, nil)
}

// lookup returns a test of this account, or nil.
func (e *Emulator) lookup(accountID, testID string) *testRun {
	run := e.tests[testID]
	if run == nil || run.accountID != accountID {
		return nil
	}
	return run
}

// progress tells how far a test has come: its status and how many users
// (in directory order) are processed.
func (e *Emulator) progress(run *testRun) (string, int) {
	total := len(run.outcomes)
	done := run.done || run.polls > e.opts.CompleteAfterPolls
	if e.opts.CompleteAfter > 0 && !run.done {
		done = time.Since(run.started) >= e.opts.CompleteAfter
	}
	run.done = done
	switch {
	case !done:
		return "processing", total / 2
	case run.final == "exceeded time":
		return run.final, total * 3 / 4
	default:
		return run.final, total
	}
}

func (e *Emulator) status(w http.ResponseWriter, accountID, testID string) int {
	e.mu.Lock()
	run := e.lookup(accountID, testID)
	if run == nil {
		e.mu.Unlock()
		return writeError(w, http.StatusNotFound, 12132, "policy test not found", "")
	}
	run.polls++
	status, processed := e.progress(run)
	e.mu.Unlock()

	var approved, blocked, errored int
	for _, o := range run.outcomes[:processed] {
		switch o {
		case outcomeApproved:
			approved++
		case outcomeBlocked:
			blocked++
		default:
			errored++
		}
	}
	total := len(run.outcomes)
	return writeEnvelope(w, http.StatusOK, true, map[string]any{
		"id":                      run.id,
		"status":                  status,
		"total_users":             total,
		"percent_users_processed": percent(processed, total),
		"users_approved":          approved,
		"users_blocked":           blocked,
		"users_errored":           errored,
		"percent_approved":        percent(approved, processed),
		"percent_blocked":         percent(blocked, processed),
		"percent_errored":         percent(errored, processed),
	}, nil)
}

var usersFilter = map[string]string{"success": outcomeApproved, "fail": outcomeBlocked, "error": outcomeError}

func (e *Emulator) users(w http.ResponseWriter, r *http.Request, accountID, testID string) int {
	q := r.URL.Query()
	page, perPage := 1, 25
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return writeError(w, http.StatusBadRequest, 12133, "page must be a whole number of at least 1", "")
		}
		page = n
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return writeError(w, http.StatusBadRequest, 12133, "per_page must be a whole number of at least 1", "")
		}
		perPage = n
	}
	want := ""
	if v := q.Get("status"); v != "" {
		var ok bool
		if want, ok = usersFilter[v]; !ok {
			return writeError(w, http.StatusBadRequest, 12133, "status must be one of success, fail, error", "")
		}
	}

	e.mu.Lock()
	run := e.lookup(accountID, testID)
	if run == nil {
		e.mu.Unlock()
		return writeError(w, http.StatusNotFound, 12132, "policy test not found", "")
	}
	_, processed := e.progress(run)
	perPage = min(perPage, e.opts.MaxPerPage)
	e.mu.Unlock()

	rows := []map[string]any{}
	skip := (page - 1) * perPage
	for i, outcome := range run.outcomes[:processed] {
		if want != "" && outcome != want {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		if len(rows) == perPage {
			break
		}
		u := e.opts.Directory.Users[i]
		rows = append(rows, map[string]any{"id": u.ID, "email": u.Email, "name": u.Name, "status": outcome})
	}
	return writeEnvelopeInfo(w, rows, map[string]any{"page": page, "per_page": perPage, "count": len(rows)})
}

func newTestID() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

type apiMessage struct {
	Code       int          `json:"code"`
	Message    string       `json:"message"`
	Source     *apiSource   `json:"source,omitempty"`
	ErrorChain []apiMessage `json:"error_chain,omitempty"`
}

type apiSource struct {
	Pointer string `json:"pointer"`
}

func writeError(w http.ResponseWriter, status, code int, message, pointer string) int {
	msg := apiMessage{Code: code, Message: message}
	if pointer != "" {
		msg.Source = &apiSource{Pointer: pointer}
	}
	return writeEnvelope(w, status, false, nil, []apiMessage{msg})
}

func writeEnvelope(w http.ResponseWriter, status int, success bool, result any, errs []apiMessage) int {
	if errs == nil {
		errs = []apiMessage{}
	}
	return writeJSON(w, status, map[string]any{"success": success, "errors": errs, "messages": []apiMessage{}, "result": result})
}

func writeEnvelopeInfo(w http.ResponseWriter, result any, info map[string]any) int {
	return writeJSON(w, http.StatusOK, map[string]any{"success": true, "errors": []apiMessage{}, "messages": []apiMessage{}, "result": result, "result_info": info})
}

func writeJSON(w http.ResponseWriter, status int, v any) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
	return status
}
