package client

import (
	"container/heap"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// A client with several requests in flight sees its answers out of order,
// and others draw between them. Simulated with random latencies against a
// fixed-window budget, the view must find every window the server opened
// and no other, and estimate the client's part of the draw: all of it
// alone, a third beside others who draw twice as much.
func TestShareView_RandomArrivalOrders(t *testing.T) {
	for _, inFlight := range []int{1, 2, 4, 8} {
		for _, othersPerOwn := range []float64{0, 2} {
			t.Run(fmt.Sprintf("%d in flight, others drawing %gx", inFlight, othersPerOwn), func(t *testing.T) {
				want := 1 / (1 + othersPerOwn)
				for seed := range uint64(20) {
					s := simulateShare(seed, inFlight, othersPerOwn, 600)
					if s.detected != s.windows {
						t.Errorf("seed %d: the view found %d windows, the server opened %d", seed, s.detected, s.windows)
					}
					// Each window's estimate within a fifth (the client's own
					// pace varies with its latencies), their mean within 5 %.
					sum := 0.0
					for i, part := range s.parts {
						sum += part
						if math.Abs(part-want) > 0.2*want {
							t.Errorf("seed %d: part %.3f at the end of window %d, want %.3f ± 20%%", seed, part, i+1, want)
						}
					}
					if mean := sum / float64(len(s.parts)); len(s.parts) == 0 || math.Abs(mean-want) > 0.05*want {
						t.Errorf("seed %d: mean part %.3f over %d windows, want %.3f ± 5%%", seed, mean, len(s.parts), want)
					}
				}
			})
		}
	}
}

type simResult struct {
	// parts are the estimates at the end of each window but the last.
	parts             []float64
	windows, detected int
}

// simEvent is a request reaching the server (counted there) or its answer
// reaching the client; id -1 is another client's request.
type simEvent struct {
	at      time.Time
	id      int
	arrival bool
}

type simQueue []simEvent

func (q simQueue) Len() int           { return len(q) }
func (q simQueue) Less(i, j int) bool { return q[i].at.Before(q[j].at) }
func (q simQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *simQueue) Push(x any) {
	if e, ok := x.(simEvent); ok {
		*q = append(*q, e)
	}
}
func (q *simQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// simulateShare runs n requests of one client, inFlight at a time, each
// counted 0–300 ms after it leaves and answered 0–800 ms after that,
// against a budget of a window of 20 s, with others drawing othersPerOwn
// requests for each of the client's at random moments.
func simulateShare(seed uint64, inFlight int, othersPerOwn float64, n int) simResult {
	const window = 20 * time.Second
	const quota = 1_000_000
	rng := rand.New(rand.NewPCG(seed, uint64(inFlight)))
	start := time.Unix(1_700_000_000, 0)
	between := func(lo, hi time.Duration) time.Duration { return lo + time.Duration(rng.Int64N(int64(hi-lo))) }

	var v shareView
	var q simQueue
	attempts := map[int]attempt{}
	answers := map[int][2]int64{} // remaining and reset in seconds, as counted
	sent := 0
	send := func(at time.Time) {
		attempts[sent] = v.sending(at)
		heap.Push(&q, simEvent{at: at.Add(between(0, 300*time.Millisecond)), id: sent})
		sent++
	}
	for range inFlight {
		send(start)
	}
	// Others' requests: othersPerOwn for each of the client's, at an even
	// pace from a random moment on, over twice the time the client's take
	// (0.55 s on average), so that they draw until the client's last answer.
	span := 2 * time.Duration(float64(n)/float64(inFlight)*float64(550*time.Millisecond))
	if others := int(2 * othersPerOwn * float64(n)); others > 0 {
		every := span / time.Duration(others)
		at := start.Add(between(0, every))
		for range others {
			heap.Push(&q, simEvent{at: at, id: -1})
			at = at.Add(every)
		}
	}
	windowOf := func(at time.Time) int64 { return int64(at.Sub(start) / window) }
	current, used, windows := int64(-1), int64(0), map[int64]bool{}
	var parts []float64
	for q.Len() > 0 && (sent < n || len(attempts) > 0) {
		e, _ := heap.Pop(&q).(simEvent)
		if e.arrival {
			r, gen := answers[e.id], v.gen
			v.observe(e.at, attempts[e.id], r[0], time.Duration(r[1])*time.Second)
			delete(attempts, e.id)
			if v.gen != gen && gen > 0 {
				parts = append(parts, v.part)
			}
			if sent < n {
				send(e.at)
			}
			continue
		}
		if w := windowOf(e.at); w != current {
			current, used = w, 0
		}
		used++
		if e.id < 0 {
			continue
		}
		windows[current] = true
		end := start.Add(time.Duration(current+1) * window)
		answers[e.id] = [2]int64{quota - used, int64(math.Ceil(end.Sub(e.at).Seconds()))}
		heap.Push(&q, simEvent{at: e.at.Add(between(0, 800*time.Millisecond)), id: e.id, arrival: true})
	}
	return simResult{parts: parts, windows: len(windows), detected: int(v.gen)}
}
