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
// The pacer reads them and paces at its fair share of what is left until
// the reset, less a reserve, never going faster than requests_per_second.
// What the budget lost between two of its own answers that it did not
// spend itself, others spent: from that it estimates how many users draw on
// the budget (see share.go) and takes its part. When its part of what is
// left would not hold one more request, it waits for the reset instead of
// spending into a 429. The reserve, a tenth of the quota and at least 2
// requests, is left to the dashboard and to estimates that lag. The headers
// are advisory: a missing or malformed one changes nothing.

// budget is what one answer says of the rate limit: at most remaining
// requests until reset, of quota per window (0 when no answer said). A
// zero budget is no information.
type budget struct {
	remaining int64
	reset     time.Duration
	quota     int64
	window    time.Duration
}

// reserve is what the pacer leaves of a budget of quota requests.
func reserve(quota int64) int64 {
	return max(0, min(quota-1, max(2, quota/10)))
}

// errNoBudgetHeaders: the answer carries neither header.
var errNoBudgetHeaders = errors.New("no Ratelimit or Ratelimit-Policy header")

// maxStructuredFieldInteger is the largest integer RFC 9651 allows.
const maxStructuredFieldInteger = 999_999_999_999_999

// parseBudget reads the most restrictive budget of Ratelimit, or, without
// one, the quota of Ratelimit-Policy. Windows are capped at maxRetryAfter,
// as Retry-After is.
func parseBudget(h http.Header) (budget, error) {
	var policy budget
	if values := h.Values("Ratelimit-Policy"); len(values) > 0 {
		var err error
		if policy, err = mostRestrictive(values, "q", "w"); err != nil {
			return budget{}, err
		}
		policy.quota, policy.window = policy.remaining, policy.reset
	}
	if values := h.Values("Ratelimit"); len(values) > 0 {
		b, err := mostRestrictive(values, "r", "t")
		b.quota, b.window = max(policy.quota, b.remaining), policy.window
		return b, err
	}
	if policy.reset > 0 || len(h.Values("Ratelimit-Policy")) > 0 {
		return policy, nil
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
// and less while its share of the budget Cloudflare reports would not last
// until the reset. It is safe for concurrent use.
type pacer struct {
	base    rate.Limit
	limiter *rate.Limiter
	now     func() time.Time
	redact  redactor

	mu sync.Mutex
	// until is when the budget last reported resets; the pace of a fresh
	// window applies from then.
	until time.Time
	// resumeAt is when a budget this client's share of which is spent
	// allows the next request.
	resumeAt time.Time
	// quota and window are the largest budget any answer reported.
	quota  int64
	window time.Duration
	// view estimates this client's part of the budget's draw.
	view shareView
	// claimed counts the requests gates have claimed and not spent yet.
	claimed int64
	// lastSeq numbers the last attempt that left; unanswered holds the
	// numbers of those without an answer yet.
	lastSeq    uint64
	unanswered map[uint64]struct{}
	// logged* say the kind of header or wait was logged once already.
	loggedMissing, loggedMalformed, loggedWait bool
}

func newPacer(requestsPerSecond float64, redact redactor) *pacer {
	// A burst of 1 keeps the pace even: Cloudflare counts over 5 minutes,
	// but the emulator and proxies in front of it count per second.
	return &pacer{base: rate.Limit(requestsPerSecond), limiter: rate.NewLimiter(rate.Limit(requestsPerSecond), 1), now: time.Now, redact: redact}
}

// wait blocks until the next attempt may go, or fails at once with
// errPacingOutlastsDeadline when that would be after ctx's deadline. A pace
// set from a budget holds only until that budget resets: no attempt waits
// for a slot past the reset, when a fresh window's pace applies. It returns
// what the budget's view knew as the attempt left, for observe.
func (p *pacer) wait(ctx context.Context) (attempt, error) {
	for {
		now := p.now()
		next, slot := p.schedule(now)
		if deadline, ok := ctx.Deadline(); ok && deadline.Before(next) {
			if slot != nil {
				slot.CancelAt(now)
			}
			return attempt{}, fmt.Errorf("client-side pacing: the next request may go at %s: %w", next.Format(time.RFC3339), errPacingOutlastsDeadline)
		}
		if err := sleepFor(ctx, next.Sub(now)); err != nil {
			if slot != nil {
				slot.Cancel()
			}
			return attempt{}, err
		}
		if slot == nil {
			continue
		}
		if a, ok := p.leave(); ok {
			return a, nil
		}
	}
}

// schedule says when, seen at now, the next attempt may go: with a slot
// reserved for it at next, or, without one, when to ask again (a wait for
// the reset or for a spent share to refill).
func (p *pacer) schedule(now time.Time) (time.Time, *rate.Reservation) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.until.IsZero() && !now.Before(p.until) {
		p.limiter.SetLimitAt(now, p.freshWindowPace())
		p.until = time.Time{}
	}
	if now.Before(p.resumeAt) {
		return p.resumeAt, nil
	}
	slot := p.limiter.ReserveN(now, 1)
	next := now.Add(slot.DelayFrom(now))
	if !p.until.IsZero() && next.After(p.until) {
		// The budget resets first: wait for that, then take a slot at the
		// pace that applies then.
		slot.CancelAt(now)
		return p.until, nil
	}
	return next, slot
}

// leave records an attempt leaving now and returns what the budget's view
// knew as it left, for observe. An answer that came while the attempt
// waited for its slot may have spent this client's share: then it does not
// leave (ok false), and asks for a slot again.
func (p *pacer) leave() (a attempt, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if now.Before(p.resumeAt) {
		return attempt{}, false
	}
	a = p.view.sending(now)
	p.lastSeq++
	a.seq = p.lastSeq
	if p.unanswered == nil {
		p.unanswered = map[uint64]struct{}{}
	}
	p.unanswered[a.seq] = struct{}{}
	return a, true
}

// unansweredAfter counts the client's attempts that left after a and have
// no answer yet: what the budget an answer to a reports may not count.
// p.mu is held.
func (p *pacer) unansweredAfter(a attempt) int64 {
	n := int64(0)
	for seq := range p.unanswered {
		if seq > a.seq {
			n++
		}
	}
	return n
}

// abandon forgets an attempt that got no answer.
func (p *pacer) abandon(a attempt) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.unanswered, a.seq)
}

// freshWindowPace is the pace at a reset: this client's part of a whole
// window's quota, less the reserve, when an answer said the window; the
// configured rate otherwise. p.mu is held.
func (p *pacer) freshWindowPace() rate.Limit {
	if p.quota <= 0 || p.window <= 0 {
		return p.base
	}
	usable := float64(p.quota - reserve(p.quota))
	return min(rate.Limit(p.view.estimate()*usable/p.window.Seconds()), p.base)
}

// firstGuess is the client's part of the draw as its first answer shows
// it, before any of its own answers can be compared: what others drew in
// the window so far, at the pace they drew it, beside the pace this client
// would take alone. Assuming it alone is how a pipeline that starts late in
// a busy window spends the reserve. 1 when the answer says no quota or
// that nobody else drew. p.mu is held.
func (p *pacer) firstGuess(b budget) float64 {
	if b.quota <= 0 || b.window <= 0 {
		return 1
	}
	others := b.quota - b.remaining - 1
	if others <= 0 {
		return 1
	}
	elapsed := max(b.window-b.reset, time.Second)
	alone := min(float64(p.base), float64(max(1, b.remaining-reserve(b.quota)))/b.reset.Seconds())
	return alone / (alone + float64(others)/elapsed.Seconds())
}

// sleepFor sleeps d, or until ctx is done.
func sleepFor(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// observe adjusts the pace to the budget the answer to attempt a reports.
func (p *pacer) observe(ctx context.Context, a attempt, h http.Header) {
	b, err := parseBudget(h)
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.unanswered, a.seq)
	if err != nil {
		p.logUnusable(ctx, h, err)
		return
	}
	if b.reset <= 0 {
		return
	}
	now := p.now()
	p.until = now.Add(b.reset)
	// The quota is the largest seen: an answer without Ratelimit-Policy
	// shows only what remains.
	p.quota = max(p.quota, b.quota)
	p.window = max(p.window, b.window)
	part := p.view.observe(now, a, b.remaining, b.reset)
	if p.view.part == 0 && p.view.gen == 1 && p.view.own == 0 {
		p.view.part = p.firstGuess(b)
		part = p.view.estimate()
	}
	// What this client sent after a and has no answer to is spent already,
	// though the answer may not show it.
	share := part*float64(b.remaining-reserve(p.quota)) - float64(p.unansweredAfter(a))
	if share < 1 {
		// This client's part of what is left would not hold one more
		// request: spending it anyway is how pipelines meet 429s together.
		p.resumeAt = p.until
		p.logWait(ctx, b, part)
		return
	}
	p.resumeAt = time.Time{}
	limit := min(rate.Limit(share/b.reset.Seconds()), p.base)
	if limit != p.limiter.Limit() {
		p.limiter.SetLimitAt(now, limit)
	}
}

// logWait says once, at info level, that the plan waits for a reset and
// why; later waits are logged at debug level. p.mu is held.
func (p *pacer) logWait(ctx context.Context, b budget, part float64) {
	fields := map[string]any{
		"remaining": b.remaining, "reserve": reserve(p.quota), "reset_in": b.reset.String(), "users_estimated": users(part)}
	if p.loggedWait {
		tflog.Debug(ctx, "Waiting for Cloudflare's rate-limit budget to reset", fields)
		return
	}
	p.loggedWait = true
	tflog.Info(ctx, fmt.Sprintf("Waiting %s for Cloudflare's rate-limit budget to reset: %d requests are left before it does, "+
		"%d of them kept in reserve for the dashboard, and about %d users of these credentials draw on it, so this plan's share "+
		"would not hold its next request; spending it anyway risks a 429, after which Cloudflare may block the credentials for the rest of the window",
		b.reset, b.remaining, reserve(p.quota), users(part)), fields)
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
