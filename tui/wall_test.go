package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// wallBody is an ad-hoc inject's body longer than a line at any width.
const wallBody = "The building's power fails at 10:42. The UPS in the server room holds for twenty minutes; " +
	"the generator does not start. Facilities say the fuel line was cut during last week's works. " +
	"Decide what keeps running, who tells the staff, and whether the recovery site is opened now. WALL-END."

// wallAt is a wall at w×h on a session three injects in, with a decision
// and a note, the ad-hoc wallBody to everyone, the clock paused and the
// exercise extended to 1h30.
func wallAt(t *testing.T, w, h int) (*seatDriver, *memSession) {
	t.Helper()
	sess := newMemSession(t, loadSeats(t))
	d := joined(t, sess, "projector", sim.RoleWall, w, h)
	for range 3 {
		if _, err := sess.clk.Next(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sess.Record(scenariosDecision("isolate", "", "soc", "Sam Ortiz")); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.AdHoc("Power cut in the server room", wallBody, nil); err != nil {
		t.Fatal(err)
	}
	if err := sess.clk.Pause(); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.SetLength(90*scenarios.Minute, "the team asked for more time"); err != nil {
		t.Fatal(err)
	}
	d.events()
	return d, sess
}

// words is s's words, ANSI and layout aside.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestWallForAProjector: at 80×24, 120×36 and 200×60 the wall shows the
// clock in big digits (twice as large at 200×60), the phase, PAUSED in a
// frame, the planned length as changed, and the latest inject to everyone
// whole, wrapped to the width. Goldens: go test ./tui -run TestWallForAProjector -update
func TestWallForAProjector(t *testing.T) {
	for _, tc := range []struct {
		w, h, digitRows int
	}{{80, 24, 5}, {120, 36, 5}, {200, 60, 10}} {
		t.Run(fmt.Sprintf("%dx%d", tc.w, tc.h), func(t *testing.T) {
			d, _ := wallAt(t, tc.w, tc.h)
			v := d.view()
			checkSeatView(t, v, tc.w, tc.h)
			lines := strings.Split(v, "\n")
			if len(lines) != tc.h {
				t.Errorf("%d lines, want the whole %d", len(lines), tc.h)
			}
			digits := 0
			for _, ln := range lines {
				if strings.HasPrefix(ln, "██") {
					digits++
				}
			}
			if digits != tc.digitRows {
				t.Errorf("%d lines of big digits, want %d:\n%s", digits, tc.digitRows, v)
			}
			for _, want := range []string{"PHASE: DETECTION", "║  ‖ PAUSED  ║", "planned 01:30:00", "Power cut in the server room"} {
				if !strings.Contains(v, want) {
					t.Errorf("the wall lacks %q:\n%s", want, v)
				}
			}
			if !regexp.MustCompile(`╔═+╗`).MatchString(v) || !regexp.MustCompile(`╚═+╝`).MatchString(v) {
				t.Errorf("PAUSED is not framed:\n%s", v)
			}
			// The inject's column: left of the log when it stands beside.
			var left []string
			for _, ln := range lines {
				before, _, _ := strings.Cut(ln, " │ ")
				left = append(left, before)
			}
			if !strings.Contains(words(strings.Join(left, "\n")), words(wallBody)) {
				t.Errorf("the inject's body is not shown whole:\n%s", v)
			}
			if strings.Contains(v, "more below") {
				t.Errorf("the body fits, yet the wall says more is below:\n%s", v)
			}
			golden.RequireEqual(t, []byte(v))
		})
	}
}

// TestWallShowsAdHocAndLengthAtOnce: an ad-hoc inject to everyone is on
// the wall as soon as its event arrives (no tick needed), one to a role
// never; a change of the exercise's length shows as the planned length at
// once, big or small.
func TestWallShowsAdHocAndLengthAtOnce(t *testing.T) {
	for _, sz := range [][2]int{{59, 19}, {80, 24}, {200, 60}} {
		sess := newMemSession(t, loadSeats(t))
		d := joined(t, sess, "projector", sim.RoleWall, sz[0], sz[1])
		if v := d.view(); !strings.Contains(v, "01:00:00") || !strings.Contains(v, "Waiting for the first inject") {
			t.Fatalf("%v: the wall before any inject:\n%s", sz, v)
		}
		if _, err := sess.AdHoc("ROLE-ONLY board call", "ROLE-ONLY-BODY", []string{"comms"}); err != nil {
			t.Fatal(err)
		}
		if _, err := sess.AdHoc("Power cut", "EVERYONE-ADHOC-BODY on the wall.", nil); err != nil {
			t.Fatal(err)
		}
		d.send(eventsMsg{})
		v := d.view()
		if !strings.Contains(v, "Power cut") || !strings.Contains(v, "EVERYONE-ADHOC-BODY on the wall.") {
			t.Errorf("%v: the ad-hoc inject to everyone is not on the wall at once:\n%s", sz, v)
		}
		if strings.Contains(v, "ROLE-ONLY") {
			t.Errorf("%v: an ad-hoc inject to comms only is on the wall:\n%s", sz, v)
		}
		for _, length := range []scenarios.Duration{75 * scenarios.Minute, 45 * scenarios.Minute} {
			if _, err := sess.SetLength(length, "pacing"); err != nil {
				t.Fatal(err)
			}
			d.send(eventsMsg{})
			want := hms(length)
			v := d.view()
			header, _, _ := strings.Cut(v, "───") // the log says what it was
			if !strings.Contains(header, want) || strings.Contains(header, "01:00:00") {
				t.Errorf("%v: after a length change to %s the wall shows:\n%s", sz, want, v)
			}
		}
		checkSeatView(t, d.view(), sz[0], sz[1])
	}
}

// TestWallLogTakesOnlyWhatItNeeds: stacked, with few decisions, the
// inject gets the lines the log does not use; with many, the log keeps at
// most a third of the body and shows the newest.
func TestWallLogTakesOnlyWhatItNeeds(t *testing.T) {
	sess := newMemSession(t, loadSeats(t))
	d := joined(t, sess, "projector", sim.RoleWall, 80, 30)
	empty := d.seat.wall.injectH
	for i := range 12 {
		if _, err := sess.NoteAs(fmt.Sprintf("NOTE-%02d", i), "soc", "Sam"); err != nil {
			t.Fatal(err)
		}
	}
	d.send(eventsMsg{})
	l := d.seat.wall
	if l.logH > l.body/3 || empty <= l.injectH || l.injectH+l.logH+1 != l.body {
		t.Errorf("layout with many entries: %+v (inject %d lines with an empty log)", l, empty)
	}
	if v := d.view(); !strings.Contains(v, "NOTE-11") || strings.Contains(v, "NOTE-00") {
		t.Errorf("the log does not show the newest entries:\n%s", v)
	}
	checkSeatView(t, d.view(), 80, 30)
}

// TestWallStateIsNeverCut: at every width the paused wall says PAUSED
// whole, with the planned length, big digits or not.
func TestWallStateIsNeverCut(t *testing.T) {
	for w := seatMinWidth; w <= 130; w++ {
		for _, h := range []int{seatMinHeight, 20, 30} {
			d, _ := wallAt(t, w, h)
			v := d.view()
			if !strings.Contains(v, "‖ PAUSED") || !strings.Contains(v, "01:30:00") {
				t.Fatalf("%d×%d: PAUSED or the planned length is cut:\n%s", w, h, v)
			}
			checkSeatView(t, v, w, h)
		}
	}
}
