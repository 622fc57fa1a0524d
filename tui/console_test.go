package tui

import (
	"errors"
	tea "github.com/charmbracelet/bubbletea"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// newConsoleDriver opens the console on a fresh in-memory session.
func newConsoleDriver(t testing.TB, coach bool, w, h int) (*driver, *memSession) {
	t.Helper()
	sess := newMemSession(t, loadDrill(t))
	app := New(Options{
		Scenario:      sess.Scenario(),
		Start:         func(*scenarios.Scenario) (Session, error) { return sess, nil },
		Coach:         coach,
		MarkdownStyle: "ascii",
	})
	d := newDriver(t, app, w, h)
	d.keys("enter") // briefing → console
	if app.Screen() != ScreenConsole {
		t.Fatalf("screen = %v, want console", app.Screen())
	}
	return d, sess
}

func decisions(sess Session) []sim.Event {
	var out []sim.Event
	for _, ev := range sess.Events() {
		if ev.Kind == sim.KindDecision || ev.Kind == sim.KindPhase || ev.Kind == sim.KindNote {
			out = append(out, ev)
		}
	}
	return out
}

func TestConsoleClockFollowsTicksAndSpeed(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	c := d.app.console
	sess.pass(t, d, 90*time.Second) // 1×: 90 s
	if got := c.now(); got != 90 {
		t.Fatalf("clock = %d, want 90", got)
	}
	d.keys("+", "+") // 1× → 2× → 5×
	sess.pass(t, d, 60*time.Second)
	if got := c.now(); got != 90+60*5 {
		t.Fatalf("clock at 5× = %d, want %d", got, 90+300)
	}
	if sess.Now() != c.now() {
		t.Fatalf("engine at %d, screen at %d", sess.Now(), c.now())
	}
	if len(c.feed.items) != 1 || c.sc.Injects[c.feed.items[0].inject].ID != "phish" {
		t.Fatalf("feed = %+v, want the phish inject (due 5m)", c.feed.items)
	}
	d.keys("space")
	if !c.paused || !sess.e.Paused() {
		t.Fatal("space did not pause screen and engine")
	}
	sess.pass(t, d, time.Hour)
	if got := c.now(); got != 390 {
		t.Fatalf("clock moved while paused: %d", got)
	}
	if !strings.Contains(d.app.View(), "PAUSED") {
		t.Fatal("PAUSED not shown")
	}
}

func TestConsoleRecordsOnlyWhatTheEngineAccepted(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	c := d.app.console
	d.keys("n") // phish at 5m
	if got := sess.Now(); got != 5*60 {
		t.Fatalf("n moved the clock to %d, want 300", got)
	}
	d.keys("tab", "tab") // feed → inject → actions
	if c.focus != panePalette {
		t.Fatalf("focus = %v, want actions", c.focus)
	}
	d.keys("enter") // first action of detection: triage
	evs := decisions(sess)
	if len(evs) != 1 || evs[0].Action != "triage" || evs[0].At != 300 {
		t.Fatalf("decisions = %+v", evs)
	}
	if len(c.declog.items) != 1 || !strings.Contains(c.declog.items[0].line, "Triage the reported email") {
		t.Fatalf("log = %+v", c.declog.items)
	}

	sess.failRecord = errors.New("disk full")
	d.keys("down", "enter")
	if len(c.declog.items) != 1 {
		t.Fatalf("a failed write reached the log: %+v", c.declog.items)
	}
	if !strings.Contains(c.status, "NOT recorded: disk full") {
		t.Fatalf("status = %q, want the error", c.status)
	}
	sess.failRecord = nil

	d.keys("t")
	d.typeText("Call the insurer")
	d.keys("enter")
	d.keys("e")
	d.typeText("Team hesitated")
	d.keys("enter")
	evs = decisions(sess)
	if len(evs) != 3 || evs[1].Text != "Call the insurer" || evs[2].Kind != sim.KindNote || evs[2].Text != "Team hesitated" {
		t.Fatalf("decisions = %+v", evs)
	}
	if len(c.declog.items) != 3 {
		t.Fatalf("log has %d lines, want 3", len(c.declog.items))
	}
}

func TestConsoleDecisionPointAndPhase(t *testing.T) {
	d, sess := newConsoleDriver(t, true, 120, 36)
	c := d.app.console
	d.keys("n", "n") // phish, then edr: a decision point
	if c.modal != modalDecision || c.decision != "edr" {
		t.Fatalf("modal = %v (%q), want the edr decision prompt", c.modal, c.decision)
	}
	if !strings.Contains(d.app.View(), "DECISION") {
		t.Fatal("decision prompt not shown")
	}
	d.keys("enter") // first choice: isolate
	evs := decisions(sess)
	if len(evs) != 1 || evs[0].Action != "isolate" || evs[0].Inject != "edr" {
		t.Fatalf("decisions = %+v", evs)
	}
	if len(sess.OpenDecisionPoints()) != 0 {
		t.Fatal("decision point still open")
	}
	if c.status == "" || !strings.Contains(strings.ToLower(c.status), "isolate") {
		t.Fatalf("coach feedback = %q", c.status)
	}
	if c.score == nil || c.score.Overall.Null {
		t.Fatalf("coach score = %+v", c.score)
	}

	d.keys("p", "down", "enter") // detection → containment
	if sess.Phase() != scenarios.Containment {
		t.Fatalf("phase = %s", sess.Phase())
	}
	if c.sc.Phases[c.palette.phase] != scenarios.Containment {
		t.Fatal("palette did not follow the phase")
	}
	d.keys("]", "[", "[")
	if c.sc.Phases[c.palette.phase] != scenarios.Detection {
		t.Fatalf("browsing phases: at %s", c.sc.Phases[c.palette.phase])
	}
}

func TestConsoleNeverShowsSkippedInjects(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	c := d.app.console
	d.keys("n", "n", "esc")   // phish, edr (prompt deferred)
	d.keys("tab", "tab", "]") // containment actions
	d.keys("enter")           // isolate: the spread inject will be skipped
	d.keys("n")
	for _, it := range c.feed.items {
		if id := c.sc.Injects[it.inject].ID; id == "spread" {
			t.Fatal("a skipped inject is in the feed")
		}
	}
	if got := c.sc.Injects[c.feed.items[len(c.feed.items)-1].inject].ID; got != "press" {
		t.Fatalf("n jumped to %s, want press (spread is skipped)", got)
	}
	if sess.Now() != 50*60 {
		t.Fatalf("clock = %d", sess.Now())
	}
}

func TestConsoleEndEarlyAndTimeUp(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	c := d.app.console
	d.keys("n", "E", "n") // refused
	if sess.e.Ended() {
		t.Fatal("ended without confirmation")
	}
	d.keys("E", "y")
	if !sess.e.Ended() || c.modal != modalTimeUp {
		t.Fatal("E y did not end the exercise")
	}
	if !strings.Contains(d.app.View(), "TIME IS UP") {
		t.Fatal("time-up not shown")
	}
	d.keys("enter")
	if d.app.Screen() != ScreenReview {
		t.Fatalf("screen = %v", d.app.Screen())
	}

	// The clock reaching the duration holds there: TIME IS UP, recording
	// goes on (stamped at the end) until the facilitator ends with E.
	d2, sess2 := newConsoleDriver(t, false, 120, 36)
	c2 := d2.app.console
	sess2.pass(t, d2, 2*time.Hour)
	if sess2.e.Ended() || sess2.Now() != sess2.Scenario().Duration || !c2.timeUp || c2.modal == modalTimeUp {
		t.Fatalf("ended=%v now=%d timeUp=%v modal=%v", sess2.e.Ended(), sess2.Now(), c2.timeUp, c2.modal)
	}
	if v := d2.app.View(); !strings.Contains(v, "TIME IS UP · E ends") {
		t.Fatalf("time up not shown:\n%s", v)
	}
	d2.keys("esc") // a decision point may be open
	d2.keys("t")
	d2.typeText("late call")
	d2.keys("enter")
	evs := decisions(sess2)
	if len(evs) == 0 || evs[len(evs)-1].Text != "late call" || evs[len(evs)-1].At != sess2.Scenario().Duration {
		t.Fatalf("recording after time up: %+v", evs)
	}
	d2.keys("E", "y")
	if !sess2.e.Ended() || c2.modal != modalTimeUp {
		t.Fatal("E y did not end the exercise after time up")
	}
}

func TestConsoleQuitNeedsConfirmationAndPauses(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	d.keys("n", "q")
	if d.quit {
		t.Fatal("q quit without confirmation")
	}
	d.keys("n") // no
	if d.quit || d.app.console.modal != modalNone {
		t.Fatal("n did not cancel")
	}
	d.keys("q", "y")
	if !d.quit {
		t.Fatal("q y did not quit")
	}
	if !sess.e.Paused() {
		t.Fatal("quitting did not pause the session for resume")
	}
}

func TestFacilitatorNotesHiddenByDefault(t *testing.T) {
	d, _ := newConsoleDriver(t, false, 120, 36)
	d.keys("n")
	if v := d.app.View(); strings.Contains(v, "Push for triage") || strings.Contains(v, "FACILITATOR") {
		t.Fatal("facilitator notes visible by default")
	}
	d.keys("f")
	if v := d.app.View(); !strings.Contains(v, "Push for triage") {
		t.Fatalf("f did not show the notes:\n%s", v)
	}
}

func TestDeferredDecisionPointStaysClosedUntilD(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	c := d.app.console
	d.keys("n", "n", "esc")
	if c.modal != modalNone {
		t.Fatalf("esc left modal %v", c.modal)
	}
	d.keys("t")
	d.typeText("Wait for more facts")
	d.keys("enter")
	if c.modal != modalNone {
		t.Fatalf("recording reopened the deferred prompt (modal %v)", c.modal)
	}
	if !strings.Contains(d.app.View(), "DECISION PENDING (d)") {
		t.Fatal("pending decision point not flagged in the header")
	}
	d.keys("d")
	if c.modal != modalDecision || c.decision != "edr" {
		t.Fatalf("d: modal %v %q", c.modal, c.decision)
	}
	d.keys("down", "enter") // wipe
	if got := decisions(sess); got[len(got)-1].Action != "wipe" || got[len(got)-1].Inject != "edr" {
		t.Fatalf("decisions = %+v", got)
	}
}

// TestRandomKeysNeverPanic presses random keys at several terminal sizes,
// small ones included (below the minimum, where keys are ignored), resizing
// now and then, and checks that every view fits the terminal.
func TestRandomKeysNeverPanic(t *testing.T) {
	keys := []string{"n", "space", "+", "-", "tab", "shift+tab", "enter", "t", "e", "p", "[", "]", "/", "d", "f",
		"E", "?", "q", "y", "esc", "up", "down", "a", "c", "2", "x", "A", "L", "u", "ctrl+s", "+15"}
	sizes := [][2]int{{80, 24}, {120, 36}, {200, 60}, {60, 16}, {40, 12}, {20, 6}}
	rng := newRand(42)
	for _, sz := range sizes {
		d, _ := newConsoleDriver(t, false, 80, 24)
		w, h := sz[0], sz[1]
		d.send(tea.WindowSizeMsg{Width: w, Height: h})
		for i := 0; i < 400 && !d.quit; i++ {
			if rng.IntN(20) == 0 {
				next := sizes[rng.IntN(len(sizes))]
				w, h = next[0], next[1]
				d.send(tea.WindowSizeMsg{Width: w, Height: h})
			}
			d.keys(keys[rng.IntN(len(keys))])
			checkView(t, d, w, h)
		}
	}
}

func TestStartFailureIsAnErrorView(t *testing.T) {
	calls := 0
	app := New(Options{
		Scenario: loadDrill(t),
		Start: func(*scenarios.Scenario) (Session, error) {
			calls++
			return nil, errors.New("data folder is read-only")
		},
		MarkdownStyle: "ascii",
	})
	d := newDriver(t, app, 80, 24)
	d.keys("enter")
	if app.Screen() != ScreenError || !strings.Contains(app.View(), "data folder is read-only") {
		t.Fatalf("screen %v:\n%s", app.Screen(), app.View())
	}
	d.keys("esc")
	if app.Screen() != ScreenBriefing {
		t.Fatalf("esc: screen %v", app.Screen())
	}
	d.keys("enter")
	if calls != 2 {
		t.Fatalf("Start called %d times, want 2 (once per attempt)", calls)
	}
}

func TestCoachModeOnlyWhenAsked(t *testing.T) {
	for _, coach := range []bool{false, true} {
		d, _ := newConsoleDriver(t, coach, 120, 36)
		d.keys("n", "n", "down", "enter") // wipe: harmful
		c := d.app.console
		saysWhy := strings.Contains(c.status, "destroys the evidence")
		if saysWhy != coach {
			t.Errorf("coach=%v: status %q", coach, c.status)
		}
		if hasScore := strings.Contains(d.app.View(), "Score "); hasScore != coach {
			t.Errorf("coach=%v: running score shown=%v", coach, hasScore)
		}
	}
}

func TestResumeRestoresState(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	d.keys("n", "+", "+", "+", "tab", "tab", "enter", "p", "down", "enter") // 10×, triage, to containment
	d.keys("e")
	d.typeText("hot wash at the end")
	d.keys("enter")
	before := d.app.console

	app := New(Options{Resume: sess, MarkdownStyle: "ascii"})
	d2 := newDriver(t, app, 120, 36)
	c := d2.app.console
	if c.now() != before.now() || c.speed != 10 || sess.Phase() != scenarios.Containment ||
		c.sc.Phases[c.palette.phase] != scenarios.Containment || len(c.feed.items) != len(before.feed.items) || len(c.declog.items) != len(before.declog.items) {
		t.Fatalf("resumed: clock %d speed %v palette %s feed %d log %d; before: clock %d feed %d log %d",
			c.now(), c.speed, c.sc.Phases[c.palette.phase], len(c.feed.items), len(c.declog.items), before.now(), len(before.feed.items), len(before.declog.items))
	}
	for i := range c.declog.items {
		if c.declog.items[i] != before.declog.items[i] {
			t.Fatalf("log line %d: %+v, was %+v", i, c.declog.items[i], before.declog.items[i])
		}
	}
	if !c.paused || !sess.e.Paused() {
		t.Fatal("a resumed session must open paused")
	}

	// An ended session reopens on the time-up prompt, then the review.
	d2.keys("E", "y")
	app3 := New(Options{Resume: sess, MarkdownStyle: "ascii"})
	d3 := newDriver(t, app3, 120, 36)
	if app3.console.modal != modalTimeUp {
		t.Fatalf("ended session: modal %v", app3.console.modal)
	}
	d3.keys("enter")
	if app3.Screen() != ScreenReview {
		t.Fatalf("screen %v", app3.Screen())
	}
}

// TestKeysWhileStartingReachTheConsole types keys between enter on the
// briefing and the session's arrival, as a fast typist does: they must act
// on the console once it exists, and nothing may be recorded before.
func TestKeysWhileStartingReachTheConsole(t *testing.T) {
	sess := newMemSession(t, loadDrill(t))
	starts := 0
	app := New(Options{
		Scenario: sess.Scenario(),
		Start: func(*scenarios.Scenario) (Session, error) {
			starts++
			return sess, nil
		},
		MarkdownStyle: "ascii",
	})
	d := newDriver(t, app, 120, 36)

	// enter → startMsg → the command that creates the session: both held
	// back, with keys typed before each arrives.
	_, cmd := app.Update(keyMsg("enter"))
	d.keys("n") // the next inject
	_, create := app.Update(cmd())
	if create == nil {
		t.Fatal("no command creates the session")
	}
	d.keys("enter") // a second, impatient enter
	d.keys("e")
	d.typeText("early")
	d.keys("enter")
	if starts != 0 || len(sess.Events()) != 0 {
		t.Fatalf("something happened before the session existed: starts %d, events %+v", starts, sess.Events())
	}
	d.run(create)

	if app.Screen() != ScreenConsole || starts != 1 {
		t.Fatalf("screen %v, starts %d", app.Screen(), starts)
	}
	if got := sess.Now(); got != 5*60 {
		t.Fatalf("clock at %d, want 300: n typed while starting was lost", got)
	}
	evs := decisions(sess)
	if len(evs) != 1 || evs[0].Kind != sim.KindNote || evs[0].Text != "early" {
		t.Fatalf("decisions = %+v, want the note typed while starting", evs)
	}
}

// TestKeysWhileStartingAreDroppedOnFailure: if the session cannot be
// created, keys typed meanwhile act on nothing (and are not replayed on the
// next start).
func TestKeysWhileStartingAreDroppedOnFailure(t *testing.T) {
	sess := newMemSession(t, loadDrill(t))
	fail := true
	app := New(Options{
		Scenario: sess.Scenario(),
		Start: func(*scenarios.Scenario) (Session, error) {
			if fail {
				return nil, errors.New("disk full")
			}
			return sess, nil
		},
		MarkdownStyle: "ascii",
	})
	d := newDriver(t, app, 120, 36)
	_, cmd := app.Update(keyMsg("enter"))
	_, create := app.Update(cmd())
	d.keys("n")
	d.run(create)
	if app.Screen() != ScreenError {
		t.Fatalf("screen %v, want error", app.Screen())
	}
	fail = false
	d.keys("esc", "enter")
	if app.Screen() != ScreenConsole {
		t.Fatalf("screen %v, want console", app.Screen())
	}
	if got := sess.Now(); got != 0 {
		t.Fatalf("clock at %d: a key from the failed start was replayed", got)
	}
}

// queryCounter counts the Session queries that take the engine's lock.
type queryCounter struct {
	*memSession
	calls int
}

func (q *queryCounter) Now() scenarios.Duration { q.calls++; return q.memSession.Now() }
func (q *queryCounter) Phase() scenarios.Phase  { q.calls++; return q.memSession.Phase() }
func (q *queryCounter) Events() []sim.Event     { q.calls++; return q.memSession.Events() }
func (q *queryCounter) NextDue() (scenarios.Duration, bool) {
	q.calls++
	return q.memSession.NextDue()
}
func (q *queryCounter) OpenDecisionPoints() []string {
	q.calls++
	return q.memSession.OpenDecisionPoints()
}

// TestConsoleViewDoesNotQueryTheEngine: View only joins strings computed
// in Update; it never asks the engine (a lock, a slice) for each frame,
// and what it shows still follows the events.
func TestConsoleViewDoesNotQueryTheEngine(t *testing.T) {
	sess := &queryCounter{memSession: newMemSession(t, loadDrill(t))}
	app := New(Options{
		Scenario:      sess.Scenario(),
		Start:         func(*scenarios.Scenario) (Session, error) { return sess, nil },
		MarkdownStyle: "ascii",
	})
	d := newDriver(t, app, 120, 36)
	d.keys("enter")
	view := func() string {
		t.Helper()
		sess.calls = 0
		v := app.View()
		if sess.calls != 0 {
			t.Fatalf("View queried the engine %d times", sess.calls)
		}
		return v
	}
	if v := view(); strings.Contains(v, "DECISION PENDING") || !strings.Contains(v, "Phase: Detection") {
		t.Fatalf("at the start:\n%s", v)
	}
	d.keys("n", "n", "esc") // the EDR decision point, put off
	if v := view(); !strings.Contains(v, "DECISION PENDING (d)") {
		t.Fatalf("pending decision not flagged:\n%s", v)
	}
	d.keys("d", "enter") // isolate
	if v := view(); strings.Contains(v, "DECISION PENDING") {
		t.Fatalf("answered decision still flagged:\n%s", v)
	}
	d.keys("p", "down", "enter") // to containment
	if v := view(); !strings.Contains(v, "Phase: Containment") || !strings.Contains(v, "(current)") {
		t.Fatalf("phase change not shown:\n%s", v)
	}
	d.keys("p") // the phase dialog
	view()
}

// An action with available_after is not offered before its inject arrives,
// and its arrival says that something new can be done.
func TestPaletteOffersOnlyAvailableActions(t *testing.T) {
	data, err := os.ReadFile("testdata/drill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(data), "  - id: wipe\n", "  - id: wipe\n    available_after: edr\n", 1)
	s, err := scenarios.Parse("drill.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	sess := newMemSession(t, s)
	app := New(Options{Scenario: s, Start: func(*scenarios.Scenario) (Session, error) { return sess, nil }, MarkdownStyle: "ascii"})
	d := newDriver(t, app, 120, 36)
	d.keys("enter")
	c := app.console
	offered := func(id string) bool {
		for _, i := range c.palette.idx {
			if c.sc.Actions[i].ID == id {
				return true
			}
		}
		return false
	}
	d.keys("tab", "tab", "]") // containment actions
	if offered("wipe") || !offered("isolate") {
		t.Fatalf("before edr: wipe offered %v, isolate offered %v", offered("wipe"), offered("isolate"))
	}
	d.keys("n") // phish
	d.keys("n") // edr
	if !offered("wipe") {
		t.Fatal("wipe not offered after edr arrived")
	}
	if !strings.Contains(c.status, "1 new action available") {
		t.Fatalf("status %q does not say a new action is available", c.status)
	}
}

// What format 1.1 adds to the screens: the briefing shows the jurisdiction,
// ground rules and assumptions; an inject shows its story time; its ATT&CK
// techniques, with names, only with the facilitator notes.
func TestRevision11OnScreen(t *testing.T) {
	data, err := os.ReadFile("testdata/drill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(data), "  - id: phish\n", "  - id: phish\n    story_time: Friday 17:45\n    attack: [T1566.002]\n", 1)
	src = strings.Replace(src, "roles:\n", "jurisdiction: EU (GDPR)\nground_rules: [No fault.]\nassumptions: [The clock is compressed.]\nroles:\n", 1)
	s, err := scenarios.Parse("drill.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	md := briefingMarkdown(s)
	for _, want := range []string{"## Jurisdiction", "EU (GDPR)", "## Ground rules", "- No fault.", "## Assumptions", "- The clock is compressed."} {
		if !strings.Contains(md, want) {
			t.Errorf("briefing lacks %q", want)
		}
	}
	sess := newMemSession(t, s)
	app := New(Options{Scenario: s, Start: func(*scenarios.Scenario) (Session, error) { return sess, nil }, MarkdownStyle: "ascii"})
	d := newDriver(t, app, 120, 36)
	d.keys("enter", "n")
	if v := app.View(); !strings.Contains(v, "Friday 17:45") || strings.Contains(v, "Spearphishing Link") {
		t.Fatalf("inject view: want the story time and no ATT&CK before f:\n%s", v)
	}
	d.keys("f")
	if v := app.View(); !strings.Contains(v, "T1566.002 Spearphishing Link") {
		t.Fatalf("f does not show the ATT&CK technique:\n%s", v)
	}
}

// TestConsoleIsAViewOfTheEngine: what another view or the clock does
// reaches the console through the engine, not through its own keys.
func TestConsoleIsAViewOfTheEngine(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	c := d.app.console
	if _, err := sess.clk.Next(); err != nil { // the clock, on its own
		t.Fatal(err)
	}
	if _, err := sess.e.Record(scenarios.Decision{Text: "from a seat", Role: "soc"}); err != nil {
		t.Fatal(err)
	}
	if len(c.feed.items) != 0 || len(c.declog.items) != 0 {
		t.Fatal("the console changed before it was told")
	}
	d.send(eventsMsg{})
	if len(c.feed.items) != 1 || len(c.declog.items) != 1 || !strings.Contains(c.declog.items[0].line, "from a seat") {
		t.Fatalf("feed %d log %+v", len(c.feed.items), c.declog.items)
	}
	if c.now() != 5*60 {
		t.Fatalf("clock shown %d, want 300", c.now())
	}
}

// x in the log strikes the selected decision with a reason: journaled,
// shown struck, and it no longer counts (the phase change is undone too).
func TestStrikeFromTheLog(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	c := d.app.console
	d.keys("n", "tab", "tab", "enter", "enter") // triage twice: a double enter
	d.keys("p", "down", "enter")                // to containment
	if len(decisions(sess)) != 3 || sess.Phase() != scenarios.Containment {
		t.Fatalf("setup: %+v", decisions(sess))
	}
	d.keys("tab") // the log, its last entry selected: the phase change
	d.keys("x")
	d.typeText("moved too early")
	d.keys("enter")
	if sess.Phase() != scenarios.Detection || c.phase != scenarios.Detection {
		t.Fatalf("the phase change is not undone: %s", sess.Phase())
	}
	d.keys("up", "x")
	d.typeText("double enter")
	d.keys("enter")
	evs := sess.Events()
	last := evs[len(evs)-1]
	if last.Kind != sim.KindStrike || last.Text != "double enter" {
		t.Fatalf("last event %+v", last)
	}
	if got := sess.e.Decisions(); len(got) != 1 || got[0].Action != "triage" {
		t.Fatalf("effective decisions %+v", got)
	}
	v := d.app.View()
	if !strings.Contains(v, "STRUCK") {
		t.Fatalf("the log does not show the strike:\n%s", v)
	}
	// A struck entry cannot be struck again.
	d.keys("x")
	if c.modal == modalStrike {
		t.Fatal("x opened a strike of a struck entry")
	}
}

// r chooses the role decisions and notes are recorded for; it is kept for
// the next ones and preselected when r is pressed again.
func TestRecordForARole(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	c := d.app.console
	d.keys("n", "r", "down", "down", "enter") // roles in file order: the team, lead, soc
	if c.role != "soc" {
		t.Fatalf("role %q, want soc", c.role)
	}
	d.keys("tab", "tab", "enter") // triage
	d.keys("t")
	d.typeText("call the bank")
	d.keys("enter")
	d.keys("e")
	d.typeText("quick")
	d.keys("enter")
	for _, ev := range decisions(sess) {
		if ev.Role != "soc" {
			t.Fatalf("event without the role: %+v", ev)
		}
	}
	if !strings.Contains(d.app.View(), "[") || !strings.Contains(c.declog.items[0].line, "] ") {
		t.Fatalf("log line without the role: %q", c.declog.items[0].line)
	}
	d.keys("r")
	if c.modal != modalRole || c.choices[c.choice.cursor] != "soc" {
		t.Fatalf("r does not preselect the last role: %v %d", c.modal, c.choice.cursor)
	}
	d.keys("up", "up", "enter")
	if c.role != "" {
		t.Fatalf("back to the team: %q", c.role)
	}
}

// S skips the next inject with a reason: journaled, and n then delivers the
// one after it.
func TestSkipTheNextInject(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	c := d.app.console
	d.keys("S")
	d.typeText("the team already knows")
	d.keys("enter")
	evs := sess.Events()
	if last := evs[len(evs)-1]; last.Kind != sim.KindWithhold || last.Inject != "phish" || last.Text != "the team already knows" {
		t.Fatalf("last event %+v", last)
	}
	d.keys("n")
	if len(c.feed.items) != 1 || c.sc.Injects[c.feed.items[0].inject].ID == "phish" {
		t.Fatalf("feed %+v: the skipped inject was delivered", c.feed.items)
	}
}

// TestNoInjectYetFollowsTheClock: before the first inject, the inject pane
// says what the clock is doing, as the header does: running in a new
// session, paused after space, and paused in a resumed one (which opens
// paused).
func TestNoInjectYetFollowsTheClock(t *testing.T) {
	const running, paused = "The clock is running", "The clock is paused"
	says := func(t *testing.T, d *driver, want, not string) {
		t.Helper()
		v := d.app.View()
		if !strings.Contains(v, want) || strings.Contains(v, not) {
			t.Fatalf("the screen does not say %q (or says %q):\n%s", want, not, v)
		}
	}
	d, sess := newConsoleDriver(t, false, 120, 36)
	says(t, d, running, paused)
	d.keys("space")
	says(t, d, paused, running)
	if !strings.Contains(d.app.View(), "PAUSED") {
		t.Fatal("the header does not say PAUSED")
	}
	d.keys("space")
	says(t, d, running, paused)

	app := New(Options{Resume: sess, MarkdownStyle: "ascii"})
	d2 := newDriver(t, app, 120, 36)
	if len(app.console.feed.items) != 0 || !app.console.paused {
		t.Fatalf("resumed: %d injects, paused %v; want none, paused", len(app.console.feed.items), app.console.paused)
	}
	says(t, d2, paused, running)
	d2.keys("space")
	says(t, d2, running, paused)
}
