package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// Terraform starts a provider process for each step of a command (three for
// a plan), and most of them allocate a few MiB in all before they exit. The
// runtime's default collects at 4 MiB and again at every doubling, so each
// of those processes spends its short life collecting a 2 MiB live heap
// three or four times. Starting at GOGC=300 moves the first collection to
// 12 MiB (400 was no faster and cost 4 MiB more RSS); the first collection
// that finds more than startupLiveHeap live puts the default back, so a long
// process (a gate over 100,000 users) keeps the usual bound of twice its
// live heap. The Go compiler starts its
// processes the same way. A GOGC set by the user is left alone.
const (
	startupGCPercent = 300
	defaultGCPercent = 100
	startupLiveHeap  = 4 << 20
)

func collectLessAtStart() {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	debug.SetGCPercent(startupGCPercent)
	afterNextCollection(func() bool {
		if liveHeap() <= startupLiveHeap {
			return false
		}
		debug.SetGCPercent(defaultGCPercent)
		return true
	})
}

// gcCycle is big enough to stay out of the tiny allocator, whose blocks are
// freed together and so run their finalizers late or never.
type gcCycle struct{ _ [32]byte }

// afterNextCollection runs done after the next collection, and after each
// one after it until done returns true. An unreachable object's finalizer is
// the runtime's public signal that a collection has run.
func afterNextCollection(done func() bool) {
	runtime.SetFinalizer(new(gcCycle), func(*gcCycle) {
		if !done() {
			afterNextCollection(done)
		}
	})
}

// liveHeap is the heap the last collection found live; if the runtime cannot
// say, it counts as large, which puts the default back.
func liveHeap() uint64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return math.MaxUint64
	}
	return sample[0].Value.Uint64()
}
