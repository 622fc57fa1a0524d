package sim

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
)

// traceSyncs records every sync from now to the end of the test; fail, if
// set, makes the syncs it returns true for fail.
func traceSyncs(t *testing.T, fail func(what, path string) bool) *[]string {
	t.Helper()
	var log []string
	syncTrace = func(what, path string) error {
		if fail != nil && fail(what, path) {
			return errors.New("injected sync failure")
		}
		log = append(log, what+" "+path)
		return nil
	}
	t.Cleanup(func() { syncTrace = nil })
	return &log
}

// TestEveryAcknowledgementFollowsItsSync: every engine call that returns
// success has synced the journal since the previous one, and a new session
// is returned only after its journal, its folder and the folder holding it
// are synced, in that order.
func TestEveryAcknowledgementFollowsItsSync(t *testing.T) {
	log := traceSyncs(t, nil)
	s := loadDrill(t)
	parent := t.TempDir()
	dir := filepath.Join(parent, "session")
	sess, err := CreateSession(dir, s, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if n := len(*log); n < 3 || !strings.HasPrefix((*log)[n-3], "journal ") || !strings.HasPrefix((*log)[n-2], "dir ") || (*log)[n-1] != "dir "+parent {
		t.Fatalf("syncs at creation: %q; want the journal, the new folder, then %s", *log, parent)
	}
	if !slices.ContainsFunc(*log, func(l string) bool { return strings.HasPrefix(l, "file ") && strings.HasSuffix(l, ScenarioFile) }) {
		t.Errorf("scenario.yaml was not synced: %q", *log)
	}
	e := sess.Engine
	journal := "journal " + filepath.Join(dir, JournalFile)
	calls := []func() error{
		func() error { _, err := e.Advance(11 * minute); return err },
		func() error { _, err := e.Record(scenarios.Decision{Action: "triage", Role: "soc"}); return err },
		func() error { _, err := e.Note("n", "lead"); return err },
		func() error { _, err := e.Record(scenarios.Decision{Text: "free", Role: "soc"}); return err },
	}
	for i, call := range calls {
		*log = nil
		if err := call(); err != nil {
			t.Fatal(err)
		}
		if len(*log) != 1 || (*log)[0] != journal {
			t.Errorf("call %d acknowledged after syncs %q, want one of the journal", i, *log)
		}
	}
}

// TestFailedSyncCutsBackAndBreaksTheJournal: the write reaches the file
// but its sync fails. The call fails, the file is cut back to its last
// synced size, and every later write is refused, even once syncs work.
func TestFailedSyncCutsBackAndBreaksTheJournal(t *testing.T) {
	dir, _ := playedSessionOpen(t)
	sess, _, err := OpenSession(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	path := filepath.Join(dir, JournalFile)
	before, _ := os.ReadFile(path)
	events := sess.Engine.Events()
	traceSyncs(t, func(what, _ string) bool { return what == "journal" })
	if _, err := sess.Engine.Note("lost", "lead"); err == nil || !strings.Contains(err.Error(), "injected sync failure") {
		t.Fatalf("Note with a failing sync: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Errorf("the file was not cut back after the failed sync (%d bytes, was %d)", len(after), len(before))
	}
	syncTrace = nil
	if _, err := sess.Engine.Note("later", "lead"); err == nil || !strings.Contains(err.Error(), "since an earlier failure") {
		t.Errorf("write after a failed one: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("a write after the failure reached the file")
	}
	if !eventsEqual(sess.Engine.Events(), events) {
		t.Error("the engine's state changed although nothing was saved")
	}
}

// TestRealWriteErrors puts real failing descriptors under the journal: a
// full device (ENOSPC) and a read-only descriptor (EBADF). The call fails
// with the system's error, the state is unchanged, later writes are
// refused, and the session on disk reopens as it was.
func TestRealWriteErrors(t *testing.T) {
	cases := []struct {
		name string
		open func(t *testing.T, path string) *os.File
		want error
	}{
		{"read-only descriptor", func(t *testing.T, path string) *os.File {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}, syscall.EBADF},
		{"full disk", func(t *testing.T, _ string) *os.File {
			if runtime.GOOS != "linux" {
				t.Skip("/dev/full is Linux")
			}
			f, err := os.OpenFile("/dev/full", os.O_RDWR, 0)
			if err != nil {
				t.Skip(err)
			}
			return f
		}, syscall.ENOSPC},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			dir, _ := playedSessionOpen(t)
			sess, _, err := OpenSession(dir)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, JournalFile)
			before, _ := os.ReadFile(path)
			events := sess.Engine.Events()
			real := sess.journal.f
			sess.journal.f = tt.open(t, path)
			_, err = sess.Engine.Note("lost", "lead")
			if !errors.Is(err, tt.want) {
				t.Fatalf("Note: %v, want %v", err, tt.want)
			}
			sess.journal.f.Close()
			sess.journal.f = real // a good file again: the journal must stay broken
			if _, err := sess.Engine.Note("later", "lead"); err == nil || !strings.Contains(err.Error(), "since an earlier failure") {
				t.Errorf("write after a failed one: %v", err)
			}
			if !eventsEqual(sess.Engine.Events(), events) {
				t.Error("the engine's state changed although nothing was saved")
			}
			sess.Close()
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Error("the journal on disk changed")
			}
			again, warnings, err := OpenSession(dir)
			if err != nil || len(warnings) != 0 || !eventsEqual(again.Engine.Events(), events) {
				t.Fatalf("reopening: %v, warnings %v", err, warnings)
			}
			again.Close()
		})
	}
}

// playedSessionOpen is playedSession for a session that is not ended, so
// that notes can still be appended.
func playedSessionOpen(t *testing.T) (string, *Engine) {
	t.Helper()
	s := loadDrill(t)
	dir := filepath.Join(t.TempDir(), "session")
	sess, err := CreateSession(dir, s, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Engine.Advance(11 * minute); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Engine.Record(scenarios.Decision{Action: "triage", Role: "soc"}); err != nil {
		t.Fatal(err)
	}
	sess.Close()
	return dir, sess.Engine
}

// TestJournalGoneStopsAcknowledging deletes or replaces the session folder
// while it is open: the next write must fail saying nothing is saved, and
// every one after it too, with the state unchanged.
func TestJournalGoneStopsAcknowledging(t *testing.T) {
	for _, tt := range []struct {
		name   string
		damage func(t *testing.T, dir string)
	}{
		{"folder deleted", func(t *testing.T, dir string) { os.RemoveAll(dir) }},
		{"journal replaced", func(t *testing.T, dir string) {
			path := filepath.Join(dir, JournalFile)
			data, _ := os.ReadFile(path)
			writeFile(t, path+".new", string(data))
			if err := os.Rename(path+".new", path); err != nil {
				t.Fatal(err)
			}
		}},
		{"folder moved", func(t *testing.T, dir string) {
			if err := os.Rename(dir, dir+".moved"); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir, _ := playedSessionOpen(t)
			sess, _, err := OpenSession(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer sess.Close()
			events := sess.Engine.Events()
			tt.damage(t, dir)
			for i := range 2 {
				_, err := sess.Engine.Note("after", "lead")
				if !errors.Is(err, ErrJournalGone) || !strings.Contains(err.Error(), "nothing is being saved") {
					t.Errorf("write %d after the damage: %v", i, err)
				}
			}
			if !eventsEqual(sess.Engine.Events(), events) {
				t.Error("the engine acknowledged an event that was not saved")
			}
		})
	}
}

// TestFailedCreationLeavesNothing makes each step of creating a session
// fail: no folder, temporary or final, may be left behind.
func TestFailedCreationLeavesNothing(t *testing.T) {
	for _, step := range []string{"file", "journal", "dir"} {
		t.Run(step, func(t *testing.T) {
			traceSyncs(t, func(what, _ string) bool { return what == step })
			parent := t.TempDir()
			_, err := CreateSession(filepath.Join(parent, "session"), loadDrill(t), "test")
			if err == nil {
				t.Fatal("CreateSession succeeded")
			}
			if strings.Contains(err.Error(), ".creating-") {
				t.Errorf("the error names the temporary folder: %v", err)
			}
			if entries, _ := os.ReadDir(parent); len(entries) != 0 {
				t.Errorf("left behind: %v", entries)
			}
		})
	}
}

// TestCheckSeesTheJournalGone: Check finds a deleted session folder without
// a write, and still does after Close.
func TestCheckSeesTheJournalGone(t *testing.T) {
	dir, _ := playedSessionOpen(t)
	sess, _, err := OpenSession(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Check(); err != nil {
		t.Fatalf("Check of a good session: %v", err)
	}
	os.RemoveAll(dir)
	if err := sess.Check(); !errors.Is(err, ErrJournalGone) {
		t.Errorf("Check after the folder was deleted: %v", err)
	}
	sess.Close()
	if err := sess.Check(); !errors.Is(err, ErrJournalGone) {
		t.Errorf("Check after Close: %v", err)
	}
}
