package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

func (e *Emulator) start(w http.ResponseWriter, accountID string, body []byte) int {
	req, verr := ParseStartRequest(body)
	if verr != nil {
		return writeError(w, http.StatusBadRequest, codeInvalidStart, verr.Message, verr.Pointer)
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
			return writeError(w, http.StatusBadRequest, codeUnknownPolicy, fmt.Sprintf("reusable policy %q was not found in this account", p.ReusableID), "/policies/"+strconv.Itoa(i))
		}
		policies = append(policies, saved)
	}
	run := &testRun{accountID: accountID, started: time.Now()}
	for i := range d.Users {
		run.outcomes = append(run.outcomes, evaluate(policies, &d.Users[i], accountID, d))
	}
	e.mu.Lock()
	run.id = e.nextTestID()
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
	case !done && e.opts.CompleteAfter > 0:
		// Users are processed at an even pace until CompleteAfter.
		return "processing", int(int64(total) * int64(time.Since(run.started)) / int64(e.opts.CompleteAfter))
	case !done:
		return "processing", total / 2
	case run.final == "exceeded time":
		return run.final, total * 3 / 4
	case run.final == "complete":
		return run.final, total - min(max(e.opts.UncoveredUsers, 0), total)
	default:
		return run.final, total
	}
}

func (e *Emulator) status(w http.ResponseWriter, accountID, testID string) int {
	e.mu.Lock()
	run := e.lookup(accountID, testID)
	if run == nil {
		e.mu.Unlock()
		return writeError(w, http.StatusNotFound, codeUnknownTest, "policy test not found", "")
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

func (e *Emulator) users(w http.ResponseWriter, r *http.Request, accountID, testID string, fault *Fault) int {
	q := r.URL.Query()
	page, perPage := 1, 25
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return writeError(w, http.StatusBadRequest, codeInvalidUsersArg, "page must be a whole number of at least 1", "")
		}
		page = n
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return writeError(w, http.StatusBadRequest, codeInvalidUsersArg, "per_page must be a whole number of at least 1", "")
		}
		perPage = n
	}
	want := ""
	if v := q.Get("status"); v != "" {
		var ok bool
		if want, ok = usersFilter[v]; !ok {
			return writeError(w, http.StatusBadRequest, codeInvalidUsersArg, "status must be one of success, fail, error", "")
		}
	}

	e.mu.Lock()
	run := e.lookup(accountID, testID)
	if run == nil {
		e.mu.Unlock()
		return writeError(w, http.StatusNotFound, codeUnknownTest, "policy test not found", "")
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
	rows = fault.applyToRows(rows)
	return writeEnvelopeInfo(w, rows, map[string]any{"page": page, "per_page": perPage, "count": len(rows)})
}

// applyToRows spoils a non-empty page the way a rows fault says; other
// pages and faults pass unchanged.
func (f *Fault) applyToRows(rows []map[string]any) []map[string]any {
	if !f.rowsFault() || len(rows) == 0 {
		return rows
	}
	switch f.Kind {
	case FaultMislabelledRows:
		for _, row := range rows {
			if row["status"] == outcomeApproved {
				row["status"] = outcomeBlocked
			} else {
				row["status"] = outcomeApproved
			}
		}
	case FaultRepeatedRow:
		rows = append(rows, rows[0])
	case FaultMissingRow:
		rows = rows[:len(rows)-1]
	}
	return rows
}

// nextTestID is the next of Options.TestIDs, or a random id. The caller
// holds e.mu.
func (e *Emulator) nextTestID() string {
	if len(e.opts.TestIDs) > 0 {
		id := e.opts.TestIDs[0]
		e.opts.TestIDs = e.opts.TestIDs[1:]
		return id
	}
	var b [32]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
