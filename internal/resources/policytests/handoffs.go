package policytests

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// A create that times out leaves its test running and, like every failed
// create, its object tainted, so the next apply replaces it: in one provider
// process, it destroys the tainted object and then creates anew. Delete hands
// a test that is still running to that create when the create asks for the
// very same test (account, policies and triggers): the second apply keeps
// waiting for the test instead of starting another. The same holds for any
// replacement of a running test with an unchanged configuration (taint,
// -replace); a changed trigger changes the key and starts a new test. A
// finished test is never handed on: replacing it starts a new one.

// handoffs are running tests whose objects were destroyed, by the test they
// are (handoffKey), for a create in the same process to continue.
type handoffs struct {
	mu    sync.Mutex
	tests map[string][]string
}

func (h *handoffs) put(key, testID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.tests == nil {
		h.tests = map[string][]string{}
	}
	h.tests[key] = append(h.tests[key], testID)
}

func (h *handoffs) take(key string) (string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ids := h.tests[key]
	if len(ids) == 0 {
		return "", false
	}
	h.tests[key] = ids[1:]
	return ids[0], true
}

// handoffKey names the test a configuration asks for: the account, the
// start call's body and the triggers.
func handoffKey(accountID string, body client.PolicyTestRequest, triggers types.Map) (string, error) {
	trigger := map[string]string{}
	for name, value := range triggers.Elements() {
		s, ok := value.(types.String)
		if !ok {
			return "", fmt.Errorf("trigger %q is a %T", name, value)
		}
		trigger[name] = s.String()
	}
	key, err := json.Marshal(struct {
		Account  string
		Body     client.PolicyTestRequest
		Triggers map[string]string
	}{accountID, body, trigger})
	return string(key), err
}
