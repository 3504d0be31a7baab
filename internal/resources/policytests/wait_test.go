package policytests

import (
	"testing"
	"time"
)

func TestNextPollInterval(t *testing.T) {
	if got := nextPollInterval(0); got != minPollInterval {
		t.Errorf("first interval %s", got)
	}
	if got := nextPollInterval(8 * time.Second); got != 2*time.Second {
		t.Errorf("after 8s: %s, want a quarter", got)
	}
	if got := nextPollInterval(time.Hour); got != maxPollInterval {
		t.Errorf("after an hour: %s", got)
	}
}
