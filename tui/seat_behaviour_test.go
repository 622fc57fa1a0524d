package tui

import (
	"errors"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// deliverAll delivers every inject of the seats drill and two ad-hoc
// injects (one to comms only, one to everyone).
func deliverAll(t testing.TB, sess *memSession) {
	t.Helper()
	for {
		if _, err := sess.clk.Next(); errors.Is(err, sim.ErrNoNext) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sess.AdHoc("COMMS-ONLY-ADHOC board call", "The board wants a COMMS-ADHOC-BODY update.", []string{"comms"}); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.AdHoc("EVERYONE-ADHOC power cut", "The building loses power: EVERYONE-ADHOC-BODY.", nil); err != nil {
		t.Fatal(err)
	}
}

// everything is every screen a seat can show of its feed: each inject
// selected in turn, the inject scrolled, each pane focused, the help.
func everything(d *seatDriver) []string {
	var views []string
	s := d.seat
	for i := range s.feed.items {
		d.run(s.selectItem(i))
		views = append(views, d.view(), strings.Join(s.inject.lines, "\n"))
	}
	for range paneCount {
		d.keys("tab")
		views = append(views, d.view())
	}
	d.keys("]")
	views = append(views, d.view())
	d.keys("?")
	views = append(views, d.view())
	d.keys("esc")
	return views
}

// TestSeatSeesOnlyInjectsForItsRole: a seat of role A never shows an
// inject addressed only to role B, scenario or ad hoc; the wall shows
// only what is addressed to everyone.
func TestSeatSeesOnlyInjectsForItsRole(t *testing.T) {
	for _, tc := range []struct {
		role      string
		want, not []string
	}{
		{"soc", []string{"SOC-ONLY", "SOC-SECRET-BODY", "EVERYONE ransom", "EVERYONE-BODY", "EVERYONE-ADHOC", "EVERYONE-ADHOC-BODY"},
			[]string{"COMMS-ONLY", "COMMS-SECRET-BODY", "COMMS-ADHOC-BODY", "Draft a holding statement"}},
		{"comms", []string{"COMMS-ONLY", "COMMS-SECRET-BODY", "COMMS-ONLY-ADHOC", "COMMS-ADHOC-BODY", "EVERYONE-BODY", "EVERYONE-ADHOC-BODY", "Draft a holding statement"},
			[]string{"SOC-ONLY", "SOC-SECRET-BODY"}},
		{sim.RoleWall, []string{"EVERYONE-ADHOC-BODY"},
			[]string{"SOC-ONLY", "SOC-SECRET-BODY", "COMMS-ONLY", "COMMS-SECRET-BODY", "COMMS-ADHOC-BODY"}},
	} {
		t.Run(tc.role, func(t *testing.T) {
			for _, early := range []bool{true, false} { // joined before the injects, or after
				sess := newMemSession(t, loadSeats(t))
				var d *seatDriver
				if early {
					d = joined(t, sess, "sam", tc.role, 120, 40)
				}
				deliverAll(t, sess)
				if early {
					d.events()
				} else {
					d = joined(t, sess, "sam", tc.role, 120, 40)
				}
				views := everything(d)
				if tc.role == sim.RoleWall {
					// The wall shows the latest inject to everyone; the one
					// before it is gone from the screen.
					views = []string{d.view()}
					d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
					views = append(views, d.view())
				}
				all := strings.Join(views, "\n")
				for _, w := range tc.want {
					if !strings.Contains(all, w) {
						t.Errorf("early=%v: %s never shown", early, w)
					}
				}
				for _, n := range tc.not {
					if strings.Contains(all, n) {
						t.Errorf("early=%v: %s shown to %s", early, n, tc.role)
					}
				}
			}
		})
	}
}

// spoilers are what a participant never sees: facilitator notes, ATT&CK,
// expected/harmful status, deadlines, recommendations and scores.
var spoilers = regexp.MustCompile(`(?i)FACNOTE|facilitator only|ATT&CK|T1566|expected|harmful|deadline|within|runbook|holding statements\.|destroys the evidence|score|\b[PSMU]\b rating|\d+\.\d %|overdue|missed|late by`)

// TestSeatNeverShowsFacilitatorContent plays a whole exercise from a seat
// and the wall, with notes on every inject, while the console shows its
// notes: no screen of either has a spoiler.
func TestSeatNeverShowsFacilitatorContent(t *testing.T) {
	for _, role := range []string{"soc", "comms", sim.RoleWall} {
		t.Run(role, func(t *testing.T) {
			sess := newMemSession(t, loadSeats(t))
			d := joined(t, sess, "sam", role, 160, 48)
			var views []string
			views = append(views, d.view())
			deliverAll(t, sess)
			d.events()
			views = append(views, everything(d)...)
			// Record the harmful action and a late one: the seat says
			// "recorded", never how it counts.
			d.keys("tab", "tab") // the actions
			d.keys("]", "down", "enter", "[", "enter")
			views = append(views, d.view())
			d.keys("tab", "down")
			views = append(views, d.view())
			if _, err := sess.clk.End(); err != nil {
				t.Fatal(err)
			}
			d.events()
			views = append(views, d.view())
			d.keys("esc")
			views = append(views, d.view())
			sc := sess.Scenario()
			for i, v := range views {
				if m := spoilers.FindString(v); m != "" {
					t.Errorf("view %d shows %q:\n%s", i, m, v)
				}
				// An action's owning role is set mostly on expected
				// actions: the palette never shows it.
				for _, a := range sc.Actions {
					if r, ok := sc.Role(a.Role); ok && strings.Contains(v, a.Label+" · "+r.Name) {
						t.Errorf("view %d shows the role of %q", i, a.ID)
					}
				}
			}
		})
	}
}

// TestSeatRecordCarriesRoleAndName records from a seat into a real
// session folder: every decision and note is in the journal with the
// seat's role and the participant's name, and acknowledged after.
func TestSeatRecordCarriesRoleAndName(t *testing.T) {
	s := loadSeats(t)
	dir := filepath.Join(t.TempDir(), "session")
	ss, err := sim.CreateSession(dir, s, "test")
	if err != nil {
		t.Fatal(err)
	}
	sess := NewSession(ss)
	defer sess.Close()
	if err := sess.Clock().Pause(); err != nil {
		t.Fatal(err)
	}
	d := joined(t, sess, "Sam Ortiz", "soc", 120, 36)
	d.keys("tab", "tab", "enter") // triage, from the palette
	if v := d.view(); !strings.Contains(v, "recorded ✓") || !strings.Contains(v, "Triage the reported email") {
		t.Fatalf("no acknowledgement:\n%s", v)
	}
	d.keys("t")
	d.typeText("call the bank")
	d.keys("enter", "e")
	d.typeText("we need legal")
	d.keys("enter")
	if v := d.view(); !strings.Contains(v, "note saved ✓") {
		t.Fatalf("no acknowledgement of the note:\n%s", v)
	}
	d.keys("q")
	if !d.quit {
		t.Fatal("q did not leave")
	}
	if err := sess.Close(); err != nil {
		t.Fatal(err)
	}
	_, _, events, warnings, err := sim.ReadSession(dir)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("ReadSession: %v %v", err, warnings)
	}
	var got []string
	for _, ev := range events {
		switch ev.Kind {
		case sim.KindJoin, sim.KindLeave, sim.KindDecision, sim.KindNote:
			got = append(got, string(ev.Kind)+":"+ev.Role+":"+ev.By+":"+ev.Action+ev.Text)
		}
	}
	want := []string{"join:soc:Sam Ortiz:key", "decision:soc:Sam Ortiz:triage", "decision:soc:Sam Ortiz:call the bank",
		"note:soc:Sam Ortiz:we need legal", "leave:soc:Sam Ortiz:"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("journal:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSeatRefusals: a record that cannot be made says why, and nothing is
// acknowledged.
func TestSeatRefusals(t *testing.T) {
	t.Run("read only", func(t *testing.T) {
		sess := newMemSession(t, loadSeats(t))
		d := joined(t, sess, "sam", "soc", 120, 36)
		d.send(SeatReadOnlyMsg(true))
		d.keys("tab", "tab", "enter", "t", "e")
		if v := d.view(); !strings.Contains(v, "turned recording from seats off") || strings.Contains(v, "✓") {
			t.Fatalf("read-only seat:\n%s", v)
		}
		if n := len(decisions(sess)); n != 0 {
			t.Fatalf("%d decisions recorded from a read-only seat", n)
		}
		d.send(SeatReadOnlyMsg(false))
		d.keys("enter")
		if n := len(decisions(sess)); n != 1 {
			t.Fatalf("recording on again: %d decisions", n)
		}
	})
	t.Run("session refuses", func(t *testing.T) {
		sess := newMemSession(t, loadSeats(t))
		sess.failRecord = errors.New("disk full \x1b[2J")
		d := joined(t, sess, "sam", "soc", 120, 36)
		d.keys("tab", "tab", "enter")
		v := d.view()
		if !strings.Contains(v, "NOT recorded: disk full") || strings.Contains(v, "recorded ✓") || strings.Contains(v, "\x1b") {
			t.Fatalf("failed record:\n%q", v)
		}
	})
	t.Run("ended", func(t *testing.T) {
		sess := newMemSession(t, loadSeats(t))
		d := joined(t, sess, "sam", "soc", 120, 36)
		if _, err := sess.clk.End(); err != nil {
			t.Fatal(err)
		}
		d.events()
		if d.seat.screen != seatFeedback {
			t.Fatalf("the end opened %v, want the feedback form", d.seat.screen)
		}
		d.keys("esc", "t")
		if v := d.view(); !strings.Contains(v, "NOT recorded: the exercise has ended") {
			t.Fatalf("ended:\n%s", v)
		}
	})
}

// TestSeatKeyBurstsApplyInOrder is "jjj" in one message on a seat.
func TestSeatKeyBurstsApplyInOrder(t *testing.T) {
	sess := newMemSession(t, loadSeats(t))
	d := newSeatDriver(t, sess, "sam", "", 120, 36)
	d.send(burst("jj"))
	if d.seat.pick.cursor != 2 {
		t.Fatalf("picker: jj moved to %d, want 2 (the wall)", d.seat.pick.cursor)
	}
	d.send(burst("k"))
	d.keys("enter")
	if d.seat.role != "comms" {
		t.Fatalf("joined as %q", d.seat.role)
	}
	deliverAll(t, sess)
	d.events()
	d.keys("tab") // the inject
	d.send(burst("\t\t"))
	if d.seat.focus != paneInject {
		t.Fatalf("a tab burst is runes, not tabs: focus %v", d.seat.focus)
	}
	d.keys("shift+tab") // the feed
	d.send(burst("kk"))
	if n := len(d.seat.feed.items); d.seat.feed.list.cursor != n-3 {
		t.Fatalf("feed: kk moved to %d of %d", d.seat.feed.list.cursor, n)
	}
	d.keys("t")
	d.send(burst("hold the line"))
	d.keys("enter")
	if evs := decisions(sess); len(evs) != 1 || evs[0].Text != "hold the line" {
		t.Fatalf("free text from a burst: %+v", evs)
	}
	d.keys("t")
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("qqq"), Paste: true})
	d.keys("enter")
	if evs := decisions(sess); len(evs) != 2 || evs[1].Text != "qqq" || d.quit {
		t.Fatalf("paste: %+v quit=%v", evs, d.quit)
	}
}

// TestSeatFeedbackForm answers the form, signed and anonymous; each
// answer is journaled once, with name and role or without.
func TestSeatFeedbackForm(t *testing.T) {
	sess := newMemSession(t, loadSeats(t))
	d := joined(t, sess, "Sam", "comms", 120, 36)
	if _, err := sess.clk.End(); err != nil {
		t.Fatal(err)
	}
	d.events()
	d.keys("enter")
	d.typeText("Clear roles")
	d.keys("enter") // I.1 saved, on to I.2
	d.keys("up")
	if v := d.view(); !strings.Contains(v, "Your answer: Clear roles") || !strings.Contains(v, "✓ saved") {
		t.Fatalf("the saved answer is not shown:\n%s", v)
	}
	d.keys("down")
	d.keys("enter", "enter") // nothing typed: nothing saved
	d.keys("a")
	for range 4 {
		d.keys("down")
	}
	d.keys("4", "4")  // II.1 rated (anonymous); the cursor moved on to II.2: rated too
	d.keys("up", "5") // II.1 again: answered once only
	var got []string
	for _, ev := range sess.Events() {
		if ev.Kind == sim.KindFeedback {
			got = append(got, ev.Item+":"+ev.Text+":"+string(rune('0'+ev.Score))+":"+ev.By+":"+ev.Role)
		}
	}
	want := []string{"strengths:Clear roles:0:Sam:comms", "structure::4::", "realism::4::"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("feedback:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	d.keys("d")
	if d.seat.screen != seatPlaying || !strings.Contains(d.view(), "Thank you") {
		t.Fatalf("done: %v\n%s", d.seat.screen, d.view())
	}
	d.keys("f")
	if d.seat.screen != seatFeedback {
		t.Fatal("f did not open the form again")
	}
	// A seat can skip the form altogether.
	sess2 := newMemSession(t, loadSeats(t))
	d2 := joined(t, sess2, "Kim", "soc", 120, 36)
	if _, err := sess2.clk.End(); err != nil {
		t.Fatal(err)
	}
	d2.events()
	d2.keys("esc")
	if !strings.Contains(d2.view(), "skipped") {
		t.Fatalf("skip:\n%s", d2.view())
	}
	for _, ev := range sess2.Events() {
		if ev.Kind == sim.KindFeedback {
			t.Fatalf("a skipped form journaled %+v", ev)
		}
	}
}

// TestSeatJoinAndLeave: the pick journals the join, q the leave, once.
func TestSeatJoinAndLeave(t *testing.T) {
	sess := newMemSession(t, loadSeats(t))
	d := newSeatDriver(t, sess, "wall-e", sim.RoleWall, 80, 24)
	if d.seat.pick.cursor != 2 {
		t.Fatalf("preselected row %d, want the wall", d.seat.pick.cursor)
	}
	if n := len(sess.Events()); n != 0 {
		t.Fatalf("the picker journaled %d events before a pick", n)
	}
	d.keys("enter", "j", "t", "e", "enter", "q")
	d.seat.Leave() // tui/seats calls it again when the connection closes
	var got []string
	for _, ev := range sess.Events() {
		got = append(got, string(ev.Kind)+":"+ev.By+":"+ev.Role)
	}
	if want := "join:wall-e:wall leave:wall-e:wall"; strings.Join(got, " ") != want {
		t.Fatalf("events %v, want %s", got, want)
	}
	if !strings.Contains(d.view(), "rejoin") {
		t.Fatalf("the last screen does not say they can rejoin:\n%s", d.view())
	}
	// Leaving from the picker journals nothing.
	d2 := newSeatDriver(t, sess, "x", "", 80, 24)
	d2.keys("q")
	if !d2.quit || len(sess.Events()) != 2 {
		t.Fatalf("quit=%v events=%d", d2.quit, len(sess.Events()))
	}
}

func TestSeatName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"alice", "alice"},
		{"", "participant"},
		{"  ", "participant"},
		{strings.Repeat("é", 60), strings.Repeat("é", 30) + "…"},
		{strings.Repeat("a", 100), strings.Repeat("a", 39) + "…"},
	} {
		got := seatName(tc.in)
		if got != tc.want {
			t.Errorf("seatName(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if len(got) > sim.MaxNameLen {
			t.Errorf("seatName(%q) is %d bytes", tc.in, len(got))
		}
	}
	if got := seatName("evil\x1b[2J\u202ename"); strings.ContainsAny(got, "\x1b\u202e") {
		t.Errorf("seatName kept a control or bidi character: %q", got)
	}
	// Whatever the name, the engine takes it.
	sess := newMemSession(t, loadSeats(t))
	for _, n := range []string{strings.Repeat("日本", 50), "a\x00b", "\u202e", "\xff\xfe"} {
		if _, err := sess.Join(seatName(n), "soc", sim.ViaKey); err != nil {
			t.Errorf("Join(seatName(%q)): %v", n, err)
		}
	}
}

// TestSeatHelpListsEveryKey: ? shows every key a participant has, and the
// wall's.
func TestSeatHelpListsEveryKey(t *testing.T) {
	sess := newMemSession(t, loadSeats(t))
	d := joined(t, sess, "sam", "soc", 120, 36)
	d.keys("?")
	v := d.view()
	for _, k := range []string{"tab", "shift+tab", "↑/k", "↓/j", "pgup", "pgdn", "home/g", "end/G", "enter", "/", "[", "]", "t ", "e ", "f ", "q ", "ctrl+c", "?"} {
		if !strings.Contains(v, k) {
			t.Errorf("help lacks %q:\n%s", k, v)
		}
	}
	d.keys("?")
	if d.seat.modal != seatModalNone {
		t.Fatal("? did not close the help")
	}
	w := joined(t, sess, "proj", sim.RoleWall, 120, 36)
	w.keys("?")
	v = w.view()
	for _, k := range []string{"↑/k", "↓/j", "pgup", "pgdn", "q ", "ctrl+c"} {
		if !strings.Contains(v, k) {
			t.Errorf("wall help lacks %q:\n%s", k, v)
		}
	}
	for _, k := range []string{"free-text", "record", "note"} {
		if strings.Contains(v, k) {
			t.Errorf("the wall offers %q:\n%s", k, v)
		}
	}
}

// TestSeatDrawsWithItsOwnRenderer: a seat's colours come from its own
// renderer, whatever the process's (the tests' is without colours), and
// its markdown style follows that renderer.
func TestSeatDrawsWithItsOwnRenderer(t *testing.T) {
	colour := lipgloss.NewRenderer(io.Discard)
	colour.SetColorProfile(termenv.TrueColor)
	colour.SetHasDarkBackground(false)
	sess := newMemSession(t, loadSeats(t))
	m := NewSeat(SeatOptions{Session: sess, Name: "sam", Via: sim.ViaKey, Renderer: colour, Width: 80, Height: 24})
	if v := m.View(); !strings.Contains(v, "\x1b[") {
		t.Errorf("a true-colour seat drew no colour:\n%q", v)
	}
	if got := m.(*seat).c.mdStyle; got != "light" {
		t.Errorf("markdown style %q for a light true-colour terminal", got)
	}
	plain := NewSeat(SeatOptions{Session: sess, Name: "sam", Via: sim.ViaKey, Renderer: asciiRenderer(), Width: 80, Height: 24})
	if v := plain.View(); strings.Contains(v, "\x1b[") {
		t.Errorf("a seat without colours drew escape codes:\n%q", v)
	}
	if got := plain.(*seat).c.mdStyle; got != "ascii" {
		t.Errorf("markdown style %q without colours", got)
	}
	dark := lipgloss.NewRenderer(io.Discard)
	dark.SetColorProfile(termenv.ANSI256)
	dark.SetHasDarkBackground(true)
	if got := markdownStyleFor(dark); got != "dark" {
		t.Errorf("markdown style %q for a dark 256-colour terminal", got)
	}
}

// TestSeatHostileText: escapes in the scenario, the participant's name,
// an ad-hoc inject and typed text never reach a seat's or the wall's
// screen raw.
func TestSeatHostileText(t *testing.T) {
	s, err := scenarios.Load("testdata/hostile.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{"lead", sim.RoleWall} {
		sess := newMemSession(t, s)
		evil := "\x1b[2Jmallory\x1b]0;pwn\a\u202e"
		d := newSeatDriver(t, sess, evil, role, 120, 36)
		views := []string{d.view()}
		d.keys("enter")
		if _, err := sess.clk.Next(); err != nil {
			t.Fatal(err)
		}
		if _, err := sess.AdHoc("Ad hoc \x1b[31mred", "Body \x1b]52;c;AAAA\a\n\n```\n\x1b[2J\n```", nil); err != nil {
			t.Fatal(err)
		}
		d.events()
		views = append(views, everything(d)...)
		d.keys("t")
		d.typeText("typed \x1b[2J text")
		views = append(views, d.view())
		d.keys("enter", "e")
		d.typeText("note \x1b[H")
		d.keys("enter")
		views = append(views, d.view())
		if _, err := sess.clk.End(); err != nil {
			t.Fatal(err)
		}
		d.events()
		views = append(views, d.view())
		d.keys("enter")
		d.typeText("\x1b[2J feedback")
		d.keys("enter")
		views = append(views, d.view())
		for i, v := range views {
			if strings.ContainsAny(v, "\x1b\x07\u009b\u202e") {
				t.Errorf("%s: view %d has a raw control or bidi character:\n%q", role, i, v)
			}
		}
	}
}

// TestSeatHangupAndReadOnlyOption: a hang-up leaves (journaled once); a
// seat opened read-only refuses to record from the start.
func TestSeatHangupAndReadOnlyOption(t *testing.T) {
	sess := newMemSession(t, loadSeats(t))
	d := joined(t, sess, "sam", "soc", 80, 24)
	d.send(HangupMsg{})
	if !d.quit {
		t.Fatal("a hang-up did not quit")
	}
	d.seat.Leave()
	var leaves int
	for _, ev := range sess.Events() {
		if ev.Kind == sim.KindLeave {
			leaves++
		}
	}
	if leaves != 1 {
		t.Fatalf("%d leaves journaled, want 1", leaves)
	}
	m := NewSeat(SeatOptions{Session: sess, Name: "kim", Role: "comms", Via: sim.ViaCode, Renderer: asciiRenderer(), ReadOnly: true})
	r := &seatDriver{t: t, seat: quiet(m.(*seat))}
	r.send(tea.WindowSizeMsg{Width: 120, Height: 36})
	r.keys("enter", "t")
	if v := r.view(); !strings.Contains(v, "turned recording from seats off") {
		t.Fatalf("read-only seat:\n%s", v)
	}
	if r.seat.modal != seatModalNone {
		t.Fatal("a read-only seat opened the free-text field")
	}
}
