package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// TestDecisionLogKeep: a log with keep holds only the newest entries and
// counts the others; without keep (the console's) it holds them all.
func TestDecisionLogKeep(t *testing.T) {
	sc := loadSeats(t)
	for _, tc := range []struct {
		keep, add, kept, earlier int
	}{
		{keep: 0, add: 7, kept: 7},
		{keep: 3, add: 2, kept: 2},
		{keep: 3, add: 3, kept: 3},
		{keep: 3, add: 7, kept: 3, earlier: 4},
	} {
		l := newDecisionLog(newCommon(Options{}), sc)
		l.keep = tc.keep
		for n := 1; n <= tc.add; n++ {
			l.add(sim.Event{Seq: n, Kind: sim.KindDecision, Text: fmt.Sprintf("d%d", n)})
		}
		if len(l.items) != tc.kept || l.earlier != tc.earlier || l.total() != tc.add {
			t.Errorf("keep %d, %d added: %d kept, %d earlier, total %d; want %d, %d, %d",
				tc.keep, tc.add, len(l.items), l.earlier, l.total(), tc.kept, tc.earlier, tc.add)
		}
		if last := l.items[len(l.items)-1]; last.seq != tc.add {
			t.Errorf("keep %d: the newest entry is %d, want %d", tc.keep, last.seq, tc.add)
		}
		if want := fmt.Sprintf("Decision log (%d)", tc.add); l.title() != want {
			t.Errorf("keep %d: title %q, want %q", tc.keep, l.title(), want)
		}
	}
}

// TestSeatLogKeepsTheNewest: a seat's log keeps the newest seatLogKeep
// entries; at its top a line says how many earlier ones the facilitator's
// console has; a decision dropped from it still marks its action taken
// (after a strike, when the seat marks them again), and striking it
// takes the mark off.
func TestSeatLogKeepsTheNewest(t *testing.T) {
	sess := newMemSession(t, loadSeats(t))
	d := joined(t, sess, "sam", "soc", 120, 40)
	first, err := sess.Record(scenarios.Decision{Action: "triage", Role: "soc", By: "sam"})
	if err != nil {
		t.Fatal(err)
	}
	const more = seatLogKeep + 100
	for n := 1; n <= more; n++ {
		if _, err := sess.Record(scenarios.Decision{Text: fmt.Sprintf("decision %d", n), Role: "soc", By: "sam"}); err != nil {
			t.Fatal(err)
		}
		if n%50 == 0 {
			d.events()
		}
	}
	l := d.seat.dlog
	if len(l.items) != seatLogKeep || l.earlier != more+1-seatLogKeep {
		t.Fatalf("%d kept, %d earlier; want %d, %d", len(l.items), l.earlier, seatLogKeep, more+1-seatLogKeep)
	}
	v := d.view()
	if !strings.Contains(v, fmt.Sprintf("Decision log (%d)", more+1)) || !strings.Contains(v, fmt.Sprintf("“decision %d”", more)) {
		t.Fatalf("the log does not count every entry or show the newest:\n%s", v)
	}
	earlier := fmt.Sprintf("%d earlier entries: see the facilitator's console", l.earlier)
	if strings.Contains(v, earlier) {
		t.Fatalf("the line about earlier entries shows while following the newest:\n%s", v)
	}

	// Scrolled to the top: the line above the oldest entry kept; new
	// entries dropping old ones keep the cursor on the entry it was on.
	d.seat.focus = paneLog
	d.keys("g")
	if v := d.view(); !strings.Contains(v, earlier) || !strings.Contains(v, "“decision 101”") {
		t.Fatalf("at the top the log does not say how many earlier entries there are:\n%s", v)
	}
	for range 20 {
		d.keys("j")
	}
	on := l.selected().seq
	for n := 1; n <= 5; n++ {
		if _, err := sess.Record(scenarios.Decision{Text: fmt.Sprintf("late %d", n), Role: "soc", By: "sam"}); err != nil {
			t.Fatal(err)
		}
	}
	d.events()
	if got := l.selected().seq; got != on {
		t.Errorf("the cursor moved from entry %d to %d as old entries were dropped", on, got)
	}

	// A strike makes the seat mark the actions taken again, from every
	// decision not struck, the dropped ones too.
	if _, err := sess.Strike(on, "not ours"); err != nil {
		t.Fatal(err)
	}
	d.events()
	if !d.seat.palette.taken["triage"] {
		t.Fatal("after a strike, a decision dropped from the log no longer marks its action taken")
	}
	if _, err := sess.Strike(first.Seq, "recorded twice"); err != nil {
		t.Fatal(err)
	}
	d.events()
	if d.seat.palette.taken["triage"] {
		t.Error("striking a decision dropped from the log left its action marked taken")
	}
}
