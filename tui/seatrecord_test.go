package tui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
)

// fakeSeats is a SeatsInfo whose recording switch is a variable, with
// every SetRecording call kept.
type fakeSeats struct {
	on    bool
	calls []bool
}

func (f *fakeSeats) info() *SeatsInfo {
	return &SeatsInfo{Addr: "127.0.0.1:2222", JoinCode: "4821-77",
		Recording:    func() bool { return f.on },
		SetRecording: func(on bool) { f.on = on; f.calls = append(f.calls, on) }}
}

// newSeatsConsole opens the console with seats served by si (nil: none).
func newSeatsConsole(t testing.TB, si *SeatsInfo, w, h int) (*driver, *memSession) {
	t.Helper()
	sess := newMemSession(t, loadDrill(t))
	app := New(Options{Scenario: sess.Scenario(), Seats: si, MarkdownStyle: "ascii",
		Start: func(*scenarios.Scenario) (Session, error) { return sess, nil }})
	d := newDriver(t, app, w, h)
	d.keys("enter") // briefing → console
	if app.Screen() != ScreenConsole {
		t.Fatalf("screen = %v, want console", app.Screen())
	}
	return d, sess
}

// TestSeatRecordingKey: R turns recording from the seats off and on
// again; the status line, the header and the facilitator panel say which,
// and nothing is journaled (a setting of the facilitator's, not an event
// of the exercise).
func TestSeatRecordingKey(t *testing.T) {
	f := &fakeSeats{on: true}
	d, sess := newSeatsConsole(t, f.info(), 120, 36)
	c := d.app.console
	d.keys("f") // the panel, to read its Participants section
	events := len(sess.Events())
	panel := func() string { return flat(strings.Join(c.panel.lines, "\n")) }
	header := func() string { return strings.SplitN(d.app.View(), "\n", 2)[0] }

	if !strings.Contains(panel(), "seats record: on (R turns it off)") {
		t.Fatalf("panel before R:\n%s", panel())
	}
	if h := c.keys.SeatsRecord.Help(); !c.keys.SeatsRecord.Enabled() || h.Desc != "stop recording from seats" {
		t.Fatalf("R enabled %v, help %q", c.keys.SeatsRecord.Enabled(), h.Desc)
	}
	if strings.Contains(header(), "WATCH") {
		t.Fatalf("header with recording on: %q", header())
	}

	d.keys("R")
	if len(f.calls) != 1 || f.calls[0] || f.on {
		t.Fatalf("SetRecording calls %v", f.calls)
	}
	if !strings.HasPrefix(c.status, "Seats may record: off.") {
		t.Fatalf("status %q", c.status)
	}
	if !strings.Contains(panel(), "seats record: off (R turns it on)") {
		t.Fatalf("panel after R:\n%s", panel())
	}
	if !strings.Contains(header(), "SEATS WATCH ONLY (R)") {
		t.Fatalf("header with recording off: %q", header())
	}
	if h := c.keys.SeatsRecord.Help(); h.Desc != "let seats record" {
		t.Fatalf("R help %q", h.Desc)
	}

	d.keys("R")
	if len(f.calls) != 2 || !f.calls[1] || !f.on {
		t.Fatalf("SetRecording calls %v", f.calls)
	}
	if !strings.HasPrefix(c.status, "Seats may record: on.") {
		t.Fatalf("status %q", c.status)
	}
	if !strings.Contains(panel(), "seats record: on") || strings.Contains(panel(), "seats record: off") {
		t.Fatalf("panel after R again:\n%s", panel())
	}
	if strings.Contains(header(), "WATCH") {
		t.Fatalf("header with recording on again: %q", header())
	}
	if n := len(sess.Events()); n != events {
		t.Fatalf("R journaled %d events", n-events)
	}
}

// TestSeatRecordingStartsOff: with --no-seat-recording the console opens
// saying so, next to the join code, and its header marks it (the short
// form at 80 columns).
func TestSeatRecordingStartsOff(t *testing.T) {
	f := &fakeSeats{on: false}
	d, _ := newSeatsConsole(t, f.info(), 80, 24)
	c := d.app.console
	if !strings.Contains(c.status, "join code 4821-77") || !strings.HasSuffix(c.status, "Seats may record: off (R turns it on).") {
		t.Fatalf("status %q", c.status)
	}
	if h := strings.SplitN(d.app.View(), "\n", 2)[0]; !strings.Contains(h, "SEATS WATCH") {
		t.Fatalf("header %q", h)
	}
	checkView(t, d, 80, 24)
	d.keys("R")
	if !f.on {
		t.Fatal("R left recording off")
	}
	d, _ = newSeatsConsole(t, (&fakeSeats{on: true}).info(), 80, 24)
	if strings.Contains(d.app.console.status, "Seats may record") {
		t.Fatalf("status with recording on: %q", d.app.console.status)
	}
}

// TestSeatRecordingKeyWithoutSeats: without seats R does nothing, and
// ? lists it among the keys not available now; once the exercise ended it
// does nothing either.
func TestSeatRecordingKeyWithoutSeats(t *testing.T) {
	d, sess := newSeatsConsole(t, nil, 120, 36)
	c := d.app.console
	d.keys("f")
	before, events := d.app.View(), len(sess.Events())
	d.keys("R")
	if d.app.View() != before || len(sess.Events()) != events {
		t.Fatalf("R without seats changed the screen:\n%s", d.app.View())
	}
	if c.keys.SeatsRecord.Enabled() {
		t.Fatal("R is enabled without seats")
	}
	d.keys("?")
	v := d.app.View()
	i, j := strings.Index(v, "Not available right now"), strings.Index(v, "R  seat recording (--listen)")
	if i < 0 || j < i {
		t.Fatalf("? does not list R as not available:\n%s", v)
	}

	f := &fakeSeats{on: true}
	d, _ = newSeatsConsole(t, f.info(), 120, 36)
	d.keys("E", "y")
	d.keys("R")
	if len(f.calls) != 0 {
		t.Fatalf("R after the end: %v", f.calls)
	}
}

// TestSeatRecordingHelpAt80x24: with seats, ? lists R among the keys that
// work now, and the whole list still fits 80×24 without scrolling.
func TestSeatRecordingHelpAt80x24(t *testing.T) {
	d, _ := newSeatsConsole(t, (&fakeSeats{on: true}).info(), 80, 24)
	d.keys("?")
	v := d.app.View()
	i, j := regexp.MustCompile(`R\s+stop recording from seats`).FindStringIndex(v), strings.Index(v, "Not available right now")
	if i == nil || j < 0 || i[0] > j {
		t.Fatalf("? does not list R among the keys that work:\n%s", v)
	}
	if strings.Contains(v, "more") {
		t.Fatalf("the help scrolls at 80×24:\n%s", v)
	}
	checkView(t, d, 80, 24)
}
