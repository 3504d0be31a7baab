package policytests

import (
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// progressInterval is the least time between two messages about one test
// while its status stays the same: often enough to show it is alive, rarely
// enough to keep the apply output readable.
const progressInterval = 10 * time.Second

// progress turns the readings of the tests an action waits for into
// progress messages: the first reading of each test, every change of its
// status, and otherwise at most one message per progressInterval.
type progress struct {
	send  func(string)
	now   func() time.Time
	start time.Time

	mu   sync.Mutex
	last map[string]progressMark // by test label
}

type progressMark struct {
	status client.PolicyTestStatus
	at     time.Time
}

// invocationProgress sends an action invocation's messages to Terraform.
func invocationProgress(resp *action.InvokeResponse) *progress {
	return newProgress(func(s string) { resp.SendProgress(action.InvokeProgressEvent{Message: s}) }, time.Now)
}

func newProgress(send func(string), now func() time.Time) *progress {
	return &progress{send: send, now: now, start: now(), last: map[string]progressMark{}}
}

// say sends a message whatever the pace.
func (p *progress) say(format string, args ...any) {
	p.send(fmt.Sprintf(format, args...))
}

// observe is called with every reading of the test labelled label ("" for
// an action's only test); it may be called from several goroutines.
func (p *progress) observe(label string, t *client.PolicyTest) {
	now := p.now()
	p.mu.Lock()
	prev, seen := p.last[label]
	due := !seen || prev.status != t.Status || now.Sub(prev.at) >= progressInterval
	if due {
		p.last[label] = progressMark{status: t.Status, at: now}
	}
	p.mu.Unlock()
	if due {
		p.send(describeReading(label, t, now.Sub(p.start)))
	}
}

func describeReading(label string, t *client.PolicyTest, elapsed time.Duration) string {
	subject := "Policy test " + t.ID
	if label != "" {
		subject = fmt.Sprintf("Policy test of %s (%s)", label, t.ID)
	}
	switch {
	case t.Status == client.StatusSuccess:
		return fmt.Sprintf("%s started (%s)", subject, elapsed.Round(time.Second))
	case t.TotalUsers.Set && t.PercentUsersProcessed.Set:
		return fmt.Sprintf("%s: %s, %d%% of %d users processed (%s)", subject, t.Status, t.PercentUsersProcessed.Value, t.TotalUsers.Value, elapsed.Round(time.Second))
	}
	return fmt.Sprintf("%s: %s (%s)", subject, t.Status, elapsed.Round(time.Second))
}
