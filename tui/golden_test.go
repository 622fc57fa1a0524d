package tui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/ttx-sim/ttx/scenarios"
)

// The golden files hold View() at a fixed colour profile (no colours, see
// TestMain). Refresh them with: go test ./tui -run Golden -update
var goldenSizes = [][2]int{{80, 24}, {160, 48}}

func TestGoldenScreens(t *testing.T) {
	for _, sz := range goldenSizes {
		w, h := sz[0], sz[1]
		t.Run(fmt.Sprintf("picker_%dx%d", w, h), func(t *testing.T) {
			s := loadDrill(t)
			app := New(Options{
				Entries: []Entry{
					{Scenario: s, Source: "built-in"},
					{Source: "scenarios/broken.yaml", Err: errors.New("scenarios/broken.yaml:3:1: error: unknown key \"titel\" (did you mean \"title\"?)")},
				},
				MarkdownStyle: "ascii",
			})
			d := newDriver(t, app, w, h)
			checkView(t, d, w, h)
			golden.RequireEqual(t, []byte(app.View()))
		})
		t.Run(fmt.Sprintf("briefing_%dx%d", w, h), func(t *testing.T) {
			app := New(Options{Scenario: loadDrill(t), MarkdownStyle: "ascii"})
			d := newDriver(t, app, w, h)
			checkView(t, d, w, h)
			golden.RequireEqual(t, []byte(app.View()))
		})
		t.Run(fmt.Sprintf("console_%dx%d", w, h), func(t *testing.T) {
			d, _ := newConsoleDriver(t, false, w, h)
			d.keys("n", "tab", "tab", "enter", "down", "enter", "n") // two decisions, then the decision point
			d.keys("enter")                                          // isolate
			d.keys("t")
			d.typeText("Brief the CEO at 10:00")
			d.keys("enter", "space")
			checkView(t, d, w, h)
			golden.RequireEqual(t, []byte(d.app.View()))
		})
		t.Run(fmt.Sprintf("decision_%dx%d", w, h), func(t *testing.T) {
			d, _ := newConsoleDriver(t, false, w, h)
			d.keys("n", "n") // the EDR alert opens its decision prompt
			checkView(t, d, w, h)
			golden.RequireEqual(t, []byte(d.app.View()))
		})
		t.Run(fmt.Sprintf("help_%dx%d", w, h), func(t *testing.T) {
			d, _ := newConsoleDriver(t, false, w, h)
			d.keys("?")
			checkView(t, d, w, h)
			golden.RequireEqual(t, []byte(d.app.View()))
		})
		t.Run(fmt.Sprintf("review_%dx%d", w, h), func(t *testing.T) {
			d, _ := newConsoleDriver(t, false, w, h)
			d.keys("n", "n", "down", "enter", "E", "y", "enter") // wipe (harmful), then end
			d.keys("enter")
			d.typeText("Dana (SOC)")
			d.keys("tab", "tab", "tab") // organisation and start left empty
			d.typeText("2026-12-31")
			d.keys("enter")
			checkView(t, d, w, h)
			golden.RequireEqual(t, []byte(d.app.View()))
		})
		t.Run(fmt.Sprintf("results_%dx%d", w, h), func(t *testing.T) {
			d, sess := newConsoleDriver(t, false, w, h)
			sess.reports = []string{sess.dir + "/report.md", sess.dir + "/report.html"}
			d.keys("n", "tab", "tab", "enter", "n", "enter", "E", "y", "enter", "c")
			if d.app.Screen() != ScreenResults {
				t.Fatalf("screen = %v", d.app.Screen())
			}
			checkView(t, d, w, h)
			golden.RequireEqual(t, []byte(d.app.View()))
		})
	}
}

// TestGoldenTooSmall is the console in the 20×6 terminal: it says
// what it needs instead of overflowing.
func TestGoldenTooSmall(t *testing.T) {
	d, _ := newConsoleDriver(t, false, 80, 24)
	d.send(tea.WindowSizeMsg{Width: 20, Height: 6})
	checkView(t, d, 20, 6)
	golden.RequireEqual(t, []byte(d.app.View()))
}

// checkView asserts the view fits the terminal exactly.
func checkView(t *testing.T, d *driver, w, h int) {
	t.Helper()
	v := d.app.View()
	lines := strings.Split(v, "\n")
	if len(lines) > h {
		t.Errorf("view has %d lines, terminal %d", len(lines), h)
	}
	for i, ln := range lines {
		if n := displayWidth(ln); n > w {
			t.Errorf("line %d is %d cells wide, terminal %d: %q", i+1, n, w, ln)
		}
	}
}

func TestHostileScenarioCannotEmitEscapes(t *testing.T) {
	s, err := scenarios.Load("testdata/hostile.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.Title, "\x1b") || !strings.ContainsFunc(s.Title, scenarios.Hidden) {
		t.Fatal("fixture lost its escape bytes or hidden characters: the test would prove nothing")
	}
	sess := newMemSession(t, s)
	sess.reports = []string{"/tmp/\x1b[2Jreport.md"}
	sess.dir = "/tmp/\x1b]0;dir\a"
	app := New(Options{
		Entries:       []Entry{{Scenario: s, Source: "\x1b[2Jevil.yaml"}, {Source: "bad.yaml", Err: errors.New("bad \x1b[2J")}},
		Start:         func(*scenarios.Scenario) (Session, error) { return sess, nil },
		Coach:         true,
		MarkdownStyle: "ascii",
	})
	d := newDriver(t, app, 120, 36)
	views := []string{app.View()}
	step := func(keys ...string) {
		d.keys(keys...)
		views = append(views, app.View())
	}
	step("down")
	step("up", "enter")         // briefing
	step("enter")               // console
	step("n")                   // the inject, with its decision prompt
	step("esc", "f")            // facilitator notes on
	step("tab", "tab", "enter") // record from the palette, coach feedback
	d.keys("t")
	d.typeText("typed \x1b[2J\x1b]52;c;AAAA\a text")
	step("enter")
	d.keys("e")
	d.typeText("note \x1b[H")
	step("enter")
	step("q")
	step("n", "?")
	step("esc", "E", "y")
	step("enter") // review
	d.keys("enter")
	d.typeText("\x1b[2J owner")
	step("enter", "c") // the debrief (coach mode)
	step("c")          // results
	for i, v := range views {
		if strings.ContainsAny(v, "\x1b\x07\u009b") {
			t.Errorf("view %d contains a raw control byte:\n%q", i, v)
		}
		// Zero-width, bidi and separator characters (scenarios.Hidden)
		// are shown as \u escapes, never drawn raw.
		if at := strings.IndexFunc(v, scenarios.Hidden); at >= 0 {
			t.Errorf("view %d contains a raw hidden character %U:\n%q", i, []rune(v[at:])[0], v)
		}
	}
	if !strings.Contains(strings.Join(views, ""), `\u202e`) {
		t.Error("no view shows the title's hidden characters as escapes")
	}
	if app.Screen() != ScreenResults {
		t.Fatalf("screen = %v, want results", app.Screen())
	}
}

// TestGoldenLongText is the built-in BEC drill at the three sizes of the
// review: the payment table's inject (its look-alike address in its row),
// the palette's selected action whole over several lines, and a long
// free-text decision wrapped in the log, whole where it is selected.
func TestGoldenLongText(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 36}, {200, 60}} {
		w, h := sz[0], sz[1]
		t.Run(fmt.Sprintf("bec_%dx%d", w, h), func(t *testing.T) {
			s, ok := scenarios.Builtin("bec-wire-fraud")
			if !ok {
				t.Fatal("no bec-wire-fraud")
			}
			sess := newMemSession(t, s)
			app := New(Options{Scenario: s, Start: func(*scenarios.Scenario) (Session, error) { return sess, nil }, MarkdownStyle: "ascii"})
			d := newDriver(t, app, w, h)
			d.keys("enter")
			on := func() string {
				if in, ok := d.app.console.feed.selected(); ok && in.inject >= 0 {
					return s.Injects[in.inject].ID
				}
				return ""
			}
			for i := 0; i < 10 && on() != "payment-record"; i++ {
				d.keys("n") // the feed follows the newest inject
			}
			if on() != "payment-record" {
				t.Fatalf("the feed is on %q, not the payment record", on())
			}
			for _, text := range []string{
				"Call Brenner on the number from the original contract, not the one in the email, before anyone touches the payment run",
				"Hold the payment run until the bank details of every supplier changed this month are confirmed by phone",
			} {
				d.keys("t")
				d.typeText(text)
				d.keys("enter")
			}
			d.keys("space", "tab", "tab", "down") // the palette, its second action
			checkView(t, d, w, h)
			golden.RequireEqual(t, []byte(d.app.View()))
		})
	}
}
