package tui

import (
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// seatDriver feeds messages to a seat as the Bubble Tea runtime would,
// running the commands it returns.
type seatDriver struct {
	t    testing.TB
	seat *seat
	quit bool
}

// asciiRenderer is a seat renderer without colours (as a terminal with
// NO_COLOR): golden files stay free of escape codes.
func asciiRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return r
}

func loadSeats(t testing.TB) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Load("testdata/seats.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newSeatDriver opens a seat on sess at w×h, named name, with role
// preselected (not yet picked).
func newSeatDriver(t testing.TB, sess Session, name, role string, w, h int) *seatDriver {
	t.Helper()
	m := NewSeat(SeatOptions{Session: sess, Name: name, Role: role, Via: sim.ViaKey, Renderer: asciiRenderer()})
	s := quiet(m.(*seat))
	d := &seatDriver{t: t, seat: s}
	d.run(s.Init())
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	return d
}

// joined is newSeatDriver with the preselected role picked.
func joined(t testing.TB, sess Session, name, role string, w, h int) *seatDriver {
	t.Helper()
	d := newSeatDriver(t, sess, name, role, w, h)
	d.keys("enter")
	if !d.seat.joined || d.seat.role != role {
		t.Fatalf("seat did not join as %q: joined=%v role=%q status=%q", role, d.seat.joined, d.seat.role, d.seat.status)
	}
	return d
}

// quiet makes a seat run without background timers: the test sends
// tickMsg and eventsMsg itself, and cursors do not blink.
func quiet(s *seat) *seat {
	s.c.ticker = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	s.c.watcher = func(<-chan sim.Event) tea.Cmd { return nil }
	s.c.blink = false
	s.input = s.newInput()
	s.input.CharLimit = sim.MaxTextLen
	s.resetFilter()
	return s
}

func (d *seatDriver) send(msg tea.Msg) {
	_, cmd := d.seat.Update(msg)
	d.run(cmd)
}

func (d *seatDriver) run(cmd tea.Cmd) {
	if runCmd(d.t, cmd, d.send) {
		d.quit = true
	}
}

func (d *seatDriver) keys(ks ...string) {
	for _, k := range ks {
		d.send(keyMsg(k))
	}
}

func (d *seatDriver) typeText(s string) {
	for _, r := range s {
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// events tells the seat that the session has new events (as its watcher
// would) and lets a tick pass.
func (d *seatDriver) events() {
	d.send(eventsMsg{})
	d.send(tickMsg{gen: d.seat.tickGen})
}

func (d *seatDriver) view() string { return d.seat.View() }

// checkSeatView asserts the view fits the terminal exactly.
func checkSeatView(t *testing.T, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) > max(h, 1) { // "" is one empty line
		t.Errorf("view has %d lines, terminal %d", len(lines), h)
	}
	for i, ln := range lines {
		if n := displayWidth(ln); n > w {
			t.Errorf("line %d is %d cells wide, terminal %d: %q", i+1, n, w, ln)
		}
	}
}

// scenariosDecision is a decision of action or text by role and name.
func scenariosDecision(action, text, role, by string) scenarios.Decision {
	return scenarios.Decision{Action: action, Text: text, Role: role, By: by}
}
