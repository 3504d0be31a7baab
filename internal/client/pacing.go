package client

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/dunglas/httpsfv"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/time/rate"
)

// Cloudflare's rate limit is shared by everything that uses the same
// credentials, so the provider's own pace alone cannot keep it clear of a
// 429. Every answer says what is left (RFC 9651 structured fields):
//
//	Ratelimit: "default";r=50;t=30         50 requests remain; the window resets in 30 s
//	Ratelimit-Policy: "burst";q=100;w=60   100 requests per 60 s
//
// The pacer reads them and slows down so that the remaining budget lasts
// until the reset, never going faster than requests_per_second. The headers
// are advisory: a missing or malformed one changes nothing.

// budget is what one answer says of the rate limit: at most remaining
// requests until reset. A zero budget is no information.
type budget struct {
	remaining int64
	reset     time.Duration
}

// errNoBudgetHeaders: the answer carries neither header.
var errNoBudgetHeaders = errors.New("no Ratelimit or Ratelimit-Policy header")

// maxStructuredFieldInteger is the largest integer RFC 9651 allows.
const maxStructuredFieldInteger = 999_999_999_999_999

// parseBudget reads the most restrictive budget of Ratelimit, or, without
// one, the quota of Ratelimit-Policy. Windows are capped at maxRetryAfter,
// as Retry-After is.
func parseBudget(h http.Header) (budget, error) {
	if values := h.Values("Ratelimit"); len(values) > 0 {
		return mostRestrictive(values, "r", "t")
	}
	if values := h.Values("Ratelimit-Policy"); len(values) > 0 {
		return mostRestrictive(values, "q", "w")
	}
	return budget{}, errNoBudgetHeaders
}

// mostRestrictive parses a list of items with a count parameter and a
// seconds parameter and returns the item allowing the lowest rate.
func mostRestrictive(values []string, count, seconds string) (budget, error) {
	list, err := httpsfv.UnmarshalList(values)
	if err != nil {
		return budget{}, fmt.Errorf("not a structured-field list: %w", err)
	}
	var best budget
	bestRate := math.Inf(1)
	for _, member := range list {
		item, ok := member.(httpsfv.Item)
		if !ok {
			return budget{}, errors.New("an inner list where an item belongs")
		}
		n, okN := nonNegative(item.Params, count)
		s, okS := nonNegative(item.Params, seconds)
		if !okN || !okS {
			return budget{}, fmt.Errorf("an item without whole, non-negative %s and %s", count, seconds)
		}
		b := budget{remaining: n, reset: maxRetryAfter}
		if s < int64(maxRetryAfter/time.Second) {
			b.reset = time.Duration(s) * time.Second
		}
		// A window that resets now says nothing about the pace.
		if b.reset <= 0 {
			continue
		}
		if r := float64(b.remaining) / b.reset.Seconds(); r < bestRate {
			best, bestRate = b, r
		}
	}
	return best, nil
}

func nonNegative(p *httpsfv.Params, name string) (int64, bool) {
	v, ok := p.Get(name)
	if !ok {
		return 0, false
	}
	n, ok := v.(int64)
	return n, ok && n >= 0 && n <= maxStructuredFieldInteger
}

// pacer paces every attempt of one client: at most the configured rate,
// and less while the budget Cloudflare reports would not last until its
// reset. It is safe for concurrent use.
type pacer struct {
	base    rate.Limit
	limiter *rate.Limiter
	now     func() time.Time
	redact  redactor

	mu sync.Mutex
	// until is when the budget last reported resets; the configured rate
	// applies again from then.
	until time.Time
	// resumeAt is when an exhausted budget allows the next request.
	resumeAt time.Time
	// logged* say the kind of unusable header was logged once already.
	loggedMissing, loggedMalformed bool
}

func newPacer(requestsPerSecond float64, redact redactor) *pacer {
	// A burst of 1 keeps the pace even: Cloudflare counts over 5 minutes,
	// but the emulator and proxies in front of it count per second.
	return &pacer{base: rate.Limit(requestsPerSecond), limiter: rate.NewLimiter(rate.Limit(requestsPerSecond), 1), now: time.Now, redact: redact}
}

// wait blocks until the next attempt may go, or fails at once with
// errPacingOutlastsDeadline when that would be after ctx's deadline.
func (p *pacer) wait(ctx context.Context) error {
	p.mu.Lock()
	now := p.now()
	if !p.until.IsZero() && !now.Before(p.until) {
		p.limiter.SetLimitAt(now, p.base)
		p.until = time.Time{}
	}
	resumeAt := p.resumeAt
	p.mu.Unlock()

	if pause := resumeAt.Sub(now); pause > 0 {
		if deadline, ok := ctx.Deadline(); ok && deadline.Before(resumeAt) {
			return fmt.Errorf("Cloudflare's rate-limit budget is spent until %s: %w", resumeAt.Format(time.RFC3339), errPacingOutlastsDeadline)
		}
		timer := time.NewTimer(pause)
		defer timer.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
		}
	}
	if err := p.limiter.Wait(ctx); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		// The limiter refuses early when the wait would outlast the deadline.
		return fmt.Errorf("client-side pacing: %w: %w", err, errPacingOutlastsDeadline)
	}
	return nil
}

// observe adjusts the pace to the budget an answer reports.
func (p *pacer) observe(ctx context.Context, h http.Header) {
	b, err := parseBudget(h)
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.logUnusable(ctx, h, err)
		return
	}
	if b.reset <= 0 {
		return
	}
	now := p.now()
	p.until = now.Add(b.reset)
	if b.remaining == 0 {
		p.resumeAt = p.until
		tflog.Debug(ctx, "Cloudflare's rate-limit budget is spent: pausing until it resets", map[string]any{"reset_in": b.reset.String()})
		return
	}
	limit := min(rate.Limit(float64(b.remaining)/b.reset.Seconds()), p.base)
	if limit != p.limiter.Limit() {
		p.limiter.SetLimitAt(now, limit)
	}
}

// logUnusable logs, once per kind, a missing or malformed header; p.mu is
// held.
func (p *pacer) logUnusable(ctx context.Context, h http.Header, err error) {
	if errors.Is(err, errNoBudgetHeaders) {
		if !p.loggedMissing {
			p.loggedMissing = true
			tflog.Debug(ctx, "Cloudflare sent no rate-limit headers; pacing at requests_per_second alone")
		}
		return
	}
	if !p.loggedMalformed {
		p.loggedMalformed = true
		tflog.Debug(ctx, "Ignoring a rate-limit header that cannot be read", map[string]any{
			"ratelimit":        p.redact.text(CapText(h.Get("Ratelimit"), 200)),
			"ratelimit_policy": p.redact.text(CapText(h.Get("Ratelimit-Policy"), 200)),
			"error":            p.redact.text(err.Error()),
		})
	}
}
