package client

import (
	"context"
	"errors"
	"testing"
	"time"
)

// Claims count against this client's part of what is left until the
// reset, the claims under way included; a release gives them back.
func TestClaimBudget(t *testing.T) {
	c, err := New(Config{APIToken: "t", RequestsPerSecond: 100})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if check, release := c.ClaimBudget(8); check.Known || check.Short() {
		t.Errorf("before any answer: %+v, want nothing known", check)
	} else {
		release()
	}
	// 59 left of 60 (a reserve of 6), alone on the budget: 53 for this plan.
	answer(c.pacer, ctx, header("Ratelimit", `"default";r=59;t=30`, "Ratelimit-Policy", `"default";q=60;w=30`))
	first, releaseFirst := c.ClaimBudget(48)
	if !first.Known || first.Short() || first.Left != 53 {
		t.Fatalf("first claim = %+v, want 53 left, not short", first)
	}
	second, releaseSecond := c.ClaimBudget(8)
	if !second.Short() || second.Left != 5 {
		t.Errorf("second claim = %+v, want short with 5 left", second)
	}
	releaseSecond()
	releaseFirst()
	releaseFirst() // twice gives back once
	if third, release := c.ClaimBudget(53); third.Short() || third.Left != 53 {
		t.Errorf("after the releases = %+v, want 53 left", third)
	} else {
		release()
	}
	if c.pacer.claimed != 0 {
		t.Errorf("claimed = %d after every release, want 0", c.pacer.claimed)
	}
}

// WaitForReset waits until the reported reset, or fails at once when the
// deadline comes first.
func TestWaitForReset(t *testing.T) {
	c, err := New(Config{APIToken: "t"})
	if err != nil {
		t.Fatal(err)
	}
	answer(c.pacer, context.Background(), header("Ratelimit", `"default";r=1;t=1`))
	short, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := c.WaitForReset(short); !errors.Is(err, errPacingOutlastsDeadline) {
		t.Errorf("with a deadline before the reset: %v, want a deadline error", err)
	}
	start := time.Now()
	if err := c.WaitForReset(context.Background()); err != nil || time.Since(start) < 800*time.Millisecond {
		t.Errorf("waited %s (%v), want about the second to the reset", time.Since(start), err)
	}
}

func TestNew_BudgetShortfall(t *testing.T) {
	for setting, ok := range map[string]bool{"": true, ShortfallWait: true, ShortfallFail: true, "later": false} {
		c, err := New(Config{APIToken: "t", BudgetShortfall: setting})
		if (err == nil) != ok {
			t.Errorf("%q: %v", setting, err)
		}
		if ok && setting == "" && c.Shortfall() != ShortfallWait {
			t.Errorf("default = %q, want wait", c.Shortfall())
		}
	}
}
