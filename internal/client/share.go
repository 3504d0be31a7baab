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
	// resetAt is when the current window resets, as its last answer said.
	resetAt time.Time
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

// observe records an answer that reported remaining requests and a reset
// after reset, received at now while inFlight other attempts of the client
// were still unanswered, and returns the client's part of the draw.
func (v *shareView) observe(now time.Time, remaining int64, reset time.Duration, inFlight int64) float64 {
	resetAt := now.Add(reset)
	// A new window: the last one has reset, or this answer reports more
	// than the client's own unanswered attempts could explain (a window
	// shorter than announced, a quota that grew), or a reset more than the
	// header's one-second rounding later than the last.
	if !v.inWindow || !now.Before(v.resetAt) || remaining > v.lowest+inFlight || resetAt.After(v.resetAt.Add(1500*time.Millisecond)) {
		if v.inWindow && v.refRemaining > v.lowest {
			v.part = v.estimate()
		}
		v.inWindow, v.refRemaining, v.own, v.lowest = true, remaining, 0, remaining
		v.resetAt = resetAt
		return v.estimate()
	}
	v.own++
	v.lowest = min(v.lowest, remaining)
	v.resetAt = resetAt
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
