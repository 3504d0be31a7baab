package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

func clearTFLog(t *testing.T) {
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "TF_LOG") {
			t.Setenv(name, "")
			_ = os.Unsetenv(name)
		}
	}
}

func TestQuietLogsUnlessAsked_Off(t *testing.T) {
	clearTFLog(t)
	t.Setenv("TF_LOG_SDK_FRAMEWORK", "") // restored after the test
	_ = os.Unsetenv("TF_LOG_SDK_FRAMEWORK")
	quietLogsUnlessAsked()
	for _, name := range []string{"TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		if got := os.Getenv(name); got != "OFF" {
			t.Errorf("%s = %q, want OFF", name, got)
		}
		_ = os.Unsetenv(name)
	}
}

func TestQuietLogsUnlessAsked_UserAsked(t *testing.T) {
	clearTFLog(t)
	t.Setenv("TF_LOG", "DEBUG")
	t.Setenv("TF_LOG_SDK_FRAMEWORK", "")
	_ = os.Unsetenv("TF_LOG_SDK_FRAMEWORK")
	quietLogsUnlessAsked()
	if got, set := os.LookupEnv("TF_LOG_SDK_FRAMEWORK"); set {
		t.Errorf("TF_LOG_SDK_FRAMEWORK = %q although TF_LOG asked for logs", got)
	}
}

// gcPercent reads the current setting (SetGCPercent returns the old one).
func gcPercent() int {
	p := debug.SetGCPercent(defaultGCPercent)
	debug.SetGCPercent(p)
	return p
}

func TestCollectLessAtStart_BackToDefaultOnceTheHeapGrows(t *testing.T) {
	t.Setenv("GOGC", "")
	_ = os.Unsetenv("GOGC")
	t.Cleanup(func() { debug.SetGCPercent(defaultGCPercent) })
	collectLessAtStart()
	if got := gcPercent(); got != startupGCPercent {
		t.Fatalf("GOGC at start = %d, want %d", got, startupGCPercent)
	}
	live := make([][]byte, 0, 16)
	for range 16 {
		live = append(live, make([]byte, 1<<20))
	}
	deadline := time.Now().Add(10 * time.Second)
	for gcPercent() != defaultGCPercent {
		if time.Now().After(deadline) {
			t.Fatalf("GOGC still %d with %d MiB live after 10 s of collections", gcPercent(), len(live))
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	runtime.KeepAlive(live)
}

func TestCollectLessAtStart_StaysWhileTheHeapIsSmall(t *testing.T) {
	t.Setenv("GOGC", "")
	_ = os.Unsetenv("GOGC")
	t.Cleanup(func() { debug.SetGCPercent(defaultGCPercent) })
	runtime.GC() // what earlier tests left behind is garbage by now
	collectLessAtStart()
	for range 3 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if live := liveHeap(); live > startupLiveHeap {
		t.Skipf("the test binary alone holds %d bytes live", live)
	}
	if got := gcPercent(); got != startupGCPercent {
		t.Errorf("GOGC = %d with %d bytes live, want %d until the live heap passes %d", got, liveHeap(), startupGCPercent, startupLiveHeap)
	}
}

func TestCollectLessAtStart_UserSettingWins(t *testing.T) {
	t.Setenv("GOGC", "50")
	t.Cleanup(func() { debug.SetGCPercent(defaultGCPercent) })
	debug.SetGCPercent(50)
	collectLessAtStart()
	if got := gcPercent(); got != 50 {
		t.Errorf("GOGC = %d after the user set 50", got)
	}
}
