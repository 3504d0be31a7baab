package client

import "time"

// priorWeight is how many requests' worth of evidence the previous
// window's estimate counts for in the current one: early in a window a
// couple of answers would otherwise swing the estimate from one extreme to
// the other.
const priorWeight = 8

// shareView is one client's view of a budget it shares with users it
// cannot see. Within one window, what the budget lost between two of the
// client's answers and the client did not spend, the others spent; the
// client's part of the whole draw is its fair share of what is left, as if
// about 1/part users drew at its pace. Only time-free counts are used, so
// a slow answer or a client idle between polls skews nothing but its own
// part, and the estimate carries over to the next window.
type shareView struct {
	// gen counts the windows seen; an attempt carries the gen it left in.
	gen uint64
	// resetAt is the latest reset any answer of the current window
	// announced, as received (the header rounds to whole seconds);
	// lastResetAt, the previous window's.
	resetAt, lastResetAt time.Time
	// The window's first answer: what remained after it.
	refRemaining int64
	// own counts the client's answers since the window's first one.
	own int64
	// lowest is the least remaining any answer of the window reported;
	// answers overtaking each other do not move it back up.
	lowest int64
	// part is the client's share of the draw in the last window, 1 alone;
	// zero before any estimate.
	part float64
	// inWindow is false before the first answer and after a reset.
	inWindow bool
}

// attempt is what the view knew when one request left: the window, and the
// least remaining an answer of that window had reported (-1: none yet).
type attempt struct {
	sent  time.Time
	gen   uint64
	floor int64
	// seq numbers the client's attempts in the order they left.
	seq uint64
}

// sending describes a request leaving at now.
func (v *shareView) sending(now time.Time) attempt {
	a := attempt{sent: now, gen: v.gen, floor: -1}
	if v.inWindow {
		a.floor = v.lowest
	}
	return a
}

// observe records an answer to attempt a that reported remaining requests
// and a reset after reset, received at now, and returns the client's part
// of the draw.
//
// Answers overtake each other, and others draw between them, so how an
// answer's remaining compares with the window's lowest says nothing by
// itself. A new window is decided only on what is certain:
//   - a refill: a left after an answer of this window reported a.floor, so
//     the server counted it later, and within a window what remains only
//     falls;
//   - a reset passed: a left after the latest reset this window announced
//     (plus the header's one-second rounding).
//
// An answer to an attempt that left in an earlier window may have been
// counted in either. The reset it announces tells which (the two resets are
// a window apart): it counts in this window if nearer this window's reset,
// and if it shows less than the window's first answer, which it then
// followed.
func (v *shareView) observe(now time.Time, a attempt, remaining int64, reset time.Duration) float64 {
	resetAt := now.Add(reset)
	if v.inWindow && a.gen != v.gen && (a.gen != 0 || v.gen != 1) {
		if resetAt.Sub(v.lastResetAt) > v.resetAt.Sub(resetAt) && remaining < v.refRemaining {
			v.own++
			v.lowest = min(v.lowest, remaining)
		}
		return v.estimate()
	}
	fresh := !v.inWindow ||
		(a.floor >= 0 && remaining > a.floor) ||
		!a.sent.Before(v.resetAt.Add(time.Second))
	if fresh {
		if v.inWindow && v.refRemaining > v.lowest {
			v.part = v.estimate()
		}
		v.gen++
		v.inWindow, v.refRemaining, v.own, v.lowest = true, remaining, 0, remaining
		v.lastResetAt, v.resetAt = v.resetAt, resetAt
		return v.estimate()
	}
	v.own++
	v.lowest = min(v.lowest, remaining)
	if resetAt.After(v.resetAt) {
		v.resetAt = resetAt
	}
	return v.estimate()
}

// estimate is the client's part of the draw in the current window, the
// previous window's part weighing priorWeight requests.
func (v *shareView) estimate() float64 {
	drawn := max(v.refRemaining-v.lowest, v.own)
	switch {
	case v.part == 0 && (!v.inWindow || drawn == 0):
		return 1 // nothing known yet: alone until an answer shows otherwise
	case v.part == 0:
		// No earlier window to weigh against: what this one shows, for
		// assuming fewer users than it shows is how the first window of
		// several pipelines ends in 429s.
		return float64(v.own) / float64(drawn)
	case !v.inWindow:
		return v.part
	}
	return (float64(v.own) + v.part*priorWeight) / (float64(drawn) + priorWeight)
}

// users is how many users at the client's pace the part amounts to.
func users(part float64) int {
	if part <= 0 {
		return 1
	}
	return max(1, int(1/part+0.5))
}
