package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/time/rate"
)

// pacingTransport waits for the shared rate limiter before every attempt,
// retries included, so that no combination of resources outruns the pace.
type pacingTransport struct {
	limiter *rate.Limiter
	next    http.RoundTripper
}

func (t *pacingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.limiter.Wait(req.Context()); err != nil {
		if ctxErr := req.Context().Err(); ctxErr != nil {
			return nil, ctxErr
		}
		// The limiter refuses early when the wait would outlast the deadline.
		return nil, fmt.Errorf("client-side pacing: %w: %w", err, context.DeadlineExceeded)
	}
	if state := stateFrom(req.Context()); state != nil {
		state.attempts++
	}
	return t.next.RoundTrip(req)
}

// redactedHeaders are never logged with their values.
var redactedHeaders = []string{"Authorization", "X-Auth-Key", "X-Auth-Email"}

const maxLoggedBody = 16 << 10

// loggingTransport logs each attempt at debug level through tflog.
type loggingTransport struct {
	next http.RoundTripper
}

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	fields := map[string]any{
		"http_method":  req.Method,
		"http_url":     req.URL.String(),
		"http_headers": redact(req.Header),
	}
	if req.GetBody != nil {
		if body, err := req.GetBody(); err == nil {
			raw, _ := io.ReadAll(body)
			_ = body.Close()
			fields["http_body"] = truncate(raw)
		}
	}
	tflog.Debug(ctx, "Cloudflare API request", fields)

	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	elapsed := time.Since(start)
	if err != nil {
		tflog.Debug(ctx, "Cloudflare API request failed", map[string]any{
			"http_method": req.Method, "http_url": req.URL.String(), "error": err.Error(), "duration_ms": elapsed.Milliseconds(),
		})
		return nil, err
	}
	raw, readErr := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	_ = resp.Body.Close()
	resp.Body = bodyReader(raw)
	respFields := map[string]any{
		"http_method":  req.Method,
		"http_url":     req.URL.String(),
		"http_status":  resp.StatusCode,
		"http_headers": redact(resp.Header),
		"http_body":    truncate(raw),
		"duration_ms":  elapsed.Milliseconds(),
	}
	if readErr != nil {
		respFields["error"] = readErr.Error()
	}
	tflog.Debug(ctx, "Cloudflare API response", respFields)
	if readErr != nil {
		return nil, readErr
	}
	return resp, nil
}

func redact(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for name, values := range h {
		out[name] = strings.Join(values, ", ")
	}
	for _, name := range redactedHeaders {
		if _, ok := out[http.CanonicalHeaderKey(name)]; ok {
			out[http.CanonicalHeaderKey(name)] = "[REDACTED]"
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
