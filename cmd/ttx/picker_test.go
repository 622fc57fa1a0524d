package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
	"github.com/ttx-sim/ttx/tui"
)

// The first minutes, through a real Bubble Tea program with the options
// `ttx` and `ttx play` build, against a real data directory.

// tuiRun is one run of the app: keys in, screen text out.
type tuiRun struct {
	t    *testing.T
	app  *tui.App
	tm   *teatest.TestModel
	out  []byte // everything drawn so far
	seen int    // out up to here was matched by a wait
}

func startTUI(t *testing.T, opts tui.Options) *tuiRun {
	t.Helper()
	lipgloss.SetColorProfile(termenv.Ascii)
	opts.MarkdownStyle = "ascii"
	app := tui.New(opts)
	return &tuiRun{t: t, app: app, tm: teatest.NewTestModel(t, app, teatest.WithInitialTermSize(120, 36))}
}

// wait waits until text is drawn after what the previous wait found.
func (r *tuiRun) wait(text string) {
	r.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		b, err := io.ReadAll(r.tm.Output())
		if err != nil {
			r.t.Fatal(err)
		}
		r.out = append(r.out, b...)
		if i := bytes.Index(r.out[r.seen:], []byte(text)); i >= 0 {
			r.seen += i + len(text)
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("%q not drawn in 10 s; the screen since the last wait:\n%s", text, r.out[r.seen:])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (r *tuiRun) press(keys ...tea.KeyType) {
	for _, k := range keys {
		r.tm.Send(tea.KeyMsg{Type: k})
	}
}

func (r *tuiRun) typ(s string) {
	for _, c := range s {
		r.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{c}})
	}
}

// finish waits for the program to stop and does what runTUI does after it.
func (r *tuiRun) finish() string {
	r.t.Helper()
	r.tm.WaitFinished(r.t, teatest.WithFinalTimeout(10*time.Second))
	var out bytes.Buffer
	if sess := r.app.Session(); sess != nil {
		r.app.Leave()
		if err := sess.Close(); err != nil {
			r.t.Fatal(err)
		}
		reportSession(&out, r.app, sess)
	}
	return out.String()
}

func dataEnv(data string) *IO {
	return &IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{}, Getenv: func(k string) string {
		if k == "TTX_DATA_DIR" {
			return data
		}
		return ""
	}}
}

// Opening a briefing, going back, opening it again and quitting leaves
// nothing on disk, not even the data folder; starting the clock makes the
// session folder.
func TestBriefingWithoutStartLeavesNoSession(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	sio := dataEnv(data)
	nothingOnDisk := func(when string) {
		t.Helper()
		if _, err := os.Stat(data); !os.IsNotExist(err) {
			entries, _ := os.ReadDir(data)
			t.Fatalf("%s: the data folder exists (%v) with %d entries", when, err, len(entries))
		}
	}

	opts, _, err := playTUIOptions(sio, &playOptions{}, "")
	if err != nil {
		t.Fatal(err)
	}
	r := startTUI(t, opts)
	r.wait("choose a scenario")
	r.press(tea.KeyEnter)
	r.wait("enter to start the clock")
	nothingOnDisk("briefing open")
	r.press(tea.KeyEsc)
	r.wait("choose a scenario")
	r.press(tea.KeyEnter)
	r.wait("enter to start the clock")
	r.typ("q")
	if out := r.finish(); out != "" {
		t.Errorf("quitting from the briefing printed %q", out)
	}
	nothingOnDisk("quit from the briefing")

	// ttx play SCENARIO opens on the briefing: the same.
	opts, _, err = playTUIOptions(sio, &playOptions{}, "ransomware-phishing")
	if err != nil {
		t.Fatal(err)
	}
	r = startTUI(t, opts)
	r.wait("enter to start the clock")
	r.press(tea.KeyCtrlC)
	r.finish()
	nothingOnDisk("ctrl+c on the briefing of ttx play SCENARIO")

	// Starting the clock is what makes the session.
	r = startTUI(t, opts)
	r.wait("enter to start the clock")
	r.press(tea.KeyEnter)
	r.wait("T+00:00:0")
	r.press(tea.KeyCtrlC)
	out := r.finish()
	entries, err := os.ReadDir(data)
	if err != nil || len(entries) != 1 || !strings.HasPrefix(entries[0].Name(), "ransomware-phishing-") {
		t.Fatalf("after the start: %v, %d entries, want one ransomware-phishing session", err, len(entries))
	}
	if !strings.Contains(out, "ttx resume "+filepath.Join(data, entries[0].Name())) {
		t.Errorf("no resume hint after the start:\n%s", out)
	}
}

// The picker lists the interrupted sessions of the data directory (not the
// ended, running or unreadable ones) and reopens one as ttx resume does:
// the console, paused, with the session's decisions; quitting leaves it
// resumable again.
func TestPickerResumesAnInterruptedSession(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	s, ok := scenarios.Builtin("ransomware-phishing")
	if !ok {
		t.Fatal("no ransomware-phishing")
	}
	create := func(name string) *sim.Session {
		t.Helper()
		ss, err := sim.CreateSessionWith(filepath.Join(data, name), s, sim.SessionOptions{TTX: "test"})
		if err != nil {
			t.Fatal(err)
		}
		return ss
	}
	ended := create("a-ended")
	if _, err := ended.Engine.End(10 * scenarios.Minute); err != nil {
		t.Fatal(err)
	}
	ended.Close()
	create("b-older").Close()      // interrupted, started before z-newest
	running := create("c-running") // open in "another ttx": its journal is locked
	defer running.Close()
	os.MkdirAll(filepath.Join(data, "d-broken"), 0o755)
	os.WriteFile(filepath.Join(data, "d-broken", sim.JournalFile), []byte("not a journal\n"), 0o644)
	time.Sleep(10 * time.Millisecond) // a later start than b-older's
	newest := create("z-newest")
	var last sim.Event
	for i, text := range []string{"Call the insurer's breach hotline", "Brief the board", "A double press"} {
		ev, err := newest.Engine.Record(scenarios.Decision{At: scenarios.Duration(5+i) * scenarios.Minute, Text: text})
		if err != nil {
			t.Fatal(err)
		}
		last = ev
	}
	if _, err := newest.Engine.Strike(last.Seq, "pressed twice"); err != nil {
		t.Fatal(err)
	}
	if _, err := newest.Engine.Advance(12*scenarios.Minute + 30); err != nil {
		t.Fatal(err)
	}
	newest.Close()
	dir := filepath.Join(data, "z-newest")
	// Where ttx resume would continue it, and when it started.
	probe, _, err := sim.OpenSession(dir)
	if err != nil {
		t.Fatal(err)
	}
	wantAt, started := probe.Engine.Now(), probe.Header.Created
	probe.Close()

	sio := dataEnv(data)
	opts, warnings, err := playTUIOptions(sio, &playOptions{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(opts.Resumable) != 2 || opts.Resumable[1].Dir != filepath.Join(data, "b-older") {
		t.Fatalf("resumable: %+v, want z-newest and b-older, newest first", opts.Resumable)
	}
	res := opts.Resumable[0]
	if res.Dir != dir || res.ScenarioTitle != s.Title || res.Decisions != 2 || res.At != wantAt || !res.Started.Equal(started) {
		t.Errorf("resumable %+v, want z-newest, %q, 2 decisions, at %s, started %s", res, s.Title, wantAt.Clock(), started)
	}

	r := startTUI(t, opts)
	r.wait("2 interrupted sessions: press r to resume one")
	r.typ("r")
	r.wait("resume an interrupted session")
	r.wait("stopped at " + wantAt.Clock() + " · 2 decisions · started " + started.UTC().Format("2006-01-02 15:04 UTC") + " · z-newest")
	r.press(tea.KeyEnter)
	r.wait("PAUSED")
	r.wait("Brief the board")
	if r.app.Screen() != tui.ScreenConsole || r.app.Session() == nil || r.app.Session().Dir() != res.Dir {
		t.Fatalf("screen %v, session %v: want the console of %s", r.app.Screen(), r.app.Session(), res.Dir)
	}
	if !sim.InUse(res.Dir) {
		t.Error("the resumed session is not locked against a second ttx")
	}
	if r.app.Session().Now() != wantAt {
		t.Errorf("resumed at %s, want %s", r.app.Session().Now().Clock(), wantAt.Clock())
	}
	r.press(tea.KeyCtrlC)
	out := r.finish()
	if !strings.Contains(out, "Continue it with: ttx resume "+res.Dir) {
		t.Errorf("after quitting:\n%s", out)
	}
	if len(*warnings) != 0 {
		t.Errorf("warnings: %q", *warnings)
	}
	// Still interrupted, with everything it had.
	_, _, events, _, err := sim.ReadSession(res.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if st := sessionState(res.Dir, events); st != stateInterrupted {
		t.Errorf("after quitting the state is %s", st)
	}
	if rs := resumableSessions(data); len(rs) != 2 || rs[0].Dir != dir || rs[0].Decisions != 2 {
		t.Errorf("after quitting: %+v", rs)
	}
}

// A session that cannot be reopened (here: taken by another ttx after the
// picker listed it) is an error screen that goes back to the picker.
func TestPickerResumeFailsBackToThePicker(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	s, _ := scenarios.Builtin("ransomware-phishing")
	ss, err := sim.CreateSessionWith(filepath.Join(data, "taken"), s, sim.SessionOptions{TTX: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ss.Close()
	opts, _, err := playTUIOptions(dataEnv(data), &playOptions{}, "")
	if err != nil || len(opts.Resumable) != 1 {
		t.Fatalf("%v, %d resumable", err, len(opts.Resumable))
	}
	other, _, err := sim.OpenSession(filepath.Join(data, "taken"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()

	r := startTUI(t, opts)
	r.wait("press r to resume it")
	r.typ("r")
	r.wait("resume an interrupted session")
	r.press(tea.KeyEnter)
	r.wait("the session could not be resumed")
	r.press(tea.KeyEsc)
	r.wait("resume an interrupted session")
	r.press(tea.KeyEsc)
	r.wait("choose a scenario")
	r.typ("q")
	if out := r.finish(); out != "" || r.app.Session() != nil {
		t.Errorf("a session after a failed resume: %q", out)
	}
}

// With no interrupted session the picker says nothing about resuming, and
// r does nothing.
func TestPickerWithoutInterruptedSessions(t *testing.T) {
	opts, _, err := playTUIOptions(dataEnv(filepath.Join(t.TempDir(), "none")), &playOptions{}, "")
	if err != nil || len(opts.Resumable) != 0 {
		t.Fatalf("%v, %d resumable", err, len(opts.Resumable))
	}
	app := tui.New(opts)
	app.Update(tea.WindowSizeMsg{Width: 120, Height: 36})
	app.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'r'}})
	if v := app.View(); strings.Contains(v, "resume") || !strings.Contains(v, "choose a scenario") {
		t.Errorf("picker without sessions:\n%s", v)
	}
}
