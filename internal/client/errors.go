package client

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// APIError is a refusal from the Cloudflare API: a non-2xx status or an
// envelope whose success is false.
type APIError struct {
	StatusCode int
	Errors     []ResponseInfo
	Messages   []ResponseInfo
	// Body holds the start of a response that was not an envelope.
	Body string
	// RetryAfter is the delay the server asked for on a 429, if any.
	RetryAfter time.Duration
	// Omitted counts the error entries left out beyond the first
	// maxErrorEntries (the last entry of Errors says how many).
	Omitted int
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Cloudflare API returned HTTP %d", e.StatusCode)
	if text := http.StatusText(e.StatusCode); text != "" {
		fmt.Fprintf(&b, " (%s)", text)
	}
	if len(e.Errors) == 0 {
		if e.Body != "" {
			fmt.Fprintf(&b, ": %s", e.Body)
		}
		return b.String()
	}
	b.WriteString(":")
	for _, info := range e.Errors {
		writeInfo(&b, info, "\n  - ")
	}
	return b.String()
}

func writeInfo(b *strings.Builder, info ResponseInfo, prefix string) {
	fmt.Fprintf(b, "%s[%d] %s", prefix, info.Code, info.Message)
	if info.Source != nil && info.Source.Pointer != "" {
		fmt.Fprintf(b, " (at %s)", info.Source.Pointer)
	}
	for _, inner := range info.ErrorChain {
		writeInfo(b, inner, prefix+"  ")
	}
}

// Codes lists every Cloudflare error code in the response, nested ones too.
func (e *APIError) Codes() []int {
	var codes []int
	var walk func([]ResponseInfo)
	walk = func(infos []ResponseInfo) {
		for _, info := range infos {
			codes = append(codes, info.Code)
			walk(info.ErrorChain)
		}
	}
	walk(e.Errors)
	return codes
}

// IsNotFound reports whether err is an API answer that the object does not exist.
func IsNotFound(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound
}

// LooksNotFound reports an answer other than 404 that says the test is
// gone: the API's description lists only 200 and 400, so an expired test
// may well come back as a 400 (or a 410 or 422) whose message says so.
func LooksNotFound(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	switch apiErr.StatusCode {
	case http.StatusBadRequest, http.StatusGone, http.StatusUnprocessableEntity:
	default:
		return false
	}
	for _, e := range apiErr.Errors {
		msg := strings.ToLower(e.Message)
		for _, hint := range []string{"not found", "does not exist", "expired", "no such", "unknown policy test"} {
			if strings.Contains(msg, hint) {
				return true
			}
		}
	}
	return apiErr.StatusCode == http.StatusGone
}

// StatusCode returns the HTTP status of an *APIError in err's chain, or 0.
func StatusCode(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

// MalformedResponseError is a 2xx answer whose body could not be understood.
type MalformedResponseError struct {
	StatusCode int
	Body       string
	Err        error
}

func (e *MalformedResponseError) Error() string {
	return fmt.Sprintf("Cloudflare API returned HTTP %d with a body that is not a valid response envelope (%v): %q", e.StatusCode, e.Err, e.Body)
}

func (e *MalformedResponseError) Unwrap() error { return e.Err }

// RateLimitedError is returned when 429 answers outlast the retries or the
// deadline, so that the diagnostic can name rate limiting and the limit.
type RateLimitedError struct {
	Attempts          int
	RequestsPerSecond float64
	RetryAfter        time.Duration
	Last              *APIError
}

func (e *RateLimitedError) Error() string {
	msg := fmt.Sprintf("rate limited by the Cloudflare API: HTTP 429 after %d attempt(s)", e.Attempts)
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf("; the server asked to wait %s", e.RetryAfter)
	}
	msg += fmt.Sprintf(". The provider paces itself at %g requests/s (setting `requests_per_second`); Cloudflare allows 1,200 requests per 5 minutes per user across the dashboard, the API and every tool using the same credentials", e.RequestsPerSecond)
	return msg
}

func (e *RateLimitedError) Unwrap() error { return e.Last }
