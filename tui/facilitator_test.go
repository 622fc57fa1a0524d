package tui

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// panelAt plays the drill's engine to `to` with the steps given, and
// returns the panel's content at that time, in the engine's phase.
func panelAt(t *testing.T, to scenarios.Duration, steps func(e *sim.Engine)) (panelData, *scenarios.Scenario) {
	t.Helper()
	s := loadDrill(t)
	e := sim.NewEngine(s)
	if steps != nil {
		steps(e)
	}
	if e.Now() < to {
		if _, err := e.Advance(to); err != nil {
			t.Fatal(err)
		}
	}
	return buildPanel(s, e.Events(), e.Now(), e.Phase()), s
}

func must(t *testing.T) func(sim.Event, error) {
	return func(_ sim.Event, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}

func advance(t *testing.T, e *sim.Engine, to scenarios.Duration) {
	t.Helper()
	if _, err := e.Advance(to); err != nil {
		t.Fatal(err)
	}
}

// TestPanelExpectedActions: the current phase's expected actions not taken,
// open with the time left to their deadline or overdue, from the running
// score (scoring.ScoreSoFar) at the clock's time.
func TestPanelExpectedActions(t *testing.T) {
	min := scenarios.Minute
	cases := []struct {
		name  string
		at    scenarios.Duration
		steps func(t *testing.T, e *sim.Engine)
		// want: "id:left" per row in order, left in seconds (negative:
		// overdue); "id:end" for one due by the end.
		want      []string
		elsewhere int
	}{
		{name: "before the phish, only the end-of-exercise one", at: 2 * min,
			want: []string{"declare:end"}, elsewhere: 1}, // restore (recovery)
		{name: "phish delivered at 5m: triage within 15m", at: 5 * min,
			want: []string{"triage:900", "declare:end"}, elsewhere: 1},
		{name: "12m: 8 minutes left", at: 12 * min,
			want: []string{"triage:480", "declare:end"}, elsewhere: 1},
		{name: "triage taken: gone", at: 12 * min, steps: func(t *testing.T, e *sim.Engine) {
			advance(t, e, 6*min)
			must(t)(e.Record(scenarios.Decision{Action: "triage"}))
		}, want: []string{"declare:end"}, elsewhere: 1},
		{name: "triage struck: open again", at: 12 * min, steps: func(t *testing.T, e *sim.Engine) {
			advance(t, e, 6*min)
			ev, err := e.Record(scenarios.Decision{Action: "triage"})
			must(t)(ev, err)
			must(t)(e.Strike(ev.Seq, "recorded by mistake"))
		}, want: []string{"triage:480", "declare:end"}, elsewhere: 1},
		{name: "23m: triage 3 minutes overdue (edr delivered: isolate open elsewhere)", at: 23 * min,
			want: []string{"triage:-180", "declare:end"}, elsewhere: 2},
		{name: "in containment at 17m: isolate, 8 minutes left", at: 17 * min, steps: func(t *testing.T, e *sim.Engine) {
			advance(t, e, 16*min)
			must(t)(e.Record(scenarios.Decision{Phase: scenarios.Containment}))
		}, want: []string{"isolate:480"}, elsewhere: 3}, // triage, declare, restore
		{name: "extended to 1h30: by the end moves", at: 5 * min, steps: func(t *testing.T, e *sim.Engine) {
			must(t)(e.SetLength(90*min, "more time"))
		}, want: []string{"triage:900", "declare:end"}, elsewhere: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var steps func(*sim.Engine)
			if tc.steps != nil {
				steps = func(e *sim.Engine) { tc.steps(t, e) }
			}
			d, _ := panelAt(t, tc.at, steps)
			var got []string
			for _, r := range d.expected {
				if r.byEnd {
					got = append(got, r.id+":end")
					continue
				}
				got = append(got, fmt.Sprintf("%s:%d", r.id, r.deadline-d.now))
			}
			if !slices.Equal(got, tc.want) || d.elsewhere != tc.elsewhere {
				t.Fatalf("expected rows %v (+%d elsewhere), want %v (+%d)", got, d.elsewhere, tc.want, tc.elsewhere)
			}
		})
	}
}

// TestPanelUpcomingInjects: the injects still to come, in due order, with
// their conditions in words, the withheld ones marked with the reason.
func TestPanelUpcomingInjects(t *testing.T) {
	min := scenarios.Minute
	cases := []struct {
		name  string
		at    scenarios.Duration
		steps func(t *testing.T, e *sim.Engine)
		want  []string // id[:withheld reason][ if condition]
	}{
		{name: "at the start", at: 0, want: []string{"phish", "edr", "spread if not taken “Isolate the infected host”", "press"}},
		{name: "after the edr alert", at: 16 * min, want: []string{"spread if not taken “Isolate the infected host”", "press"}},
		{name: "press withheld", at: 16 * min, steps: func(t *testing.T, e *sim.Engine) {
			must(t)(e.Withhold("press", "the team is overloaded"))
		}, want: []string{"spread if not taken “Isolate the infected host”", "press:withheld the team is overloaded"}},
		{name: "spread skipped once due (isolated in time)", at: 45 * min, steps: func(t *testing.T, e *sim.Engine) {
			advance(t, e, 16*min)
			must(t)(e.Record(scenarios.Decision{Action: "isolate"}))
		}, want: []string{"press"}},
		{name: "all processed", at: 55 * min, want: nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var steps func(*sim.Engine)
			if tc.steps != nil {
				steps = func(e *sim.Engine) { tc.steps(t, e) }
			}
			d, _ := panelAt(t, tc.at, steps)
			var got []string
			for _, u := range d.upcoming {
				row := u.id
				if u.withheld {
					row += ":withheld " + u.reason
				}
				if u.condition != "" {
					row += " if " + u.condition
				}
				got = append(got, row)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("upcoming %q, want %q", got, tc.want)
			}
		})
	}
}

// TestPanelShows: what the panel draws at a given clock time: time left,
// overdue, withheld, the selected inject's notes, observations,
// participants and how to join.
func TestPanelShows(t *testing.T) {
	min := scenarios.Minute
	d, sess := newConsoleDriver(t, false, 120, 36)
	d.app.c.seats = nil
	c := d.app.console
	c.panel.seats = &SeatsInfo{Addr: "127.0.0.1:2222", JoinCode: "4821-77"}
	must(t)(sess.e.Join("Dana", "soc", sim.ViaKey))
	must(t)(sess.e.Join("Wall", sim.RoleWall, sim.ViaCode))
	must(t)(sess.e.Leave("Wall", sim.RoleWall))
	must(t)(sess.e.Evaluate(sim.Event{Kind: sim.KindObservation, Type: "improvement", Text: "no one owned the ticket", By: "Eve"}))
	must(t)(sess.e.Withhold("press", "the team is overloaded"))
	sess.pass(t, d, 5*time.Minute) // the phish inject
	d.keys("f")
	sess.pass(t, d, 18*time.Minute) // 23m: triage 3 min overdue
	text := flat(strings.Join(c.panel.lines, "\n"))
	for _, want := range []string{
		"PRIVATE",
		"OVERDUE 3 min Triage the reported email · SOC analyst",
		"37 min left Declare an incident · IR lead (by the end)",
		"00:50:00 phone A journalist calls · WITHHELD: the team is overloaded",
		"00:40:00 alert Second host encrypted",
		"only if not taken “Isolate the infected host”",
		"improvement: no one owned the ticket — Eve",
		"Participants (1 connected)",
		"Dana · SOC analyst · since 00:00:00",
		"Wall · wall · since 00:00:00",
		"· left",
		"join: ssh -p 2222 NAME@127.0.0.1 · join code 4821-77",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("panel lacks %q:\n%s", want, text)
		}
	}
	// With seats, who is in the room and how to join come first.
	if i, j := strings.Index(text, "Participants ("), strings.Index(text, "Expected now"); i < 0 || j < i {
		t.Errorf("participants (at %d) should come before what is expected (at %d) when seats are served", i, j)
	}
	// The notes are those of the inject selected in the feed.
	d.keys("n") // the EDR alert's decision prompt
	d.keys("esc")
	if text := flat(strings.Join(c.panel.lines, "\n")); !strings.Contains(text, "Notes · EDR alert on FIN-WS-042") || strings.Contains(text, "Push for triage") {
		t.Errorf("panel notes do not follow the feed:\n%s", text)
	}
	c.selectInject(0)
	if text := flat(strings.Join(c.panel.lines, "\n")); !strings.Contains(text, "Push for triage within 15 minutes.") {
		t.Errorf("panel lacks the phish inject's notes:\n%s", text)
	}
	_ = min
}

// TestPanelToggles: f shows the panel, labelled PRIVATE, in place of the
// inject pane; f again hides it; c (coach) and f exclude each other.
func TestPanelToggles(t *testing.T) {
	d, _ := newConsoleDriver(t, true, 120, 36)
	d.keys("n")
	if v := d.app.View(); strings.Contains(v, "PRIVATE") || strings.Contains(v, "Push for triage") {
		t.Fatalf("the panel shows before f:\n%s", v)
	}
	d.keys("f")
	v := d.app.View()
	if !strings.Contains(v, "PRIVATE · facilitator only · f hides") || !strings.Contains(v, "PRIVATE VIEW") || !strings.Contains(v, "Push for triage") {
		t.Fatalf("f: no private panel:\n%s", v)
	}
	if strings.Contains(v, "The user opened the attachment") {
		t.Fatalf("f: the inject body still shows:\n%s", v)
	}
	d.keys("c")
	if v := d.app.View(); strings.Contains(v, "PRIVATE") || !strings.Contains(v, "Coach · c closes") {
		t.Fatalf("c did not replace the panel:\n%s", v)
	}
	d.keys("f", "f")
	if v := d.app.View(); strings.Contains(v, "PRIVATE") || !strings.Contains(v, "The user") {
		t.Fatalf("f twice: the panel stays:\n%s", v)
	}
}

// TestPanelIsTheConsolesAlone: no file but the console's composes the
// facilitator panel, and the components a seat shares (header, feed,
// inject pane, decision log) never draw what the panel shows, whatever
// events they are given.
func TestPanelIsTheConsolesAlone(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{"facpanel.go": true, "console.go": true, "console_keys.go": true, "console_view.go": true, "component.go": true}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || allowed[f] {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && (id.Name == "facilitatorPanel" || id.Name == "newFacilitatorPanel" || id.Name == "buildPanel") {
				t.Errorf("%s: %s uses the facilitator panel", fset.Position(id.Pos()), f)
			}
			return true
		})
	}

	// The shared components, given every event of a session full of
	// private content, as a careless seat would.
	d, sess := newConsoleDriver(t, false, 120, 36)
	must(t)(sess.e.Join("Dana", "soc", sim.ViaKey))
	must(t)(sess.e.Evaluate(sim.Event{Kind: sim.KindObservation, Type: "strength", Text: "OBSERVED-SECRET"}))
	d.keys("n", "f")
	sess.pass(t, d, 20*time.Minute)
	c := d.app.console
	s := sess.Scenario()
	cm := d.app.c
	h, feed, inj, lg := newClockHeader(cm, s), newFeedPane(cm, s), newInjectPane(cm, s), newDecisionLog(cm, s)
	for _, comp := range []component{h, feed, inj, lg} {
		comp.SetSize(100, 40)
	}
	for _, ev := range sess.Events() {
		lg.add(ev)
		if ev.Kind == sim.KindDelivered {
			i := s.InjectIndex(ev.Inject)
			feed.add(feedItem{inject: i, at: ev.At})
			inj.show(&s.Injects[i], ev.At)
			if got := flat(inj.View()); strings.Contains(got, "FACILITATOR") || strings.Contains(got, "Push for triage") {
				t.Errorf("the inject pane shows facilitator notes:\n%s", got)
			}
		}
	}
	all := h.View() + feed.View() + lg.View()
	for _, private := range []string{"PRIVATE", "OVERDUE", "left", "OBSERVED-SECRET", "Push for triage", "join code", "Expected"} {
		if strings.Contains(all, private) {
			t.Errorf("a shared component shows %q:\n%s", private, all)
		}
	}
	if !strings.Contains(flat(c.panel.View()), "PRIVATE") {
		t.Fatal("the console's own panel is empty: the test would prove nothing")
	}

	// And the seats themselves, a player's and the wall, while the console
	// shows its panel and the facilitator paces the exercise.
	seats := []*seatDriver{joined(t, sess, "Dana", "soc", 120, 36), joined(t, sess, "Room", sim.RoleWall, 120, 36)}
	d.keys("esc", "A") // the EDR alert's prompt put off
	d.typeText("The CEO calls")
	d.keys("ctrl+s")
	d.keys("S")
	d.typeText("WITHHOLD-REASON")
	d.keys("enter")
	must(t)(sess.e.Evaluate(sim.Event{Kind: sim.KindObservation, Type: "strength", Text: "OBSERVED-SECRET-2"}))
	for _, sd := range seats {
		sd.send(eventsMsg{})
		for _, k := range []string{"tab", "down", "tab", "tab", "up", "?", "esc"} {
			sd.keys(k)
			v := sd.seat.View()
			for _, private := range []string{"PRIVATE", "OVERDUE", "min left", "OBSERVED-SECRET", "Push for triage", "join code", "Expected now", "WITHHOLD-REASON", "FACILITATOR"} {
				if strings.Contains(v, private) {
					t.Errorf("seat %s shows %q:\n%s", sd.seat.role, private, v)
				}
			}
		}
	}
	if v := seats[0].seat.View(); !strings.Contains(v, "The CEO calls") {
		t.Fatalf("the player's seat lacks the ad-hoc inject to everyone: the test would prove nothing:\n%s", v)
	}
}

// TestDecisionLogSaysWho: each entry names the role and the participant
// who recorded it.
func TestDecisionLogSaysWho(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	d.keys("n")
	must(t)(sess.e.Record(scenarios.Decision{Action: "triage", Role: "soc", By: "Dana"}))
	must(t)(sess.e.NoteAs("the mail gateway missed it", "soc", "Dana"))
	must(t)(sess.e.Record(scenarios.Decision{Text: "call the CISO", By: "Sam"}))
	must(t)(sess.e.Record(scenarios.Decision{Text: "for the lead", Role: "lead"}))
	sess.pass(t, d, time.Second)
	c := d.app.console
	var got []string
	for _, it := range c.declog.items {
		got = append(got, it.line)
	}
	want := []string{
		"[SOC analyst · Dana] Triage the reported email",
		"[SOC analyst · Dana] ✎ the mail gateway missed it",
		"[Sam] “call the CISO”",
		"[IR lead] “for the lead”",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("log %q, want %q", got, want)
	}
	if v := d.app.View(); !strings.Contains(v, "[SOC analyst · Dana] Triage the reported email") {
		t.Fatalf("the log pane does not say who:\n%s", v)
	}
}

// TestAdHocInjectFromTheConsole: A, a title, a body, recipients: the inject
// is journaled, in the feed and the log, addressed to the roles picked.
func TestAdHocInjectFromTheConsole(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	d.keys("n", "A")
	d.keys("enter")        // no title yet: the form moves on to the body
	d.keys("tab", "enter") // recipients: enter sends
	c := d.app.console
	if c.modal != modalAdHoc || !strings.Contains(c.adhoc.err, "needs a title") {
		t.Fatalf("sent without a title: modal %v, err %q", c.modal, c.adhoc.err)
	}
	d.typeText("The CEO calls")
	d.keys("tab")
	d.typeText("She wants a status")
	d.keys("enter")
	d.typeText("by 10:00.")
	d.keys("tab", "down", "down", "space", "down", "space") // SOC analyst, Legal counsel
	d.keys("enter")
	if c.modal != modalNone {
		t.Fatalf("the form stays open: %v %q", c.modal, c.adhoc.err)
	}
	var ev sim.Event
	for _, e := range sess.Events() {
		if e.Kind == sim.KindAdHoc {
			ev = e
		}
	}
	if ev.Title != "The CEO calls" || ev.Text != "She wants a status\nby 10:00." || ev.To != "soc,legal" || ev.At != 5*scenarios.Minute {
		t.Fatalf("journaled %+v", ev)
	}
	last := c.feed.items[len(c.feed.items)-1]
	if last.adhoc == nil || last.adhoc.Title != "The CEO calls" {
		t.Fatalf("feed %+v", c.feed.items)
	}
	v := d.app.View()
	for _, want := range []string{"ad hoc The CEO calls", "T+00:05:00 · ad hoc · to SOC analyst, Legal counsel", "She wants a status by 10:00."} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if got := c.declog.items[len(c.declog.items)-1].line; got != "+ ad-hoc inject “The CEO calls” to SOC analyst, Legal counsel" {
		t.Errorf("log line %q", got)
	}
	// Everyone again after toggling a role off.
	d.keys("A")
	d.typeText("Fire alarm")
	d.keys("tab", "tab", "down", "space", "space", "enter")
	if evs := sess.Events(); evs[len(evs)-1].Kind != sim.KindAdHoc || evs[len(evs)-1].To != "" {
		t.Fatalf("to everyone: %+v", evs[len(evs)-1])
	}
	// esc cancels and journals nothing.
	n := len(sess.Events())
	d.keys("A")
	d.typeText("never sent")
	d.keys("esc")
	if len(sess.Events()) != n || c.modal != modalNone {
		t.Fatal("esc journaled the inject or left the form open")
	}
}

// TestLengthFromTheConsole: L extends and shortens the exercise with a
// reason; the header shows the new length and TIME IS UP moves with it.
func TestLengthFromTheConsole(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	c := d.app.console
	d.keys("L")
	d.typeText("+30")
	d.keys("enter", "enter")
	if c.modal != modalLength || !strings.Contains(c.lenForm.err, "Say why") {
		t.Fatalf("saved without a reason: %v", c.modal)
	}
	d.typeText("the team asked for more time")
	d.keys("enter")
	if c.modal != modalNone || sess.e.Length() != 90*scenarios.Minute {
		t.Fatalf("modal %v, length %s", c.modal, sess.e.Length())
	}
	if v := d.app.View(); !strings.Contains(v, "/ 01:30:00") {
		t.Fatalf("the header lacks the new length:\n%s", v)
	}
	if got := c.declog.items[len(c.declog.items)-1].line; got != "→ exercise extended to 01:30:00 (was 01:00:00) — the team asked for more time" {
		t.Fatalf("log line %q", got)
	}
	// Run to the old end: no TIME IS UP; to the new one: TIME IS UP.
	sess.pass(t, d, 61*time.Minute)
	d.keys("esc") // the EDR alert's decision prompt: put off
	if c.timeUp || strings.Contains(d.app.View(), "TIME IS UP") {
		t.Fatal("TIME IS UP at the old length")
	}
	sess.pass(t, d, 30*time.Minute)
	if !c.timeUp || !strings.Contains(d.app.View(), "TIME IS UP · E ends") || c.now() != 90*scenarios.Minute {
		t.Fatalf("no TIME IS UP at the new length (now %s)", c.now())
	}
	// Extended again after TIME IS UP: the clock runs on.
	d.keys("L")
	d.typeText("1:45")
	d.keys("tab")
	d.typeText("one more inject")
	d.keys("enter")
	sess.pass(t, d, time.Second)
	if c.timeUp || sess.e.Length() != 105*scenarios.Minute {
		t.Fatalf("after extending at TIME IS UP: timeUp %v, length %s, modal %v, status %q, form %+v", c.timeUp, sess.e.Length(), c.modal, c.status, c.lenForm)
	}
	// An impossible length is refused in the form, nothing journaled.
	n := len(sess.Events())
	d.keys("L")
	d.typeText("-120")
	d.keys("enter")
	d.typeText("too short")
	d.keys("enter")
	if c.modal != modalLength || c.lenForm.err == "" || len(sess.Events()) != n {
		t.Fatalf("a length before now was taken: %v %q", c.modal, c.lenForm.err)
	}
	d.keys("esc")
}

func TestParseLength(t *testing.T) {
	h, m := scenarios.Hour, scenarios.Minute
	cases := []struct {
		in   string
		want scenarios.Duration // 0: an error
	}{
		{"+15", h + 15*m}, {"-10", 50 * m}, {"+ 15", h + 15*m}, {"+1h", 2 * h}, {"-30m", 30 * m},
		{"90", 90 * m}, {"1:30", h + 30*m}, {"1:30:15", h + 30*m + 15}, {"90m", 90 * m}, {"1h30m", h + 30*m},
		{" 2:00 ", 2 * h}, {"24:00", 24 * h},
		{"", 0}, {"+", 0}, {"-60", 0}, {"-2h", 0}, {"0", 0}, {"24:01", 0}, {"25:00", 0}, {"1:5", 0}, {"1:60", 0},
		{"1:30:00:00", 0}, {"abc", 0}, {"1.5", 0}, {"++5", 0}, {"+-5", 0}, {"99999999999999999999", 0}, {"-1:00", 0},
		{"1441", 0}, {"1440", 24 * h}, {"+23h01m", 0},
	}
	for _, tc := range cases {
		got, err := parseLength(tc.in, h)
		if tc.want == 0 {
			if err == nil {
				t.Errorf("parseLength(%q) = %s, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseLength(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func FuzzParseLength(f *testing.F) {
	for _, s := range []string{"+15", "-10", "1:30", "90m", "1h30m", "1:30:15", "", "-", "24:00", "\x00", "1:", ":"} {
		f.Add(s, int64(3600))
	}
	f.Fuzz(func(t *testing.T, s string, cur int64) {
		cur = max(min(cur, int64(sim.MaxLength)), 1)
		d, err := parseLength(s, scenarios.Duration(cur))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an empty error message")
			}
			return
		}
		if d <= 0 || d > sim.MaxLength {
			t.Fatalf("parseLength(%q, %d) = %d: out of range", s, cur, d)
		}
	})
}

// TestUndoPhaseChange: u strikes the last phase change not struck, with a
// reason; the exercise is back in the phase before; u again undoes the one
// before that, and with none left u does nothing.
func TestUndoPhaseChange(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	c := d.app.console
	if c.keys.UndoPhase.Enabled() {
		t.Fatal("u enabled with no phase change")
	}
	d.keys("p", "down", "enter") // containment
	d.keys("p", "down", "enter") // recovery
	if sess.Phase() != scenarios.Recovery {
		t.Fatalf("phase %s", sess.Phase())
	}
	d.keys("u")
	d.typeText("picked the wrong phase")
	d.keys("enter")
	if sess.Phase() != scenarios.Containment || !strings.Contains(c.status, "back to Containment") {
		t.Fatalf("phase %s, status %q", sess.Phase(), c.status)
	}
	last := c.declog.items[len(c.declog.items)-1]
	if !last.struck || !strings.Contains(last.line, "STRUCK: picked the wrong phase") {
		t.Fatalf("log %+v", last)
	}
	d.keys("u")
	d.typeText("no, still detection")
	d.keys("enter")
	if sess.Phase() != scenarios.Detection || c.keys.UndoPhase.Enabled() {
		t.Fatalf("phase %s, u enabled %v", sess.Phase(), c.keys.UndoPhase.Enabled())
	}
	n := len(sess.Events())
	d.keys("u")
	if c.modal != modalNone || len(sess.Events()) != n {
		t.Fatal("u with nothing to undo opened a dialog or journaled")
	}
}

// TestHelpListsEveryConsoleKey: ? shows every key of the console,
// including those that do nothing at this moment.
func TestHelpListsEveryConsoleKey(t *testing.T) {
	d, _ := newConsoleDriver(t, false, 200, 60)
	d.keys("?")
	v := d.app.View()
	k := DefaultKeyMap()
	for _, b := range []struct{ name, key string }{
		{"Pause", k.Pause.Help().Key}, {"NextInject", k.NextInject.Help().Key}, {"Faster", k.Faster.Help().Key},
		{"Slower", k.Slower.Help().Key}, {"Focus", k.Focus.Help().Key}, {"FocusBack", k.FocusBack.Help().Key},
		{"Record", k.Record.Help().Key}, {"FreeText", k.FreeText.Help().Key}, {"Note", k.Note.Help().Key},
		{"ChangePhase", k.ChangePhase.Help().Key}, {"PrevPhase", k.PrevPhase.Help().Key}, {"NextPhase", k.NextPhase.Help().Key},
		{"Filter", k.Filter.Help().Key}, {"Decide", k.Decide.Help().Key}, {"Facilitator", k.Facilitator.Help().Key},
		{"EndEarly", k.EndEarly.Help().Key}, {"Strike", k.Strike.Help().Key}, {"Role", k.Role.Help().Key},
		{"Withhold", k.Withhold.Help().Key}, {"AdHoc", k.AdHoc.Help().Key}, {"Length", k.Length.Help().Key},
		{"UndoPhase", k.UndoPhase.Help().Key}, {"Observe", k.Observe.Help().Key}, {"SeatsRecord", k.SeatsRecord.Help().Key}, {"Up", k.Up.Help().Key}, {"Down", k.Down.Help().Key},
		{"PageUp", k.PageUp.Help().Key}, {"PageDown", k.PageDown.Help().Key}, {"Top", k.Top.Help().Key},
		{"Bottom", k.Bottom.Help().Key}, {"Help", k.Help.Help().Key}, {"Quit", k.Quit.Help().Key}, {"ForceQuit", k.ForceQuit.Help().Key},
	} {
		found := false
		for ln := range strings.SplitSeq(v, "\n") {
			for _, f := range strings.Fields(strings.Trim(ln, "║ ")) {
				if f == b.key {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("? does not list %s (%s):\n%s", b.name, b.key, v)
		}
	}
}

// TestFacilitatorGolden: the private panel and the pacing dialogs at the
// review's terminal sizes.
func TestFacilitatorGolden(t *testing.T) {
	for _, sz := range [][2]int{{120, 36}, {80, 24}} {
		w, h := sz[0], sz[1]
		setup := func(t *testing.T) *driver {
			d, sess := newConsoleDriver(t, false, w, h)
			d.app.console.panel.seats = &SeatsInfo{Addr: "0.0.0.0:2222", JoinCode: "4821-77", Recording: func() bool { return false }}
			must(t)(sess.e.Join("Dana", "soc", sim.ViaKey))
			must(t)(sess.e.Withhold("press", "the team is overloaded"))
			d.keys("n")
			sess.pass(t, d, 12*time.Minute) // 17m, after the EDR alert: isolate open, triage due 20m
			d.keys("esc")
			return d
		}
		t.Run(fmt.Sprintf("panel_%dx%d", w, h), func(t *testing.T) {
			d := setup(t)
			d.keys("f")
			checkView(t, d, w, h)
			golden.RequireEqual(t, []byte(d.app.View()))
		})
		t.Run(fmt.Sprintf("adhoc_%dx%d", w, h), func(t *testing.T) {
			d := setup(t)
			d.keys("A")
			d.typeText("The CEO calls")
			d.keys("tab")
			d.typeText("She wants a status by 10:00.")
			d.keys("tab", "down", "space")
			checkView(t, d, w, h)
			golden.RequireEqual(t, []byte(d.app.View()))
		})
		t.Run(fmt.Sprintf("length_%dx%d", w, h), func(t *testing.T) {
			d := setup(t)
			d.keys("L")
			d.typeText("+15")
			d.keys("enter")
			d.typeText("the team asked for more time")
			checkView(t, d, w, h)
			golden.RequireEqual(t, []byte(d.app.View()))
		})
	}
}

// TestPacingSurvivesResume: an ad-hoc inject and a length change made from
// the console, through a real Bubble Tea program, are in the journal on
// disk, and `ttx resume` (sim.OpenSession, its replay) shows them again:
// the inject in the feed, the new length in the header.
func TestPacingSurvivesResume(t *testing.T) {
	s := loadDrill(t)
	dir := filepath.Join(t.TempDir(), "session")
	ss, err := sim.CreateSession(dir, s, "test")
	if err != nil {
		t.Fatal(err)
	}
	app := New(Options{Resume: NewSession(ss), MarkdownStyle: "ascii"})
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(120, 36))
	wait := func(text string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
			teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	press := func(keys ...string) {
		for _, k := range keys {
			tm.Send(keyMsg(k))
		}
	}
	wait("waiting for the first inject")
	press("n")
	wait("A user reports a strange invoice")
	press("A")
	wait("Add an inject now")
	tm.Type("The CEO calls")
	press("tab")
	tm.Type("She wants a status.")
	press("tab", "down", "space", "enter")
	wait("“The CEO calls” to IR lead")
	press("L")
	wait("Extend or shorten")
	tm.Type("+20")
	press("enter")
	tm.Type("the team asked")
	press("enter")
	wait("TIME IS UP now at T+01:20:00")
	press("q", "y")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if err := app.Session().Close(); err != nil {
		t.Fatal(err)
	}

	_, _, events, warnings, err := sim.ReadSession(dir)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("ReadSession: %v %v", err, warnings)
	}
	var adhoc, length *sim.Event
	for i := range events {
		switch events[i].Kind {
		case sim.KindAdHoc:
			adhoc = &events[i]
		case sim.KindLength:
			length = &events[i]
		}
	}
	if adhoc == nil || adhoc.Title != "The CEO calls" || adhoc.Text != "She wants a status." || adhoc.To != "lead" {
		t.Fatalf("ad-hoc inject in the journal: %+v", adhoc)
	}
	if length == nil || length.Length != 80*scenarios.Minute || length.Text != "the team asked" {
		t.Fatalf("length in the journal: %+v", length)
	}

	reopened, _, err := sim.OpenSession(dir)
	if err != nil {
		t.Fatal(err)
	}
	sess := NewSession(reopened)
	defer sess.Close()
	app2 := New(Options{Resume: sess, MarkdownStyle: "ascii"})
	d := newDriver(t, app2, 120, 36)
	c := app2.console
	if len(c.feed.items) != 2 || c.feed.items[1].adhoc == nil || c.feed.items[1].adhoc.Title != "The CEO calls" {
		t.Fatalf("resumed feed %+v", c.feed.items)
	}
	if c.length != 80*scenarios.Minute {
		t.Fatalf("resumed length %s", c.length)
	}
	v := d.app.View()
	for _, want := range []string{"/ 01:20:00", "ad hoc The CEO calls", "+ ad-hoc inject “The CEO calls” to IR lead", "→ exercise extended to 01:20:00"} {
		if !strings.Contains(v, want) {
			t.Errorf("resumed console lacks %q:\n%s", want, v)
		}
	}
}

// TestPacingTextIsSanitised: escapes typed or pasted into the ad-hoc
// dialog and the length reason, and hostile names from seats, reach the
// journal as typed but never the screen raw.
func TestPacingTextIsSanitised(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	must(t)(sess.e.Join("Mal\u202elory", "soc", sim.ViaCode))
	must(t)(sess.e.Record(scenarios.Decision{Text: "x\x1b[2J", Role: "soc", By: "Mal\u202elory"}))
	must(t)(sess.e.Evaluate(sim.Event{Kind: sim.KindObservation, Type: "strength", Text: "obs \x1b]52;c;AAAA\a", By: "E\x1b[1mve"}))
	d.keys("n", "A")
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("title \x1b[2J\u202e end"), Paste: true})
	views := []string{d.app.View()}
	d.keys("tab")
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("body \x1b]0;pwned\a"), Paste: true})
	views = append(views, d.app.View())
	d.keys("ctrl+s")
	views = append(views, d.app.View())
	d.keys("L")
	d.typeText("+5")
	d.keys("tab")
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("why \x1b[H\u202e"), Paste: true})
	views = append(views, d.app.View())
	d.keys("enter", "f")
	sess.pass(t, d, time.Second)
	views = append(views, d.app.View(), strings.Join(d.app.console.panel.lines, "\n"))
	var adhoc bool
	for _, ev := range sess.Events() {
		adhoc = adhoc || ev.Kind == sim.KindAdHoc && strings.Contains(ev.Title, "\u202e")
	}
	if !adhoc {
		t.Fatal("the ad-hoc inject was not journaled as typed: the test would prove nothing")
	}
	for i, v := range views {
		if strings.ContainsAny(v, "\x1b\x07\u202e") {
			t.Errorf("view %d has a raw control or bidi character:\n%q", i, v)
		}
	}
}

// TestNewLengthInTheShortHeader: at 80 columns the header drops the
// planned length, but not one the facilitator changed.
func TestNewLengthInTheShortHeader(t *testing.T) {
	d, _ := newConsoleDriver(t, false, 80, 24)
	d.keys("n", "n", "esc", "f") // a decision pending and the panel: the short form
	header := func() string { return strings.SplitN(d.app.View(), "\n", 2)[0] }
	if !strings.Contains(header(), "DECIDE (d)") || strings.Contains(header(), "01:00:00") {
		t.Fatalf("the short header shows the planned length: %q", header())
	}
	d.keys("L")
	d.typeText("+15")
	d.keys("tab")
	d.typeText("more time")
	d.keys("enter")
	if !strings.Contains(header(), "/ 01:15:00") {
		t.Fatalf("the short header lacks the new length: %q", header())
	}
}

// TestPanelListsTheNextInjects: the panel lists the next eight injects,
// says how many more are to come, and keeps every withheld one in sight.
func TestPanelListsTheNextInjects(t *testing.T) {
	src, err := os.ReadFile("testdata/drill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var extra strings.Builder
	for i := range 12 {
		fmt.Fprintf(&extra, "  - id: extra-%d\n    at: %dm\n    title: Extra %d\n    channel: email\n    body: x\n", i, 51+i/2, i)
	}
	yaml := strings.Replace(string(src), "\ntests:", "\n"+extra.String()+"tests:", 1)
	s, err := scenarios.Parse("drill-extra.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	sess := newMemSession(t, s)
	must(t)(sess.e.Withhold("extra-11", "FAR-REASON"))
	p := newFacilitatorPanel(newCommon(Options{}), s, nil)
	p.SetSize(100, 60)
	p.Update(panelMsg{gen: p.gen, data: buildPanel(s, sess.Events(), 0, scenarios.Detection)})
	text := strings.Join(p.lines, "\n")
	for _, want := range []string{"A user reports a strange invoice", "Extra 3", "Extra 11 · WITHHELD: FAR-REASON", "and 7 more, up to 00:56:00", "Upcoming injects (16)"} {
		if !strings.Contains(text, want) {
			t.Errorf("panel lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Extra 4\n") || strings.Contains(text, "Extra 10") {
		t.Errorf("panel lists more than the next eight:\n%s", text)
	}
}

// TestConsoleStartsWithTheJoinCode: with seats, the console's first status
// line tells the facilitator how participants join, code included.
func TestConsoleStartsWithTheJoinCode(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	c := *d.app.c
	c.seats = &SeatsInfo{Addr: "127.0.0.1:2222", JoinCode: "4821-77"}
	con := newConsole(&c, sess, false)
	if want := "participants join with ssh -p 2222 NAME@127.0.0.1, join code 4821-77"; !strings.Contains(con.status, want) {
		t.Fatalf("status %q lacks %q", con.status, want)
	}
	c.seats = nil
	if con := newConsole(&c, sess, false); strings.Contains(con.status, "join code") {
		t.Fatalf("status without seats: %q", con.status)
	}
}
