package policytests

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// With N gates in one plan, today's side is often the same policies for
// several of them (applications that use the same list), and so is the
// candidate when it substitutes one changed policy in the same list.
// sharedRuns lets the gates of one configured provider (one plan, or one
// apply) that test the very same policies in the same account, on either
// side, share one test and its user listings: a completed test of the same body at the same moment gives the
// same answer, so running it again only spends the account's request
// budget. What is kept is bounded (maxSharedTests, maxSharedRows); past the
// bounds a gate runs its own test, as without sharing.
type sharedRuns struct {
	starts   memo[string]
	finals   memo[*client.PolicyTest]
	listings memo[[]client.PolicyTestUser]
}

const (
	maxSharedTests = 1_000
	// maxSharedRows bounds the users kept for sharing, about 15 MB.
	maxSharedRows = 100_000
)

// shareTests is "off" in a build for the benchmark's before-and-after
// (-ldflags -X); nothing a user sets.
var shareTests = "on"

// testKey is what makes two tests the same question: the account and the
// request body as it is sent.
func testKey(accountID string, body client.PolicyTestRequest) (string, bool) {
	b, err := json.Marshal(body)
	if err != nil || shareTests == "off" {
		return "", false
	}
	return accountID + "\x00" + string(b), true
}

// start returns the id of the test of the body behind key that start
// began, begun once for every caller with the same key while it is kept.
func (s *sharedRuns) start(ctx context.Context, key string, start func() string) string {
	id, _ := s.starts.do(ctx, key, maxSharedTests, weighOne, func() (string, bool) {
		id := start()
		return id, id != ""
	})
	return id
}

// final returns the final reading of a shared test that wait gives.
func (s *sharedRuns) final(ctx context.Context, accountID, testID string, wait func() *client.PolicyTest) *client.PolicyTest {
	t, _ := s.finals.do(ctx, accountID+"\x00"+testID, maxSharedTests, weighOne, func() (*client.PolicyTest, bool) {
		t := wait()
		return t, t != nil
	})
	return t
}

// listing returns the rows of one filter of one shared test.
func (s *sharedRuns) listing(ctx context.Context, accountID, testID, filter string, list func() ([]client.PolicyTestUser, bool)) ([]client.PolicyTestUser, bool) {
	return s.listings.do(ctx, accountID+"\x00"+testID+"\x00"+filter, maxSharedRows, func(rows []client.PolicyTestUser) int { return len(rows) + 1 }, list)
}

// weighOne counts a start or a final reading as one kept value.
func weighOne[V any](V) int { return 1 }

// memo computes a value once per key for every concurrent and later caller.
// A failed computation is not kept: the callers waiting for it try again,
// one of them computing. A value whose weight would take the kept total
// past the limit is handed to the callers already waiting and not kept.
type memo[V any] struct {
	mu      sync.Mutex
	entries map[string]*memoEntry[V]
	weight  int
}

type memoEntry[V any] struct {
	done  chan struct{}
	value V
	ok    bool
}

func (m *memo[V]) do(ctx context.Context, key string, limit int, weigh func(V) int, compute func() (V, bool)) (V, bool) {
	for {
		m.mu.Lock()
		e, found := m.entries[key]
		if !found {
			break
		}
		m.mu.Unlock()
		select {
		case <-e.done:
			if e.ok {
				return e.value, true
			}
			// The computation failed and was forgotten: try again.
		case <-ctx.Done():
			// This caller's own deadline: it fails in its own terms.
			return compute()
		}
	}
	if m.entries == nil {
		m.entries = map[string]*memoEntry[V]{}
	}
	e := &memoEntry[V]{done: make(chan struct{})}
	m.entries[key] = e
	m.mu.Unlock()

	e.value, e.ok = compute()
	m.mu.Lock()
	switch {
	case !e.ok, m.weight+weigh(e.value) > limit:
		delete(m.entries, key)
	default:
		m.weight += weigh(e.value)
	}
	m.mu.Unlock()
	close(e.done)
	return e.value, e.ok
}
