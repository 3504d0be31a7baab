package policytests

import (
	"reflect"
	"testing"
	"time"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// Messages come on the first reading, on every change of status, and
// otherwise at most every progressInterval, per test.
func TestProgress_Pacing(t *testing.T) {
	clock := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	var got []string
	p := newProgress(func(s string) { got = append(got, s) }, now)
	reading := func(status client.PolicyTestStatus, pct int64) *client.PolicyTest {
		return &client.PolicyTest{ID: "t1", Status: status, TotalUsers: client.Count{Value: 200, Set: true}, PercentUsersProcessed: client.Count{Value: pct, Set: true}}
	}
	steps := []struct {
		after  time.Duration
		label  string
		status client.PolicyTestStatus
		pct    int64
	}{
		{0, "candidate", client.StatusSuccess, 0},
		{0, "current", client.StatusSuccess, 0},
		{250 * time.Millisecond, "candidate", client.StatusProcessing, 10}, // status changed
		{250 * time.Millisecond, "candidate", client.StatusProcessing, 12}, // too soon
		{5 * time.Second, "candidate", client.StatusProcessing, 30},        // too soon
		{5 * time.Second, "candidate", client.StatusProcessing, 60},        // 10.25 s after the last: due
		{time.Second, "current", client.StatusComplete, 100},               // status changed
		{time.Second, "candidate", client.StatusComplete, 100},             // status changed
	}
	for _, s := range steps {
		clock = clock.Add(s.after)
		p.observe(s.label, reading(s.status, s.pct))
	}
	want := []string{
		"Policy test of candidate (t1) started (0s)",
		"Policy test of current (t1) started (0s)",
		"Policy test of candidate (t1): processing, 10% of 200 users processed (0s)",
		"Policy test of candidate (t1): processing, 60% of 200 users processed (11s)",
		"Policy test of current (t1): complete, 100% of 200 users processed (12s)",
		"Policy test of candidate (t1): complete, 100% of 200 users processed (13s)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("messages:\n%q\nwant:\n%q", got, want)
	}
}

// An action's only test is named by its id alone.
func TestProgress_SingleTest(t *testing.T) {
	var got []string
	p := newProgress(func(s string) { got = append(got, s) }, time.Now)
	p.observe("", &client.PolicyTest{ID: "t9", Status: client.StatusProcessing})
	if len(got) != 1 || got[0] != "Policy test t9: processing (0s)" {
		t.Errorf("messages: %q", got)
	}
}
