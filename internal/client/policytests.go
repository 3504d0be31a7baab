package client

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// PolicyTestStatus is what Cloudflare says about a test. The set is open:
// a value this client does not know is kept as it is.
type PolicyTestStatus string

// The statuses the API documents. StatusSuccess only acknowledges a start.
const (
	StatusSuccess      PolicyTestStatus = "success"
	StatusProcessing   PolicyTestStatus = "processing"
	StatusComplete     PolicyTestStatus = "complete"
	StatusBlocked      PolicyTestStatus = "blocked"
	StatusExceededTime PolicyTestStatus = "exceeded time"
)

// Known reports whether s is one of the documented statuses.
func (s PolicyTestStatus) Known() bool {
	switch s {
	case StatusSuccess, StatusProcessing, StatusComplete, StatusBlocked, StatusExceededTime:
		return true
	}
	return false
}

// Final reports whether a test with this status will not change any more.
func (s PolicyTestStatus) Final() bool {
	return s == StatusComplete || s == StatusBlocked || s == StatusExceededTime
}

// Count is a counter that may be absent. It decodes numbers leniently since
// the API reference renders the counters as "number".
type Count struct {
	Value int64
	Set   bool
}

// UnmarshalJSON accepts integers, floats (rounded) and null.
func (c *Count) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*c = Count{}
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("counter is not a number: %s", b)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > math.MaxInt64/2 {
		return fmt.Errorf("counter is out of range: %s", b)
	}
	*c = Count{Value: int64(math.Round(f)), Set: true}
	return nil
}

// MarshalJSON writes the value, or null when absent.
func (c Count) MarshalJSON() ([]byte, error) {
	if !c.Set {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatInt(c.Value, 10)), nil
}

// PolicyTest is the status and counters of one test.
type PolicyTest struct {
	ID                    string           `json:"id"`
	Status                PolicyTestStatus `json:"status"`
	TotalUsers            Count            `json:"total_users"`
	PercentUsersProcessed Count            `json:"percent_users_processed"`
	UsersApproved         Count            `json:"users_approved"`
	UsersBlocked          Count            `json:"users_blocked"`
	UsersErrored          Count            `json:"users_errored"`
	PercentApproved       Count            `json:"percent_approved"`
	PercentBlocked        Count            `json:"percent_blocked"`
	PercentErrored        Count            `json:"percent_errored"`
}

// StartedPolicyTest is the answer to a start call.
type StartedPolicyTest struct {
	ID     string           `json:"id"`
	Status PolicyTestStatus `json:"status"`
}

// PolicyTestUser is one row of a test's users.
type PolicyTestUser struct {
	ID     string `json:"id"`
	Email  string `json:"email"`
	Name   string `json:"name"`
	Status string `json:"status"`
}

// Users filter values on the wire and the row values they select.
const (
	UsersFilterApproved = "success"
	UsersFilterBlocked  = "fail"
	UsersFilterError    = "error"
	MaxUsersPerPage     = 1000
)

// policyTestsPath builds the path of the collection or of one test. The
// ids are checked by shape first (checkIDs), so they go into the path as
// they are: no escaping, no dot segment.
func policyTestsPath(accountID string, testID ...string) string {
	return strings.Join(append([]string{"/accounts/" + accountID + "/access/policy-tests"}, testID...), "/")
}

// StartPolicyTest starts a test. It is not idempotent: see checkRetry.
func (c *Client) StartPolicyTest(ctx context.Context, accountID string, req PolicyTestRequest) (*StartedPolicyTest, error) {
	if err := checkIDs(accountID); err != nil {
		return nil, err
	}
	var out StartedPolicyTest
	if err := c.do(ctx, "POST", policyTestsPath(accountID), nil, req, &out); err != nil {
		return nil, err
	}
	if out.ID == "" {
		return nil, &MalformedResponseError{StatusCode: 200, Err: fmt.Errorf("the start call returned no test id")}
	}
	out.Status = c.serverStatus(out.Status)
	return &out, nil
}

// GetPolicyTest reads a test's status and counters.
func (c *Client) GetPolicyTest(ctx context.Context, accountID, testID string) (*PolicyTest, error) {
	if err := checkIDs(accountID, testID); err != nil {
		return nil, err
	}
	var out PolicyTest
	if err := c.do(ctx, "GET", policyTestsPath(accountID, testID), nil, nil, &out); err != nil {
		return nil, err
	}
	// The reading is of the test asked for, whatever id the body names.
	out.ID = testID
	out.Status = c.serverStatus(out.Status)
	if err := out.plausible(); err != nil {
		return nil, err
	}
	return &out, nil
}

// UsersPageQuery selects one page of a test's users.
type UsersPageQuery struct {
	Status  string // "", UsersFilterApproved, UsersFilterBlocked or UsersFilterError
	Page    int
	PerPage int
}

// ListPolicyTestUsers reads one page of a test's users.
func (c *Client) ListPolicyTestUsers(ctx context.Context, accountID, testID string, q UsersPageQuery) ([]PolicyTestUser, error) {
	if err := checkIDs(accountID, testID); err != nil {
		return nil, err
	}
	query := url.Values{}
	if q.Page > 0 {
		query.Set("page", strconv.Itoa(q.Page))
	}
	if q.PerPage > 0 {
		query.Set("per_page", strconv.Itoa(q.PerPage))
	}
	if q.Status != "" {
		query.Set("status", q.Status)
	}
	var out []PolicyTestUser
	if err := c.do(ctx, "GET", policyTestsPath(accountID, testID, "users"), query, nil, &out); err != nil {
		return nil, err
	}
	// Rows reach state, plan files and messages: no credential the server
	// echoes may travel with them.
	for i := range out {
		row := &out[i]
		row.ID, row.Email, row.Name, row.Status = c.redact.text(row.ID), c.redact.text(row.Email), c.redact.text(row.Name), c.redact.text(row.Status)
	}
	return out, nil
}

// UsersListing is the outcome of AllPolicyTestUsers.
type UsersListing struct {
	Users []PolicyTestUser
	// Truncated is true when max stopped the listing before an empty page.
	Truncated bool
	// Requests counts the pages asked for.
	Requests int
}

// Bounds on one listing, whatever the server does: a real Zero Trust
// organization fits well inside them.
const (
	MaxListedUsers = 500_000
	maxUserPages   = 10_000
)

// AllPolicyTestUsers follows pages until one comes back empty, since a server
// may return fewer rows than per_page asked for. maxUsers > 0 stops early.
// A server that repeats rows, sends rows without ids or never ends is
// stopped with an error: at a page of rows all seen before, at a row
// without an id, and at MaxListedUsers users or maxUserPages pages.
func (c *Client) AllPolicyTestUsers(ctx context.Context, accountID, testID, status string, perPage, maxUsers int) (*UsersListing, error) {
	if perPage <= 0 || perPage > MaxUsersPerPage {
		perPage = MaxUsersPerPage
	}
	listing := &UsersListing{}
	seen := map[string]bool{}
	for page := 1; ; page++ {
		if maxUsers > 0 && len(listing.Users) >= maxUsers {
			listing.Truncated = true
			listing.Users = listing.Users[:maxUsers]
			return listing, nil
		}
		if len(listing.Users) >= MaxListedUsers || page > maxUserPages {
			return listing, fmt.Errorf("stopped listing users after %d users on %d pages, the most one listing reads; set max_users to read fewer", len(listing.Users), page-1)
		}
		rows, err := c.ListPolicyTestUsers(ctx, accountID, testID, UsersPageQuery{Status: status, Page: page, PerPage: perPage})
		listing.Requests++
		if err != nil {
			return listing, fmt.Errorf("reading page %d of the users: %w", page, err)
		}
		if len(rows) == 0 {
			return listing, nil
		}
		fresh := 0
		for i, row := range rows {
			if row.ID == "" {
				return listing, fmt.Errorf("page %d of the users has a row without an id (row %d): the answer cannot be paged safely; stopping", page, i+1)
			}
			if !seen[row.ID] {
				seen[row.ID] = true
				fresh++
			}
		}
		// A server that ignores page (or alternates pages) would otherwise
		// be read forever.
		if fresh == 0 {
			return listing, fmt.Errorf("page %d of the users holds only users already listed on earlier pages (first %s): the API is not paging; stopping", page, rows[0].ID)
		}
		listing.Users = append(listing.Users, rows...)
	}
}

// Shortfall says how a test that reports `complete` contradicts itself by
// covering less than its whole directory: a processed share below 100 %, or
// counters that do not add up to total_users (an absent counter counts as
// 0). "" means it covers every user, or it is not complete. A gate must not
// pass on such a test: the users it left out are in no listing.
func (t *PolicyTest) Shortfall() string {
	if t.Status != StatusComplete {
		return ""
	}
	var parts []string
	if t.PercentUsersProcessed.Set && t.PercentUsersProcessed.Value < 100 {
		parts = append(parts, fmt.Sprintf("reports %d%% of its users processed", t.PercentUsersProcessed.Value))
	}
	counted := t.UsersApproved.Value + t.UsersBlocked.Value + t.UsersErrored.Value
	if t.TotalUsers.Set && counted != t.TotalUsers.Value {
		parts = append(parts, fmt.Sprintf("counts %d users (%d approved, %d blocked, %d errored) of total_users %d",
			counted, t.UsersApproved.Value, t.UsersBlocked.Value, t.UsersErrored.Value, t.TotalUsers.Value))
	}
	return strings.Join(parts, " and ")
}
