package emulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Request is one request as the emulator received it, for tests to assert on.
type Request struct {
	Time   time.Time
	Method string
	// Path is relative to /client/v4, e.g. /accounts/<id>/access/policy-tests.
	Path  string
	Query url.Values
	// Body is the decoded JSON body (nil when there was none or it was not JSON).
	Body    any
	RawBody string
	// AuthScheme is "token", "key" or "none".
	AuthScheme string
	UserAgent  string
	Header     http.Header
	// Status is what the emulator answered (0 for a dropped connection).
	Status int
}

func (e *Emulator) record(r *http.Request, body []byte) int {
	entry := Request{
		Time:      time.Now(),
		Method:    r.Method,
		Path:      strings.TrimPrefix(r.URL.Path, "/client/v4"),
		Query:     r.URL.Query(),
		RawBody:   string(body),
		UserAgent: r.UserAgent(),
		Header:    r.Header.Clone(),
	}
	entry.AuthScheme, _ = authScheme(r)
	if len(body) > 0 {
		var decoded any
		if json.Unmarshal(body, &decoded) == nil {
			entry.Body = decoded
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.log = append(e.log, entry)
	return len(e.log) - 1
}

func (e *Emulator) setStatus(index, status int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if index < len(e.log) {
		e.log[index].Status = status
	}
}

// Requests returns a copy of the request log.
func (e *Emulator) Requests() []Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Request(nil), e.log...)
}

// RequestsMatching returns the logged requests with this method whose path
// ends with suffix ("" matches every path).
func (e *Emulator) RequestsMatching(method, suffix string) []Request {
	var out []Request
	for _, r := range e.Requests() {
		if (method == "" || r.Method == method) && strings.HasSuffix(r.Path, suffix) {
			out = append(out, r)
		}
	}
	return out
}

// Starts returns the logged start calls.
func (e *Emulator) Starts() []Request {
	return e.RequestsMatching(http.MethodPost, "/access/policy-tests")
}

// ResetLog empties the request log.
func (e *Emulator) ResetLog() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.log = nil
}

// logLine is a request as Options.RequestLog gets it: no header and no
// body, so that no credential and nobody's name is written down.
type logLine struct {
	Time   string `json:"time"`
	Method string `json:"method"`
	Path   string `json:"path"`
	Query  string `json:"query,omitempty"`
	Status int    `json:"status"`
}

// writeLogLine writes the request at index to Options.RequestLog.
func (e *Emulator) writeLogLine(index int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.opts.RequestLog == nil || index >= len(e.log) {
		return
	}
	r := e.log[index]
	line, err := json.Marshal(logLine{Time: r.Time.UTC().Format(time.RFC3339Nano), Method: r.Method, Path: r.Path, Query: r.Query.Encode(), Status: r.Status})
	if err == nil {
		_, _ = e.opts.RequestLog.Write(append(line, '\n'))
	}
}
