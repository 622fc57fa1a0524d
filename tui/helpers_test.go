package tui

import (
	"errors"
	"math/rand/v2"
	"os"
	"reflect"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

func TestMain(m *testing.M) {
	// Golden files and escape checks need output without colour codes.
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	os.Exit(m.Run())
}

// memSession is a Session over a real engine without a journal, so that
// screens are tested with the real scheduling and scoring.
type memSession struct {
	e          *sim.Engine
	clk        *sim.Clock
	wall       *fakeWall
	dir        string
	failRecord error
	reports    []string
}

// fakeWall is the wall clock of a memSession's clock: tests move it.
type fakeWall struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeWall) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeWall) add(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}

func newMemSession(t testing.TB, s *scenarios.Scenario) *memSession {
	t.Helper()
	e := sim.NewEngine(s)
	e.SetWallClock(func() time.Time { return time.Date(2026, 11, 28, 15, 0, 0, 0, time.UTC) })
	w := &fakeWall{t: time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)}
	return &memSession{e: e, clk: sim.NewClock(e, w.now), wall: w, dir: "/sessions/tui-drill-test"}
}

// pass lets d of wall time pass: the session's clock moves the engine (as
// sim.Clock.Run would) and the console redraws.
func (m *memSession) pass(t testing.TB, d *driver, dur time.Duration) {
	t.Helper()
	m.wall.add(dur)
	if _, err := m.clk.Tick(); err != nil {
		t.Fatal(err)
	}
	if c := d.app.console; c != nil {
		d.send(tickMsg{gen: c.tickGen})
	}
}

func (m *memSession) Scenario() *scenarios.Scenario                      { return m.e.Scenario() }
func (m *memSession) Dir() string                                        { return m.dir }
func (m *memSession) Events() []sim.Event                                { return m.e.Events() }
func (m *memSession) Now() scenarios.Duration                            { return m.e.Now() }
func (m *memSession) Phase() scenarios.Phase                             { return m.e.Phase() }
func (m *memSession) Advance(to scenarios.Duration) ([]sim.Event, error) { return m.e.Advance(to) }
func (m *memSession) Clock() *sim.Clock                                  { return m.clk }
func (m *memSession) EventsSince(seq int) []sim.Event                    { return m.e.EventsSince(seq) }
func (m *memSession) Subscribe() (<-chan sim.Event, func())              { return m.e.Subscribe() }
func (m *memSession) NextDue() (scenarios.Duration, bool)                { return m.e.NextDue() }
func (m *memSession) OpenDecisionPoints() []string {
	var ids []string
	for _, in := range m.e.OpenDecisionPoints() {
		ids = append(ids, in.ID)
	}
	return ids
}
func (m *memSession) Record(d scenarios.Decision) (sim.Event, error) {
	if m.failRecord != nil {
		return sim.Event{}, m.failRecord
	}
	return m.e.Record(d)
}
func (m *memSession) NextInject() (string, bool) { return m.e.NextInject() }
func (m *memSession) Withhold(id, reason string) (sim.Event, error) {
	return m.e.Withhold(id, reason)
}
func (m *memSession) Strike(seq int, reason string) (sim.Event, error) {
	return m.e.Strike(seq, reason)
}
func (m *memSession) Note(text, role string) (sim.Event, error)      { return m.e.Note(text, role) }
func (m *memSession) End(at scenarios.Duration) ([]sim.Event, error) { return m.e.End(at) }
func (m *memSession) SetCorrectivePlan(a string, p sim.Plan) error {
	_, err := m.e.SetCorrectivePlan(a, p)
	return err
}
func (m *memSession) Feedback(ev sim.Event) Feedback {
	return feedbackOf(m.e.Scenario(), m.e.Events(), ev)
}
func (m *memSession) Score() (Score, error) { return scoreOf(m.e.Scenario(), m.e.Events()), nil }
func (m *memSession) WriteReports() ([]string, error) {
	if m.reports == nil {
		return nil, errors.New("no reports in memory")
	}
	return m.reports, nil
}
func (m *memSession) Close() error { return nil }
func (m *memSession) NoteAs(text, role, by string) (sim.Event, error) {
	return m.e.NoteAs(text, role, by)
}
func (m *memSession) Join(name, role, via string) (sim.Event, error) {
	return m.e.Join(name, role, via)
}
func (m *memSession) Leave(name, role string) (sim.Event, error) { return m.e.Leave(name, role) }
func (m *memSession) AdHoc(title, body string, to []string) (sim.Event, error) {
	return m.e.AdHoc(title, body, to)
}
func (m *memSession) SetLength(d scenarios.Duration, reason string) (sim.Event, error) {
	return m.clk.SetLength(d, reason)
}
func (m *memSession) Evaluate(ev sim.Event) (sim.Event, error) { return m.e.Evaluate(ev) }

func loadDrill(t testing.TB) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Load("testdata/drill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// driver feeds messages to an App the way the Bubble Tea runtime would,
// running the commands it returns, one after the other.
type driver struct {
	t    testing.TB
	app  *App
	quit bool
}

func newDriver(t testing.TB, app *App, w, h int) *driver {
	// No background timers: the test sends tickMsg itself, and every
	// command left finishes quickly.
	app.c.ticker = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	app.c.watcher = func(<-chan sim.Event) tea.Cmd { return nil }
	app.c.blink = false
	d := &driver{t: t, app: app}
	d.run(app.Init())
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	return d
}

func (d *driver) send(msg tea.Msg) {
	_, cmd := d.app.Update(msg)
	d.run(cmd)
}

func (d *driver) run(cmd tea.Cmd) {
	if runCmd(d.t, cmd, d.send) {
		d.quit = true
	}
}

// runCmd runs cmd as the Bubble Tea runtime would: a batch's and a
// sequence's commands one after the other, any other message to send. It
// reports whether a command asked to quit. A command that does not finish
// in 10 s fails the test.
func runCmd(t testing.TB, cmd tea.Cmd, send func(tea.Msg)) (quit bool) {
	if cmd == nil {
		return false
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("a command did not finish in 10 s")
	}
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			quit = runCmd(t, c, send) || quit
		}
	case tea.QuitMsg:
		return true
	default:
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
			// tea.Sequence's message (its type is unexported).
			for i := range v.Len() {
				if c, ok := v.Index(i).Interface().(tea.Cmd); ok {
					quit = runCmd(t, c, send) || quit
				}
			}
			return quit
		}
		send(msg)
	}
	return quit
}

// keys sends key presses: single runes, or names such as "enter", "tab",
// "esc", "space", "up", "down".
func (d *driver) keys(ks ...string) {
	for _, k := range ks {
		d.send(keyMsg(k))
	}
}

func (d *driver) typeText(s string) {
	for _, r := range s {
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "ctrl+s":
		return tea.KeyMsg{Type: tea.KeyCtrlS}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

func displayWidth(s string) int { return lipgloss.Width(s) }

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }
