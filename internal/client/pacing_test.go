package client

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func header(pairs ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(pairs); i += 2 {
		h.Add(pairs[i], pairs[i+1])
	}
	return h
}

func TestParseBudget(t *testing.T) {
	cases := map[string]struct {
		h       http.Header
		want    budget
		wantErr bool
	}{
		"the contract's example":  {h: header("Ratelimit", `"default";r=50;t=30`), want: budget{50, 30 * time.Second, 50, 0}},
		"the most restrictive":    {h: header("Ratelimit", `"a";r=50;t=30, "b";r=10;t=60`), want: budget{10, 60 * time.Second, 10, 0}},
		"two header lines":        {h: header("Ratelimit", `"a";r=50;t=30`, "Ratelimit", `"b";r=1;t=30`), want: budget{1, 30 * time.Second, 1, 0}},
		"spent":                   {h: header("Ratelimit", `"default";r=0;t=12`), want: budget{0, 12 * time.Second, 0, 0}},
		"policy alone":            {h: header("Ratelimit-Policy", `"burst";q=100;w=60`), want: budget{100, 60 * time.Second, 100, 60 * time.Second}},
		"Ratelimit wins":          {h: header("Ratelimit", `"d";r=5;t=10`, "Ratelimit-Policy", `"burst";q=100;w=60`), want: budget{5, 10 * time.Second, 100, 60 * time.Second}},
		"a window of a year":      {h: header("Ratelimit", `"d";r=5;t=31536000`), want: budget{5, maxRetryAfter, 5, 0}},
		"the largest integer":     {h: header("Ratelimit", `"d";r=999999999999999;t=999999999999999`), want: budget{999_999_999_999_999, maxRetryAfter, 999_999_999_999_999, 0}},
		"resets now":              {h: header("Ratelimit", `"d";r=5;t=0`), want: budget{quota: 0}},
		"missing":                 {h: header("X-Ratelimit-Remaining", "5"), wantErr: true},
		"negative remaining":      {h: header("Ratelimit", `"d";r=-1;t=30`), wantErr: true},
		"negative reset":          {h: header("Ratelimit", `"d";r=5;t=-30`), wantErr: true},
		"a decimal":               {h: header("Ratelimit", `"d";r=5.5;t=30`), wantErr: true},
		"a string":                {h: header("Ratelimit", `"d";r="5";t=30`), wantErr: true},
		"no reset":                {h: header("Ratelimit", `"d";r=5`), wantErr: true},
		"not a structured field":  {h: header("Ratelimit", `remaining=5, reset=30`), wantErr: true},
		"an inner list":           {h: header("Ratelimit", `("a" "b");r=5;t=30`), wantErr: true},
		"beyond the field limits": {h: header("Ratelimit", `"d";r=9999999999999999;t=30`), wantErr: true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := parseBudget(tc.h)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("budget = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// FuzzParseBudget: any header value parses to a bounded budget or an
// error, never a panic.
func FuzzParseBudget(f *testing.F) {
	for _, seed := range []string{`"default";r=50;t=30`, `"a";r=0;t=1, "b";r=9;t=9`, `r=5`, `"d";r=-1;t=30`, `("x");r=1;t=1`, `"d";r=1;t=99999999999`} {
		f.Add(seed, `"burst";q=100;w=60`)
	}
	f.Fuzz(func(t *testing.T, limit, policy string) {
		b, err := parseBudget(header("Ratelimit", limit, "Ratelimit-Policy", policy))
		if err != nil {
			return
		}
		if b.remaining < 0 || b.reset < 0 || b.reset > maxRetryAfter {
			t.Fatalf("unbounded budget %+v from %q", b, limit)
		}
	})
}

// timed returns how long the pacer made one attempt wait.
func timed(t *testing.T, p *pacer, ctx context.Context) time.Duration {
	t.Helper()
	start := time.Now()
	a, err := p.wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	p.abandon(a) // no answer follows
	return elapsed
}

// With little budget left the pacer slows to what lasts until the reset,
// and paces a fresh window at its part of the whole quota.
func TestPacer_SlowsWhenTheBudgetRunsLowAndRecovers(t *testing.T) {
	ctx := context.Background()
	p := newPacer(100, redactor{})
	clock := time.Now()
	p.now = func() time.Time { return clock }
	timed(t, p, ctx)
	// Alone: the first answer says no quota, the second that nobody else
	// drew. 6 left, less the reserve of 2, over 2 s: 2 requests a second.
	answer(p, ctx, header("Ratelimit", `"default";r=7;t=2`))
	answer(p, ctx, header("Ratelimit", `"default";r=6;t=2`, "Ratelimit-Policy", `"default";q=20;w=10`))
	if got := p.limiter.Limit(); got != 2 {
		t.Fatalf("limit = %v, want 2 per second", got)
	}
	if d := timed(t, p, ctx); d < 400*time.Millisecond {
		t.Errorf("waited %s at 2 requests a second, want about 500ms", d)
	}
	clock = clock.Add(3 * time.Second) // the window has reset
	timed(t, p, ctx)
	// Alone on the budget: 18 requests (20 less the reserve) per 10 s.
	if got := p.limiter.Limit(); math.Abs(float64(got)-1.8) > 1e-9 {
		t.Errorf("limit after the reset = %v, want 1.8 per second", got)
	}
	// Plenty left: never faster than requests_per_second.
	answer(p, ctx, header("Ratelimit", `"default";r=100000;t=2`))
	if got := p.limiter.Limit(); got != 100 {
		t.Errorf("limit = %v, want the configured 100", got)
	}
}

// A budget spent but for its reserve pauses every attempt until the reset;
// one whose deadline comes first fails at once, as a deadline error.
func TestPacer_SpentBudgetPausesUntilTheReset(t *testing.T) {
	p := newPacer(100, redactor{})
	answer(p, context.Background(), header("Ratelimit", `"default";r=2;t=1`, "Ratelimit-Policy", `"default";q=20;w=10`))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := p.wait(ctx); !errors.Is(err, errPacingOutlastsDeadline) || time.Since(start) > 100*time.Millisecond {
		t.Fatalf("wait = %v after %s, want a deadline error at once", err, time.Since(start))
	}
	if d := timed(t, p, context.Background()); d < 800*time.Millisecond {
		t.Errorf("waited %s, want until the reset about 1s away", d)
	}
}

// The reserve: a tenth of the quota, at least 2, and never all of it.
func TestReserve(t *testing.T) {
	for quota, want := range map[int64]int64{0: 0, 1: 0, 2: 1, 3: 2, 20: 2, 60: 6, 1200: 120} {
		if got := reserve(quota); got != want {
			t.Errorf("reserve(%d) = %d, want %d", quota, got, want)
		}
	}
}

// Missing and malformed headers change nothing.
func TestPacer_UnusableHeadersChangeNothing(t *testing.T) {
	p := newPacer(7, redactor{})
	for _, h := range []http.Header{{}, header("Ratelimit", `"d";r=-5;t=30`), header("Ratelimit", `garbage`), header("Ratelimit", `"d";r=1;t=0`)} {
		answer(p, context.Background(), h)
		if got := p.limiter.Limit(); got != 7 || !p.resumeAt.IsZero() {
			t.Errorf("after %v: limit %v, resume %v; want 7 and no pause", h, got, p.resumeAt)
		}
	}
	if !p.loggedMissing || !p.loggedMalformed {
		t.Error("the unusable headers were not noted for the debug log")
	}
}

// Attempts and answers of many goroutines at once (run with -race).
func TestPacer_Concurrent(t *testing.T) {
	p := newPacer(1000, redactor{})
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			for j := range 10 {
				a, err := p.wait(context.Background())
				if err != nil {
					t.Error(err)
					return
				}
				p.observe(context.Background(), a, header("Ratelimit", fmt.Sprintf(`"d";r=%d;t=1`, 500+(i*j)%500)))
			}
		})
	}
	wg.Wait()
	if p.limiter.Limit() > rate.Limit(1000) {
		t.Errorf("limit %v above the configured pace", p.limiter.Limit())
	}
}

// An attempt that waited for its slot while an answer spent the client's
// share does not leave: it asks again, and waits for the reset.
func TestPacer_AnswerWhileWaitingForASlotHoldsTheAttempt(t *testing.T) {
	p := newPacer(1, redactor{})
	clock := time.Now()
	p.now = func() time.Time { return clock }
	if _, slot := p.schedule(clock); slot == nil {
		t.Fatal("no slot for the first attempt")
	}
	next, slot := p.schedule(clock)
	if slot == nil || !next.After(clock) {
		t.Fatalf("second slot at %v, want one a second later", next)
	}
	// While the second waits, an answer says 3 are left of 60: less than
	// the reserve.
	answer(p, context.Background(), header("Ratelimit", `"default";r=3;t=20`, "Ratelimit-Policy", `"default";q=60;w=30`))
	clock = next
	if _, ok := p.leave(); ok {
		t.Fatal("the attempt left after the answer spent the share")
	}
	if again, slot := p.schedule(clock); slot != nil || !again.Equal(p.until) {
		t.Errorf("asked again: slot %v at %v, want the reset at %v", slot != nil, again, p.until)
	}
}

// A client's first answer already shows what others drew in the window:
// a client starting late in a busy window does not take itself for alone.
func TestPacer_FirstGuess(t *testing.T) {
	for _, c := range []struct {
		name string
		h    http.Header
		want float64
	}{
		{"nobody else drew", header("Ratelimit", `"default";r=59;t=30`, "Ratelimit-Policy", `"default";q=60;w=30`), 1},
		{"no quota said", header("Ratelimit", `"default";r=12;t=20`), 1},
		// 47 drawn by others in 10 s; alone it would take 6 over 20 s.
		{"busy window", header("Ratelimit", `"default";r=12;t=20`, "Ratelimit-Policy", `"default";q=60;w=30`), 0.3 / (0.3 + 4.7)},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := newPacer(4, redactor{})
			answer(p, context.Background(), c.h)
			if got := p.view.estimate(); math.Abs(got-c.want) > 1e-9 {
				t.Errorf("part = %.4f, want %.4f", got, c.want)
			}
		})
	}
}

// What the client sent after the answered attempt and has no answer to
// yet counts as spent: alone, with one request's worth above the reserve
// and one attempt unanswered, the client waits for that answer.
func TestPacer_UnansweredAttemptsCountAsSpent(t *testing.T) {
	ctx := context.Background()
	p := newPacer(100, redactor{})
	clock := time.Now()
	p.now = func() time.Time { return clock }
	answer(p, ctx, header("Ratelimit", `"default";r=8;t=10`))
	first, _ := p.leave()
	second, _ := p.leave()
	p.observe(ctx, first, header("Ratelimit", `"default";r=7;t=10`, "Ratelimit-Policy", `"default";q=60;w=30`))
	if part := p.view.estimate(); part != 1 || p.resumeAt.IsZero() {
		t.Fatalf("part %.2f, resume at %v: want alone, and a wait for the unanswered attempt", part, p.resumeAt)
	}
	p.observe(ctx, second, header("Ratelimit", `"default";r=7;t=10`, "Ratelimit-Policy", `"default";q=60;w=30`))
	if len(p.unanswered) != 0 {
		t.Errorf("%d attempts unanswered after both answers", len(p.unanswered))
	}
	if !p.resumeAt.IsZero() {
		t.Errorf("still waiting until %v once every attempt is answered and one request's share is left", p.resumeAt)
	}
}
