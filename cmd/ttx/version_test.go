package main

import (
	"runtime/debug"
	"testing"
)

func TestBuildVersion(t *testing.T) {
	info := func(version string, settings ...debug.BuildSetting) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			return &debug.BuildInfo{Main: debug.Module{Path: "github.com/ttx-sim/ttx", Version: version}, Settings: settings}, true
		}
	}
	rev := debug.BuildSetting{Key: "vcs.revision", Value: "1a2b3c4d5e6f7a8b9c0d"}
	at := debug.BuildSetting{Key: "vcs.time", Value: "2026-12-01T21:00:00Z"}
	for _, tt := range []struct {
		name string
		read func() (*debug.BuildInfo, bool)
		want string
	}{
		{"go install @version", info("v1.2.3"), "v1.2.3"},
		{"pseudo-version", info("v0.0.0-20261201210000-1a2b3c4d5e6f"), "v0.0.0-20261201210000-1a2b3c4d5e6f"},
		{"checkout", info("(devel)", rev, at), "devel 1a2b3c4d5e6f 2026-12-01T21:00:00Z"},
		{"dirty checkout", info("(devel)", rev, debug.BuildSetting{Key: "vcs.modified", Value: "true"}), "devel 1a2b3c4d5e6f+dirty"},
		{"no VCS", info("(devel)"), "dev"},
		{"no build info", func() (*debug.BuildInfo, bool) { return nil, false }, "dev"},
	} {
		if got := buildVersion(tt.read); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
