package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// FaultKind is what an injected fault does to a request.
type FaultKind int

const (
	// FaultStatus answers with Status (a 429 carries RetryAfter).
	FaultStatus FaultKind = iota
	// FaultDelay waits Delay, then serves the request normally.
	FaultDelay
	// FaultMalformed answers 200 with a body that is not JSON.
	FaultMalformed
	// FaultTruncated promises a longer body than it sends, then hangs up.
	FaultTruncated
	// FaultDrop closes the connection without an answer.
	FaultDrop
	// FaultUnsuccessful answers 200 with success false.
	FaultUnsuccessful
	// FaultUnknownStatus answers a status read with an undocumented status.
	FaultUnknownStatus
	// FaultMislabelledRows serves a users page whose rows claim an outcome
	// other than the one the status filter asked for.
	FaultMislabelledRows
	// FaultRepeatedRow serves a users page that lists its first row twice.
	FaultRepeatedRow
	// FaultMissingRow serves a users page without its last row, so the
	// listing falls short of the test's counter.
	FaultMissingRow
)

// rowsFault reports a fault that the users handler applies to its rows.
func (f *Fault) rowsFault() bool {
	return f != nil && (f.Kind == FaultMislabelledRows || f.Kind == FaultRepeatedRow || f.Kind == FaultMissingRow)
}

// Fault is applied to the next Count requests it matches.
type Fault struct {
	Kind FaultKind
	// Method and PathSuffix select requests; empty matches all.
	Method     string
	PathSuffix string
	Count      int
	Status     int
	RetryAfter string
	Delay      time.Duration
	// Code and Message, when set, are the error a FaultStatus answers with.
	Code    int
	Message string
}

// InjectFault queues a fault; faults apply in the order they were queued.
func (e *Emulator) InjectFault(f Fault) {
	if f.Count <= 0 {
		f.Count = 1
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = append(e.faults, &f)
}

// ClearFaults drops every queued fault.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = nil
}

// takeFault returns the first fault matching r and uses up one of its count.
func (e *Emulator) takeFault(r *http.Request) *Fault {
	e.mu.Lock()
	defer e.mu.Unlock()
	path := strings.TrimPrefix(r.URL.Path, "/client/v4")
	for i, f := range e.faults {
		if (f.Method == "" || f.Method == r.Method) && strings.HasSuffix(path, f.PathSuffix) {
			f.Count--
			if f.Count == 0 {
				e.faults = append(e.faults[:i], e.faults[i+1:]...)
			}
			copied := *f
			return &copied
		}
	}
	return nil
}

// applyFault acts on a matching fault; handled is false when the request
// must still be served (no fault, after a delay, or a fault of the rows).
func (e *Emulator) applyFault(w http.ResponseWriter, r *http.Request, f *Fault) (status int, handled bool) {
	if f == nil || f.rowsFault() {
		return 0, false
	}
	switch f.Kind {
	case FaultDelay:
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
		}
		return 0, false
	case FaultStatus:
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		code, message := 10500+f.Status%100, fmt.Sprintf("injected fault: HTTP %d", f.Status)
		if f.Code != 0 {
			code, message = f.Code, f.Message
		}
		return writeError(w, f.Status, code, message, ""), true
	case FaultMalformed:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"success": true, "result": {"id": `))
		return http.StatusOK, true
	case FaultUnsuccessful:
		return writeEnvelope(w, http.StatusOK, false, nil, []apiMessage{{Code: 10999, Message: "injected fault: success false with HTTP 200"}}), true
	case FaultUnknownStatus:
		return writeEnvelope(w, http.StatusOK, true, map[string]any{"id": "unknown", "status": "paused by operator"}, nil), true
	case FaultTruncated, FaultDrop:
		hj, ok := w.(http.Hijacker)
		if !ok {
			return writeError(w, http.StatusInternalServerError, 10500, "cannot drop this connection", ""), true
		}
		conn, buf, err := hj.Hijack()
		if err != nil {
			return 0, true
		}
		if f.Kind == FaultTruncated {
			_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"success\": true, \"result\": {")
			_ = buf.Flush()
		}
		_ = conn.Close()
		return 0, true
	}
	return 0, false
}
