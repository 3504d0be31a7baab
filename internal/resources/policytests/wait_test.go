package policytests

import (
	"testing"
	"time"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

func TestNextPollInterval(t *testing.T) {
	none := client.Count{}
	pct := func(n int64) client.Count { return client.Count{Value: n, Set: true} }
	for _, tc := range []struct {
		name      string
		elapsed   time.Duration
		processed client.Count
		want      time.Duration
	}{
		{"first read", 0, none, minPollInterval},
		{"a quarter of the time so far", 8 * time.Second, none, 2 * time.Second},
		{"at most the cap", time.Hour, none, maxPollInterval},
		{"no progress yet: a quarter", 8 * time.Second, pct(0), 2 * time.Second},
		{"halfway: still a quarter", 8 * time.Second, pct(50), 2 * time.Second},
		{"80% done: the rest at this pace", 8 * time.Second, pct(80), 2 * time.Second},
		{"90% done: the rest at this pace", 8 * time.Second, pct(90), 8 * time.Second / 9},
		{"99% done: not below the minimum", 8 * time.Second, pct(99), minPollInterval},
		{"all processed, not final: a twentieth", 8 * time.Second, pct(100), 400 * time.Millisecond},
		{"all processed, not final, long test: a twentieth", 10 * time.Minute, pct(100), 30 * time.Second},
		{"all processed, not final, early: the minimum", 2 * time.Second, pct(100), minPollInterval},
	} {
		if got := nextPollInterval(tc.elapsed, tc.processed); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}
