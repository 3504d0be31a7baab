package policytests

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// Poll intervals: the first read comes at once, later ones wait a quarter
// of the time spent so far, so that completion is seen at most ~25% late
// while a long test costs few requests. When the test reports its progress,
// the wait is cut to the time the remaining users should take at the pace
// so far, so that completion is seen soon after it happens. A test that says
// every user is processed (a share that rounds to 100) but not yet final is
// read again after a twentieth of the time so far: its result is due, but a
// server that never gives it is not polled at full pace.
const (
	minPollInterval = 250 * time.Millisecond
	maxPollInterval = 30 * time.Second
	lastReadMargin  = 500 * time.Millisecond
)

func nextPollInterval(elapsed time.Duration, percentProcessed client.Count) time.Duration {
	wait := elapsed / 4
	switch p := percentProcessed.Value; {
	case !percentProcessed.Set || p <= 0:
	case p >= 100:
		wait = elapsed / 20
	default:
		wait = min(wait, elapsed*time.Duration(100-p)/time.Duration(p))
	}
	return min(max(wait, minPollInterval), maxPollInterval)
}

// waitForFinal reads the test until its status is final or unknown to this
// provider, or ctx ends. It returns the last reading it got, even with an
// error, so that the caller can store it. observe, when set, sees every
// reading (an action reports progress from it).
func waitForFinal(ctx context.Context, c *client.Client, accountID, testID string, observe func(*client.PolicyTest)) (*client.PolicyTest, error) {
	start := time.Now()
	var last *client.PolicyTest
	for {
		t, err := c.GetPolicyTest(ctx, accountID, testID)
		if err != nil {
			return last, err
		}
		last = t
		if observe != nil {
			observe(t)
		}
		if t.Status.Final() || !t.Status.Known() {
			return t, nil
		}
		wait := nextPollInterval(time.Since(start), t.PercentUsersProcessed)
		if deadline, ok := ctx.Deadline(); ok {
			// Take a last reading just before the deadline rather than
			// sleeping through it.
			if remaining := time.Until(deadline) - lastReadMargin; remaining > 0 && remaining < wait {
				wait = remaining
			}
		}
		tflog.Debug(ctx, "Policy test still running", map[string]any{
			"status": string(t.Status), "percent_users_processed": t.PercentUsersProcessed.Value, "next_poll_in": wait.String(),
		})
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return last, ctx.Err()
		case <-timer.C:
		}
	}
}
