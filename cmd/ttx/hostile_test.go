package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/sim"
)

// TestHostileSessionFiles hands score, report and resume a session whose
// journal or scenario copy is /dev/zero, /dev/urandom, a FIFO or a symlink
// to a good copy elsewhere: each answers within a second with exit 1 and
// names the file.
func TestHostileSessionFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs or /dev here")
	}
	replace := map[string]func(t *testing.T, path string){
		"/dev/zero":    func(t *testing.T, path string) { os.Remove(path); must(t, os.Symlink("/dev/zero", path)) },
		"/dev/urandom": func(t *testing.T, path string) { os.Remove(path); must(t, os.Symlink("/dev/urandom", path)) },
		"FIFO":         func(t *testing.T, path string) { os.Remove(path); must(t, syscall.Mkfifo(path, 0o644)) },
		"symlink elsewhere": func(t *testing.T, path string) {
			data, err := os.ReadFile(path)
			must(t, err)
			cp := filepath.Join(t.TempDir(), "copy")
			must(t, os.WriteFile(cp, data, 0o644))
			os.Remove(path)
			must(t, os.Symlink(cp, path))
		},
	}
	for _, file := range []string{sim.JournalFile, sim.ScenarioFile} {
		for kind, damage := range replace {
			dir := typicalSession(t)
			path := filepath.Join(dir, file)
			damage(t, path)
			for _, args := range [][]string{{"score", dir}, {"report", dir}, {"resume", dir}} {
				start := time.Now()
				code, _, stderr := runMain(t, nil, args...)
				if took := time.Since(start); took > time.Second {
					t.Errorf("%s %s as %s: took %v", args[0], file, kind, took)
				}
				if code != exitBad || !strings.Contains(stderr, path+": ") {
					t.Errorf("%s with %s as %s: exit %d, stderr %q", args[0], file, kind, code, stderr)
				}
			}
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestReportRefusesSessionFiles: -o onto a session's own journal or scenario
// copy (as a path into the folder, or through another name for it) is
// refused and changes nothing.
func TestReportRefusesSessionFiles(t *testing.T) {
	dir := typicalSession(t)
	link := filepath.Join(t.TempDir(), "alias")
	must(t, os.Symlink(dir, link))
	journal, _ := os.ReadFile(filepath.Join(dir, sim.JournalFile))
	scenario, _ := os.ReadFile(filepath.Join(dir, sim.ScenarioFile))
	for _, out := range []string{
		filepath.Join(dir, sim.JournalFile),
		filepath.Join(dir, sim.ScenarioFile),
		filepath.Join(link, sim.JournalFile),
		filepath.Join(dir, ".", sim.ScenarioFile),
	} {
		code, _, stderr := runMain(t, nil, "report", dir, "-o", out)
		if code != exitBad || !strings.Contains(stderr, "it is the session's own") {
			t.Errorf("-o %s: exit %d, stderr %q", out, code, stderr)
		}
	}
	if now, _ := os.ReadFile(filepath.Join(dir, sim.JournalFile)); string(now) != string(journal) {
		t.Error("the journal was changed")
	}
	if now, _ := os.ReadFile(filepath.Join(dir, sim.ScenarioFile)); string(now) != string(scenario) {
		t.Error("the scenario copy was changed")
	}
	// Another file in the folder is fine.
	if code, _, stderr := runMain(t, nil, "report", dir, "-o", filepath.Join(dir, "report.md")); code != 0 {
		t.Errorf("-o report.md in the folder: exit %d, %s", code, stderr)
	}
}

// TestResumeWithoutTerminalChangesNothing: a torn last line stays on disk
// when resume refuses to run for want of a terminal.
func TestResumeWithoutTerminalChangesNothing(t *testing.T) {
	dir := typicalSession(t)
	path := filepath.Join(dir, sim.JournalFile)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	must(t, err)
	_, err = f.WriteString(`{"seq":99,"kind":"no`)
	must(t, err)
	f.Close()
	before, _ := os.ReadFile(path)
	code, _, stderr := runMain(t, nil, "resume", dir)
	if code != exitUsage || !strings.Contains(stderr, "interactive terminal") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Errorf("resume without a terminal changed the journal: %d bytes, was %d", len(after), len(before))
	}
}
