package client

import (
	"container/heap"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"
)

// Pipelines that plan their gates at once share one budget: each client
// paces itself on the answers it gets, with several requests in flight,
// answers late and overtaking each other, and clients starting seconds
// apart. Simulated in virtual time with the real pacer against a
// fixed-window budget, no request is refused and the whole takes about
// what the budget allows.
func TestPacer_SharedBudgetSimulated(t *testing.T) {
	cases := []pipelinesSim{
		{clients: 3, quota: 24, window: 20 * time.Second},
		{clients: 6, quota: 48, window: 30 * time.Second},
		{clients: 10, quota: 60, window: 30 * time.Second},
		{clients: 10, quota: 60, window: 30 * time.Second, stagger: 10 * time.Second},
		{clients: 10, quota: 60, window: 30 * time.Second, slow: true},
		{clients: 10, quota: 60, window: 30 * time.Second, stagger: 10 * time.Second, slow: true},
		{clients: 20, quota: 1200, window: 300 * time.Second, chains: []int{140, 100}, stagger: 20 * time.Second, slow: true},
	}
	for _, c := range cases {
		name := fmt.Sprintf("%d clients on %d per %s, started within %s", c.clients, c.quota, c.window, c.stagger)
		if c.slow {
			name += ", slow answers"
		}
		t.Run(name, func(t *testing.T) {
			for seed := range uint64(simSeeds) {
				c.seed = seed
				r := c.run()
				ideal := time.Duration(float64(r.served) / float64(c.quota) * float64(c.window))
				if r.refused != 0 {
					t.Errorf("seed %d: %d requests refused with 429 (at %v), want none", seed, r.refused, r.refusedAt)
				}
				if bound := ideal*13/10 + c.window + c.stagger; r.elapsed > bound {
					t.Errorf("seed %d: took %s for %d requests, more than %s (ideal %s)", seed, r.elapsed, r.served, bound, ideal)
				}
			}
		})
	}
}

// simSeeds: 400 seeds run in about 10 s; the harshest case (10 clients
// started within 10 s, answers taking up to 2 s) then meets 429s on 3.
const simSeeds = 40

type pipelinesSim struct {
	clients, quota int
	window         time.Duration
	// chains are each client's sequences of requests run side by side, as
	// a gate reads its two sides (default 14 and 10: 24 requests).
	chains []int
	// stagger spreads the clients' starts; slow answers take up to 2 s
	// instead of 0.5 s, as on a loaded machine.
	stagger time.Duration
	slow    bool
	seed    uint64
}

type pipelinesResult struct {
	served, refused int
	refusedAt       []time.Duration
	elapsed         time.Duration
}

const (
	simTry = iota
	simLeave
	simArrive
	simAnswer
)

type pipelineEvent struct {
	at           time.Time
	kind, client int
	chain        int
	sent         attempt
	remaining    int64
	reset        int64
	refused      bool
	order        int
}

type pipelineQueue []pipelineEvent

func (q pipelineQueue) Len() int { return len(q) }
func (q pipelineQueue) Less(i, j int) bool {
	if q[i].at.Equal(q[j].at) {
		return q[i].order < q[j].order
	}
	return q[i].at.Before(q[j].at)
}
func (q pipelineQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *pipelineQueue) Push(x any) {
	if e, ok := x.(pipelineEvent); ok {
		*q = append(*q, e)
	}
}
func (q *pipelineQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

func (s pipelinesSim) run() pipelinesResult {
	rng := rand.New(rand.NewPCG(s.seed, uint64(s.clients)))
	upTo := func(hi time.Duration) time.Duration { return time.Duration(rng.Int64N(int64(hi) + 1)) }
	chains := s.chains
	if chains == nil {
		chains = []int{14, 10}
	}
	answerLatency := 500 * time.Millisecond
	if s.slow {
		answerLatency = 2 * time.Second
	}
	start := time.Unix(1_700_000_000, 0)
	clock := start
	ctx := context.Background()

	pacers := make([]*pacer, s.clients)
	left := make([][]int, s.clients)
	var q pipelineQueue
	order := 0
	push := func(e pipelineEvent) {
		order++
		e.order = order
		heap.Push(&q, e)
	}
	for c := range pacers {
		pacers[c] = newPacer(DefaultRequestsPerSecond, redactor{})
		pacers[c].now = func() time.Time { return clock }
		left[c] = append([]int(nil), chains...)
		at := start
		if s.stagger > 0 {
			at = at.Add(upTo(s.stagger))
		}
		for chain := range chains {
			push(pipelineEvent{at: at.Add(upTo(200 * time.Millisecond)), kind: simTry, client: c, chain: chain})
		}
	}

	var r pipelinesResult
	var windowStart, first, last time.Time
	used := 0
	for q.Len() > 0 {
		e, _ := heap.Pop(&q).(pipelineEvent)
		clock = e.at
		p := pacers[e.client]
		switch e.kind {
		case simTry:
			next, slot := p.schedule(clock)
			kind := simTry
			if slot != nil {
				kind = simLeave
			}
			push(pipelineEvent{at: next, kind: kind, client: e.client, chain: e.chain})
		case simLeave:
			a, ok := p.leave()
			if !ok {
				push(pipelineEvent{at: clock, kind: simTry, client: e.client, chain: e.chain})
				continue
			}
			push(pipelineEvent{at: clock.Add(upTo(300 * time.Millisecond)), kind: simArrive, client: e.client, chain: e.chain, sent: a})
		case simArrive:
			if windowStart.IsZero() || clock.Sub(windowStart) >= s.window {
				windowStart, used = clock, 0
			}
			if first.IsZero() {
				first = clock
			}
			last = clock
			e.refused = used >= s.quota
			if e.refused {
				r.refused++
				r.refusedAt = append(r.refusedAt, clock.Sub(first))
			} else {
				used++
				r.served++
			}
			e.remaining = int64(s.quota - used)
			e.reset = int64(math.Ceil((s.window - clock.Sub(windowStart)).Seconds()))
			e.kind, e.at = simAnswer, clock.Add(upTo(answerLatency))
			push(e)
		case simAnswer:
			h := http.Header{}
			h.Set("Ratelimit", fmt.Sprintf(`"default";r=%d;t=%d`, e.remaining, e.reset))
			h.Set("Ratelimit-Policy", fmt.Sprintf(`"default";q=%d;w=%d`, s.quota, int64(s.window/time.Second)))
			p.observe(ctx, e.sent, h)
			next := clock
			if e.refused {
				next = clock.Add(time.Duration(e.reset) * time.Second)
			} else {
				left[e.client][e.chain]--
			}
			if left[e.client][e.chain] > 0 {
				push(pipelineEvent{at: next, kind: simTry, client: e.client, chain: e.chain})
			}
		}
	}
	r.elapsed = last.Sub(first)
	return r
}
