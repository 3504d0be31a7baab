package acctest

import (
	"context"

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
