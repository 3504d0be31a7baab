package emulator

import (
	"fmt"
	"io"
	"math"
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
	// the final status; CompleteAfter, when set, is a duration instead,
	// during which users are processed at an even pace.
	CompleteAfterPolls int
	CompleteAfter      time.Duration
	// FinalStatus is "complete" (default), "blocked" or "exceeded time".
	FinalStatus string
	// UncoveredUsers, a fault: a test that ends `complete` leaves out this
	// many users (the last in the directory) of its counters and listings,
	// while total_users stays the whole directory and the processed share
	// says what was covered.
	UncoveredUsers int
	// MaxPerPage clamps per_page on the users endpoint (default 1000).
	MaxPerPage int
	// RateLimit, when positive, answers 429 beyond this many requests/s.
	RateLimit float64
	// Budget, when its Quota is positive, is Cloudflare's rate limit as its
	// headers document it: Quota requests per Window, shared by every client
	// of this emulator.
	Budget Budget
	// Account, when set, is the only account the credentials reach; other
	// accounts get what Cloudflare answers then (403, code 9109).
	Account string
	// TestIDs are the ids the next tests started get, in order, so that a
	// configuration can name a test before it exists (an import block's
	// literal id); random ids follow.
	TestIDs []string
	// RequestLog, when set, receives every request once answered, one JSON
	// object a line (logLine): what a user counts a gate's cost by.
	RequestLog io.Writer
}

// Budget is a fixed-window request budget. Every answer says what is left
// (`Ratelimit: "default";r=R;t=T`, T the whole seconds to the reset, rounded
// up) and the quota (`Ratelimit-Policy: "default";q=Q;w=W`); a request past
// the quota gets 429 with Retry-After until the window resets. Silent sends
// no Ratelimit headers, for comparison.
type Budget struct {
	Quota  int
	Window time.Duration
	Silent bool
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
	// The budget's current window and what it has used.
	windowStart time.Time
	windowUsed  int
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

// Throttled counts the requests answered 429 by the rate limit or the
// budget.
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
	appsPattern    = regexp.MustCompile(`^/client/v4/accounts/([^/]+)/access/apps(?:/([^/]+))?$`)
)

// ServeHTTP routes the three endpoints under /client/v4.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	entry := e.record(r, body)
	status := e.serve(w, r, body)
	e.setStatus(entry, status)
	e.writeLogLine(entry)
}

func (e *Emulator) serve(w http.ResponseWriter, r *http.Request, body []byte) int {
	if retryAfter, spent := e.spendBudget(w.Header()); spent {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		return writeError(w, http.StatusTooManyRequests, 971, "Please wait and consider throttling your request speed", "")
	}
	if e.rateLimited() {
		w.Header().Set("Retry-After", "1")
		return writeError(w, http.StatusTooManyRequests, 971, "Please wait and consider throttling your request speed", "")
	}
	fault := e.takeFault(r)
	if status, handled := e.applyFault(w, r, fault); handled {
		return status
	}
	m := routePattern.FindStringSubmatch(r.URL.Path)
	apps := appsPattern.FindStringSubmatch(r.URL.Path)
	if m == nil && apps == nil {
		return writeError(w, http.StatusNotFound, 7003, "No route for the URI", "")
	}
	if apps != nil {
		m = []string{apps[0], apps[1], "", ""}
	}
	accountID, testID, users := m[1], m[2], m[3] != ""
	if status, ok := e.authorize(w, r); !ok {
		return status
	}
	if !accountPattern.MatchString(accountID) {
		return writeError(w, http.StatusBadRequest, 7003, fmt.Sprintf("Could not route to %s, perhaps your object identifier is invalid?", r.URL.Path), "")
	}
	if e.opts.Account != "" && accountID != e.opts.Account {
		return writeError(w, http.StatusForbidden, 9109, "Unauthorized to access requested resource", "")
	}
	switch {
	case apps != nil && r.Method == http.MethodGet:
		return e.applications(w, r, apps[2])
	case apps != nil:
	case testID == "" && r.Method == http.MethodPost:
		return e.start(w, accountID, body)
	case testID != "" && !users && r.Method == http.MethodGet:
		return e.status(w, accountID, testID)
	case testID != "" && users && r.Method == http.MethodGet:
		return e.users(w, r, accountID, testID, fault)
	}
	return writeError(w, http.StatusMethodNotAllowed, 10405, "Method not allowed", "")
}

// spendBudget takes one request from the budget and writes its headers;
// spent is true, with the seconds to the reset, when none is left.
func (e *Emulator) spendBudget(h http.Header) (retryAfter int, spent bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	b := e.opts.Budget
	if b.Quota <= 0 || b.Window <= 0 {
		return 0, false
	}
	now := time.Now()
	if e.windowStart.IsZero() || now.Sub(e.windowStart) >= b.Window {
		e.windowStart, e.windowUsed = now, 0
	}
	reset := int(math.Ceil((b.Window - now.Sub(e.windowStart)).Seconds()))
	spent = e.windowUsed >= b.Quota
	if spent {
		e.throttled++
	} else {
		e.windowUsed++
	}
	if !b.Silent {
		h.Set("Ratelimit", fmt.Sprintf(`"default";r=%d;t=%d`, b.Quota-e.windowUsed, reset))
		h.Set("Ratelimit-Policy", fmt.Sprintf(`"default";q=%d;w=%d`, b.Quota, int(math.Ceil(b.Window.Seconds()))))
	}
	return reset, spent
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
