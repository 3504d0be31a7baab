package client

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// retryPolicy retries transport errors, 429 and 5xx (except 501). A 429 is
// retried for as long as the operation's deadline allows, whatever
// maxRetries says (the docs promise that a rate limit fails only when it
// outlasts the timeout); everything else at most maxRetries times. It stops
// as soon as the context is done or the wait the server asks for would not
// end before the deadline.
type retryPolicy struct{ maxRetries int }

func (p retryPolicy) check(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if errors.Is(err, errPacingOutlastsDeadline) {
		return false, err
	}
	var redirect *RedirectError
	if errors.As(err, &redirect) {
		return false, err
	}
	retry, policyErr := retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	if resp != nil && resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented {
		retry, policyErr = true, nil
	}
	if !retry {
		return false, policyErr
	}
	state := stateFrom(ctx)
	rateLimited := resp != nil && resp.StatusCode == http.StatusTooManyRequests
	_, hasDeadline := ctx.Deadline()
	if state != nil && (!rateLimited || !hasDeadline) {
		if state.failures >= p.maxRetries {
			return false, policyErr
		}
		state.failures++
	}
	if resp != nil {
		if wait := retryAfter(resp); wait > 0 {
			if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
				// Sleeping would only end in a deadline error that hides the
				// real cause; hand the 429 back instead.
				return false, nil
			}
		}
	}
	if state != nil && state.method == http.MethodPost && !rateLimited {
		// A 429 means the API refused the call; after a 5xx or a lost
		// response the first attempt may have started a test already.
		tflog.Warn(ctx, "Retrying a non-idempotent Cloudflare API call; if the failed attempt reached Cloudflare, a second policy test may have been started (harmless, it changes no policy)", map[string]any{
			"attempt": state.attempts,
			"status":  statusOf(resp),
			"error":   errString(err),
		})
	}
	return true, nil
}

// backoff waits what Retry-After says when the server says it, otherwise
// grows exponentially with jitter between lo and hi.
func backoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if wait := retryAfter(resp); wait > 0 {
			return wait
		}
	}
	wait := lo << min(attempt, 16)
	if wait <= 0 || wait > hi {
		wait = hi
	}
	// Jitter of up to a quarter keeps parallel resources from retrying in step.
	return wait - time.Duration(rand.Int64N(int64(wait/4)+1))
}

// retryAfter reads Retry-After (seconds or an HTTP date) from 429 and 503
// answers, capped at maxRetryAfter; 0 when absent or unreadable.
func retryAfter(resp *http.Response) time.Duration {
	if resp == nil || (resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable) {
		return 0
	}
	value := resp.Header.Get("Retry-After")
	if value == "" {
		return 0
	}
	if seconds, err := strconv.ParseFloat(value, 64); err == nil && seconds >= 0 {
		return min(time.Duration(min(seconds, maxRetryAfter.Seconds())*float64(time.Second)), maxRetryAfter)
	}
	if at, err := http.ParseTime(value); err == nil {
		if wait := time.Until(at); wait > 0 {
			return min(wait, maxRetryAfter)
		}
	}
	return 0
}

func statusOf(resp *http.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
