package acctest

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// RequestCheck is a state check that asserts on the emulator's request log,
// so that a step checks what the provider sent next to what it stored.
type RequestCheck struct {
	env   *Env
	check func([]emulator.Request) error
}

var _ statecheck.StateCheck = RequestCheck{}

// CheckRequests runs check on every request the emulator has received so far.
func (e *Env) CheckRequests(check func([]emulator.Request) error) RequestCheck {
	return RequestCheck{env: e, check: check}
}

func (c RequestCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if err := c.check(c.env.Requests()); err != nil {
		resp.Error = err
	}
}

// CheckTestsStarted asserts, after a step, how many tests the emulator has
// started in all, counting the start calls it accepted: a call it refused
// or had to retry starts none, and a test forgotten since still counts.
func (e *Env) CheckTestsStarted(want int) RequestCheck {
	return e.CheckRequests(func([]emulator.Request) error { return e.testsStarted(want) })
}

// ExpectTestsStarted is CheckTestsStarted for the end of a test case, after
// plan-only steps, which run no state checks.
func (e *Env) ExpectTestsStarted(t *testing.T, want int) {
	t.Helper()
	if err := e.testsStarted(want); err != nil {
		t.Error(err)
	}
}

func (e *Env) testsStarted(want int) error {
	got := 0
	for _, r := range e.Starts() {
		if r.Status == http.StatusOK {
			got++
		}
	}
	if got != want {
		return fmt.Errorf("%d tests started, want %d", got, want)
	}
	return nil
}
