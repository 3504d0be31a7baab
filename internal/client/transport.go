package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// errPacingOutlastsDeadline: the pacing wait alone would end after the
// operation's deadline. It is a deadline error for callers.
var errPacingOutlastsDeadline = fmt.Errorf("the wait for the request pace outlasts the deadline: %w", context.DeadlineExceeded)

// pacingTransport waits for the shared pacer before every attempt, retries
// included, so that no combination of resources outruns the pace, and shows
// the pacer the rate-limit budget of every answer.
type pacingTransport struct {
	pacer *pacer
	next  http.RoundTripper
}

func (t *pacingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	sent, err := t.pacer.wait(req.Context())
	if err != nil {
		return nil, err
	}
	if state := stateFrom(req.Context()); state != nil {
		state.attempts++
	}
	resp, err := t.next.RoundTrip(req)
	if resp == nil {
		t.pacer.abandon(sent)
		return resp, err
	}
	t.pacer.observe(req.Context(), sent, resp.Header)
	return resp, err
}

// redactedHeaders are never logged with their values.
var redactedHeaders = []string{"Authorization", "X-Auth-Key", "X-Auth-Email"}

const maxLoggedBody = 16 << 10

// loggingTransport logs each attempt at debug level through tflog.
type loggingTransport struct {
	next   http.RoundTripper
	redact redactor
}

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	fields := map[string]any{
		"http_method":  req.Method,
		"http_url":     t.url(req),
		"http_headers": t.headers(req.Header),
	}
	if req.GetBody != nil {
		if body, err := req.GetBody(); err == nil {
			raw, _ := io.ReadAll(body)
			_ = body.Close()
			fields["http_body"] = t.redact.text(truncate(raw))
		}
	}
	tflog.Debug(ctx, "Cloudflare API request", fields)

	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	elapsed := time.Since(start)
	if err != nil {
		tflog.Debug(ctx, "Cloudflare API request failed", map[string]any{
			"http_method": req.Method, "http_url": t.url(req), "error": t.redact.text(err.Error()), "duration_ms": elapsed.Milliseconds(),
		})
		return nil, err
	}
	raw, readErr := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	_ = resp.Body.Close()
	resp.Body = bodyReader(raw)
	respFields := map[string]any{
		"http_method":  req.Method,
		"http_url":     t.url(req),
		"http_status":  resp.StatusCode,
		"http_headers": t.headers(resp.Header),
		"http_body":    t.redact.text(truncate(raw)),
		"duration_ms":  elapsed.Milliseconds(),
	}
	if readErr != nil {
		respFields["error"] = t.redact.text(readErr.Error())
	}
	tflog.Debug(ctx, "Cloudflare API response", respFields)
	if readErr != nil {
		return nil, readErr
	}
	return resp, nil
}

// url is the request URL without a password, and without credentials a
// server may have put into it.
func (t *loggingTransport) url(req *http.Request) string {
	return t.redact.text(req.URL.Redacted())
}

// headers are the header values with the credential headers hidden and any
// credential a server echoes in other headers masked.
func (t *loggingTransport) headers(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for name, values := range h {
		out[name] = t.redact.text(strings.Join(values, ", "))
	}
	for _, name := range redactedHeaders {
		if _, ok := out[http.CanonicalHeaderKey(name)]; ok {
			out[http.CanonicalHeaderKey(name)] = redactedText
		}
	}
	return out
}

func truncate(raw []byte) string {
	if len(raw) > maxLoggedBody {
		return string(raw[:maxLoggedBody]) + "…(truncated)"
	}
	return string(raw)
}
