package client

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"testing"
	"time"
)

// answers feeds the view n answers one second apart, the budget falling by
// drawn between them, and returns the last estimate.
func answers(v *shareView, at time.Time, remaining int64, reset time.Duration, n int, drawn int64) float64 {
	part := 0.0
	for range n {
		part = v.observe(at, v.sending(at), remaining, reset)
		at, reset, remaining = at.Add(time.Second), reset-time.Second, remaining-drawn
	}
	return part
}

// Alone on the budget, every request the budget lost is the client's own.
func TestShareView_Alone(t *testing.T) {
	var v shareView
	if part := answers(&v, time.Now(), 100, 60*time.Second, 30, 1); part != 1 {
		t.Errorf("part = %v alone, want 1", part)
	}
}

// Two others draw as much as the client each: its part is a third, and
// the estimate carries over the reset.
func TestShareView_OthersDraw(t *testing.T) {
	var v shareView
	start := time.Now()
	part := answers(&v, start, 99, 40*time.Second, 30, 3)
	// (1 answer of 3 requests drawn, 29 times; the first answer is the
	// window's reference.)
	if math.Abs(part-1.0/3) > 1e-9 {
		t.Errorf("part after one window = %v, want a third", part)
	}
	// The window resets: the next answer starts from the estimate.
	next := start.Add(41 * time.Second)
	if got := v.observe(next, v.sending(next), 99, 40*time.Second); math.Abs(got-part) > 1e-9 {
		t.Errorf("part at a fresh window = %v, want the last window's %v", got, part)
	}
	part = answers(&v, next.Add(time.Second), 96, 39*time.Second, 30, 3)
	if users(part) != 3 || math.Abs(part-1.0/3) > 0.03 {
		t.Errorf("part after two windows = %v (%d users), want about a third (3 users)", part, users(part))
	}
}

// Answers that overtake each other stay in their window: two attempts
// leave together, the later-counted one is answered first, and the other's
// higher remaining, which another client's draw may widen, is no refill.
func TestShareView_OvertakingAnswers(t *testing.T) {
	var v shareView
	now := time.Now()
	v.observe(now, v.sending(now), 50, 30*time.Second)
	first, second := v.sending(now.Add(50*time.Millisecond)), v.sending(now.Add(60*time.Millisecond))
	v.observe(now.Add(100*time.Millisecond), second, 40, 30*time.Second)
	v.observe(now.Add(200*time.Millisecond), first, 49, 29*time.Second)
	if v.gen != 1 || v.refRemaining != 50 || v.lowest != 40 || v.own != 2 {
		t.Errorf("view = %+v, want the window of the first answer, lowest 40, 2 answers since", v)
	}
	// An attempt that left after the answer of 40 and shows more is counted
	// in a window that refilled.
	v.observe(now.Add(300*time.Millisecond), v.sending(now.Add(250*time.Millisecond)), 41, 30*time.Second)
	if v.gen != 2 || v.refRemaining != 41 {
		t.Errorf("view = %+v, want a fresh window from 41", v)
	}
}

// A window that resets before it said it would, and a quota that grows,
// both show more remaining than the client could explain: a fresh window.
func TestShareView_ShorterWindowAndGrowingBudget(t *testing.T) {
	for name, next := range map[string]struct {
		remaining int64
		reset     time.Duration
	}{
		"a window shorter than announced": {remaining: 59, reset: 30 * time.Second},
		"a budget that grows":             {remaining: 190, reset: 20 * time.Second},
	} {
		t.Run(name, func(t *testing.T) {
			var v shareView
			now := time.Now()
			answers(&v, now, 20, 30*time.Second, 10, 2)
			v.observe(now.Add(10*time.Second), v.sending(now.Add(10*time.Second)), next.remaining, next.reset)
			if v.refRemaining != next.remaining || v.own != 0 {
				t.Errorf("view = %+v, want a fresh window from %d", v, next.remaining)
			}
			if math.Abs(v.part-0.5) > 1e-9 {
				t.Errorf("carried part = %v, want the half the last window showed", v.part)
			}
		})
	}
}

// A client whose part of what is left would not hold one request waits for
// the reset, and logs that once; an early refill lets it go on.
func TestPacer_WaitsForTheResetWhenItsShareCannotHoldARequest(t *testing.T) {
	ctx := context.Background()
	p := newPacer(100, redactor{})
	clock := time.Now()
	p.now = func() time.Time { return clock }
	policy := `"default";q=60;w=30`
	// Each answer shows the budget nine lower: ten users draw on it.
	remaining := int64(59)
	for range 40 {
		answer(p, ctx, header("Ratelimit", fmt.Sprintf(`"default";r=%d;t=30`, remaining), "Ratelimit-Policy", policy))
		if !p.resumeAt.IsZero() {
			break
		}
		remaining -= 10
		clock = clock.Add(10 * time.Millisecond)
	}
	if p.resumeAt.IsZero() || !p.resumeAt.Equal(p.until) || !p.loggedWait {
		t.Fatalf("resume at %v (until %v), logged %v: want a logged wait for the reset", p.resumeAt, p.until, p.loggedWait)
	}
	if share := p.view.estimate() * float64(remaining-reserve(60)); share >= 1 {
		t.Errorf("waits with a share of %.2f requests left, want less than one", share)
	}
	// The window resets early: the next answer shows it refilled.
	answer(p, ctx, header("Ratelimit", `"default";r=58;t=30`, "Ratelimit-Policy", policy))
	if !p.resumeAt.IsZero() {
		t.Errorf("still waiting until %v after the budget refilled", p.resumeAt)
	}
	if got, want := float64(p.limiter.Limit()), p.view.estimate()*52/30; math.Abs(got-want) > 1e-9 || got > 0.5 {
		t.Errorf("limit = %v, want the client's part of 52 over 30 s (%v)", got, want)
	}
}

// The pace of a fresh window: the client's part of the quota less the
// reserve, spread over the window; never above requests_per_second.
func TestPacer_FreshWindowPace(t *testing.T) {
	p := newPacer(1, redactor{})
	answer(p, context.Background(), header("Ratelimit", `"default";r=1199;t=300`, "Ratelimit-Policy", `"default";q=1200;w=300`))
	p.mu.Lock()
	defer p.mu.Unlock()
	if got := p.freshWindowPace(); got != 1 {
		t.Errorf("fresh window pace = %v, want the configured 1 (alone, 1080 per 300 s would be 3.6)", got)
	}
	p.base = 100
	if got := float64(p.freshWindowPace()); math.Abs(got-3.6) > 1e-9 {
		t.Errorf("fresh window pace = %v, want 3.6", got)
	}
}

// answer is an answer to an attempt that left just now, after every
// earlier answer.
func answer(p *pacer, ctx context.Context, h http.Header) {
	p.mu.Lock()
	a := p.view.sending(p.now())
	p.mu.Unlock()
	p.observe(ctx, a, h)
}
