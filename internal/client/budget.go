package client

import (
	"context"
	"fmt"
	"math"
	"time"
)

// Shortfall settings: what a gate does when the requests it is about to
// need do not fit in what Cloudflare's budget holds for this plan until
// the reset.
const (
	ShortfallWait = "wait"
	ShortfallFail = "fail"
)

// BudgetCheck is what a claim on the budget found.
type BudgetCheck struct {
	// Known: an answer reported the budget, and its window has not reset.
	Known bool
	// Need is the claim; Left what this plan's share holds until the reset
	// once the other claims under way are counted; Users the users drawing
	// on the budget, this plan included, as estimated.
	Need, Left int64
	ResetIn    time.Duration
	Users      int
}

// Short: the budget is known and the claim does not fit.
func (b BudgetCheck) Short() bool { return b.Known && b.Need > b.Left }

// String says it for a message.
func (b BudgetCheck) String() string {
	who := fmt.Sprintf("about %d users of these credentials draw", b.Users)
	if b.Users == 1 {
		who = "about 1 user of these credentials draws"
	}
	return fmt.Sprintf("this needs at least %d requests; Cloudflare's budget holds %d for this plan until it resets in %s (%s on it, and a reserve is kept for the dashboard)",
		b.Need, max(0, b.Left), b.ResetIn.Round(time.Second), who)
}

// ClaimBudget counts need requests against what the budget holds for this
// client until the reset, with every claim under way, and returns what it
// found and the release to call when the requests are spent.
func (c *Client) ClaimBudget(need int64) (BudgetCheck, func()) {
	p := c.pacer
	p.mu.Lock()
	defer p.mu.Unlock()
	check := BudgetCheck{Need: need, Users: 1}
	now := p.now()
	if p.view.inWindow && !p.until.IsZero() && now.Before(p.until) && p.quota > 0 {
		part := p.view.estimate()
		check.Known = true
		check.Left = int64(math.Floor(part*float64(p.view.lowest-reserve(p.quota)))) - p.claimed
		check.ResetIn = p.until.Sub(now)
		check.Users = users(part)
	}
	p.claimed += need
	released := false
	return check, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if !released {
			released = true
			p.claimed -= need
		}
	}
}

// WaitForReset waits until the budget last reported resets, or fails at
// once when ctx's deadline comes first.
func (c *Client) WaitForReset(ctx context.Context) error {
	p := c.pacer
	p.mu.Lock()
	until := p.until
	now := p.now()
	p.mu.Unlock()
	if until.IsZero() || !now.Before(until) {
		return nil
	}
	if deadline, ok := ctx.Deadline(); ok && deadline.Before(until) {
		return fmt.Errorf("the rate-limit budget resets at %s: %w", until.Format(time.RFC3339), errPacingOutlastsDeadline)
	}
	return sleepFor(ctx, until.Sub(now))
}

// Shortfall is the configured setting: ShortfallWait or ShortfallFail.
func (c *Client) Shortfall() string { return c.cfg.BudgetShortfall }
