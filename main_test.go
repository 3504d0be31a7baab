package main

import (
	"os"
	"strings"
	"testing"
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
