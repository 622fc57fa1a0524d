package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
	"github.com/ttx-sim/ttx/tui"
)

// The TUI itself is tested in package tui; these are the mistakes a user
// can make before it opens, each with its message and exit code.
func TestPlayAndResumeErrors(t *testing.T) {
	broken := writeTemp(t, "broken.yaml", "ttx: 1\nid: x\ntitel: oops\n")
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown scenario", []string{"play", "no-such-scenario"}, exitBad, "neither a file nor a built-in"},
		{"invalid file", []string{"play", broken}, exitBad, "titel"},
		{"missing file", []string{"play", "nowhere/x.yaml"}, exitBad, "x.yaml"},
		{"speed too high", []string{"play", "--speed", "100"}, exitUsage, "--speed must be between 0.5 and 60"},
		{"coach level unknown", []string{"play", "--coach=loud"}, exitUsage, `--coach is feedback or hints, not "loud"`},
		{"coach level on resume", []string{"resume", "--coach=loud", "x"}, exitUsage, `--coach is feedback or hints`},
		{"speed on root", []string{"--speed", "0.4"}, exitUsage, "--speed"},
		{"two scenarios", []string{"play", "a", "b"}, exitUsage, "accepts at most 1 arg"},
		{"missing --dir", []string{"play", "--dir", "/nonexistent/ttx"}, exitBad, "--dir /nonexistent/ttx"},
		{"no terminal", []string{"play", "../../tui/testdata/drill.yaml"}, exitUsage, "needs an interactive terminal"},
		{"no terminal for the picker", nil, exitUsage, "needs an interactive terminal"},
		{"resume nothing", []string{"resume"}, exitUsage, "accepts 1 arg"},
		{"resume missing session", []string{"resume", "/nonexistent/session"}, exitBad, "cannot resume /nonexistent/session"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runMain(t, map[string]string{"TTX_DATA_DIR": t.TempDir()}, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tc.code, errs)
			}
			if !strings.Contains(errs, tc.msg) {
				t.Fatalf("stderr %q does not say %q", errs, tc.msg)
			}
			if strings.Contains(errs, "goroutine") {
				t.Fatalf("stack trace on stderr: %s", errs)
			}
		})
	}
}

func TestPickerListsBuiltinsAndLocalFilesWithErrors(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("../../tui/testdata/drill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"a-good.yaml": string(good), "b-bad.yml": "ttx: 1\n", "notes.txt": "not yaml"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := pickerEntries(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	var builtins int
	var local []tui.Entry
	for _, e := range entries {
		if e.Source == "built-in" {
			builtins++
		} else {
			local = append(local, e)
		}
	}
	if builtins == 0 {
		t.Error("no built-in scenario listed")
	}
	if len(local) != 2 || local[0].Err != nil || local[0].Scenario.ID != "tui-drill" || local[1].Err == nil {
		t.Fatalf("local entries = %+v", local)
	}
	// A missing default folder is normal; a missing --dir is an error.
	if _, err := pickerEntries(filepath.Join(dir, "none"), false); err != nil {
		t.Fatalf("missing default folder: %v", err)
	}
	// The default ./scenarios of a ttx checkout (the README's first
	// command, run from the repository root) is Go source: its starter
	// template is not listed as a broken scenario. Asked for with --dir,
	// its YAML files are listed.
	for explicit, want := range map[bool]int{false: 0, true: 1} {
		entries, err := pickerEntries("../../scenarios", explicit)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range entries {
			if e.Source != "built-in" {
				n++
			}
		}
		if n != want {
			t.Errorf("explicit=%v: %d local entries from the scenarios package, want %d", explicit, n, want)
		}
	}
}

func TestResumeWithoutTerminalLeavesTheSessionUsable(t *testing.T) {
	s, err := scenarios.Load("../../tui/testdata/drill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "s")
	ss, err := sim.CreateSession(dir, s, "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := ss.Close(); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runMain(t, nil, "resume", dir)
	if code != exitUsage || !strings.Contains(errs, "interactive terminal") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	again, _, err := sim.OpenSession(dir)
	if err != nil {
		t.Fatalf("the session stayed locked: %v", err)
	}
	again.Close()
}
