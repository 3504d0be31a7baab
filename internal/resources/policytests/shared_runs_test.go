package policytests

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
)

// Concurrent callers of one key compute once and all get the value.
func TestMemo_ComputesOncePerKey(t *testing.T) {
	var m memo[int]
	var computed atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	got := make([]int, 20)
	for i := range got {
		wg.Go(func() {
			got[i], _ = m.do(context.Background(), "k", 10, weighOne, func() (int, bool) {
				computed.Add(1)
				<-release
				return 42, true
			})
		})
	}
	close(release)
	wg.Wait()
	if n := computed.Load(); n != 1 {
		t.Errorf("computed %d times, want 1", n)
	}
	for i, v := range got {
		if v != 42 {
			t.Errorf("caller %d got %d", i, v)
		}
	}
	if v, _ := m.do(context.Background(), "k", 10, weighOne, func() (int, bool) { return 0, false }); v != 42 {
		t.Errorf("a later caller got %d, want the kept 42", v)
	}
}

// A failure is not kept: the next caller computes again.
func TestMemo_ForgetsFailures(t *testing.T) {
	var m memo[int]
	if _, ok := m.do(context.Background(), "k", 10, weighOne, func() (int, bool) { return 0, false }); ok {
		t.Fatal("a failed computation reported success")
	}
	if v, ok := m.do(context.Background(), "k", 10, weighOne, func() (int, bool) { return 7, true }); !ok || v != 7 {
		t.Errorf("after a failure: %d, %v; want a new computation", v, ok)
	}
}

// Past the limit, values are handed out and not kept.
func TestMemo_KeepsNoMoreThanItsLimit(t *testing.T) {
	var m memo[[]int]
	weigh := func(v []int) int { return len(v) }
	m.do(context.Background(), "small", 5, weigh, func() ([]int, bool) { return []int{1, 2, 3}, true })
	big, _ := m.do(context.Background(), "big", 5, weigh, func() ([]int, bool) { return []int{1, 2, 3}, true })
	if len(big) != 3 {
		t.Fatalf("the caller did not get its value: %v", big)
	}
	computed := false
	m.do(context.Background(), "big", 5, weigh, func() ([]int, bool) { computed = true; return nil, true })
	if !computed {
		t.Error("a value past the limit was kept")
	}
	if m.weight != 3 {
		t.Errorf("kept weight %d, want 3", m.weight)
	}
}

// A caller whose own deadline passes while another computes computes
// itself (and fails in its own terms) rather than wait on.
func TestMemo_WaitsNoLongerThanItsCaller(t *testing.T) {
	var m memo[int]
	started, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	go m.do(context.Background(), "k", 10, weighOne, func() (int, bool) { close(started); <-release; return 1, true })
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if v, _ := m.do(ctx, "k", 10, weighOne, func() (int, bool) { return 2, true }); v != 2 {
		t.Errorf("got %d, want its own computation", v)
	}
}

// The budget a gate claims: one test for the same policies on both sides
// only when they share it; with sharing off (or no key) both sides start
// their own, and the claim counts both (the review found it counted one).
func TestRequestsNeeded(t *testing.T) {
	side := func(key string, empty bool) *sideRun { return &sideRun{key: key, empty: empty} }
	for _, c := range []struct {
		name  string
		sides []*sideRun
		want  int64
	}{
		{"the same policies, shared", []*sideRun{side("k", false), side("k", false)}, minRequestsPerTest},
		{"the same policies, not shared", []*sideRun{side("", false), side("", false)}, 2 * minRequestsPerTest},
		{"different policies", []*sideRun{side("a", false), side("b", false)}, 2 * minRequestsPerTest},
		{"an empty current", []*sideRun{side("", true), side("b", false)}, minRequestsPerTest},
		{"both empty", []*sideRun{side("", true), side("", true)}, 0},
	} {
		if got := requestsNeeded(c.sides); got != c.want {
			t.Errorf("%s: %d requests, want %d", c.name, got, c.want)
		}
	}
}
